// The run's headline figures against hand-computed values and against the series.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "test_scenarios.hpp"

namespace civicsim {
namespace {

TEST(Summary, PercentileMeanAndResolutionOfAKnownQueue) {
  // Ten urban adults join one clerk at midnight; 10-minute services: waits 0, 10, ..., 90 minutes.
  Engine e(testing::one_hall(1, 10, kInfinity));
  for (std::uint32_t c = 0; c < 10; ++c) {
    Request r{};
    r.id = c + 1;
    r.citizen = c;
    r.kind = kTokenJoin;
    r.queue = 0;
    r.attempt = 1;
    e.world().pending.push_back(r);
  }
  testing::Recorder rec;
  e.run_day(0, rec);
  const RunSummary s = e.summary(1);
  const std::size_t ua = kUrbanAdult * kChannels + kInPerson;
  EXPECT_EQ(s.served[ua], 10);
  EXPECT_DOUBLE_EQ(s.wait_mean_seconds[ua], 45 * 60);
  EXPECT_DOUBLE_EQ(s.wait_p90_seconds[ua], 80 * 60);  // the 9th of 10 waits
  EXPECT_EQ(s.needs[kUrbanAdult], 10);
  EXPECT_DOUBLE_EQ(s.first_contact_resolution[kUrbanAdult], 1.0);
  EXPECT_DOUBLE_EQ(s.total_time_mean_seconds[kUrbanAdult], 45 * 60 + 10 * 60);
  EXPECT_TRUE(std::isnan(s.wait_mean_seconds[kRuralElderly * kChannels + kInPerson]));  // nobody
}

TEST(Summary, AgreesWithTheSeriesAndDailyTables) {
  const Params p = testing::small_city();
  Engine e(p);
  testing::Recorder rec;
  e.run(rec);
  const RunSummary s = e.summary(p.days);
  const std::size_t per_metric = rec.intervals[0].series.size() / kSeriesMetrics;
  for (int g = 0; g < kGroups; ++g) {
    for (int c = 0; c < kChannels; ++c) {
      std::int64_t arrivals = 0, served = 0;
      for (const auto& r : rec.intervals)
        for (std::size_t i = g * kChannels + c; i < per_metric; i += kGroups * kChannels) {
          arrivals += r.series[kArrivals * per_metric + i];
          served += r.series[kServed * per_metric + i];
        }
      EXPECT_EQ(s.arrivals[g * kChannels + c], arrivals);
      EXPECT_EQ(s.served[g * kChannels + c], served);
      if (served > 0) {
        EXPECT_LE(s.wait_mean_seconds[g * kChannels + c], 86400.0);
      }
    }
    std::int64_t unmet = 0;
    for (const DayRecord& d : rec.days)
      for (std::size_t i = g; i < d.unmet_needs.size(); i += kGroups) unmet += d.unmet_needs[i];
    EXPECT_EQ(s.unmet_needs[g], unmet);
    EXPECT_EQ(s.needs[g], s.resolved[g] + s.unmet_needs[g]);
    EXPECT_LE(s.first_contact_resolution[g], s.resolution_rate[g]);
  }
  double cost = 0;
  for (const auto& r : e.intervention_records(p.days)) cost += r.total_cost;
  EXPECT_DOUBLE_EQ(s.total_cost, cost);
  EXPECT_GT(s.elderly_adult_total_time_ratio, 0.0);
}

}  // namespace
}  // namespace civicsim
