// The indices of one arm and figure: the point outputs (each design point's mean over the replicates
// done at every point), the share of their variance that is replicate noise, and the estimators of the
// design's method (viz_export/sensitivity_indices.hpp) on the point outputs.
#include <cmath>
#include <algorithm>
#include <map>
#include <utility>
#include <stdexcept>

#include "io/data_error.hpp"
#include "viz_export/sensitivity_data.hpp"

namespace civicsim::viz::sensitivity {
namespace {

struct PointOutputs {
  std::vector<double> y;      // [P]: mean over the common replicates (below); NaN without one
  double variance = kNaN;     // sample variance (n - 1) of the finite y
  double noise_share = kNaN;  // (interaction mean square / replicates) over `variance`
  int replicates_used = 0;    // replicates done with a finite value at every point
};

/// Mean and sample variance (n - 1; NaN for n < 2) of `values`.
std::pair<double, double> mean_and_variance(const std::vector<double>& values) {
  if (values.empty()) return {kNaN, kNaN};
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) return {mean, kNaN};
  double squares = 0;  // of deviations: no cancellation for large means
  for (double v : values) squares += (v - mean) * (v - mean);
  return {mean, squares / static_cast<double>(values.size() - 1)};
}

/// The replicate-noise variance of a point mean under common random numbers: replicate r has seed
/// r at every point, so what replicates share cancels between points; what is left is the point x
/// replicate interaction (two-way layout without repetition): its mean square over the replicates.
double interaction_noise(const std::vector<std::vector<double>>& y, std::size_t replicates) {
  const std::size_t points = y.size();
  if (points < 2 || replicates < 2) return kNaN;
  std::vector<double> row(points, 0), column(replicates, 0);
  double all = 0;
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < replicates; ++r) {
      row[p] += y[p][r] / static_cast<double>(replicates);
      column[r] += y[p][r] / static_cast<double>(points);
      all += y[p][r] / static_cast<double>(points * replicates);
    }
  }
  double squares = 0;
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < replicates; ++r) {
      const double e = y[p][r] - row[p] - column[r] + all;
      squares += e * e;
    }
  }
  const double mean_square = squares / static_cast<double>((points - 1) * (replicates - 1));
  return mean_square / static_cast<double>(replicates);
}

/// Each point's output: the mean over the replicates that are done, with a finite value, at every
/// point of the arm. Under common random numbers every point must average the same seeds: a point
/// averaged over other seeds than its neighbours would differ from them by the seeds' effect, which
/// the indices would take for a parameter's. (A figure undefined at some point for every replicate
/// leaves no common replicate, as does a failed run with one replicate: then each point uses its
/// own, and the indices drop the points without one.)
PointOutputs point_outputs(const compare::Sweep& s, int arm, int figure) {
  const std::size_t points = s.grid_points.size();
  std::map<std::pair<int, int>, double> value;  // (replicate, point) -> value; sized by the runs, not the attributes
  for (std::size_t r = 0; r < s.runs(); ++r) {
    if (s.arm[r] != arm || !s.done(r) || !std::isfinite(s.value(r, figure))) continue;
    value.emplace(std::make_pair(s.replicate[r], s.point[r]), s.value(r, figure));  // a duplicate counts once
  }
  std::map<int, std::size_t> finite_points;
  for (const auto& [key, v] : value) ++finite_points[key.first];
  std::vector<int> common;
  for (const auto& [replicate, n] : finite_points)
    if (n == points) common.push_back(replicate);
  PointOutputs out;
  out.y.assign(points, kNaN);
  std::vector<std::vector<double>> matrix(points, std::vector<double>(common.size()));
  std::vector<std::vector<double>> own(points);
  for (const auto& [key, v] : value) own[static_cast<std::size_t>(key.second)].push_back(v);
  out.replicates_used = static_cast<int>(common.size());
  for (std::size_t p = 0; common.empty() && p < points; ++p)
    out.replicates_used = std::max(out.replicates_used, static_cast<int>(own[p].size()));
  std::vector<double> finite;
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t c = 0; c < common.size(); ++c) matrix[p][c] = value.at({common[c], static_cast<int>(p)});
    out.y[p] = mean_and_variance(common.empty() ? own[p] : matrix[p]).first;
    if (std::isfinite(out.y[p])) finite.push_back(out.y[p]);
  }
  out.variance = mean_and_variance(finite).second;
  const double noise = interaction_noise(matrix, common.size());
  if (std::isfinite(noise) && out.variance > 0) out.noise_share = noise / out.variance;
  return out;
}

void add_per_parameter(FigureIndices& f, const Design& d, const char* index, const std::vector<Estimate>& values) {
  for (int i = 0; i < d.k(); ++i) f.indices.push_back(IndexValue{d.parameters[i], index, values[i]});
}

void sobol(FigureIndices& f, const Design& d, const std::vector<double>& y, const Bootstrap& bootstrap) {
  const SobolIndices s = sobol_indices(y, d.k(), d.second_order, bootstrap);
  f.units = s.rows;
  f.units_used = s.rows_used;
  f.points_used = s.rows_used * (y.size() / s.rows);
  f.ranking_index = "ST";
  add_per_parameter(f, d, "S1", s.first);
  add_per_parameter(f, d, "ST", s.total);
  for (int i = 0; d.second_order && i < d.k(); ++i) {
    for (int j = i + 1; j < d.k(); ++j)
      f.indices.push_back(IndexValue{d.parameters[i] + "|" + d.parameters[j], "S2", s.s2(i, j, d.k())});
  }
}

void morris(FigureIndices& f, const Design& d, const std::vector<double>& y, const Bootstrap& bootstrap) {
  const MorrisIndices m = morris_indices(d.unit, y, d.k(), bootstrap);
  f.units = m.trajectories;
  f.units_used = m.trajectories_used;
  f.points_used = m.trajectories_used * static_cast<std::size_t>(d.k() + 1);
  f.ranking_index = "mu_star";
  add_per_parameter(f, d, "mu_star", m.mu_star);
  add_per_parameter(f, d, "mu", m.mu);
  add_per_parameter(f, d, "sigma", m.sigma);
}

void rank_regression(FigureIndices& f, const Design& d, const std::vector<double>& y, const Bootstrap& bootstrap) {
  const SrrcIndices s = srrc_indices(d.values, y, d.k(), bootstrap);
  f.units = s.rows;
  f.units_used = s.rows_used;
  f.points_used = s.rows_used;
  f.r_squared = s.r_squared.value;
  f.ranking_index = "srrc";
  add_per_parameter(f, d, "srrc", s.srrc);
}

}  // namespace

FigureIndices figure_indices(const Analysis& a, int arm, int figure) {
  FigureIndices f;
  f.arm = arm;
  f.figure = figure;
  const PointOutputs outputs = point_outputs(a.sweep, arm, figure);
  f.noise_share = outputs.noise_share;
  f.replicates_used = outputs.replicates_used;
  f.variance = outputs.variance;
  try {
    if (a.design.method == "sobol") {
      sobol(f, a.design, outputs.y, a.bootstrap);
    } else if (a.design.method == "morris") {
      morris(f, a.design, outputs.y, a.bootstrap);
    } else {
      rank_regression(f, a.design, outputs.y, a.bootstrap);
    }
  } catch (const std::invalid_argument& e) {  // the design's points do not fit its method
    throw io::DataError("cannot read '" + a.sweep.file + "': /design (method " + a.design.method + "): " + e.what());
  }
  return f;
}

}  // namespace civicsim::viz::sensitivity
