// The indices of one arm and figure: the point outputs (each design point's mean over its done
// replicates), the share of their variance that is replicate noise, and the estimators of the
// design's method (viz_export/sensitivity_indices.hpp) on the point outputs.
#include <cmath>
#include <stdexcept>

#include "io/data_error.hpp"
#include "viz_export/sensitivity_data.hpp"

namespace civicsim::viz::sensitivity {
namespace {

struct PointOutputs {
  std::vector<double> y;      // [P]: mean over the done replicates with a finite value; NaN without one
  double variance = kNaN;     // sample variance (n - 1) of the finite y
  double noise_share = kNaN;  // mean over points of s2_p / n_p, over `variance`
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

PointOutputs point_outputs(const compare::Sweep& s, int arm, int figure) {
  const std::size_t points = s.grid_points.size(), replicates = static_cast<std::size_t>(s.replicates);
  std::vector<std::vector<double>> samples(points);
  std::vector<char> seen(points * replicates, 0);  // a duplicate run in the table counts once
  for (std::size_t r = 0; r < s.runs(); ++r) {
    if (s.arm[r] != arm || !s.done(r)) continue;
    char& once = seen[static_cast<std::size_t>(s.point[r]) * replicates + s.replicate[r]];
    if (once) continue;
    once = 1;
    if (std::isfinite(s.value(r, figure))) samples[s.point[r]].push_back(s.value(r, figure));
  }
  PointOutputs out;
  out.y.assign(points, kNaN);
  double noise = 0;
  std::size_t noisy_points = 0;
  std::vector<double> finite;
  for (std::size_t p = 0; p < points; ++p) {
    const auto [mean, variance] = mean_and_variance(samples[p]);
    out.y[p] = mean;
    if (std::isfinite(mean)) finite.push_back(mean);
    if (std::isfinite(variance)) {
      noise += variance / static_cast<double>(samples[p].size());
      ++noisy_points;
    }
  }
  out.variance = mean_and_variance(finite).second;
  if (s.replicates >= 2 && noisy_points > 0 && out.variance > 0)
    out.noise_share = noise / static_cast<double>(noisy_points) / out.variance;
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
