// The priors of `civicsim calibrate`: the sweep's `parameters:` read as the sweep reads them.
// Internal to io/calibrate*.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include "io/calibrate_spec.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io {

/// Each entry of `sweep.parameters` (a non-empty mapping in `root`) into spec.keys and spec.priors;
/// problems reported into `report`.
void read_priors(schema::Report& report, const YAML::Node& root, const Params& base, CalibrateSpec& spec);

}  // namespace civicsim::io
