// Sampling designs of a sweep (docs/sensitivity.md): where in the unit cube each point lies (grid,
// Latin hypercube, Sobol' sequence in Saltelli's layout, Morris trajectories), and each parameter's
// distribution, which maps a unit coordinate to the parameter's value. Pure functions: the same
// spec and seed give the same points on every machine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace civicsim::io {

enum class DistributionKind { uniform, log_uniform, normal, triangular, discrete };

/// One parameter's distribution. Every kind is bounded: normal is truncated to [low, high].
struct Distribution {
  DistributionKind kind = DistributionKind::uniform;
  double low = 0, high = 1;         // bounds (every kind but discrete)
  double mean = 0, sd = 1;          // normal
  double mode = 0;                  // triangular
  std::vector<std::string> values;  // discrete: the items, as YAML text
  bool integer = false;             // continuous kinds: round the value to the nearest integer

  /// The value at unit coordinate u in [0, 1] (the inverse CDF; u = 0 and 1 give the bounds).
  /// Discrete: the item index floor(u * n), clamped to n - 1, as a double.
  double quantile(double u) const;
  /// "uniform(0.25, 0.55)", "normal(0.4, 0.05; 0.2, 0.6)", "discrete[3]", for tables and files.
  std::string describe() const;
  /// What makes this distribution unusable ("log_uniform needs 0 < low <= high, got low = 0"), or ""
  /// when it can be sampled. quantile() throws std::invalid_argument with this text.
  std::string problem() const;
};

/// "uniform", "log_uniform", "normal", "triangular", "discrete" <-> kind; false for other names.
bool distribution_kind(const std::string& name, DistributionKind& kind);
const char* distribution_name(DistributionKind kind);

enum class DesignMethod { grid, lhs, sobol, morris, file };
bool design_method(const std::string& name, DesignMethod& method);
const char* design_method_name(DesignMethod method);

struct DesignSpec {
  DesignMethod method = DesignMethod::lhs;
  int samples = 0;            // lhs: points; sobol: base rows N; morris: trajectories; grid: unused
  std::uint64_t seed = 0;     // lhs and morris: the random draws; sobol: a digital shift (0: none)
  bool second_order = false;  // sobol: add the BA_i blocks (Saltelli 2002), for second-order indices
  int levels = 4;             // morris: grid levels p; grid: values per continuous parameter
};

/// How many points `spec` gives for `k` parameters (`discrete_counts[i]`: items of parameter i when
/// discrete, else 0; the grid uses them). grid: prod of (counts or levels); lhs: samples;
/// sobol: samples * (k + 2), or samples * (2k + 2) with second_order; morris: samples * (k + 1).
std::size_t design_size(const DesignSpec& spec, const std::vector<int>& discrete_counts);

/// The points in the unit cube, row-major [design_size x k].
/// - grid: every combination (the last parameter varies fastest); a continuous parameter takes
///   i / (levels - 1), a discrete one with n items (i + 0.5) / n.
/// - lhs: each of the `samples` strata [j/N, (j+1)/N) of each parameter is hit exactly once, at a
///   random position; the strata are permuted independently per parameter.
/// - sobol: SALib's layout for base row j: A_j, AB_j^1 .. AB_j^k, [BA_j^1 .. BA_j^k,] B_j, where A
///   and B are the first and last k coordinates of point j+1 of a 2k-dimensional Sobol' sequence
///   (GSL's, digitally shifted by `seed`), AB^i is A with column i from B, BA^i is B with column i
///   from A. k <= 20.
/// - morris: trajectory t is rows t(k+1) .. t(k+1)+k; each row differs from the previous one in
///   exactly one coordinate, by +-delta = levels / (2 (levels - 1)); coordinates lie on the grid
///   {0, 1/(levels-1), .., 1}; every parameter moves once per trajectory.
/// Throws std::invalid_argument for a spec it cannot sample (file, k out of range).
std::vector<double> unit_design(const DesignSpec& spec, const std::vector<int>& discrete_counts);

}  // namespace civicsim::io
