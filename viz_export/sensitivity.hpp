// `civicsim sensitivity DIR`: global sensitivity indices of a sweep with a sampling design (Sobol',
// Morris, or rank regression for lhs, grid and file designs), with bootstrap intervals and the share
// of replicate noise, written as sensitivity.csv, sensitivity.h5 and a self-contained
// sensitivity.html. The contract is docs/sensitivity.md, "civicsim sensitivity DIR".
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace civicsim::viz {

struct SensitivityOptions {
  std::string sweep_dir;             // the folder `civicsim sweep -o DIR` wrote (holds sweep.h5)
  std::vector<std::string> figures;  // "<figure>/<scope>"; empty: every /table/figure
  std::string arm;                   // empty: the baseline arm; "all": every arm
  std::string out_dir;               // empty: sweep_dir
  int resamples = 1000;              // bootstrap resamples (0: no intervals)
  std::uint64_t seed = 0;            // of the bootstrap draws
};

struct SensitivitySummary {
  std::string scenario_name;
  std::string method;  // the design's: sobol, morris, lhs, grid, file
  int parameters = 0;
  int points = 0;
  int replicates = 0;
  int runs = 0, done_runs = 0, failed_runs = 0;
  std::size_t rows = 0;               // of sensitivity.csv
  std::vector<std::string> written;   // paths of the files written
  std::vector<std::string> warnings;  // e.g. figures whose indices mostly measure replicate noise
};

/// Reads DIR/sweep.h5 (which must have a /design), computes the indices of each chosen arm and
/// figure, and writes OUTDIR/sensitivity.csv, sensitivity.h5 and sensitivity.html (each under a
/// temporary name, renamed when complete). Throws io::UserError: 66 (no sweep.h5, no /design),
/// 64 (unknown figure or arm, bad --resamples), 65 (a design that does not fit its method),
/// 73/74 (an output cannot be written).
SensitivitySummary sensitivity_of_sweep(const SensitivityOptions& options);

/// The `civicsim sensitivity` subcommand: runs sensitivity_of_sweep, says on `err` what it wrote
/// (or why not), and returns the exit code (0, 64, 65, 66, 73, 74).
int sensitivity_command(const SensitivityOptions& options, std::ostream& err);

}  // namespace civicsim::viz
