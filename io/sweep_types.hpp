// A sweep as plain data: its runs (arm, grid point, replicate, seed) and what names them. Read by
// io/sweep.cpp (loading, expanding) and io/sweep_spec.cpp (the sweep section); Sweep::find_run is
// in io/sweep.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/design.hpp"

namespace civicsim::io {

/// A sampling design over named parameters (`sweep.parameters` with `sweep.design`, or the rows of
/// a `--design-file`): each design point is one grid point of the sweep.
struct SweepDesign {
  DesignSpec spec;
  std::vector<std::string> keys;           // K dotted scenario keys, in the file's order
  std::vector<std::string> distributions;  // K: Distribution::describe(), "" without one (a file's column)
  std::vector<double> values;              // P x K: each point's value (a discrete item: its number, else its index)
  std::vector<double> unit;                // P x K: the point in the unit cube; NaN for a design file
};

/// A `--design-file`: its name as the user gave it (for messages) and its text; empty when none.
struct DesignFile {
  std::string name, text;
  bool given() const { return !name.empty(); }
};

struct SweepRun {
  int index = 0;  // (arm * points + point) * replicates + replicate
  int arm = 0, point = 0, replicate = 0;
  std::uint64_t seed = 0;
  std::string id;  // "<arm>-r07" or "<arm>-g2-r07": a file name without extension
};

struct Sweep {
  std::string scenario_path;  // as the user named it
  std::string text;           // the file's text, exactly
  std::string base_dir;       // for the scenario's relative paths
  std::string name;           // the scenario's name
  std::uint64_t base_seed = 0;
  bool declared = false;  // the file has a `sweep` section
  int replicates = 1;
  int baseline = 0;  // index into arms
  std::vector<std::string> arms;
  std::vector<std::string> grid_keys;
  std::vector<std::string> points;  // "key=value;key=value" per grid point (grid_label); one "" without a grid
  std::vector<SweepRun> runs;       // in index order
  bool has_design = false;          // the points are a design's (grid_keys are its keys)
  SweepDesign design;
  std::string design_path;  // --design-file as the user named it ("" when none)
  std::string design_text;  // its text, exactly

  /// The run with this id or index (as text); -1 when none.
  int find_run(const std::string& id_or_index) const;
};

}  // namespace civicsim::io
