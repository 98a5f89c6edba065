// `civicsim calibrate` (docs/sensitivity.md, "Calibration: civicsim calibrate"): waves of history
// matching, each a sweep of a design file (DIR/wave-<k>.design.txt into DIR/wave-<k>), analysed
// between waves by viz_export/calibrate.hpp; or, with --analyse, only the analysis of the waves
// that have finished and the next wave's design file (for waves run as SLURM arrays).
#pragma once

#include <string>

namespace civicsim::cli {

struct CalibrateOptions {
  std::string scenario;  // the scenario with `sweep: {parameters: ...}` and `calibrate:`
  std::string dir;       // DIR: the waves, their design files and the results
  int waves = 0;         // 0: calibrate.waves of the scenario
  int jobs = 0;          // runs at a time (0: automatic, as for sweep)
  int threads = 1;       // OpenMP threads per run
  bool analyse = false;  // run nothing: analyse the finished waves, write the next design file
  bool quiet = false;
};

/// The exit code: 0 done (or, with --analyse, the next wave's design file written); 3 no point of a
/// wave was non-implausible; 64, 65, 66, 73, 74 as elsewhere; a wave's sweep's own code when it
/// could not run (2, some runs failed, goes on with the done runs).
int calibrate(const CalibrateOptions& options);

}  // namespace civicsim::cli
