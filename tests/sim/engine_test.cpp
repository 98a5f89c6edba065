// Whole runs: conservation, determinism across thread counts and step lengths, and the daily pass.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>

#include "test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::Recorder;
using testing::run_all;
using testing::small_city;

std::size_t cell(int d, int g, int c) { return (static_cast<std::size_t>(d) * kGroups + g) * kChannels + c; }

/// arrivals = served + abandoned + still waiting, per district, group and channel, at the end of
/// every report interval (cumulative counts); online has no queue: arrivals = served.
void expect_conservation(const Recorder& rec, int districts) {
  const std::size_t per_metric = static_cast<std::size_t>(districts) * kGroups * kChannels;
  std::vector<std::int64_t> arrivals(per_metric, 0), served(per_metric, 0), abandoned(per_metric, 0),
      completed(per_metric, 0), resolved(per_metric, 0), immediate(per_metric, 0);
  for (std::size_t t = 0; t < rec.intervals.size(); ++t) {
    const auto& s = rec.intervals[t].series;
    for (std::size_t i = 0; i < per_metric; ++i) {
      arrivals[i] += s[kArrivals * per_metric + i];
      served[i] += s[kServed * per_metric + i];
      abandoned[i] += s[kAbandoned * per_metric + i];
      completed[i] += s[kCompleted * per_metric + i];
      resolved[i] += s[kResolved * per_metric + i];
      immediate[i] += s[kServedImmediately * per_metric + i];
      const std::int64_t waiting = s[kQueueLength * per_metric + i];
      ASSERT_EQ(arrivals[i], served[i] + abandoned[i] + waiting) << "interval " << t << " cell " << i;
      ASSERT_LE(completed[i], served[i]);
      ASSERT_LE(resolved[i], completed[i]);
      ASSERT_LE(immediate[i], served[i]);
    }
  }
  for (int d = 0; d < districts; ++d)
    for (int g = 0; g < kGroups; ++g) {
      EXPECT_EQ(abandoned[cell(d, g, kOnline)], 0);
      EXPECT_EQ(arrivals[cell(d, g, kOnline)], served[cell(d, g, kOnline)]);
    }
}

std::int64_t total(const Recorder& rec, int metric, int channel, int districts) {
  const std::size_t per_metric = static_cast<std::size_t>(districts) * kGroups * kChannels;
  std::int64_t sum = 0;
  for (const auto& r : rec.intervals)
    for (std::size_t i = channel; i < per_metric; i += kChannels) sum += r.series[metric * per_metric + i];
  return sum;
}

TEST(Engine, ConservationHoldsAndEveryChannelIsUsed) {
  const Params p = small_city();
  const Recorder rec = run_all(p);
  ASSERT_EQ(rec.intervals.size(), static_cast<std::size_t>(p.days * 24));
  ASSERT_EQ(rec.days.size(), static_cast<std::size_t>(p.days));
  expect_conservation(rec, 3);
  for (int c = 0; c < kChannels; ++c) EXPECT_GT(total(rec, kArrivals, c, 3), 0) << kChannelNames[c];
  EXPECT_GT(total(rec, kEscalated, kDigitalHuman, 3), 0);
  EXPECT_GT(total(rec, kAbandoned, kHotline, 3), 0);
}

TEST(Engine, SameSeedSameResultsDifferentSeedDifferentResults) {
  Params p = small_city(600000, 2);
  const Recorder a = run_all(p), b = run_all(p);
  ASSERT_EQ(a.intervals.size(), b.intervals.size());
  for (std::size_t t = 0; t < a.intervals.size(); ++t) ASSERT_EQ(a.intervals[t].series, b.intervals[t].series);
  p.seed += 1;
  const Recorder c = run_all(p);
  bool differ = false;
  for (std::size_t t = 0; t < a.intervals.size(); ++t)
    differ = differ || a.intervals[t].series != c.intervals[t].series;
  EXPECT_TRUE(differ);
}

TEST(Engine, OneAndTwoThreadsGiveIdenticalResults) {
  // Every step takes the parallel path, however small.
  const Params p = small_city(2'000'000, 2);
  const Recorder one = testing::run_parallel(p, 1);
  const Recorder two = testing::run_parallel(p, 2);
  const Recorder serial = run_all(p);
  ASSERT_EQ(one.intervals.size(), two.intervals.size());
  for (std::size_t t = 0; t < one.intervals.size(); ++t) {
    ASSERT_EQ(one.intervals[t].series, two.intervals[t].series) << "interval " << t;
    ASSERT_EQ(one.intervals[t].servers_on_duty, two.intervals[t].servers_on_duty);
    ASSERT_EQ(one.intervals[t].series, serial.intervals[t].series) << "interval " << t;
  }
  for (std::size_t d = 0; d < one.days.size(); ++d) {
    EXPECT_EQ(one.days[d].adopted, two.days[d].adopted);
    EXPECT_EQ(0, std::memcmp(one.days[d].trust_mean.data(), two.days[d].trust_mean.data(),
                             one.days[d].trust_mean.size() * sizeof(double)));  // NaN where nobody lives
    EXPECT_EQ(one.days[d].unmet_needs, two.days[d].unmet_needs);
  }
}

