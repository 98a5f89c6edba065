// Behaviour that closes the loops (issue 17): halls serve those already queued at closing, patience
// grows with the trip already made, and staff attrition grows with sustained utilisation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels/burnout.hpp"
#include "kernels/queue.hpp"
#include "kernels/staff.hpp"
#include "test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::one_hall;
using testing::Recorder;
using testing::run_all;

Request join(std::uint32_t citizen, std::uint64_t id, Seconds t, Seconds round_trip = 0) {
  Request r{};
  r.id = id;
  r.citizen = citizen;
  r.time = t;
  r.born = t;
  r.kind = kTokenJoin;
  r.queue = 0;
  r.attempt = 1;
  r.deadline = round_trip;  // a Join carries its round trip in `deadline` (ContactStep::choose)
  return r;
}

struct Finished {
  std::uint32_t citizen;
  Seconds time;
  bool resolved;
  bool operator==(const Finished& o) const {
    return citizen == o.citizen && time == o.time && resolved == o.resolved;
  }
};

std::vector<Finished> finished(const Engine& e) {
  HostVector<Request> notes = e.day_notes();
  std::vector<Finished> out;
  for (const Request& r : notes)
    if (r.note & kNoteDone) out.push_back({r.citizen, r.time, (r.note & kNoteResolved) != 0});
  std::sort(out.begin(), out.end(),
            [](const Finished& a, const Finished& b) { return a.time != b.time ? a.time < b.time : a.citizen < b.citizen; });
  return out;
}

std::uint64_t counter(const Engine& e, int metric) {
  const std::vector<std::uint64_t> c = e.interval_counters();
  std::uint64_t total = 0;
  const std::size_t per_metric = c.size() / kSeriesMetrics;
  for (std::size_t i = 0; i < per_metric; ++i) total += c[metric * per_metric + i];
  return total;
}

// One clerk, 30-minute deterministic service, infinite patience, hall open 00:00-01:00 (Monday).
// Three join at 0, 10 and 20 s: served 0-1800, 1800-3600; the third still waits at closing (3600).
Params closing_hall(bool serve_queued) {
  Params p = one_hall(1, 30, kInfinity);
  p.hours[kInPerson] = OpeningHours{};
  p.hours[kInPerson].weekday = {{0, 60}};
  p.serve_queued_at_closing = serve_queued;
  return p;
}

// Runs [from, until) in windows of `window` seconds (each inside one hour, breaking on the hour).
void run_windows(Engine& e, Seconds window, Seconds until = 7200, Seconds from = 0) {
  for (Seconds t = from; t < until;) {
    const Seconds end = std::min(until, std::min(t + window, (t / 3600 + 1) * 3600));
    e.advance_window(t, end);
    t = end;
  }
}

TEST(Loops, ServeQueuedClerkServesTheLineAfterClosingThenGoesHome) {
  // By hand: the third is served 3600-5400 by the clerk who stays on; nobody abandons. The clerk
  // is on duty 0-5400 (5400 server-seconds) and busy 3 x 1800 = 5400 server-seconds.
  Engine e(closing_hall(true));
  const Request a = join(1, 1, 0), b = join(2, 2, 10), c = join(3, 3, 20);
  for (const Request& r : {a, b, c}) e.world().pending.push_back(r);
  run_windows(e, 600, 4200);
  EXPECT_EQ(HostVector<std::int32_t>(e.world().queues.on_duty)[0], 1);  // on duty after closing (reported)
  run_windows(e, 600, 7200, 4200);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[2].citizen, 3u);
  EXPECT_EQ(done[2].time, 5400);
  EXPECT_TRUE(done[2].resolved);
  EXPECT_EQ(counter(e, kAbandoned), 0u);
  EXPECT_EQ(HostVector<std::int32_t>(e.world().queues.on_duty)[0], 0);  // went home at 5400
  EXPECT_EQ(HostVector<std::int64_t>(e.world().queues.duty_seconds)[0], 5400);
  EXPECT_EQ(HostVector<std::int64_t>(e.world().queues.busy_seconds)[0], 5400);
}

