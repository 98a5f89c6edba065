// A sweep: the runs a scenario file's `sweep` section describes (docs/sweeps.md). Arms replace the
// file's interventions, grid points set dotted keys, replicate r runs with seed + r; every arm and
// grid point meets the same seeds (common random numbers).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/scenario.hpp"
#include "io/sweep_types.hpp"

namespace civicsim::io {

struct SweepResult {
  Sweep sweep;                     // valid only when ok()
  std::vector<Diagnostic> errors;  // every problem found
  int exit_code = kExitOk;
  bool ok() const { return errors.empty(); }
};

/// Reads a scenario file and its sweep section. With `check_runs`, every arm × grid point is
/// validated as a scenario too (problems name the arm and grid point).
/// With `design_file` given, the points are its rows (docs/sensitivity.md, "Design files").
SweepResult load_sweep_file(const std::string& path, bool check_runs, const std::string& base_dir = "",
                            const DesignFile& design_file = {});
SweepResult load_sweep_text(const std::string& text, const std::string& display_name, const std::string& base_dir,
                            bool check_runs, const DesignFile& design_file = {});

/// Only the runs a sweep text describes (ids, arms, grid points, seeds), without validating the
/// scenario or reading its districts file: what `civicsim merge` needs, wherever the folder is.
SweepResult load_sweep_structure(const std::string& text, const std::string& display_name,
                                 const DesignFile& design_file = {});

/// A grid point's label: `key=value` pairs joined by ';'. A key or value that holds ';', '=', '"' or
/// '\' is written in double quotes, with \" and \\ for a quote and a backslash, so that the label
/// splits back unambiguously (split_grid_label); other text is written as it is.
std::string grid_label(const std::vector<std::pair<std::string, std::string>>& pairs);
/// The pairs of a grid_label; false (and `pairs` partly filled) for text grid_label cannot write.
bool split_grid_label(const std::string& label, std::vector<std::pair<std::string, std::string>>& pairs);

/// Reads a design file (a regular file of at most 64 MiB) into `out`; "" or what went wrong.
std::string read_design_file(const std::string& path, DesignFile& out);

/// The validated parameters of one run of the sweep (its seed set).
ScenarioResult load_sweep_run(const Sweep& sweep, int index);

/// Loads the runs of one sweep one after another, reading its section (and sampling its design)
/// once: what a loop over many runs uses.
class SweepLoader {
 public:
  explicit SweepLoader(const Sweep& sweep);
  ScenarioResult load(int index) const;

 private:
  struct State;
  std::shared_ptr<const State> state_;
};

/// Designs of at most this many points are checked point by point.
constexpr std::size_t kAllPointsUpTo = 200;

/// The points a check loads (and `plan` sizes): every point of a grid or of a design of at most
/// kAllPointsUpTo points; of a larger design, the first point, those where a parameter takes its
/// smallest or largest value, and each value of a discrete parameter (or of a design file's text
/// column) at its first point.
std::vector<std::size_t> representative_points(const Sweep& sweep);

}  // namespace civicsim::io
