// What `civicsim sensitivity` reads from a sweep and computes from it; shared by its reader, its
// analysis and its writers (sensitivity*.cpp). Internal to viz_export/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "viz_export/compare_data.hpp"
#include "viz_export/sensitivity_indices.hpp"

namespace civicsim::viz::sensitivity {

/// /design of sweep.h5 (docs/sweeps.md): the sampling design of the sweep's points.
struct Design {
  std::string method;  // grid, lhs, sobol, morris, file
  std::int64_t samples = 0;
  std::uint64_t seed = 0;
  bool second_order = false;
  std::int64_t levels = 0;
  std::vector<std::string> parameters;     // [K]
  std::vector<std::string> distributions;  // [K]
  std::vector<double> values, unit;        // [P, K] row-major
  int k() const { return static_cast<int>(parameters.size()); }
};

/// One index of one parameter (or pair "a|b" for S2).
struct IndexValue {
  std::string parameter;
  std::string index;  // S1, ST, S2, mu_star, mu, sigma, srrc
  Estimate estimate;
};

/// The indices of one arm and figure: the rows of sensitivity.csv that share arm and figure.
struct FigureIndices {
  int arm = 0, figure = 0;
  std::size_t points_used = 0;            // design points whose point means entered the indices
  std::size_t units = 0, units_used = 0;  // sobol: base rows; morris: trajectories; else points
  double noise_share = compare::kNaN;     // NaN with one replicate
  int replicates_used = 0;                // replicates done at every point (0: each point its own)
  double r_squared = compare::kNaN;       // srrc only
  double variance = compare::kNaN;        // of the point means
  std::vector<IndexValue> indices;
  /// The index the page ranks by: ST (sobol), mu_star (morris), srrc (by its magnitude).
  std::string ranking_index;
};

struct Analysis {
  compare::Sweep sweep;
  Design design;
  Bootstrap bootstrap;
  std::vector<int> arms, figures;      // chosen, in file order
  std::vector<FigureIndices> results;  // arm, then figure
};

/// The indices' names, in the order of sensitivity.csv, per method.
std::vector<std::string> index_names(const std::string& method);

// The steps of sensitivity_of_sweep, each in its own file.
/// Reads /design of sweep.file; 66 when there is none (the sweep section has no `parameters:`),
/// 65 when it does not fit the sweep's points.
Design read_design(const compare::Sweep& sweep);                                    // sensitivity_design.cpp
FigureIndices figure_indices(const Analysis& a, int arm, int figure);               // sensitivity_analysis.cpp
std::string write_sensitivity_csv(const Analysis& a, const std::string& out_dir);   // sensitivity_write.cpp
std::string write_sensitivity_h5(const Analysis& a, const std::string& out_dir);    // sensitivity_write.cpp
std::string write_sensitivity_html(const Analysis& a, const std::string& out_dir);  // sensitivity_report.cpp

}  // namespace civicsim::viz::sensitivity
