// `civicsim sweep --precision FIGURE=HALFWIDTH` (docs/sensitivity.md): replicates in batches until
// every arm's paired difference in each named figure (or, with one arm, the figure itself) has a
// 95% interval narrower than asked, or sweep.replicates (the cap) is reached.
#pragma once

#include <string>
#include <vector>

#include "app/sweep_children.hpp"
#include "app/sweep_dir.hpp"
#include "io/sweep.hpp"
#include "io/sweep_ledger.hpp"

namespace civicsim::cli {

struct PrecisionGoal {
  std::string figure;      // as in sweep.h5's /table/figure: "wait_mean_minutes/all"
  double halfwidth = 0;    // the widest 95% half-width accepted, in the figure's units
  std::size_t column = 0;  // its place in viz::figure_catalogue()
};

/// Each "FIGURE=HALFWIDTH" of the command line; "" or what is wrong (with the nearest figure).
std::string parse_precision(const std::vector<std::string>& texts, std::vector<PrecisionGoal>& goals);

/// Where the goals stand after the first `replicates` replicates of every arm and point.
struct PrecisionState {
  int replicates = 0;
  bool met = false;
  std::vector<int> needed;         // per goal: replicates its widest interval needs, from the variance so far
  std::vector<int> usable;         // per goal: arms x points with two finite values or more
  std::vector<double> halfwidth;   // per goal: the widest half-width over arms and points
  std::vector<std::string> where;  // per goal: the arm and point it belongs to
};

/// Runs the sweep's replicates `batch` at a time (the first batch is the pilot) until the goals
/// are met or the cap is reached; writes DIR/precision.csv and returns the sweep truncated to the
/// replicates it ran (ids unchanged, indices renumbered), with `manifest` remade to match.
/// The first `n` replicates of every arm and point, renumbered; `original[i]` is run i's old index.
io::Sweep first_replicates(const io::Sweep& sweep, int n, std::vector<int>& original);

/// The replicates a finished --precision sweep in DIR ran (DIR/precision.csv), or 0 when none.
int precision_replicates(const SweepDir& dir);

io::Sweep run_to_precision(Children& children, io::Manifest& manifest, const io::Sweep& sweep, const SweepDir& dir,
                           const std::vector<PrecisionGoal>& goals, int batch, int jobs, const std::string& worker,
                           bool quiet);

}  // namespace civicsim::cli