TEST(Loops, TurnAwayAbandonsTheWholeLineAtClosing) {
  Engine e(closing_hall(false));
  for (const Request& r : {join(1, 1, 0), join(2, 2, 10), join(3, 3, 20)}) e.world().pending.push_back(r);
  run_windows(e, 600);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[2].citizen, 3u);
  EXPECT_EQ(done[2].time, 3600);  // turned away at closing
  EXPECT_FALSE(done[2].resolved);
  EXPECT_EQ(counter(e, kAbandoned), 1u);
  EXPECT_EQ(HostVector<std::int64_t>(e.world().queues.duty_seconds)[0], 3600);  // off duty at closing
}

TEST(Loops, ClosingRuleDoesNotDependOnWhereWindowsFall) {
  // Two clerks (A, B), 30-minute services, patience 60 min; citizen i joins at 7 + 300 (i - 1).
  // By hand: A serves 1, 3, 5, 7 (ends 1807, 3607, 5407, 7207), B serves 2, 4, 6, 8 (ends 2107,
  // 3907, 5707, 7507); 7 and 8 start exactly at their deadlines (served: wait = patience); 9
  // (deadline 2407 + 3600 = 6007) gives up during overtime. A goes home at 7207, B at 7507: 14714
  // on-duty server-seconds, 8 x 1800 busy. 60-, 300- and 900-second windows agree exactly.
  Params p = closing_hall(true);
  p.counter_staff_per_centre = {2, 2, 2};
  p.patience_minutes[kInPerson] = 60;
  std::vector<std::vector<Finished>> outcomes;
  for (Seconds window : {60, 300, 900}) {
    Engine e(p);
    for (std::uint32_t i = 0; i < 9; ++i) e.world().pending.push_back(join(i + 1, i + 1, 7 + 300 * i));
    run_windows(e, window, 10800);
    outcomes.push_back(finished(e));
    EXPECT_EQ(HostVector<std::int64_t>(e.world().queues.duty_seconds)[0], 14714) << "window " << window;
    EXPECT_EQ(HostVector<std::int64_t>(e.world().queues.busy_seconds)[0], 8 * 1800) << "window " << window;
    EXPECT_EQ(counter(e, kAbandoned), 1u);
  }
  const std::vector<Seconds> ends = {1807, 2107, 3607, 3907, 5407, 5707, 6007, 7207, 7507};
  ASSERT_EQ(outcomes[0].size(), ends.size());
  for (std::size_t j = 0; j < ends.size(); ++j) {
    EXPECT_EQ(outcomes[0][j].time, ends[j]);
    EXPECT_EQ(outcomes[0][j].resolved, outcomes[0][j].citizen != 9u);
  }
  for (std::size_t k = 1; k < outcomes.size(); ++k) EXPECT_EQ(outcomes[k], outcomes[0]) << "window variant " << k;
}

TEST(Loops, NobodyJoinsAClosedHall) {
  // A need that arises after closing finds the only channel closed: nobody arrives at the hall,
  // with or without serve_queued.
  for (bool serve : {true, false}) {
    Engine e(closing_hall(serve));
    Request r = join(1, 1, 3700);
    r.kind = kTokenChoose;
    r.queue = -1;
    r.deadline = 0;
    r.attempt = 0;
    e.world().pending.push_back(r);
    run_windows(e, 600);
    EXPECT_EQ(counter(e, kArrivals), 0u) << "serve_queued " << serve;
  }
}

