#include <gtest/gtest.h>

#include <cmath>

#include "kernels/rng.hpp"

namespace civicsim {
namespace {

// Known-answer vectors of Random123's kat_vectors file (philox4x32, 10 rounds).
TEST(Rng, PhiloxMatchesRandom123KnownAnswers) {
  struct Case {
    std::uint32_t ctr[4], key[2], expect[4];
  } cases[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const Case& c : cases) {
    const std::uint64_t seed = (static_cast<std::uint64_t>(c.key[1]) << 32) | c.key[0];
    const Random4 r = philox(seed, c.ctr[0], c.ctr[1], static_cast<Purpose>(c.ctr[2]), c.ctr[3]);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(r.v[i], c.expect[i]) << "word " << i;
  }
}

TEST(Rng, UniformIsInOpenClosedUnitInterval) {
  EXPECT_GT(u01(0, 0), 0.0);
  EXPECT_EQ(u01(0xffffffff, 0xffffffff), 1.0);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) sum += uniform2(7, i, 0, Purpose::Choice, 0).a;
  EXPECT_NEAR(sum / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));  // 4 standard errors
}

TEST(Rng, DifferentPurposesGiveDifferentStreams) {
  const Random4 a = philox(1, 5, 0, Purpose::Choice, 0), b = philox(1, 5, 0, Purpose::Service, 0);
  EXPECT_NE(a.v[0], b.v[0]);
}

TEST(Rng, ExponentialAndLognormalHaveTheirMeans) {
  const int n = 200000;
  double se = 0, sl = 0, sl2 = 0;
  for (int i = 0; i < n; ++i) {
    const Uniform2 u = uniform2(11, i, 0, Purpose::Service, 0);
    se += exponential(300.0, u.a);
    const double x = lognormal_mean_cv(300.0, 0.6, u.b);
    sl += x;
    sl2 += x * x;
  }
  EXPECT_NEAR(se / n, 300.0, 4 * 300.0 / std::sqrt(n));
  const double mean = sl / n, sd = std::sqrt(sl2 / n - mean * mean);
  EXPECT_NEAR(mean, 300.0, 4 * 180.0 / std::sqrt(n));
  EXPECT_NEAR(sd / mean, 0.6, 0.02);
}

TEST(Rng, PoissonMatchesItsDistribution) {
  const double mean = 2.5;
  const int n = 200000;
  int zeros = 0;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const std::uint32_t k = poisson(mean, uniform2(3, i, 0, Purpose::DailyRequestCount, 0).a);
    sum += k;
    zeros += k == 0;
  }
  EXPECT_NEAR(sum / n, mean, 4 * std::sqrt(mean / n));
  const double p0 = std::exp(-mean);
  EXPECT_NEAR(static_cast<double>(zeros) / n, p0, 4 * std::sqrt(p0 * (1 - p0) / n));
  EXPECT_EQ(poisson(0.0, 0.5), 0u);
}

}  // namespace
}  // namespace civicsim
