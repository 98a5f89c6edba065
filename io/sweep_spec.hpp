// The sweep section of a scenario, read (io/sweep_spec.cpp) and expanded into runs (io/sweep.cpp):
// what both share. Internal to io/sweep*.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <utility>
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
  std::vector<std::vector<std::string>> key_parts;  // per grid or design key
  std::vector<int> value_counts;                    // per grid key
  std::vector<YAML::Mark> key_marks;                // per grid or design key: where it is written
  std::vector<std::string> design_texts;            // P x K: the YAML text that sets each design key
  std::vector<std::pair<int, int>> design_cells;    // P x K: a design file's line and column of each value
  bool calibrating = false;  // the file has `calibrate:`: without sweep.design, an LHS of 10 points a parameter
};

/// Checks the dotted keys a sweep varies, one after another: each must name a parameter of the
/// scenario (written, or a default the resolved scenario has) and overlap no earlier key.
class KeyChecker {
 public:
  KeyChecker(const YAML::Node& root, const Params& base);
  /// What is wrong with key `k` ("" when nothing), with `section` ("sweep.grid") opening the
  /// message; `parts` gets its path, list indices without leading zeros.
  std::string check(const std::string& section, const std::string& k, std::vector<std::string>& parts);
  /// The key's value in the file, else in the resolved scenario; undefined when neither has it.
  YAML::Node base_value(const std::vector<std::string>& parts) const;

 private:
  YAML::Node root_, resolved_;
  schema::Names valid_;  // every path, for suggestions
  std::vector<std::string> normalised_, written_;
};

/// One entry of `sweep.parameters` (key `key`, whose value in the scenario is `base_value`); false
/// after reporting a problem. The sweep's designs and `civicsim calibrate`'s priors read it.
bool read_distribution(schema::Report& report, const schema::Field& field, const std::string& key,
                       const YAML::Node& base_value, Distribution& d);

/// Reads `sweep:`; reports problems into `report`.
void read_spec(schema::Report& report, const YAML::Node& root, const Params& base, const DesignFile& design_file,
               Spec& spec);
/// `sweep.parameters` and `sweep.design` (io/sweep_design.cpp), or the rows of a design file: the
/// design's points as spec.design_texts and spec.sweep.design.
/// The design's seed defaults to the scenario's.
void read_design(schema::Report& report, schema::MapReader& sweep, KeyChecker& keys, const DesignFile& design_file,
                 std::uint64_t default_seed, Spec& spec);

}  // namespace civicsim::io::sweep_detail