TEST(Loops, PatienceGrowsWithTheRoundTrip) {
  // Deterministic patience 10 min, factor 0.5: a request that made a 20-minute round trip waits
  // 600 + 0.5 x 1200 = 1200 s, one that made none waits 600 s. One clerk busy for an hour with
  // the first arrival, so both abandon exactly at join + patience.
  Params p = one_hall(1, 60, 10);
  p.patience_trip_factor = 0.5;
  Engine e(p);
  for (const Request& r : {join(1, 1, 0), join(2, 2, 5, 1200), join(3, 3, 5, 0)}) e.world().pending.push_back(r);
  run_windows(e, 600, 3600);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].citizen, 3u);
  EXPECT_EQ(done[0].time, 5 + 600);
  EXPECT_EQ(done[1].citizen, 2u);
  EXPECT_EQ(done[1].time, 5 + 1200);
  EXPECT_EQ(mean_patience(e.world().constants, kInPerson, 1200), 1200.0);
  EXPECT_EQ(mean_patience(e.world().constants, kDigitalHuman, 600), 300.0 + 300.0);  // kiosk trips alike
}

// --- staff burnout ---

TEST(Loops, BurnoutFactorAndSmoothing) {
  EXPECT_DOUBLE_EQ(BurnoutDay::burnout_factor(0.7, 2.0, 0.8), 1.0);
  EXPECT_DOUBLE_EQ(BurnoutDay::burnout_factor(0.9, 2.0, 0.8), 1.0 + 2.0 * 0.1 / 0.2);
  EXPECT_DOUBLE_EQ(BurnoutDay::burnout_factor(1.0, 2.0, 0.8), 3.0);
  std::vector<std::int64_t> busy{3600, 0}, duty{3600, 0};
  std::vector<double> u{-1, -1}, f{0, 0};
  QueueView qv{};
  qv.busy_seconds = busy.data();
  qv.duty_seconds = duty.data();
  const BurnoutDay day{qv, u.data(), f.data(), 1.0, 0.5, 4};
  day(0);
  day(1);
  EXPECT_EQ(u[0], 1.0);  // the first day on duty sets the mean
  EXPECT_EQ(u[1], -1.0);  // nobody on duty: no measurement
  EXPECT_EQ(f[0], 2.0);
  EXPECT_EQ(f[1], 1.0);
  EXPECT_EQ(busy[0], 0);
  duty[0] = 7200;  // u = 0 today: 1 + (0 - 1) / 4
  day(0);
  EXPECT_DOUBLE_EQ(u[0], 0.75);
  EXPECT_DOUBLE_EQ(f[0], 1.5);
}

TEST(Loops, QuitsPerStaffYearFollowUtilisation) {
  // Two queues of 2000 clerks held at utilisation 0.5 and 0.95 for a year (busy / on-duty seconds
  // set each day); gain 1, threshold 0.8, base 50%/year. Expected quits = sum over days of the
  // clerks drawing that day x p x factor, factor 1 and 1 + 1 x 0.15 / 0.2 = 1.75. Poisson: 4 sd.
  const int per_queue = 2000, servers = 2 * per_queue, days = 365;
  const double p = 1.0 - std::pow(0.5, 1.0 / 365.0);
  std::vector<float> skill(servers, 1.0f);
  std::vector<std::uint8_t> state(servers, kServerEmployed), shift(servers, 255), on(servers, 1);
  std::vector<std::uint16_t> tenure(servers, 100);
  std::vector<std::int32_t> refill(servers, 0), queue(servers), begin{0, per_queue, servers};
  std::vector<double> quit(servers, p), u{-1, -1}, factor{1, 1};
  for (int s = 0; s < servers; ++s) queue[s] = s / per_queue;
  std::vector<std::int64_t> busy(2), duty(2);
  ServerView sv{};
  sv.skill = skill.data();
  sv.state = state.data();
  sv.tenure_days = tenure.data();
  sv.refill_day = refill.data();
  sv.shift_start = shift.data();
  sv.on_duty = on.data();
  QueueView qv{};
  qv.busy_seconds = busy.data();
  qv.duty_seconds = duty.data();
  double expected[2] = {0, 0};
  std::int64_t quits[2] = {0, 0};
  for (int day = 0; day < days; ++day) {
    duty = {100000, 100000};
    busy = {50000, 95000};
    const BurnoutDay burnout{qv, u.data(), factor.data(), 1.0, 0.8, 28};
    for (int q = 0; q < 2; ++q) burnout(q);
    const StaffDay staff{7, day, 0, 0.1, quit.data(), queue.data(), begin.data(), sv, factor.data()};
    for (int s = 0; s < servers; ++s) {
      const bool draws = state[s] == kServerEmployed;
      if (draws) expected[queue[s]] += p * factor[queue[s]];
      staff(s);
      if (draws && state[s] == kServerVacant) ++quits[queue[s]];
    }
  }
  EXPECT_DOUBLE_EQ(factor[0], 1.0);
  EXPECT_NEAR(factor[1], 1.75, 1e-12);
  for (int q = 0; q < 2; ++q)
    EXPECT_NEAR(static_cast<double>(quits[q]), expected[q], 4 * std::sqrt(expected[q])) << "queue " << q;
  // Per staff-year: about 0.69 (-ln 0.5) at 0.5 and 1.75 times that at 0.95.
  EXPECT_NEAR(static_cast<double>(quits[1]) / quits[0], 1.75, 0.2);
}

