#include <gtest/gtest.h>

#include <cmath>

#include "kernels/math.hpp"

namespace civicsim {
namespace {

TEST(PortableMath, ExpMatchesLibraryWithinTwoUlp) {
  for (double x = -700.0; x < 700.0; x += 0.3713) {
    const double ref = std::exp(x);
    EXPECT_NEAR(pmath::exp(x), ref, 4.5e-16 * ref) << "x=" << x;
  }
  EXPECT_EQ(pmath::exp(0.0), 1.0);
  EXPECT_EQ(pmath::exp(-1000.0), 0.0);
  EXPECT_TRUE(std::isinf(pmath::exp(1000.0)));
}

TEST(PortableMath, LogMatchesLibraryWithinTwoUlp) {
  for (double x = 1e-300; x < 1e300; x *= 1.37) {
    const double ref = std::log(x);
    EXPECT_NEAR(pmath::log(x), ref, 4.5e-16 * std::fabs(ref) + 1e-300) << "x=" << x;
  }
  for (double x = 0.5; x < 2.0; x += 0.001) {
    EXPECT_NEAR(pmath::log(x), std::log(x), 2.3e-16) << "x=" << x;
  }
  EXPECT_EQ(pmath::log(1.0), 0.0);
  EXPECT_TRUE(std::isinf(pmath::log(0.0)));
  EXPECT_TRUE(std::isnan(pmath::log(-1.0)));
}

TEST(PortableMath, NormalQuantileMatchesKnownValues) {
  EXPECT_NEAR(pmath::normal_quantile(0.5), 0.0, 1e-12);
  EXPECT_NEAR(pmath::normal_quantile(0.975), 1.959963984540054, 2e-9);
  EXPECT_NEAR(pmath::normal_quantile(0.025), -1.959963984540054, 2e-9);
  EXPECT_NEAR(pmath::normal_quantile(0.001), -3.090232306167814, 4e-9);
  EXPECT_NEAR(pmath::normal_quantile(0.8413447460685429), 1.0, 2e-9);
}

}  // namespace
}  // namespace civicsim
