// A sweep as plain data: its runs (arm, grid point, replicate, seed) and what names them. Read by
// io/sweep.cpp (loading, expanding) and io/sweep_spec.cpp (the sweep section); Sweep::find_run is
// in io/sweep.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace civicsim::io {

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

  /// The run with this id or index (as text); -1 when none.
  int find_run(const std::string& id_or_index) const;
};

}  // namespace civicsim::io
