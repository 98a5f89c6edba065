// The synthetic population (sim/world.cpp): each district gets its urban/rural split and its
// elderly share exactly (rounded to whole agents), citizens are stored by district and group, and
// every citizen's flags agree with the segment it is stored in.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/world.hpp"
#include "test_scenarios.hpp"

namespace civicsim {
namespace {

TEST(World, EachDistrictHasItsResidenceAndAgeSharesExactly) {
  Params p = testing::small_city(600000, 1);
  p.districts[0].urban_share = 1.0;  // nobody rural
  p.districts[1].urban_share = 0.37;
  p.districts[2].urban_share = 0.0;  // nobody urban
  const World w(p);
  const HostVector<std::uint64_t> group_begin = w.districts.group_begin;
  const HostVector<std::uint64_t> citizen_begin = w.districts.citizen_begin;
  const HostVector<std::uint8_t> flags = w.citizens.flags;
  const HostVector<std::uint16_t> district = w.citizens.district;
  const double elderly = std::min(1.0, p.elderly_share / p.share_15_plus);
  for (int d = 0; d < w.district_count(); ++d) {
    const std::uint64_t n = citizen_begin[d + 1] - citizen_begin[d];
    ASSERT_GT(n, 1000u);
    EXPECT_EQ(group_begin[d * kGroups], citizen_begin[d]);
    EXPECT_EQ(group_begin[(d + 1) * kGroups], citizen_begin[d + 1]);
    const auto count = [&](int g) { return group_begin[d * kGroups + g + 1] - group_begin[d * kGroups + g]; };
    const std::uint64_t rural = count(kRuralAdult) + count(kRuralElderly);
    const std::uint64_t urban = count(kUrbanAdult) + count(kUrbanElderly);
    EXPECT_EQ(rural, static_cast<std::uint64_t>(std::llround(n * (1.0 - p.districts[d].urban_share)))) << d;
    EXPECT_EQ(count(kUrbanElderly), static_cast<std::uint64_t>(std::llround(urban * elderly))) << d;
    EXPECT_EQ(count(kRuralElderly), static_cast<std::uint64_t>(std::llround(rural * elderly))) << d;
    for (int g = 0; g < kGroups; ++g) {
      for (std::uint64_t i = group_begin[d * kGroups + g]; i < group_begin[d * kGroups + g + 1]; ++i) {
        ASSERT_EQ(group_of(flags[i]), g) << "citizen " << i;
        ASSERT_EQ(district[i], d) << "citizen " << i;
      }
    }
  }
}

}  // namespace
}  // namespace civicsim

#include "sim/plan.hpp"

namespace civicsim {
namespace {

TEST(Plan, ADemandSurgeRaisesThePeakOfRequestsInFlight) {
  Params p = testing::small_city(600000, 10);
  const ResourceEstimate plain = estimate_resources(p, false, false);
  DemandSurge surge;
  surge.start_day = 3;
  surge.end_day = 5;
  surge.factor = 5.0;  // every district
  p.surges.push_back(surge);
  const ResourceEstimate surged = estimate_resources(p, false, false);
  EXPECT_NEAR(surged.requests_in_flight, 5.0 * plain.requests_in_flight, 1e-6 * plain.requests_in_flight);
  EXPECT_GT(surged.host_peak_bytes, plain.host_peak_bytes);
  // A surge after the run's last day changes nothing.
  p.surges[0].start_day = 20;
  p.surges[0].end_day = 25;
  EXPECT_DOUBLE_EQ(estimate_resources(p, false, false).requests_in_flight, plain.requests_in_flight);
}

}  // namespace
}  // namespace civicsim
