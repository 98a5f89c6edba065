// The queue algorithm on small hand-built cases: order, priority, ties, patience, retries.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "../sim/test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::one_hall;

Request join(std::uint32_t citizen, std::uint64_t id, Seconds t, bool escalated = false) {
  Request r{};
  r.id = id;
  r.citizen = citizen;
  r.time = t;
  r.born = t;
  r.kind = kTokenJoin;
  r.queue = 0;
  r.attempt = 1;
  r.flags = escalated ? kFlagEscalated : 0;
  return r;
}

struct Finished {
  std::uint32_t citizen;
  Seconds time;
  Seconds spent;
  bool resolved;
};

std::vector<Finished> finished(const Engine& e) {
  HostVector<Request> notes = e.day_notes();
  std::vector<Finished> out;
  for (const Request& r : notes)
    if (r.note & kNoteDone) out.push_back({r.citizen, r.time, r.spent, (r.note & kNoteResolved) != 0});
  std::sort(out.begin(), out.end(), [](const Finished& a, const Finished& b) { return a.time < b.time; });
  return out;
}

std::uint64_t counter(const Engine& e, int metric) {
  const std::vector<std::uint64_t> c = e.interval_counters();
  std::uint64_t total = 0;
  const std::size_t per_metric = c.size() / kSeriesMetrics;
  for (std::size_t i = 0; i < per_metric; ++i) total += c[metric * per_metric + i];
  return total;
}

void inject(Engine& e, const std::vector<Request>& tokens) {
  for (const Request& r : tokens) e.world().pending.push_back(r);
}

TEST(Queue, FirstComeFirstServedWithTiesByCitizen) {
  Engine e(one_hall(1, 10, kInfinity));
  // Two arrive in the same second (citizen 5 before citizen 3 in the list), one a minute later.
  inject(e, {join(5, 1, 0), join(3, 2, 0), join(1, 3, 60)});
  e.advance_window(0, 600);
  e.advance_window(600, 1200);
  e.advance_window(1200, 1800);
  e.advance_window(1800, 2400);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].citizen, 3u);  // the tie goes to the lower citizen id
  EXPECT_EQ(done[0].time, 600);
  EXPECT_EQ(done[1].citizen, 5u);
  EXPECT_EQ(done[1].time, 1200);
  EXPECT_EQ(done[1].spent, 600 + 600);  // waited 10 min, served 10 min
  EXPECT_EQ(done[2].citizen, 1u);
  EXPECT_EQ(done[2].time, 1800);
  EXPECT_EQ(done[2].spent, 1140 + 600);
  EXPECT_EQ(counter(e, kServedImmediately), 1u);
  EXPECT_EQ(counter(e, kWaitSecondsSum), 600u + 1140u);
}

TEST(Queue, EscalatedCasesGoFirstAndAreShorter) {
  Params p = one_hall(1, 10, kInfinity);
  p.escalated_service_factor = 0.6;
  Engine e(p);
  inject(e, {join(1, 1, 0), join(2, 2, 10), join(3, 3, 20, /*escalated=*/true)});
  for (Seconds t = 0; t < 3600; t += 600) e.advance_window(t, t + 600);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].citizen, 1u);
  EXPECT_EQ(done[1].citizen, 3u);  // escalated, arrived after 2, served before it
  EXPECT_EQ(done[1].time, 600 + 360);
  EXPECT_EQ(done[2].citizen, 2u);
  EXPECT_EQ(done[2].time, 960 + 600);
}

TEST(Queue, ServedWhenTheWaitEqualsPatience) {
  Engine e(one_hall(1, 10, 10));  // service 600 s, patience 600 s
  inject(e, {join(1, 1, 0), join(2, 2, 0)});
  for (Seconds t = 0; t < 2400; t += 600) e.advance_window(t, t + 600);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_TRUE(done[1].resolved);
  EXPECT_EQ(done[1].time, 1200);  // waited exactly its patience, then served
  EXPECT_EQ(counter(e, kAbandoned), 0u);
}

TEST(Queue, AbandonsAtTheMomentPatienceRunsOut) {
  Engine e(one_hall(1, 10.0 + 1.0 / 60.0, 10));  // service 601 s, patience 600 s
  inject(e, {join(1, 1, 0), join(2, 2, 0), join(3, 3, 30)});
  for (Seconds t = 0; t < 2400; t += 600) e.advance_window(t, t + 600);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].citizen, 2u);  // gave up at 0 + 600, one second before the server was free
  EXPECT_EQ(done[0].time, 600);
  EXPECT_FALSE(done[0].resolved);
  EXPECT_EQ(done[1].citizen, 1u);
  EXPECT_EQ(done[1].time, 601);
  EXPECT_EQ(done[2].citizen, 3u);  // patience until 630: served at 601
  EXPECT_TRUE(done[2].resolved);
  EXPECT_EQ(counter(e, kAbandoned), 1u);
}

TEST(Queue, AbandonedRequestsRetryAfterTheDelay) {
  Params p = one_hall(1, 20, 5);  // service 20 min, patience 5 min
  p.retry_probability = 1.0;
  p.retry_delay_minutes = {20, 20, 20, 20};
  Engine e(p);
  inject(e, {join(1, 1, 0), join(2, 2, 100)});
  e.advance_window(0, 1200);
  HostVector<Request> pending = e.world().pending;
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].citizen, 2u);
  EXPECT_EQ(pending[0].kind, kTokenChoose);
  EXPECT_EQ(pending[0].time, 100 + 300 + 1200);  // abandoned at its deadline, back 20 min later
  EXPECT_EQ(pending[0].spent, 300);
  EXPECT_EQ(counter(e, kAbandoned), 1u);
  EXPECT_TRUE(finished(e).empty());  // a retry is not a finished need
}

TEST(Queue, TwoServersTakeTheLowestFreeNumberAndOverlap) {
  Engine e(one_hall(2, 10, kInfinity));
  inject(e, {join(1, 1, 0), join(2, 2, 0), join(3, 3, 0)});
  for (Seconds t = 0; t < 2400; t += 600) e.advance_window(t, t + 600);
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].time, 600);
  EXPECT_EQ(done[1].time, 600);
  EXPECT_EQ(done[2].time, 1200);
  EXPECT_EQ(done[2].citizen, 3u);
  EXPECT_EQ(counter(e, kServedImmediately), 2u);
}

TEST(Queue, ClosedHallTurnsItsLineAway) {
  Params p = one_hall(1, 30, kInfinity);
  p.hours[kInPerson] = OpeningHours{};
  p.hours[kInPerson].weekday = {{0, 60}};  // open 00:00-01:00 on working days
  p.serve_queued_at_closing = false;       // the old rule (tests/sim/loops_test.cpp: serve_queued)
  Engine e(p);
  inject(e, {join(1, 1, 0), join(2, 2, 10), join(3, 3, 20)});
  e.advance_window(0, 1800);
  e.advance_window(1800, 3600);
  e.advance_window(3600, 4200);  // closed: whoever still waits is turned away at 01:00
  const auto done = finished(e);
  ASSERT_EQ(done.size(), 3u);
  for (const Finished& f : done) {
    EXPECT_EQ(f.resolved, f.citizen != 3u) << "citizen " << f.citizen;  // only the third never got served
    if (f.citizen == 3u) {
      EXPECT_EQ(f.time, 3600);
    }
  }
  EXPECT_EQ(counter(e, kAbandoned), 1u);
}

}  // namespace
}  // namespace civicsim
