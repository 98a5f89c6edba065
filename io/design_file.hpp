// A `--design-file` (docs/sensitivity.md): one row per design point, one column per parameter, as
// SALib and the EMA Workbench write them. Internal to io/sweep*.cpp.
#pragma once

#include <vector>

#include "io/sweep_spec.hpp"

namespace civicsim::io::sweep_detail {

/// The rows of `file` as the design's points (spec.design_texts, spec.sweep.design.values). Its
/// columns are the keys of `sweep.parameters` (`dists`, one per key, in the same order as
/// spec.sweep.grid_keys), named by an optional header line in any order; without `parameters:` a
/// header is required and names any dotted keys (checked by `keys`). Problems are reported at the
/// file's line and column.
void read_design_rows(schema::Report& report, const DesignFile& file, KeyChecker& keys,
                      const std::vector<Distribution>& dists, Spec& spec);

}  // namespace civicsim::io::sweep_detail