TEST(Engine, StepLengthDoesNotChangeResults) {
  // Events keep exact times inside a step, so 1-, 5- and 15-minute steps agree exactly.
  Params p = small_city(600000, 2);
  p.step_minutes = 5;
  const Recorder five = run_all(p);
  for (int step : {1, 15}) {
    p.step_minutes = step;
    const Recorder other = run_all(p);
    ASSERT_EQ(other.intervals.size(), five.intervals.size());
    for (std::size_t t = 0; t < five.intervals.size(); ++t)
      ASSERT_EQ(other.intervals[t].series, five.intervals[t].series) << "step " << step << " interval " << t;
  }
}

TEST(Engine, DailyTablesCountEveryoneAndInterventionsAddCapacity) {
  const Params p = small_city();
  Engine engine(p);
  Recorder rec;
  engine.run(rec);
  const std::int64_t agents = static_cast<std::int64_t>(engine.world().citizens.size());
  for (const DayRecord& day : rec.days) {
    EXPECT_EQ(std::accumulate(day.population.begin(), day.population.end(), std::int64_t{0}), agents);
    for (std::size_t i = 0; i < day.population.size(); ++i) {
      if (day.population[i] == 0) {
        EXPECT_TRUE(std::isnan(day.trust_mean[i]));  // nobody to average over
        continue;
      }
      EXPECT_LE(day.adopted[i], day.internet_access[i]);
      EXPECT_GE(day.trust_mean[i], 0.0);
      EXPECT_LE(day.trust_mean[i], 1.0);
    }
  }
  auto staff = [&](int day, int channel) {
    std::int64_t n = 0;
    for (int d = 0; d < 3; ++d) n += rec.days[day].staff[d * kChannels + channel];
    return n;
  };
  EXPECT_EQ(staff(0, kDigitalHuman), 0);                // before the rollout
  EXPECT_EQ(staff(1, kDigitalHuman), 3 * 10 * 8);       // rolled out on day 1, real sessions at any scale
  EXPECT_GT(staff(2, kInPerson), staff(1, kInPerson));  // staffing on day 2
  const auto records = engine.intervention_records(p.days);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].applied);
  // Priced on what is deployed: 3 districts x 10 instances.
  const double instances = 3.0 * 10;
  EXPECT_DOUBLE_EQ(records[0].setup_cost, instances * p.interventions[0].setup_cost_per_instance);
  EXPECT_DOUBLE_EQ(records[0].total_cost, records[0].setup_cost + records[0].daily_cost * (p.days - 1));
}

TEST(Engine, AdoptionFollowsDiscreteBass) {
  // Everyone online, ease 1, nobody adopted at first: the adopter share follows the discrete Bass
  // recursion F' = F + (1 - F)(1 - exp(-(p + q F) / 365)) within sampling error.
  Params p = small_city(3'000'000, 60);
  p.types[0].rate_per_year = {0, 0};
  p.types[1].rate_per_year = {0, 0};
  p.interventions.clear();
  p.internet_access = {1, 1};
  p.internet_elderly_factor = 1;
  p.literacy_mean = {1, 1};
  p.literacy_sd = {0, 0};
  p.initial_adoption = {0, 0};
  p.bass_p = 0.3;
  p.bass_q = 3.8;  // ten times the defaults, so that 60 days cover the S-curve
  const Recorder rec = run_all(p);
  std::vector<double> share(3, 0.0);
  for (int day = 0; day < p.days; ++day) {
    for (int d = 0; d < 3; ++d) {
      std::int64_t n = 0, a = 0;
      for (int g = 0; g < kGroups; ++g) {
        n += rec.days[day].population[d * kGroups + g];
        a += rec.days[day].adopted[d * kGroups + g];
      }
      share[d] += (1 - share[d]) * (1 - std::exp(-(p.bass_p + p.bass_q * share[d]) / 365.0));
      const double tolerance = 5 * std::sqrt(0.25 / n) + 0.01;  // sampling + propagation of early noise
      EXPECT_NEAR(static_cast<double>(a) / n, share[d], tolerance) << "day " << day << " district " << d;
    }
  }
}

}  // namespace
}  // namespace civicsim

