// A parameter's distribution (io/design.hpp): each kind's inverse CDF against its analytic values
// (the truncated normal against a CDF computed here with std::erfc), rounding, the text of
// describe(), and the distributions that cannot be sampled.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "io/design.hpp"

namespace civicsim::io {
namespace {

Distribution make(DistributionKind kind, double low, double high) {
  Distribution d;
  d.kind = kind;
  d.low = low;
  d.high = high;
  return d;
}

Distribution normal(double mean, double sd, double low, double high) {
  Distribution d = make(DistributionKind::normal, low, high);
  d.mean = mean;
  d.sd = sd;
  return d;
}

/// CDF of N(mean, sd^2) truncated to [low, high] at x, from std::erfc: upper tails for an interval
/// above the mean, lower tails otherwise (so that no difference of numbers near 1 is taken).
double truncated_normal_cdf(const Distribution& d, double x) {
  const double za = (d.low - d.mean) / d.sd, zb = (d.high - d.mean) / d.sd, z = (x - d.mean) / d.sd;
  const double r = 1 / std::sqrt(2.0);
  if (za >= 0) return (std::erfc(za * r) - std::erfc(z * r)) / (std::erfc(za * r) - std::erfc(zb * r));
  return (std::erfc(-z * r) - std::erfc(-za * r)) / (std::erfc(-zb * r) - std::erfc(-za * r));
}

TEST(Distribution, UniformEndpointsAndMidpoint) {
  const Distribution d = make(DistributionKind::uniform, 0.25, 0.55);
  EXPECT_EQ(d.quantile(0), 0.25);
  EXPECT_EQ(d.quantile(1), 0.55);
  EXPECT_NEAR(d.quantile(0.5), 0.4, 1e-15);
  EXPECT_NEAR(d.quantile(0.1), 0.28, 1e-15);
}

TEST(Distribution, LogUniformMedianIsTheGeometricMean) {
  const Distribution d = make(DistributionKind::log_uniform, 0.01, 100);
  EXPECT_EQ(d.quantile(0), 0.01);
  EXPECT_EQ(d.quantile(1), 100);
  EXPECT_NEAR(d.quantile(0.5), std::sqrt(0.01 * 100), 1e-13);
  EXPECT_NEAR(d.quantile(0.25), 0.1, 1e-14);  // a quarter of the way in log10: -2 -> -1
}

TEST(Distribution, TruncatedNormalWithSymmetricBounds) {
  const Distribution d = normal(0.4, 0.05, 0.3, 0.5);
  EXPECT_NEAR(d.quantile(0.5), 0.4, 1e-15);
  EXPECT_EQ(d.quantile(0), 0.3);
  EXPECT_EQ(d.quantile(1), 0.5);
  EXPECT_NEAR(d.quantile(0.2) + d.quantile(0.8), 0.8, 1e-14);  // symmetric about the mean
}

TEST(Distribution, TruncatedNormalInvertsItsCdf) {
  const Distribution cases[] = {
      normal(0.4, 0.05, 0.3, 0.5),  // symmetric
      normal(0, 1, -0.5, 3),        // lopsided
      normal(10, 2, 11, 20),        // above the mean: upper tails
      normal(0, 1, -9, -7),         // far in the lower tail
      normal(0, 1, 6, 8),           // far in the upper tail
  };
  for (const Distribution& d : cases) {
    for (double u : {0.001, 0.1, 0.3, 0.5, 0.77, 0.999}) {
      const double x = d.quantile(u);
      EXPECT_TRUE(x >= d.low && x <= d.high) << d.describe() << " u " << u << " x " << x;
      EXPECT_NEAR(truncated_normal_cdf(d, x), u, 1e-9) << d.describe() << " u " << u;
    }
  }
}

TEST(Distribution, TriangularModeAtItsCdf) {
  Distribution d = make(DistributionKind::triangular, 1, 5);
  d.mode = 2;
  const double f_mode = (d.mode - d.low) / (d.high - d.low);
  EXPECT_NEAR(d.quantile(f_mode), 2, 1e-14);
  EXPECT_EQ(d.quantile(0), 1);
  EXPECT_EQ(d.quantile(1), 5);
  EXPECT_NEAR(d.quantile(0.0625), 1.5, 1e-14);         // F(x) = (x-1)^2 / 4 below the mode
  EXPECT_NEAR(d.quantile(1 - 0.25 / 12), 4.5, 1e-14);  // 1 - F(x) = (5-x)^2 / 12 above it
  d.mode = 5;                                          // the mode at a bound
  EXPECT_NEAR(d.quantile(0.25), 3, 1e-14);             // F(x) = (x-1)^2 / 16
}

TEST(Distribution, DiscreteIndex) {
  Distribution d;
  d.kind = DistributionKind::discrete;
  d.values = {"a", "b", "c"};
  EXPECT_EQ(d.quantile(0), 0);
  EXPECT_EQ(d.quantile(0.33), 0);
  EXPECT_EQ(d.quantile(0.34), 1);
  EXPECT_EQ(d.quantile(0.67), 2);
  EXPECT_EQ(d.quantile(1), 2);  // floor(3) clamped to the last item
}

TEST(Distribution, IntegerGivesEveryWholeNumberAnEqualShareOfAUniform) {
  // Whole number k stands for [k - 1/2, k + 1/2): on [0, 10] each of the 11 gets a cell of u of 1/11,
  // the ends too (rounding on [0, 10] itself would give them half).
  Distribution d = make(DistributionKind::uniform, 0, 10);
  d.integer = true;
  for (int k = 0; k <= 10; ++k) {
    EXPECT_EQ(d.quantile((k + 0.5) / 11), k);
    if (k > 0) EXPECT_EQ(d.quantile(k / 11.0 - 1e-9), k - 1);
    if (k > 0) EXPECT_EQ(d.quantile(k / 11.0 + 1e-9), k);
  }
  EXPECT_EQ(d.quantile(0), 0);
  EXPECT_EQ(d.quantile(1), 10);
  d.low = -10.2;  // the whole numbers inside: -10 .. 0
  d.high = 0;
  EXPECT_EQ(d.quantile(0), -10);
  EXPECT_EQ(d.quantile(0.5), -5);
  d.low = 0.2;
  d.high = 0.4;
  EXPECT_NE(d.problem().find("needs a whole number between low and high"), std::string::npos) << d.problem();
}

TEST(Distribution, Describe) {
  EXPECT_EQ(make(DistributionKind::uniform, 0.25, 0.55).describe(), "uniform(0.25, 0.55)");
  EXPECT_EQ(normal(0.4, 0.05, 0.2, 0.6).describe(), "normal(0.4, 0.05; 0.2, 0.6)");
  EXPECT_EQ(make(DistributionKind::log_uniform, 0.001, 1e7).describe(), "log_uniform(0.001, 1e+07)");
  Distribution t = make(DistributionKind::triangular, 1.23456789, 3);
  t.mode = 2;
  EXPECT_EQ(t.describe(), "triangular(1.23457, 2, 3)");
  Distribution d;
  d.kind = DistributionKind::discrete;
  d.values = {"a", "b", "c"};
  EXPECT_EQ(d.describe(), "discrete[3]");
  Distribution i = make(DistributionKind::uniform, 1, 10);
  i.integer = true;
  EXPECT_EQ(i.describe(), "uniform(1, 10) integer");
}

void expect_unusable(const Distribution& d, const std::string& says) {
  EXPECT_NE(d.problem().find(says), std::string::npos) << d.problem();
  try {
    d.quantile(0.5);
    FAIL() << d.describe() << " was sampled";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(e.what(), d.problem());
  }
}

TEST(Distribution, UnusableOnesAreRefusedWithTheReason) {
  expect_unusable(make(DistributionKind::log_uniform, 0, 1), "0 < low");
  expect_unusable(make(DistributionKind::uniform, 2, 1), "low <= high");
  expect_unusable(normal(0, 0, -1, 1), "sd > 0");
  Distribution t = make(DistributionKind::triangular, 0, 1);
  t.mode = 2;
  expect_unusable(t, "low <= mode <= high");
  Distribution empty;
  empty.kind = DistributionKind::discrete;
  expect_unusable(empty, "at least one value");
  EXPECT_EQ(make(DistributionKind::uniform, 0, 1).problem(), "");
}

}  // namespace
}  // namespace civicsim::io
