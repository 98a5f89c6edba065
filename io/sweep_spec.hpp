// The sweep section of a scenario, read (io/sweep_spec.cpp) and expanded into runs (io/sweep.cpp):
// what both share. Internal to io/sweep*.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <vector>

#include "io/scenario.hpp"
#include "io/sweep_types.hpp"
#include "io/yaml_schema.hpp"
#include "sim/params.hpp"

namespace civicsim::io::sweep_detail {

constexpr std::size_t kMaxRuns = 100000;
// YAML aliases can share a node many times over (a "billion laughs") or contain themselves
// (`&a {b: *a}`), so walks over a document stop at these bounds rather than follow every path.
constexpr int kMaxWalkDepth = 16;
constexpr std::size_t kMaxPaths = 10000;
constexpr std::size_t kMaxLabelNodes = 100;

/// "a.b.0.c" -> {"a", "b", "0", "c"}.
std::vector<std::string> split_path(const std::string& key);
/// Whether a path part is a list index (digits only).
bool is_index(const std::string& s);
/// The node at `parts` below `root`, without creating anything; an invalid node when absent.
YAML::Node lookup(const YAML::Node& root, const std::vector<std::string>& parts);

/// What the sweep section says, with the nodes each run needs.
struct Spec {
  Sweep sweep;
  std::vector<bool> arm_sets_interventions;
  std::vector<std::vector<std::string>> key_parts;  // per grid key
  std::vector<int> value_counts;                    // per grid key
  std::vector<YAML::Mark> key_marks;                // per grid key: where it is written
};

/// Reads `sweep:`; reports problems into `report`.
void read_spec(schema::Report& report, const YAML::Node& root, const Params& base, Spec& spec);

}  // namespace civicsim::io::sweep_detail
