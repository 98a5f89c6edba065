// The sensitivity estimators against known answers: Sobol' indices of Ishigami's function on a
// Saltelli layout, Morris effects of linear functions, rank regression of a function of one
// parameter, the bootstrap intervals, and rows with non-finite outputs dropped and counted.
#include "viz_export/sensitivity_indices.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "tests/viz_export/design_sweep.hpp"

namespace civicsim::viz::sensitivity {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kWiden = 0.03;

/// Ishigami's function at every point of a unit design of 3 parameters, x = -pi + 2 pi u.
std::vector<double> ishigami_outputs(const std::vector<double>& unit) {
  std::vector<double> y;
  for (std::size_t p = 0; p + 3 <= unit.size(); p += 3) {
    const double x[3] = {-kPi + 2 * kPi * unit[p], -kPi + 2 * kPi * unit[p + 1], -kPi + 2 * kPi * unit[p + 2]};
    y.push_back(test::ishigami(x));
  }
  return y;
}

void expect_within(const Estimate& e, double analytic, const char* what) {
  EXPECT_LE(e.low - kWiden, analytic) << what << " = " << e.value << " [" << e.low << ", " << e.high << "]";
  EXPECT_GE(e.high + kWiden, analytic) << what << " = " << e.value << " [" << e.low << ", " << e.high << "]";
  EXPECT_LE(e.low, e.value) << what;
  EXPECT_GE(e.high, e.value) << what;
  EXPECT_LT(e.high - e.low, 0.2) << what << ": an interval this wide says nothing";
}

TEST(SensitivityIndices, SobolOfIshigamiMatchesTheAnalyticIndices) {
  constexpr int kRows = 4096;
  const std::vector<double> y = ishigami_outputs(test::saltelli_unit(kRows, 3, /*second_order=*/true, 11));
  ASSERT_EQ(y.size(), static_cast<std::size_t>(kRows) * 8);
  const SobolIndices s = sobol_indices(y, 3, true, Bootstrap{1000, 5});
  EXPECT_EQ(s.rows, static_cast<std::size_t>(kRows));
  EXPECT_EQ(s.rows_used, static_cast<std::size_t>(kRows));
  const double first[3] = {0.3139, 0.4424, 0.0}, total[3] = {0.5576, 0.4424, 0.2437};
  for (int i = 0; i < 3; ++i) {
    expect_within(s.first[i], first[i], "S1");
    expect_within(s.total[i], total[i], "ST");
  }
  expect_within(s.s2(0, 2, 3), 0.2437, "S2_13");
  EXPECT_NEAR(s.s2(0, 2, 3).value, 0.2437, 0.08);
  EXPECT_NEAR(s.s2(0, 1, 3).value, 0.0, 0.08);
  EXPECT_TRUE(std::isnan(s.s2(1, 0, 3).value)) << "only i < j is filled";
  // Ishigami's variance: a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
  EXPECT_NEAR(s.variance, 49.0 / 8 + 0.1 * std::pow(kPi, 4) / 5 + 0.01 * std::pow(kPi, 8) / 18 + 0.5, 0.6);
}

TEST(SensitivityIndices, BootstrapIsReproducibleByItsSeed) {
  const std::vector<double> y = ishigami_outputs(test::saltelli_unit(256, 3, false, 3));
  const SobolIndices a = sobol_indices(y, 3, false, Bootstrap{200, 9});
  const SobolIndices b = sobol_indices(y, 3, false, Bootstrap{200, 9});
  const SobolIndices c = sobol_indices(y, 3, false, Bootstrap{200, 10});
  EXPECT_TRUE(a.second.empty());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a.first[i].low, b.first[i].low);
    EXPECT_EQ(a.total[i].high, b.total[i].high);
    EXPECT_EQ(a.first[i].value, c.first[i].value);  // the estimate does not depend on the draws
  }
  EXPECT_NE(a.first[0].low, c.first[0].low);
  const SobolIndices none = sobol_indices(y, 3, false, Bootstrap{0, 9});
  EXPECT_EQ(none.first[1].value, a.first[1].value);
  EXPECT_TRUE(std::isnan(none.first[1].low));
}

TEST(SensitivityIndices, SobolDropsBaseRowsWithANonFiniteOutput) {
  const int k = 3, stride = k + 2;
  std::vector<double> y = ishigami_outputs(test::saltelli_unit(64, k, false, 4));
  std::vector<double> kept;
  for (int j = 0; j < 64; ++j) {
    if (j == 5 || j == 40) continue;
    kept.insert(kept.end(), y.begin() + j * stride, y.begin() + (j + 1) * stride);
  }
  y[5 * stride + 2] = std::numeric_limits<double>::quiet_NaN();  // an AB point of row 5
  y[40 * stride + 4] = std::numeric_limits<double>::infinity();  // the B point of row 40
  const SobolIndices dropped = sobol_indices(y, k, false, Bootstrap{0, 0});
  const SobolIndices reference = sobol_indices(kept, k, false, Bootstrap{0, 0});
  EXPECT_EQ(dropped.rows, 64u);
  EXPECT_EQ(dropped.rows_used, 62u);
  for (int i = 0; i < k; ++i) {
    EXPECT_DOUBLE_EQ(dropped.first[i].value, reference.first[i].value);
    EXPECT_DOUBLE_EQ(dropped.total[i].value, reference.total[i].value);
  }
  EXPECT_THROW(sobol_indices(std::vector<double>(11, 1.0), k, false, Bootstrap{}), std::invalid_argument);
  const SobolIndices flat = sobol_indices(std::vector<double>(5 * stride, 2.0), k, false, Bootstrap{10, 0});
  EXPECT_TRUE(std::isnan(flat.first[0].value)) << "an output that does not vary has no indices";
}

