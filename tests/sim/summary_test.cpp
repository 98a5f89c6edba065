// The run's headline figures against hand-computed values and against the series.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "test_scenarios.hpp"

namespace civicsim {
namespace {

/// `n` needs of citizens 0, 1, ... (cycling over `citizens`) join the hall at midnight.
void join_at_midnight(Engine& e, std::uint32_t n, std::uint32_t citizens) {
  for (std::uint32_t c = 0; c < n; ++c) {
    Request r{};
    r.id = c + 1;
    r.citizen = c % citizens;
    r.kind = kTokenJoin;
    r.queue = 0;
    r.attempt = 1;
    e.world().pending.push_back(r);
  }
}

TEST(Summary, PercentileMeanAndResolutionOfAKnownQueue) {
  // Ten urban adults join one clerk at midnight; 10-minute services: waits 0, 10, ..., 90 minutes.
  Engine e(testing::one_hall(1, 10, kInfinity));
  join_at_midnight(e, 10, 10);
  testing::Recorder rec;
  e.run_day(0, rec);
  const RunSummary s = e.summary(1);
  const std::size_t ua = kUrbanAdult * kChannels + kInPerson;
  EXPECT_EQ(s.served[ua], 10);
  EXPECT_DOUBLE_EQ(s.wait_mean_seconds[ua], 45 * 60);
  // Quantiles are exact below an hour (1 s bins of whole-second waits) and interpolated within a
  // 1 min bin above, its waits spread evenly over it: the 5th of 10 waits is 40 min, the 9th
  // (80 min) ends its bin, and the 99th percentile lies 0.9 of the way into the 10th's bin.
  EXPECT_DOUBLE_EQ(s.wait_p50_seconds[ua], 40 * 60);
  EXPECT_DOUBLE_EQ(s.wait_p90_seconds[ua], 80 * 60 + 60);
  EXPECT_DOUBLE_EQ(s.wait_p99_seconds[ua], 90 * 60 + 54);
  EXPECT_EQ(s.open_needs[kUrbanAdult], 0);
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

TEST(Summary, WaitQuantilesInterpolateWithinABin) {
  std::vector<std::uint64_t> h(kWaitBins, 0);
  EXPECT_TRUE(std::isnan(wait_quantile(h.data(), 0.5)));
  h[0] = 100;  // 100 waits of 0 s: every quantile is 0, as the mean
  EXPECT_DOUBLE_EQ(wait_quantile(h.data(), 0.5), 0.0);
  EXPECT_DOUBLE_EQ(wait_quantile(h.data(), 0.99), 0.0);
  h[0] = 0;
  h[10] = 100;  // 100 waits of 10 s
  EXPECT_DOUBLE_EQ(wait_quantile(h.data(), 0.5), 10.0);
  h[kWaitBinsFine + 2] = 100;  // and 100 of 62-63 minutes (bin [3720, 3780))
  EXPECT_DOUBLE_EQ(wait_quantile(h.data(), 0.5), 10.0);
  EXPECT_DOUBLE_EQ(wait_quantile(h.data(), 0.75), 3720 + 30);
  EXPECT_DOUBLE_EQ(wait_quantile(h.data(), 0.9), 3720 + 48);
  h[kWaitBins - 1] = 1000;  // the open last bin: its lower edge
  EXPECT_DOUBLE_EQ(wait_quantile(h.data(), 0.99), wait_bin_start(kWaitBins - 1));
}

TEST(Summary, NeedsStillOpenAtTheEndAreCountedApart) {
  // 200 needs join one clerk at midnight, 10-minute services, endless patience: 143 services end
  // within the day (the 144th at the run's last second, still in service), the rest wait.
  Engine e(testing::one_hall(1, 10, kInfinity));
  join_at_midnight(e, 200, 40);
  testing::Recorder rec;
  e.run_day(0, rec);
  const RunSummary s = e.summary(1);
  EXPECT_EQ(s.needs[kUrbanAdult], 143);
  EXPECT_EQ(s.open_needs[kUrbanAdult], 200 - 143);
  EXPECT_DOUBLE_EQ(s.resolution_rate[kUrbanAdult], 1.0);  // open needs are not in the rates
}

TEST(Summary, TheWarmUpDaysAreLeftOut) {
  Params p = testing::small_city(600000, 4);
  p.warmup_days = 2;
  Engine e(p);
  testing::Recorder rec;
  e.run(rec);
  const RunSummary s = e.summary(p.days);
  EXPECT_EQ(s.window_first_day, 2);
  EXPECT_EQ(s.window_days, 2);
  const std::size_t per_metric = rec.intervals[0].series.size() / kSeriesMetrics;
  const std::size_t per_day = rec.intervals.size() / static_cast<std::size_t>(p.days);
  for (int g = 0; g < kGroups; ++g) {
    std::int64_t arrivals = 0, all = 0, unmet = 0;
    for (std::size_t t = 0; t < rec.intervals.size(); ++t)
      for (std::size_t i = g * kChannels; i < per_metric; i += kGroups * kChannels)
        for (int c = 0; c < kChannels; ++c) {
          const std::int64_t v = rec.intervals[t].series[kArrivals * per_metric + i + c];
          all += v;
          if (t >= 2 * per_day) arrivals += v;
        }
    std::int64_t window_arrivals = 0;
    for (int c = 0; c < kChannels; ++c) window_arrivals += s.arrivals[g * kChannels + c];
    EXPECT_EQ(window_arrivals, arrivals) << kGroupNames[g];
    EXPECT_LT(window_arrivals, all) << kGroupNames[g];
    for (int day = 2; day < p.days; ++day)
      for (std::size_t i = g; i < rec.days[day].unmet_needs.size(); i += kGroups) unmet += rec.days[day].unmet_needs[i];
    EXPECT_EQ(s.unmet_needs[g], unmet) << kGroupNames[g];
  }
}

}  // namespace
}  // namespace civicsim
