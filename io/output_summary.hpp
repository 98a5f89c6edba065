// /summary of a run's file (MODEL.md §10, docs/output.md): the headline figures over the analysis
// window, with the window stated in the group's attributes.
#pragma once

#include <hdf5.h>

#include "io/h5_scales.hpp"
#include "sim/metrics.hpp"

namespace civicsim::io {

/// The dimension scales /summary's tables are laid out over (datasets in /dims of the same file).
struct SummaryAxes {
  hid_t group_scale;
  hsize_t groups;
  hid_t channel_scale;
  hsize_t channels;
};

/// Creates /summary in `file`, hard-links /dims/group and /dims/channel into it and writes every
/// figure of `s` with its units and description; the scales learn of the datasets in `links`.
void write_summary_group(hid_t file, const SummaryAxes& axes, const RunSummary& s, h5::ScaleLinks& links);

}  // namespace civicsim::io
