// Shared pieces of the validation suite (docs/validation.md): reading totals out of the recorded
// series, batch-means standard errors, the printed verdict line, and the z that turns a standard
// error into a tolerance. The reference formulas live in queueing_theory.hpp.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "../sim/test_scenarios.hpp"

namespace civicsim::validation {

/// Tolerance = kZ standard errors (two-sided). With a Student-t on >= 20 batches the chance that a
/// correct model fails one comparison is below 1e-3; the suite makes a few dozen comparisons, all
/// with fixed seeds, so a correct engine passes deterministically.
constexpr double kZ = 4.0;

/// Sum of `metric` over groups (and over districts unless `district` >= 0) for one channel in
/// one report interval.
inline std::int64_t cell_sum(const IntervalRecord& r, int metric, int districts, int channel, int district = -1) {
  const std::size_t per_metric = static_cast<std::size_t>(districts) * kGroups * kChannels;
  std::int64_t sum = 0;
  for (int d = 0; d < districts; ++d) {
    if (district >= 0 && d != district) continue;
    for (int g = 0; g < kGroups; ++g)
      sum += r.series[metric * per_metric + (static_cast<std::size_t>(d) * kGroups + g) * kChannels + channel];
  }
  return sum;
}

/// Per-batch totals of one metric: intervals [first, first + batches * per_batch) split into
/// consecutive batches of `per_batch` report intervals.
inline std::vector<double> batch_totals(const testing::Recorder& rec, int metric, int districts, int channel,
                                        int district, std::size_t first, std::size_t per_batch) {
  std::vector<double> out;
  for (std::size_t b = first; b + per_batch <= rec.intervals.size(); b += per_batch) {
    double sum = 0;
    for (std::size_t t = b; t < b + per_batch; ++t)
      sum += static_cast<double>(cell_sum(rec.intervals[t], metric, districts, channel, district));
    out.push_back(sum);
  }
  return out;
}

struct Estimate {
  double value = 0;  // point estimate over all batches
  double se = 0;     // its standard error from the spread of the batches
  int batches = 0;
  double lag1 = 0;  // lag-1 autocorrelation of the batch values (near 0 if batches are long enough)
};

inline double lag1_autocorrelation(const std::vector<double>& x) {
  const std::size_t n = x.size();
  if (n < 3) return 0;
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(n);
  double num = 0, den = 0;
  for (std::size_t i = 0; i < n; ++i) {
    den += (x[i] - mean) * (x[i] - mean);
    if (i + 1 < n) num += (x[i] - mean) * (x[i + 1] - mean);
  }
  return den > 0 ? num / den : 0;
}

/// Mean of per-batch values and its standard error s / sqrt(B).
inline Estimate batch_mean(const std::vector<double>& x) {
  Estimate e;
  e.batches = static_cast<int>(x.size());
  if (x.empty()) return e;
  for (double v : x) e.value += v;
  e.value /= static_cast<double>(x.size());
  double ss = 0;
  for (double v : x) ss += (v - e.value) * (v - e.value);
  e.se = x.size() > 1 ? std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size())) : 0;
  e.lag1 = lag1_autocorrelation(x);
  return e;
}

/// Ratio estimator sum(num) / sum(den) over batches, with its batch-means standard error by the
/// delta method: residuals e_b = num_b - r den_b, se = sqrt(sum e_b^2 / (B (B - 1))) / mean(den).
inline Estimate batch_ratio(const std::vector<double>& num, const std::vector<double>& den) {
  Estimate e;
  const std::size_t B = num.size();
  e.batches = static_cast<int>(B);
  double sn = 0, sd = 0;
  for (std::size_t b = 0; b < B; ++b) {
    sn += num[b];
    sd += den[b];
  }
  if (B == 0 || sd <= 0) return e;
  e.value = sn / sd;
  double ss = 0;
  std::vector<double> ratios;
  for (std::size_t b = 0; b < B; ++b) {
    const double r = num[b] - e.value * den[b];
    ss += r * r;
    ratios.push_back(den[b] > 0 ? num[b] / den[b] : e.value);
  }
  const double mean_den = sd / static_cast<double>(B);
  e.se = B > 1 ? std::sqrt(ss / static_cast<double>(B * (B - 1))) / mean_den : 0;
  e.lag1 = lag1_autocorrelation(ratios);
  return e;
}

/// Prints one comparison (estimate, reference, tolerance), records it as test properties (so it
/// lands in --gtest_output=xml) and checks it.
inline void expect_within(const std::string& what, double estimate, double reference, double tolerance,
                          const std::string& detail = "") {
  std::ostringstream line;
  line << std::setprecision(6) << "[validation] " << what << ": estimate " << estimate << ", reference " << reference
       << ", |diff| " << std::fabs(estimate - reference) << ", tolerance " << tolerance;
  if (!detail.empty()) line << " (" << detail << ")";
  std::cout << line.str() << std::endl;
  std::string key = what;
  for (char& ch : key)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  ::testing::Test::RecordProperty(key + "_estimate", std::to_string(estimate));
  ::testing::Test::RecordProperty(key + "_reference", std::to_string(reference));
  ::testing::Test::RecordProperty(key + "_tolerance", std::to_string(tolerance));
  EXPECT_LE(std::fabs(estimate - reference), tolerance) << what << " (see the [validation] line above)";
}

/// "se 0.0123, 40 batches, lag-1 r 0.05": the provenance of a tolerance.
inline std::string describe(const Estimate& e) {
  std::ostringstream s;
  s << std::setprecision(3) << "se " << e.se << ", z " << kZ << ", " << e.batches << " batches, lag-1 r " << e.lag1;
  return s.str();
}

}  // namespace civicsim::validation
