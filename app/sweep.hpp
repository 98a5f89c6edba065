// `civicsim sweep` and `civicsim merge` (docs/sweeps.md): a sweep's runs as child processes on this
// machine, over MPI ranks, or one shard of a SLURM job array; the manifest and sweep.h5.
#pragma once

#include <string>
#include <vector>

#include "io/exit_status.hpp"

namespace civicsim::cli {

struct SweepOptions {
  std::string scenario;
  std::string dir;
  int jobs = 0;              // concurrent runs per process; 0 = automatic
  int threads = 1;           // OpenMP threads per run
  int checkpoint_every = 0;  // days between a run's checkpoints (0: only when stopped)
  bool resume = false;
  bool dry_run = false;
  bool quiet = false;
  std::string shard;                   // "i/N"; empty = SLURM_ARRAY_* when set, else every run
  std::string design_file;             // --design-file: the points are its rows (copied to DIR/design.txt)
  std::vector<std::string> precision;  // --precision FIGURE=HALFWIDTH: replicates until that narrow
  int batch = 5;                       // --batch: replicates per batch with --precision (the pilot too)
};

int sweep(const SweepOptions& options);

using io::kExitRunsFailed;

}  // namespace civicsim::cli
