// `civicsim compare DIR`: each arm of a sweep against the baseline arm, with paired differences
// over the replicates (common random numbers) and 95% confidence intervals, written as
// compare.csv, compare.h5 and a self-contained report.html. The contract is docs/sweeps.md.
#pragma once

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/exit_status.hpp"

namespace civicsim::viz {

struct CompareOptions {
  std::string sweep_dir;    // the folder `civicsim sweep -o DIR` wrote (holds sweep.h5)
  std::string baseline;     // arm to compare with; empty: sweep.h5's baseline_arm, else the first arm
  std::string out_dir;      // where the three files go; empty: sweep_dir
  bool days_given = false;  // --days: recompute the figures it can over days A..B of each run
  std::string days;         // --days as given ("7:27", "7:", ":20")
};

/// A failure the user can act on, with the program's exit code: 66 (sweep.h5 missing or not a
/// sweep file), 64 (unknown --baseline arm, bad --days), 73 (an output cannot be written).
class CompareError : public io::UserError {
 public:
  using io::UserError::UserError;
};

struct CompareSummary {
  std::string scenario_name;
  std::string baseline;
  int arms = 0;
  int grid_points = 0;
  int replicates = 0;
  int runs = 0, done_runs = 0, failed_runs = 0, missing_runs = 0;
  std::size_t rows = 0;               // rows of compare.csv
  std::string days;                   // "days A to B" with --days, else ""
  std::vector<std::string> written;   // paths of the files written
  std::vector<std::string> warnings;  // e.g. run files whose series could not be read
};

/// Reads DIR/sweep.h5 and the done runs' series, writes OUTDIR/compare.csv, compare.h5 and
/// report.html (each under a temporary name, renamed when complete; earlier ones are replaced).
/// Throws CompareError.
CompareSummary compare_sweep(const CompareOptions& options);

/// The `civicsim compare` subcommand: runs compare_sweep, says on `err` what it wrote (or why
/// not), and returns the exit code (0, 64, 66, 73).
int compare_command(const CompareOptions& options, std::ostream& err);

}  // namespace civicsim::viz
