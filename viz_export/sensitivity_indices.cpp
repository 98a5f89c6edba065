#include "viz_export/sensitivity_indices.hpp"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "kernels/rng.hpp"

namespace civicsim::viz::sensitivity {
namespace {

using Picked = std::vector<std::size_t>;

/// The unit at position `i` of resample `resample`, one of `n`.
std::size_t drawn(const Bootstrap& bootstrap, int resample, std::size_t i, std::size_t n) {
  const Random4 r = philox(bootstrap.seed, static_cast<std::uint32_t>(resample), static_cast<std::uint32_t>(i),
                           Purpose::SensitivityBootstrap, 0);
  const double u = 1.0 - u01(r.v[0], r.v[1]);  // [0, 1)
  return std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
}

/// `statistic(units)` on every unit (the estimates), then on `bootstrap.resamples` resamples of them
/// (the intervals). `statistic` returns the same number of values every time.
template <class Statistic>
std::vector<Estimate> with_intervals(std::size_t units, const Bootstrap& bootstrap, const Statistic& statistic) {
  Picked picked(units);
  std::iota(picked.begin(), picked.end(), std::size_t{0});
  const std::vector<double> estimates = statistic(picked);
  std::vector<std::vector<double>> resampled(estimates.size());
  for (int b = 0; units > 0 && b < bootstrap.resamples; ++b) {
    for (std::size_t i = 0; i < units; ++i) picked[i] = drawn(bootstrap, b, i, units);
    const std::vector<double> values = statistic(picked);
    for (std::size_t m = 0; m < values.size(); ++m) resampled[m].push_back(values[m]);
  }
  std::vector<Estimate> out;
  out.reserve(estimates.size());
  for (std::size_t m = 0; m < estimates.size(); ++m)
    out.push_back(percentile_interval(estimates[m], std::move(resampled[m])));
  return out;
}

[[noreturn]] void refuse(const std::string& what) { throw std::invalid_argument(what); }

/// Mean and population variance of `values` at `picked`.
double population_variance(const std::vector<double>& a, const std::vector<double>& b, const Picked& picked) {
  double sum = 0, sum2 = 0;
  for (std::size_t j : picked) {
    sum += a[j] + b[j];
    sum2 += a[j] * a[j] + b[j] * b[j];
  }
  const double n = 2.0 * static_cast<double>(picked.size());
  const double mean = sum / n;
  return std::max(0.0, sum2 / n - mean * mean);
}

/// The blocks of a Saltelli layout, base rows with non-finite outputs left out, centred.
struct SaltelliBlocks {
  std::vector<double> a, b;
  std::vector<std::vector<double>> ab, ba;  // [K][rows]
};

SaltelliBlocks saltelli_blocks(const std::vector<double>& y, int k, bool second_order, std::size_t rows) {
  const std::size_t stride = second_order ? 2 * k + 2 : k + 2;
  double sum = 0;
  std::size_t count = 0;
  std::vector<std::size_t> used;
  for (std::size_t j = 0; j < rows; ++j) {
    const auto first = y.begin() + static_cast<std::ptrdiff_t>(j * stride);
    if (!std::all_of(first, first + static_cast<std::ptrdiff_t>(stride), [](double v) { return std::isfinite(v); }))
      continue;
    used.push_back(j);
    sum = std::accumulate(first, first + static_cast<std::ptrdiff_t>(stride), sum);
    count += stride;
  }
  const double centre = count > 0 ? sum / static_cast<double>(count) : 0.0;
  SaltelliBlocks blocks;
  blocks.ab.assign(k, {});
  blocks.ba.assign(second_order ? k : 0, {});
  for (std::size_t j : used) {
    const double* row = y.data() + j * stride;
    blocks.a.push_back(row[0] - centre);
    blocks.b.push_back(row[stride - 1] - centre);
    for (int i = 0; i < k; ++i) {
      blocks.ab[i].push_back(row[1 + i] - centre);
      if (second_order) blocks.ba[i].push_back(row[1 + k + i] - centre);
    }
  }
  return blocks;
}

/// S1 (K), ST (K), then S2 (K x K, NaN but for i < j) over the base rows `picked`.
std::vector<double> sobol_statistic(const SaltelliBlocks& s, int k, const Picked& picked) {
  const std::size_t pairs = s.ba.empty() ? 0 : static_cast<std::size_t>(k) * k;
  std::vector<double> out(2 * static_cast<std::size_t>(k) + pairs, kNaN);
  const double v = population_variance(s.a, s.b, picked);
  if (picked.size() < 2 || !(v > 0)) return out;
  const double n = static_cast<double>(picked.size());
  for (int i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (std::size_t j : picked) {
      first += s.b[j] * (s.ab[i][j] - s.a[j]);
      total += (s.a[j] - s.ab[i][j]) * (s.a[j] - s.ab[i][j]);
    }
    out[i] = first / n / v;
    out[k + i] = 0.5 * total / n / v;
  }
  for (int i = 0; pairs > 0 && i < k; ++i) {
    for (int m = i + 1; m < k; ++m) {
      double joint = 0;
      for (std::size_t j : picked) joint += s.ba[i][j] * s.ab[m][j] - s.a[j] * s.b[j];
      out[2 * k + static_cast<std::size_t>(i) * k + m] = joint / n / v - out[i] - out[m];
    }
  }
  return out;
}

/// The elementary effects of the trajectories with finite outputs, [used][K].
std::vector<std::vector<double>> elementary_effects(const std::vector<double>& unit, const std::vector<double>& y,
                                                    int k, std::size_t trajectories) {
  std::vector<std::vector<double>> effects;
  for (std::size_t t = 0; t < trajectories; ++t) {
    const std::size_t first = t * (k + 1);
    std::vector<double> ee(k, kNaN);
    for (int s = 1; s <= k; ++s) {
      const double* before = unit.data() + (first + s - 1) * k;
      const double* after = before + k;
      int moved = -1;
      for (int c = 0; c < k; ++c) {
        if (std::fabs(after[c] - before[c]) <= 1e-12) continue;
        if (moved >= 0)
          refuse("step " + std::to_string(s) + " of trajectory " + std::to_string(t) +
                 " moves more than one parameter: not a Morris design");
        moved = c;
      }
      if (moved < 0 || !std::isnan(ee[moved])) {
        refuse("trajectory " + std::to_string(t) + " does not move each parameter exactly once: not a Morris design");
      }
      ee[moved] = (y[first + s] - y[first + s - 1]) / (after[moved] - before[moved]);
    }
    const bool finite =
        std::all_of(y.begin() + static_cast<std::ptrdiff_t>(first),
                    y.begin() + static_cast<std::ptrdiff_t>(first + k + 1), [](double v) { return std::isfinite(v); });
    if (finite) effects.push_back(std::move(ee));
  }
  return effects;
}

/// mu_star (K), mu (K), sigma (K) over the trajectories `picked`.
std::vector<double> morris_statistic(const std::vector<std::vector<double>>& effects, int k, const Picked& picked) {
  std::vector<double> out(3 * static_cast<std::size_t>(k), kNaN);
  const double n = static_cast<double>(picked.size());
  for (int c = 0; c < k && !picked.empty(); ++c) {
    double sum = 0, sum_abs = 0;
    for (std::size_t t : picked) {
      sum += effects[t][c];
      sum_abs += std::fabs(effects[t][c]);
    }
    const double mean = sum / n;
    double squares = 0;
    for (std::size_t t : picked) squares += (effects[t][c] - mean) * (effects[t][c] - mean);
    out[c] = sum_abs / n;
    out[k + c] = mean;
    out[2 * k + c] = picked.size() > 1 ? std::sqrt(squares / (n - 1)) : kNaN;
  }
  return out;
}

/// Ranks of `values`, standardised (mean 0, population sd 1); empty when they do not vary.
std::vector<double> standardised_ranks(const std::vector<double>& values) {
  std::vector<double> r = average_ranks(values);
  const double n = static_cast<double>(r.size());
  const double mean = std::accumulate(r.begin(), r.end(), 0.0) / n;
  double squares = 0;
  for (double v : r) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / n);
  if (!(sd > 0)) return {};
  for (double& v : r) v = (v - mean) / sd;
  return r;
}

/// SRRC (K), then R^2, of the rows `picked` of x [rows][K] and y.
std::vector<double> srrc_statistic(const std::vector<std::vector<double>>& x, const std::vector<double>& y, int k,
                                   const Picked& picked) {
  static const bool gsl_errors_are_returned = (gsl_set_error_handler_off(), true);
  (void)gsl_errors_are_returned;
  std::vector<double> out(static_cast<std::size_t>(k) + 1, kNaN);
  std::vector<double> column(picked.size());
  for (std::size_t i = 0; i < picked.size(); ++i) column[i] = y[picked[i]];
  const std::vector<double> ry = standardised_ranks(column);
  std::vector<std::vector<double>> rx;
  std::vector<int> fitted;
  for (int c = 0; c < k; ++c) {
    for (std::size_t i = 0; i < picked.size(); ++i) column[i] = x[picked[i]][c];
    std::vector<double> r = standardised_ranks(column);
    if (r.empty()) continue;
    rx.push_back(std::move(r));
    fitted.push_back(c);
  }
  const std::size_t n = picked.size(), p = fitted.size();
  if (ry.empty() || p == 0 || n < p + 2) return out;
  gsl_matrix* design = gsl_matrix_alloc(n, p);
  gsl_vector* observed = gsl_vector_alloc(n);
  gsl_vector* coefficients = gsl_vector_alloc(p);
  gsl_matrix* covariance = gsl_matrix_alloc(p, p);
  gsl_multifit_linear_workspace* work = gsl_multifit_linear_alloc(n, p);
  for (std::size_t i = 0; i < n; ++i) {
    gsl_vector_set(observed, i, ry[i]);
    for (std::size_t c = 0; c < p; ++c) gsl_matrix_set(design, i, c, rx[c][i]);
  }
  double chisq = 0;
  if (gsl_multifit_linear(design, observed, coefficients, covariance, &chisq, work) == GSL_SUCCESS) {
    for (std::size_t c = 0; c < p; ++c) out[fitted[c]] = gsl_vector_get(coefficients, c);
    out[k] = 1.0 - chisq / static_cast<double>(n);  // the standardised y has sum of squares n
  }
  gsl_multifit_linear_free(work);
  gsl_matrix_free(covariance);
  gsl_vector_free(coefficients);
  gsl_vector_free(observed);
  gsl_matrix_free(design);
  return out;
}

}  // namespace

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t end = i + 1;
    while (end < order.size() && values[order[end]] == values[order[i]]) ++end;
    const double rank = 0.5 * static_cast<double>(i + 1 + end);  // mean of ranks i+1 .. end
    for (std::size_t m = i; m < end; ++m) ranks[order[m]] = rank;
    i = end;
  }
  return ranks;
}

