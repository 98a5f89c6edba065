// `civicsim inspect FILE`: what a file is and whether it can be trusted. An output file: its
// status, provenance and whether it is complete (a temporary `.NAME.partial-PID-RANDOM` file left
// by a killed run says so, and whether that process still runs). A checkpoint: whether it is intact,
// where the run stands, which build and scenario wrote it, and whether its records log is intact.
// The other files civicsim writes are named for what they are: a sweep's index (sweep.h5, with its
// runs done, failed and missing), compare.h5, sensitivity.h5, calibration files, and a records log
// (intact and matching its checkpoint, or orphaned); anything else is FOREIGN, not "damaged".
#pragma once

#include <ostream>
#include <string>

namespace civicsim::viz {

/// What an output file says about the run that wrote it.
struct FinishedRun {
  bool complete = false;          // a readable output file with status "complete"
  std::string scenario_resolved;  // /scenario/resolved
  std::string sweep_run;          // root attribute sweep_run ("" outside sweeps)
  std::string civicsim_version, git_sha;  // the build that wrote it
};
/// Reads `path`; `complete` is false when it is missing, unreadable or unfinished.
FinishedRun read_finished_run(const std::string& path);

/// Prints the report (JSON when `json`) to `out`. Returns 0 for a complete output or results file,
/// a usable checkpoint or records log; 65 for an incomplete, damaged, orphaned or foreign one; 66
/// when FILE cannot be read.
int inspect_command(const std::string& file, bool json, std::ostream& out, std::ostream& err);

}  // namespace civicsim::viz
