// Global sensitivity indices of a sampling design's outputs (docs/sensitivity.md): Sobol' first-,
// total- and second-order indices on Saltelli's layout, Morris elementary effects, and standardised
// rank regression coefficients, each with a bootstrap 95% percentile interval. Pure functions, no
// I/O: `civicsim sensitivity` and tests/viz_export/tools/sensitivity_peer.cpp call them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace civicsim::viz::sensitivity {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// An index and its bootstrap 95% percentile interval (NaN when undefined).
struct Estimate {
  double value = kNaN;
  double low = kNaN, high = kNaN;
};

/// The bootstrap: `resamples` resamples of the units (Sobol' base rows, Morris trajectories, rows),
/// drawn with replacement from philox(seed, resample, unit, Purpose::SensitivityBootstrap, 0).
/// resamples = 0: no intervals.
struct Bootstrap {
  int resamples = 1000;
  std::uint64_t seed = 0;
};

struct SobolIndices {
  std::size_t rows = 0;                // base rows N of the layout
  std::size_t rows_used = 0;           // those whose points all have a finite output
  std::vector<Estimate> first, total;  // S1, ST per parameter
  std::vector<Estimate> second;        // S2 [K x K], filled for i < j; empty without the BA blocks
  double variance = kNaN;              // V of the used rows (population variance of fA and fB)
  const Estimate& s2(int i, int j, int parameters) const {
    return second[static_cast<std::size_t>(i) * parameters + j];
  }
};

/// `y`: the outputs of SALib's Saltelli layout for `parameters` = K (per base row j: A_j, AB_j^1..K,
/// [BA_j^1..K when second_order,] B_j), so N (K + 2) or N (2K + 2) values. With V the population
/// variance of fA and fB together: S1_i = mean(fB (fAB_i - fA)) / V (Saltelli 2010), ST_i =
/// mean((fA - fAB_i)^2) / 2V (Jansen), S2_ij = mean(fBA_i fAB_j - fA fB) / V - S1_i - S1_j. The
/// outputs are centred first (on the mean of all used points, as SALib does). Base rows with a
/// non-finite output are dropped. Indices are NaN when V = 0 or fewer than 2 rows are left.
/// Throws std::invalid_argument when y's size does not fit the layout.
SobolIndices sobol_indices(const std::vector<double>& y, int parameters, bool second_order, const Bootstrap& bootstrap);

struct MorrisIndices {
  std::size_t trajectories = 0;       // T = points / (K + 1)
  std::size_t trajectories_used = 0;  // those whose points all have a finite output
  std::vector<Estimate> mu_star, mu, sigma;
};

/// `unit`: the design's points in the unit cube, row-major [T (K + 1), K]; `y`: their outputs.
/// Each step of a trajectory moves one coordinate by ±delta: EE = (y_next - y_prev) / (±delta).
/// mu = mean EE, mu_star = mean |EE|, sigma = sd of EE (n - 1; NaN for one trajectory). Trajectories
/// with a non-finite output are dropped. Throws std::invalid_argument when the sizes do not fit or a
/// step does not move exactly one coordinate.
MorrisIndices morris_indices(const std::vector<double>& unit, const std::vector<double>& y, int parameters,
                             const Bootstrap& bootstrap);

struct SrrcIndices {
  std::size_t rows = 0;
  std::size_t rows_used = 0;   // rows with a finite output and finite parameter values
  std::vector<Estimate> srrc;  // per parameter; NaN for a parameter that does not vary
  Estimate r_squared;          // of the rank regression
};

/// Standardised rank regression coefficients: every column of `x` ([P, K] row-major) and `y` are
/// replaced by their ranks (ties by average ranks), standardised, and y is fitted by least squares
/// (GSL). r_squared is the fit's R^2: when it is low, the ranking by |SRRC| explains little of y.
/// Rows with a non-finite y or x are dropped; NaN when fewer than (varying parameters + 2) rows are
/// left. Throws std::invalid_argument when the sizes do not fit.
SrrcIndices srrc_indices(const std::vector<double>& x, const std::vector<double>& y, int parameters,
                         const Bootstrap& bootstrap);

/// Ranks 1..n of `values`, ties sharing their average rank (as scipy.stats.rankdata).
std::vector<double> average_ranks(const std::vector<double>& values);

/// The 2.5% and 97.5% percentiles (linear interpolation, as numpy.percentile) of the finite values
/// of `resampled`, around `value`.
Estimate percentile_interval(double value, std::vector<double> resampled);

}  // namespace civicsim::viz::sensitivity