/// y = f(u) at every point of a unit design of 3 parameters.
template <class F>
std::vector<double> outputs_of(const std::vector<double>& unit, const F& f) {
  std::vector<double> y;
  for (std::size_t p = 0; p + 3 <= unit.size(); p += 3) y.push_back(f(&unit[p]));
  return y;
}

TEST(SensitivityIndices, MorrisOfALinearFunctionIsItsSlopes) {
  const std::vector<double> unit = test::morris_unit(12, 3, 4, 8);
  const std::vector<double> y = outputs_of(unit, [](const double* u) { return 3 * u[0] + 1 * u[1] + 0 * u[2]; });
  const MorrisIndices m = morris_indices(unit, y, 3, Bootstrap{500, 1});
  EXPECT_EQ(m.trajectories, 12u);
  EXPECT_EQ(m.trajectories_used, 12u);
  const double slope[3] = {3, 1, 0};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(m.mu_star[i].value, slope[i], 1e-12);
    EXPECT_NEAR(m.mu[i].value, slope[i], 1e-12);
    EXPECT_NEAR(m.sigma[i].value, 0.0, 1e-12);
    EXPECT_NEAR(m.mu_star[i].low, slope[i], 1e-12);
    EXPECT_NEAR(m.mu_star[i].high, slope[i], 1e-12);
  }
}

TEST(SensitivityIndices, MorrisSignsInteractionsAndDroppedTrajectories) {
  const std::vector<double> unit = test::morris_unit(40, 3, 4, 2);
  std::vector<double> y = outputs_of(unit, [](const double* u) { return -2 * u[0] + 4 * u[1] * u[2]; });
  y[7 * 4 + 2] = std::numeric_limits<double>::quiet_NaN();
  const MorrisIndices m = morris_indices(unit, y, 3, Bootstrap{500, 1});
  EXPECT_EQ(m.trajectories_used, 39u);
  EXPECT_NEAR(m.mu[0].value, -2.0, 1e-12);
  EXPECT_NEAR(m.mu_star[0].value, 2.0, 1e-12);
  EXPECT_NEAR(m.sigma[0].value, 0.0, 1e-12);
  EXPECT_GT(m.sigma[1].value, 0.5) << "u2's effect depends on u3";
  EXPECT_LT(m.mu_star[1].low, m.mu_star[1].high);

  std::vector<double> bent = unit;
  bent[1 * 3 + 2] += 0.5;  // the first step of trajectory 0 moves two parameters
  EXPECT_THROW(morris_indices(bent, y, 3, Bootstrap{}), std::invalid_argument);
  EXPECT_THROW(morris_indices(unit, std::vector<double>(7, 0.0), 3, Bootstrap{}), std::invalid_argument);
}

TEST(SensitivityIndices, RankRegressionOfAFunctionOfOneParameter) {
  const int n = 300;
  const std::vector<double> x = test::latin_hypercube(n, 3, 6);
  std::vector<double> y = outputs_of(x, [](const double* u) { return std::exp(6 * u[0]); });
  const SrrcIndices up = srrc_indices(x, y, 3, Bootstrap{300, 2});
  EXPECT_EQ(up.rows_used, static_cast<std::size_t>(n));
  EXPECT_GT(up.srrc[0].value, 0.99);
  EXPECT_NEAR(up.srrc[1].value, 0.0, 0.1);
  EXPECT_NEAR(up.srrc[2].value, 0.0, 0.1);
  EXPECT_GT(up.r_squared.value, 0.98);
  EXPECT_LE(up.srrc[1].low, 0.0);
  EXPECT_GE(up.srrc[1].high, 0.0);

  y = outputs_of(x, [](const double* u) { return -std::pow(u[0], 3); });
  y[3] = std::numeric_limits<double>::quiet_NaN();
  y[10] = -std::numeric_limits<double>::infinity();
  const SrrcIndices down = srrc_indices(x, y, 3, Bootstrap{0, 0});
  EXPECT_EQ(down.rows_used, static_cast<std::size_t>(n - 2));
  EXPECT_LT(down.srrc[0].value, -0.99);

  std::vector<double> fixed = x;  // the third parameter never varies
  for (int p = 0; p < n; ++p) fixed[p * 3 + 2] = 0.5;
  const SrrcIndices constant = srrc_indices(fixed, y, 3, Bootstrap{0, 0});
  EXPECT_TRUE(std::isnan(constant.srrc[2].value));
  EXPECT_LT(constant.srrc[0].value, -0.99);

  const std::vector<double> noise = outputs_of(x, [](const double* u) { return std::sin(40 * u[0] * u[1]); });
  EXPECT_LT(srrc_indices(x, noise, 3, Bootstrap{0, 0}).r_squared.value, 0.2) << "no monotone trend: low R^2";
}

TEST(SensitivityIndices, AverageRanksAndPercentiles) {
  EXPECT_EQ(average_ranks({3, 1, 4, 1, 5}), (std::vector<double>{3, 1.5, 4, 1.5, 5}));
  EXPECT_EQ(average_ranks({2, 2, 2}), (std::vector<double>{2, 2, 2}));
  std::vector<double> values;
  for (int i = 1; i <= 101; ++i) values.push_back(i);
  values.push_back(std::numeric_limits<double>::quiet_NaN());  // left out
  const Estimate e = percentile_interval(50, values);
  EXPECT_DOUBLE_EQ(e.low, 3.5);  // numpy.percentile(range(1, 102), 2.5)
  EXPECT_DOUBLE_EQ(e.high, 98.5);
  EXPECT_TRUE(std::isnan(percentile_interval(1, {}).low));
}

}  // namespace
}  // namespace civicsim::viz::sensitivity
