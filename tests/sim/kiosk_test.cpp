// Kiosks as service points (issue 17, docs/ODD.md "Kiosks"), each rule in isolation: seats bind,
// opening hours bind, a denser network shortens the trip as the Rayleigh law says, on-site
// helpers lift the literacy that counts for success, and runs stay deterministic.
#include <gtest/gtest.h>

#include <cmath>

#include "test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::make;
using testing::named;
using testing::one_hall;
using testing::Recorder;
using testing::run_all;

/// One district of `area_km2` where nobody has internet and the only channel of the one request
/// type is the digital human, reached at a kiosk: deterministic sessions of `minutes`, infinite
/// patience, every session resolves. `needs_per_day` new needs a day on average.
Params kiosk_town(double kiosks, double seats_per_kiosk, double minutes, double needs_per_day, int days) {
  Params p = one_hall(1, 10, kInfinity);
  p.days = days;
  p.districts[0].population = 4000;
  p.districts[0].area_km2 = 100;
  p.internet_access = {0, 0};
  p.patience_minutes[kDigitalHuman] = kInfinity;
  RequestType& t = p.types[0];
  t.channels = {false, false, false, true};
  t.service_minutes[kDigitalHuman] = minutes;
  t.complexity = 0;
  t.digital_success = 1;
  t.rate_per_year = {needs_per_day * 365.0 / 4000, needs_per_day * 365.0 / 4000};
  Intervention v = make(InterventionType::DigitalHumanRollout, 0);
  v.kiosks = kiosks;
  v.kiosk_users_at_once = seats_per_kiosk;
  v.kiosk_session_factor = 1;
  v.kiosk_hours = OpeningHours{};
  v.kiosk_hours.always = true;
  v.kiosk_travel_minutes = 5;
  v.kiosk_speed_kmh = 15;
  p.interventions = {v};
  return p;
}

std::int64_t total(const Recorder& rec, int metric, int interval = -1) {
  std::int64_t sum = 0;
  for (std::size_t t = 0; t < rec.intervals.size(); ++t) {
    if (interval >= 0 && static_cast<int>(t) != interval) continue;
    const auto& s = rec.intervals[t].series;
    for (int g = 0; g < kGroups; ++g) sum += s[(static_cast<std::size_t>(metric) * kGroups + g) * kChannels + kDigitalHuman];
  }
  return sum;
}

/// Sessions started during day 2 (report intervals 24 to 47).
std::int64_t served_on_day_two(const Recorder& rec) {
  std::int64_t n = 0;
  for (int t = 24; t < 48; ++t) n += total(rec, kServed, t);
  return n;
}

TEST(Kiosks, SeatsBindAndEachSeatServesOneSessionAtATime) {
  // 500 needs a day against one seat serving deterministic 10-minute sessions (144 a day): the line
  // left at the end of day 1 (about 500 - 144, and at least 500 - 288 with two seats) outlasts the
  // quiet night hours, so on day 2 every seat is busy all day. Hand count: sessions started on
  // day 2 = seats × 1440 / 10, within one per seat for a session that spans midnight.
  const Recorder rec = run_all(kiosk_town(1, 1, 10, 500, 2));
  EXPECT_GT(total(rec, kArrivals), 800);
  EXPECT_GT(total(rec, kQueueLength, 23), 200) << "arrivals above capacity: the line grows";
  EXPECT_NEAR(served_on_day_two(rec), 144, 1);
  EXPECT_EQ(total(rec, kServiceSecondsSum), total(rec, kServed) * 600);
  // Two seats (one kiosk with two users at once): twice the hand count.
  const Recorder two = run_all(kiosk_town(1, 2, 10, 500, 2));
  EXPECT_GT(total(two, kQueueLength, 23), 100);
  EXPECT_NEAR(served_on_day_two(two), 288, 2);
  // Without the seats binding (the old kiosks: no capacity), day 2 would serve every arrival.
  EXPECT_LT(served_on_day_two(two), total(two, kArrivals) / 2 - 100);
}

TEST(Kiosks, SeatsAreTheirRealNumberAtAnyScale) {
  // Capacity is real-size, citizens are sampled (docs/engine.md "Scaling"): at a quarter of the
  // agents, 3 kiosks × 2 seats are still 6 seats, and the busy day-2 hand count (6 × 144) holds.
  for (double scale : {1.0, 0.25}) {
    SCOPED_TRACE("scale " + std::to_string(scale));
    Params p = kiosk_town(3, 2, 10, 2500, 2);
    p.scale = scale;
    const Recorder rec = run_all(p);
    EXPECT_EQ(rec.days[1].staff[kDigitalHuman], 6);
    EXPECT_NEAR(served_on_day_two(rec), 6 * 144, 6);
  }
}

TEST(Kiosks, LightLoadFollowsTheMD1Queue) {
  // One seat, deterministic 10-minute sessions, 72 needs a day: rho = 72 × 10 / 1440 = 0.5 on
  // average (the arrival profile makes busy hours busier, so the mean wait is at least the
  // Pollaczek-Khinchine value for M/D/1 at the average load, Wq = rho S / (2 (1 - rho)) = 5 min)
  // and at most the one at the peak hour. The run-long mean must lie between 5 min and the wait at
  // rho = 0.95 (95 min): the seat is a real server, not an infinite pool (wait 0).
  const Recorder rec = run_all(kiosk_town(1, 1, 10, 72, 6));
  const double served = static_cast<double>(total(rec, kServed));
  ASSERT_GT(served, 300);
  const double mean_wait_min = static_cast<double>(total(rec, kWaitSecondsSum)) / served / 60.0;
  EXPECT_GT(mean_wait_min, 5.0 * 0.8);  // 20% for the replicate error of six days
  EXPECT_LT(mean_wait_min, 95.0);
}

