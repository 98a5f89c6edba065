// `civicsim run --timings FILE.json`: where a run's time went, for scripts/bench and gpu-check.
#pragma once

#include <cstdint>
#include <string>

#include "sim/timings.hpp"

namespace civicsim::cli {

struct RunTimings {
  std::string scenario;
  std::uint64_t citizens = 0;
  int districts = 0;
  int days = 0;
  std::uint64_t requests = 0;          // needs drawn
  double wall_s = 0;                   // the whole run: scenario, world, days, output
  double setup_s = 0;                  // world construction
  double output_s = 0;                 // writing the HDF5 file: open, every row, summary, close
  double output_create_s = 0;          // of which creating it: every group, dataset, scale and attribute
  double output_close_s = 0;           // of which closing it: summary, interventions, flush, close, sync, rename
  int checkpoints = 0;                 // checkpoints written
  double checkpoint_s = 0;             // writing them (waiting for the records log, the state, fsync, rename)
  std::uint64_t checkpoint_bytes = 0;  // size of the last one
  double resume_s = 0;                 // reading a checkpoint and replaying its records log (0: not resumed)
  EngineTimings engine;
};

/// Peak resident memory of this process (getrusage), in bytes.
double peak_rss_bytes();
/// CPU seconds of the whole process so far, all threads (user + system).
double cpu_seconds();

/// Writes the timings as JSON to `path`: under a temporary name in the same folder, then renamed.
/// Returns an empty string, or what went wrong.
std::string write_timings_json(const std::string& path, const RunTimings& t);

}  // namespace civicsim::cli
