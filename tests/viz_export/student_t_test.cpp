// The Student t quantile and incomplete beta function of viz_export/student_t against table values.
#include "viz_export/student_t.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace civicsim::viz {
namespace {

TEST(StudentT, QuantilesMatchTables) {
  // t_{0.975, df}, from the standard tables (8–9 significant digits).
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.7062047, 5e-7);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 4.30265273, 5e-8);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.26215716, 5e-8);
  EXPECT_NEAR(student_t_quantile(0.975, 30), 2.04227246, 5e-8);
  EXPECT_NEAR(student_t_quantile(0.975, 1000), 1.96233908, 5e-8);
  // Other levels: t_{0.95, 5} and t_{0.995, 10}; large df tends to the normal quantile.
  EXPECT_NEAR(student_t_quantile(0.95, 5), 2.01504837, 5e-8);
  EXPECT_NEAR(student_t_quantile(0.995, 10), 3.16927267, 5e-8);
  // z + (z³ + z) / (4 df) for df = 10^6, with z = 1.959963985 (Cornish–Fisher; the next term is 1e-12).
  EXPECT_NEAR(student_t_quantile(0.975, 1e6), 1.959966357, 5e-9);
}

TEST(StudentT, QuantileIsSymmetricAndInvertsTheCdf) {
  for (double df : {1.0, 2.5, 7.0, 100.0}) {
    for (double p : {0.001, 0.05, 0.3, 0.6, 0.9, 0.999}) {
      const double t = student_t_quantile(p, df);
      EXPECT_NEAR(student_t_cdf(t, df), p, 1e-12) << "df " << df << " p " << p;
      EXPECT_NEAR(student_t_quantile(1 - p, df), -t, 1e-12 * std::fabs(t) + 1e-15);
    }
  }
  EXPECT_EQ(student_t_quantile(0.5, 3), 0.0);
  EXPECT_DOUBLE_EQ(student_t_cdf(0.0, 4), 0.5);
  // df = 1 is the Cauchy distribution: P(T <= 1) = 3/4.
  EXPECT_NEAR(student_t_cdf(1.0, 1), 0.75, 1e-14);
}

TEST(StudentT, OutsideTheDomainIsNaN) {
  EXPECT_TRUE(std::isnan(student_t_quantile(0.0, 3)));
  EXPECT_TRUE(std::isnan(student_t_quantile(1.0, 3)));
  EXPECT_TRUE(std::isnan(student_t_quantile(0.975, 0)));
  EXPECT_TRUE(std::isnan(student_t_quantile(NAN, 3)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(-1, 2, 0.5)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, 2, 1.5)));
}

TEST(IncompleteBeta, KnownValues) {
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_0.5(2, 3) = 11/16; symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
  EXPECT_NEAR(regularized_incomplete_beta(1, 1, 0.3), 0.3, 1e-15);
  EXPECT_NEAR(regularized_incomplete_beta(3, 1, 0.7), 0.343, 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(2, 3, 0.5), 0.6875, 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(2.5, 4.5, 0.2) + regularized_incomplete_beta(4.5, 2.5, 0.8), 1.0, 1e-14);
  EXPECT_EQ(regularized_incomplete_beta(2, 3, 0), 0.0);
  EXPECT_EQ(regularized_incomplete_beta(2, 3, 1), 1.0);
}

}  // namespace
}  // namespace civicsim::viz