Estimate percentile_interval(double value, std::vector<double> resampled) {
  resampled.erase(std::remove_if(resampled.begin(), resampled.end(), [](double v) { return !std::isfinite(v); }),
                  resampled.end());
  Estimate e;
  e.value = value;
  if (resampled.empty() || !std::isfinite(value)) return e;
  std::sort(resampled.begin(), resampled.end());
  const auto at = [&](double q) {
    const double position = q * static_cast<double>(resampled.size() - 1);
    const std::size_t below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, resampled.size() - 1);
    return resampled[below] + (position - static_cast<double>(below)) * (resampled[above] - resampled[below]);
  };
  e.low = at(0.025);
  e.high = at(0.975);
  return e;
}

SobolIndices sobol_indices(const std::vector<double>& y, int k, bool second_order, const Bootstrap& bootstrap) {
  if (k < 1) refuse("a Sobol' design needs at least one parameter");
  const std::size_t stride = second_order ? 2 * k + 2 : k + 2;
  if (y.empty() || y.size() % stride != 0) {
    refuse(std::to_string(y.size()) + " points are not whole base rows of " + std::to_string(stride) +
           " points (Saltelli's layout for " + std::to_string(k) + " parameters" +
           (second_order ? ", second order)" : ")"));
  }
  SobolIndices s;
  s.rows = y.size() / stride;
  const SaltelliBlocks blocks = saltelli_blocks(y, k, second_order, s.rows);
  s.rows_used = blocks.a.size();
  Picked all(s.rows_used);
  std::iota(all.begin(), all.end(), std::size_t{0});
  if (s.rows_used > 0) s.variance = population_variance(blocks.a, blocks.b, all);
  const std::vector<Estimate> e =
      with_intervals(s.rows_used, bootstrap, [&](const Picked& picked) { return sobol_statistic(blocks, k, picked); });
  s.first.assign(e.begin(), e.begin() + k);
  s.total.assign(e.begin() + k, e.begin() + 2 * k);
  if (second_order) s.second.assign(e.begin() + 2 * k, e.end());
  return s;
}