TEST(Kiosks, NoKioskSessionStartsOutsideItsHours) {
  Params p = kiosk_town(2, 1, 10, 100, 3);
  p.interventions[0].kiosk_hours.always = false;
  p.interventions[0].kiosk_hours.weekday = {{10 * 60 + 30, 12 * 60}};  // 10:30-12:00
  p.interventions[0].kiosk_hours.weekend = {{10 * 60 + 30, 12 * 60}};
  for (int step : {5, 15}) {
    p.step_minutes = step;
    const Recorder rec = run_all(p);
    ASSERT_EQ(rec.intervals.size(), 72u);
    std::int64_t inside = 0;
    for (int t = 0; t < 72; ++t) {
      const int hour = t % 24;
      if (hour == 10 || hour == 11) {
        inside += total(rec, kServed, t);
      } else {
        EXPECT_EQ(total(rec, kServed, t), 0) << "hour " << hour;
        EXPECT_EQ(total(rec, kArrivals, t), 0) << "hour " << hour;
      }
    }
    EXPECT_GT(inside, 0);
    // Two seats × 1.5 hours × 6 sessions an hour = 18 sessions a day at most.
    EXPECT_LE(inside, 3 * 18);
  }
}

TEST(Kiosks, DenserKiosksShortenTheTripAsTheRayleighLawSays) {
  // Kiosks as a Poisson process of density lambda = n / 100 km^2: mean distance to the nearest one
  // 1 / (2 sqrt(lambda)): 5 km for 1 kiosk, 1.25 km for 16; at 15 km/h plus a 5-minute overhead the
  // mean one-way trip is 5 + 20 = 25 min and 5 + 5 = 10 min. Travel is counted per arrival as the
  // round trip. The sample mean over ~1,300 distinct citizens has a relative error of about
  // sqrt(4 / pi - 1) / sqrt(1300) = 1.5% on the distance part; tolerance 6%.
  for (const auto& [kiosks, expected_min] : {std::pair<double, double>{1, 25}, {16, 10}}) {
    const Recorder rec = run_all(kiosk_town(kiosks, 50, 10, 700, 2));
    const double arrivals = static_cast<double>(total(rec, kArrivals));
    ASSERT_GT(arrivals, 1000);
    const double one_way_min = static_cast<double>(total(rec, kTravelSecondsSum)) / arrivals / 2.0 / 60.0;
    EXPECT_NEAR(one_way_min - 5.0, expected_min - 5.0, 0.06 * (expected_min - 5.0)) << kiosks << " kiosks";
  }
}

TEST(Kiosks, OnSiteHelpersLiftTheLiteracyThatCountsForSuccess) {
  // digital_success 1, complexity 1: success = literacy. Everyone has literacy 51/255 = 0.2;
  // helpers with lift 0.5 make it 0.2 + 0.5 × 0.8 = 0.6. Failed sessions escalate and, with no
  // human channel for this type, end unmet. Binomial error on ~1,000 sessions: 0.016; tolerance 0.05.
  Params p = kiosk_town(4, 10, 10, 500, 2);
  p.types[0].complexity = 1;
  p.literacy_mean = {0.2, 0.2};
  p.literacy_sd = {0, 0};
  for (bool helpers : {false, true}) {
    p.interventions[0].kiosk_helpers = helpers;
    p.interventions[0].kiosk_helper_lift = 0.5;
    const Recorder rec = run_all(p);
    const double completed = static_cast<double>(total(rec, kCompleted));
    ASSERT_GT(completed, 500);
    const double share = static_cast<double>(total(rec, kResolved)) / completed;
    EXPECT_NEAR(share, helpers ? 0.6 : 0.2, 0.05) << (helpers ? "with helpers" : "without");
  }
}

TEST(Kiosks, KioskRunsAreIdenticalOnOneAndTwoThreadsAndAcrossStepLengths) {
  Params p = testing::small_city(600000, 2);
  Intervention v = make(InterventionType::DigitalHumanRollout, 0, named("fields"));
  v.instances = 2;
  v.kiosks = 6;
  v.kiosk_helpers = true;  // default hours 08:30-17:30: boundaries inside an hour
  p.interventions.push_back(v);
  p.step_minutes = 5;
  const Recorder one = testing::run_parallel(p, 1), two = testing::run_parallel(p, 2);
  p.step_minutes = 15;
  const Recorder fifteen = run_all(p);
  ASSERT_EQ(one.intervals.size(), two.intervals.size());
  ASSERT_EQ(one.intervals.size(), fifteen.intervals.size());
  std::int64_t kiosk_travel = 0;
  for (std::size_t t = 0; t < one.intervals.size(); ++t) {
    ASSERT_EQ(one.intervals[t].series, two.intervals[t].series) << "interval " << t;
    ASSERT_EQ(one.intervals[t].series, fifteen.intervals[t].series) << "interval " << t;
  }
  const std::size_t per_metric = 3u * kGroups * kChannels;
  for (const auto& r : one.intervals)
    for (int g = 0; g < kGroups; ++g)
      kiosk_travel += r.series[kTravelSecondsSum * per_metric + (2u * kGroups + g) * kChannels + kDigitalHuman];
  EXPECT_GT(kiosk_travel, 0) << "the kiosks were used";
}

}  // namespace
}  // namespace civicsim