namespace civicsim {
namespace {

TEST(Engine, HotlineShiftsCoverEveryOpenHour) {
  Params p = testing::small_city(600000, 1);
  p.hotline_operators = 300;  // 6 operators at scale 0.02, on 8-hour shifts
  p.hotline_shift_hours = 8;
  const Recorder rec = run_all(p);
  ASSERT_EQ(rec.intervals.size(), 24u);
  for (std::size_t t = 0; t < rec.intervals.size(); ++t) {
    std::int64_t on_duty = 0;
    for (int d = 0; d < 3; ++d) on_duty += rec.intervals[t].servers_on_duty[d * kChannels + kHotline];
    EXPECT_GE(on_duty, 1) << "hour ending " << (t + 1);
  }
}

TEST(Engine, NeedsThatFindEverythingClosedComeBackSpreadOverTheProfile) {
  Params p = testing::one_hall(1, 10, kInfinity);
  p.hours[kInPerson] = OpeningHours{};
  p.hours[kInPerson].weekday = {{9 * 60, 17 * 60}};
  Engine e(p);
  for (std::uint32_t i = 0; i < 2000; ++i) {
    Request r{};
    r.id = i + 1;
    r.citizen = i % 50;
    r.time = 2 * 3600;  // 02:00 on a Monday: the hall is closed and nothing else serves this type
    r.born = r.time;
    r.kind = kTokenChoose;
    e.world().pending.push_back(r);
  }
  e.advance_window(2 * 3600, 2 * 3600 + 600);
  HostVector<Request> pending = e.world().pending;
  ASSERT_EQ(pending.size(), 2000u);
  double weight_open = 0, weight_all = 0;
  for (int h = 3; h < 27; ++h) {
    weight_all += p.profile_weekday[h % 24];
    if (h >= 9 && h < 17) weight_open += p.profile_weekday[h];
  }
  int in_opening_hours = 0;
  for (const Request& r : pending) {
    ASSERT_EQ(r.kind, kTokenChoose);
    ASSERT_GE(r.time, 3 * 3600);          // not before the next full hour
    ASSERT_LT(r.time, 3 * 3600 + 86400);  // within the next 24 hours
    in_opening_hours += r.time >= 9 * 3600 && r.time < 17 * 3600;
  }
  const double expected = weight_open / weight_all, share = in_opening_hours / 2000.0;
  EXPECT_NEAR(share, expected, 4 * std::sqrt(expected * (1 - expected) / 2000));
}

}  // namespace
}  // namespace civicsim

namespace civicsim {
namespace {

TEST(Engine, ADemandSurgeRaisesNeedsInItsDistrictsOnItsDaysOnly) {
  Params base = testing::small_city(3'000'000, 4);
  base.interventions.clear();
  Params surged = base;
  DemandSurge surge;
  surge.start_day = 1;
  surge.end_day = 3;
  surge.districts.mode = DistrictSelector::Mode::Names;
  surge.districts.names = {"fields"};  // 20% of the residents
  surge.factor = 4.0;
  surged.surges.push_back(surge);
  std::vector<double> needs[2];
  for (int arm = 0; arm < 2; ++arm) {
    Engine e(arm == 0 ? base : surged);
    EngineObserver quiet;
    std::uint64_t before = 0;
    for (int day = 0; day < base.days; ++day) {
      e.run_day(day, quiet);
      needs[arm].push_back(static_cast<double>(e.totals().requests - before));
      before = e.totals().requests;
    }
  }
  // Outside the surge the draws are the same ones (no district's rate changed).
  EXPECT_EQ(needs[0][0], needs[1][0]);
  EXPECT_EQ(needs[0][3], needs[1][3]);
  // During it, the fields' share (about a fifth) counts four times: about 1.6 times the needs.
  for (int day = 1; day < 3; ++day) {
    const double ratio = needs[1][day] / needs[0][day];
    EXPECT_GT(ratio, 1.45) << "day " << day;
    EXPECT_LT(ratio, 1.75) << "day " << day;
  }
}

}  // namespace
}  // namespace civicsim

namespace civicsim {
namespace {

TEST(Engine, ARunWithNoAgentsRunsAndCountsNobody) {
  Params p = testing::small_city(600000, 2);
  p.scale = 1e-10;  // valid, and rounds every district to zero agents
  Engine e(p);
  ASSERT_EQ(e.world().citizens.size(), 0u);
  const Recorder rec = [&] {
    Recorder r;
    e.run(r);
    return r;
  }();
  ASSERT_EQ(rec.days.size(), 2u);
  for (std::int64_t n : rec.days[1].population) EXPECT_EQ(n, 0);
  EXPECT_EQ(e.totals().requests, 0u);
}

TEST(Engine, TestWindowsMustStayInsideOneHour) {
  Engine e(testing::one_hall(1, 10, kInfinity));
  EXPECT_THROW(e.advance_window(3000, 4000), std::logic_error);
  EXPECT_NO_THROW(e.advance_window(3000, 3600));
}

}  // namespace
}  // namespace civicsim