MorrisIndices morris_indices(const std::vector<double>& unit, const std::vector<double>& y, int k,
                             const Bootstrap& bootstrap) {
  if (k < 1) refuse("a Morris design needs at least one parameter");
  if (y.empty() || y.size() % (k + 1) != 0 || unit.size() != y.size() * k) {
    refuse(std::to_string(y.size()) + " points (" + std::to_string(unit.size()) +
           " unit coordinates) are not whole trajectories of " + std::to_string(k + 1) + " points of " +
           std::to_string(k) + " parameters");
  }
  MorrisIndices m;
  m.trajectories = y.size() / (k + 1);
  const std::vector<std::vector<double>> effects = elementary_effects(unit, y, k, m.trajectories);
  m.trajectories_used = effects.size();
  const std::vector<Estimate> e = with_intervals(
      effects.size(), bootstrap, [&](const Picked& picked) { return morris_statistic(effects, k, picked); });
  m.mu_star.assign(e.begin(), e.begin() + k);
  m.mu.assign(e.begin() + k, e.begin() + 2 * k);
  m.sigma.assign(e.begin() + 2 * k, e.end());
  return m;
}

SrrcIndices srrc_indices(const std::vector<double>& x, const std::vector<double>& y, int k,
                         const Bootstrap& bootstrap) {
  if (k < 1 || x.size() != y.size() * static_cast<std::size_t>(k)) {
    refuse(std::to_string(x.size()) + " parameter values do not fit " + std::to_string(y.size()) + " points of " +
           std::to_string(k) + " parameters");
  }
  SrrcIndices s;
  s.rows = y.size();
  std::vector<std::vector<double>> rows;
  std::vector<double> outputs;
  for (std::size_t i = 0; i < s.rows; ++i) {
    const auto first = x.begin() + static_cast<std::ptrdiff_t>(i * k);
    if (!std::isfinite(y[i]) || !std::all_of(first, first + k, [](double v) { return std::isfinite(v); })) continue;
    rows.emplace_back(first, first + k);
    outputs.push_back(y[i]);
  }
  s.rows_used = rows.size();
  const std::vector<Estimate> e = with_intervals(
      rows.size(), bootstrap, [&](const Picked& picked) { return srrc_statistic(rows, outputs, k, picked); });
  s.srrc.assign(e.begin(), e.begin() + k);
  s.r_squared = e[k];
  return s;
}

}  // namespace civicsim::viz::sensitivity
