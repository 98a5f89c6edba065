// Every mechanism of issue 17 at once (tests/validation/scale_city_mechanisms.yaml: district age
// structure, rural literacy, elderly channel constants, halls that serve their line at closing,
// patience that grows with the trip, burnout, trust from satisfaction and in adoption, quitting,
// voice assistants with elder care and the warm hand-off, village kiosks with helpers, moment-by-
// moment dispatch, data sharing with incidents): the run is bit-identical on 1 and 2 threads and
// at 5- and 15-minute steps, and every mechanism did act in it. Scale invariance with the same
// file is ctest validation.scale_invariance_mechanisms.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>

#include "io/scenario.hpp"
#include "sim/engine.hpp"
#include "../sim/test_scenarios.hpp"

namespace civicsim {
namespace {

Params mechanisms_city() {
  const io::ScenarioResult r =
      io::load_scenario_file(CIVICSIM_SOURCE_DIR "/tests/validation/scale_city_mechanisms.yaml");
  std::string problems;
  for (const auto& e : r.errors) problems += e.str() + "\n";
  EXPECT_TRUE(r.ok()) << problems;
  Params p = r.params;
  p.scale = 0.05;
  p.days = 12;
  // Incidents are rare in the file (about 0.5 a run); here one strikes about every other day from
  // day 7, so that the trust shock and the quitting it causes are part of what must be identical.
  for (Intervention& iv : p.interventions)
    if (iv.type == InterventionType::DataSharing) iv.incidents_per_year = 3000;
  return p;
}

void expect_identical(const testing::Recorder& a, const testing::Recorder& b, const char* what) {
  ASSERT_EQ(a.intervals.size(), b.intervals.size()) << what;
  for (std::size_t t = 0; t < a.intervals.size(); ++t) {
    ASSERT_EQ(a.intervals[t].series, b.intervals[t].series) << what << ", interval " << t;
    ASSERT_EQ(a.intervals[t].servers_on_duty, b.intervals[t].servers_on_duty) << what << ", interval " << t;
  }
  ASSERT_EQ(a.days.size(), b.days.size()) << what;
  for (std::size_t d = 0; d < a.days.size(); ++d) {
    EXPECT_EQ(a.days[d].adopted, b.days[d].adopted) << what << ", day " << d;
    EXPECT_EQ(a.days[d].unmet_needs, b.days[d].unmet_needs) << what << ", day " << d;
    EXPECT_EQ(a.days[d].staff, b.days[d].staff) << what << ", day " << d;
    const auto& ta = a.days[d].trust_mean;
    const auto& tb = b.days[d].trust_mean;
    ASSERT_EQ(ta.size(), tb.size());
    EXPECT_EQ(0, std::memcmp(ta.data(), tb.data(), ta.size() * sizeof(double))) << what << ", day " << d;
    const auto& sa = a.days[d].satisfaction_mean;
    const auto& sb = b.days[d].satisfaction_mean;
    EXPECT_EQ(0, std::memcmp(sa.data(), sb.data(), sa.size() * sizeof(double))) << what << ", day " << d;
  }
}

/// Sum of one /series metric over the run for one channel, all districts and groups.
std::int64_t total(const testing::Recorder& rec, const Params& p, int metric, int channel) {
  const std::size_t D = p.districts.size();
  std::int64_t n = 0;
  for (const IntervalRecord& r : rec.intervals)
    for (std::size_t d = 0; d < D; ++d)
      for (int g = 0; g < kGroups; ++g)
        n += r.series[((static_cast<std::size_t>(metric) * D + d) * kGroups + g) * kChannels + channel];
  return n;
}

TEST(Mechanisms, AllOnAreIdenticalOnOneAndTwoThreads) {
  const Params p = mechanisms_city();
  const testing::Recorder one = testing::run_parallel(p, 1);
  const testing::Recorder two = testing::run_parallel(p, 2);
  expect_identical(one, two, "1 vs 2 threads");
}

TEST(Mechanisms, AllOnAreIdenticalAcrossStepLengths) {
  Params p = mechanisms_city();
  p.step_minutes = 5;
  const testing::Recorder five = testing::run_all(p);
  p.step_minutes = 15;
  const testing::Recorder fifteen = testing::run_all(p);
  expect_identical(five, fifteen, "5- vs 15-minute steps");
}

TEST(Mechanisms, EveryMechanismActsInTheRun) {
  const Params p = mechanisms_city();
  Engine engine(p);
  testing::Recorder rec;
  engine.run(rec);
  std::int64_t dispatched = 0, incidents = 0;
  for (const InterventionRecord& r : engine.intervention_records(p.days)) {
    dispatched += r.dispatched_sessions;
    incidents += r.incidents;
  }
  EXPECT_GT(dispatched, 0) << "no rural session was dispatched to the core";
  EXPECT_GT(incidents, 0) << "no privacy incident struck";
  // Kiosk sessions are the assistant's contacts that travelled.
  EXPECT_GT(total(rec, p, kTravelSecondsSum, kDigitalHuman), 0) << "nobody used a kiosk";
  EXPECT_GT(total(rec, p, kEscalated, kDigitalHuman), 0);
  // Burnout: some queue's smoothed utilisation passed the threshold, so its staff quit faster.
  const HostVector<double> factor = engine.world().queues.quit_factor;
  double highest = 0;
  for (double f : factor) highest = std::max(highest, f);
  EXPECT_GT(highest, 1.0) << "no queue was busy enough for burnout";
  // The oldest ring (share_60_plus 0.16) has a larger elderly share among its agents than the suburb (0.08).
  const DayRecord& day0 = rec.days.front();
  auto elderly_share = [&](int d) {
    const std::int64_t* pop = day0.population.data() + d * kGroups;
    return double(pop[kUrbanElderly] + pop[kRuralElderly]) / double(std::accumulate(pop, pop + kGroups, std::int64_t{0}));
  };
  EXPECT_GT(elderly_share(2), 1.5 * elderly_share(1));
}

}  // namespace
}  // namespace civicsim