// --- determinism with every mechanism on ---

Params busy_city() {
  Params p = testing::small_city(600000, 3);
  p.counter_staff_per_centre = {20, 12, 6};  // busy halls: lines at closing, utilisation above 0
  p.attrition_per_year = {0.5, 0.5, 0.5};
  p.burnout_threshold = 0.0;  // every bit of utilisation moves attrition
  p.burnout_gain = 5.0;
  p.burnout_days = 2;
  p.patience_trip_factor = 1.0;
  return p;
}

TEST(Loops, StepLengthAndThreadsDoNotChangeResults) {
  const Params base = busy_city();
  std::vector<Recorder> runs;
  std::vector<std::vector<double>> utilisation;
  for (int step : {5, 1, 15}) {
    Params p = base;
    p.step_minutes = step;
    Engine engine(p);
    Recorder rec;
    engine.run(rec);
    runs.push_back(rec);
    const HostVector<double> u = engine.world().queues.utilisation;
    utilisation.emplace_back(u.begin(), u.end());
  }
  runs.push_back(testing::run_parallel(base, 1));
  runs.push_back(testing::run_parallel(base, 2));
  for (std::size_t k = 1; k < runs.size(); ++k) {
    ASSERT_EQ(runs[k].intervals.size(), runs[0].intervals.size());
    for (std::size_t t = 0; t < runs[0].intervals.size(); ++t) {
      ASSERT_EQ(runs[k].intervals[t].series, runs[0].intervals[t].series) << "run " << k << " interval " << t;
      ASSERT_EQ(runs[k].intervals[t].servers_on_duty, runs[0].intervals[t].servers_on_duty) << "run " << k;
    }
    for (std::size_t d = 0; d < runs[0].days.size(); ++d) EXPECT_EQ(runs[k].days[d].staff, runs[0].days[d].staff);
  }
  for (std::size_t k = 1; k < utilisation.size(); ++k)
    EXPECT_EQ(0, std::memcmp(utilisation[k].data(), utilisation[0].data(), utilisation[0].size() * sizeof(double)));
  // Services started at halls in the hour after 17:00 on day 0: the closing rule was at work.
  const std::vector<std::int64_t>& after = runs[0].intervals[17].series;  // [metric][district][group][channel]
  std::int64_t served = 0;
  for (int d = 0; d < 3; ++d)
    for (int g = 0; g < kGroups; ++g) served += after[((kServed * 3 + d) * kGroups + g) * kChannels + kInPerson];
  EXPECT_GT(served, 0);
}

}  // namespace
}  // namespace civicsim
