// Cross-region dispatch (issue 17, kernels/dispatch.hpp): a borrower's overflow goes to a lender's
// idle session at that moment, with the added latency; a lender loses nothing while idle; grouped
// pools stay exact (threads, window lengths) and conserve requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::make;
using testing::named;
using testing::one_hall;
using testing::Recorder;

/// A village (1 assistant session of its own) borrowing from a town (1 session), at most one
/// session lent at a time, 30 s of latency; 4-minute deterministic assistant sessions that always
/// resolve; nobody gives up.
Params village_and_town() {
  Params p = one_hall(0, 10, kInfinity);
  District village = p.districts[0], town = p.districts[0];
  village.name = "village";
  village.kind = kRural;
  town.name = "town";
  p.districts = {village, town};
  p.types[0].channels = {false, false, false, true};
  p.types[0].service_minutes = {10, 6, 5, 4};
  p.types[0].complexity = 0;
  p.types[0].digital_success = 1;
  p.internet_access = {1, 1};
  p.initial_adoption = {1, 1};
  p.patience_minutes[kDigitalHuman] = kInfinity;
  p.days = 2;
  Intervention town_pool = make(InterventionType::ComputeCapacity, 0, named("town"));
  town_pool.instances = 1;
  town_pool.sessions_per_instance = 1;
  Intervention region = make(InterventionType::ComputeCapacity, 0, named("village"));
  region.instances = 1;
  region.sessions_per_instance = 1;
  region.dispatch = true;
  region.dispatch_from = named("town");
  region.dispatch_instances = 1;  // at most 1 town session serves the village at once
  region.dispatch_latency_seconds = 30;
  p.interventions = {town_pool, region};
  return p;
}

/// Runs the hand-made arrivals below through windows cut at `cuts` (seconds after t0), returns the
/// time each request spent (by id) and the sessions dispatched.
std::pair<std::map<std::uint64_t, Seconds>, std::int64_t> run_arrivals(const std::vector<Seconds>& cuts) {
  Engine e(village_and_town());
  Recorder rec;
  e.run_day(0, rec);
  const std::int32_t village = e.world().queues.dh_begin, town = village + 1;
  HostVector<std::int32_t> employed = e.world().queues.employed;
  EXPECT_EQ(employed[village], 1);  // nothing is set aside: each pool keeps its own session
  EXPECT_EQ(employed[town], 1);
  const Seconds t0 = kSecondsPerDay + 3600;
  const auto join = [&](std::uint32_t citizen, std::uint64_t id, std::int32_t q, Seconds t) {
    Request r{};
    r.id = id;
    r.citizen = citizen;
    r.time = r.born = t0 + t;
    r.kind = kTokenJoin;
    r.queue = q;
    r.attempt = 1;
    e.world().pending.push_back(r);
  };
  join(1, 101, village, 0);  // own session
  join(2, 102, village, 0);  // overflow, the town idle: remote at once
  join(3, 203, town, 600);   // the town's session is free again (102 ended at 270)
  join(4, 204, village, 610);
  join(5, 205, village, 610);  // overflow while the town serves its own: waits
  join(6, 306, village, 1200);
  join(7, 307, village, 1200);  // overflow, the town idle: remote
  join(8, 308, town, 1260);     // the town's session is held by 307 until 1470: waits
  Seconds from = 0;
  for (Seconds cut : cuts) {
    e.advance_window(t0 + from, t0 + cut);
    from = cut;
  }
  std::map<std::uint64_t, Seconds> spent;
  const HostVector<Request> notes = e.day_notes();
  for (const Request& r : notes)
    if (r.id > 100) spent[r.id] = r.spent;
  return {spent, e.intervention_records(2)[1].dispatched_sessions};
}

TEST(Dispatch, SendsOnlyOverflowToAnIdleLenderAtThatMoment) {
  // Hand-derived (sessions 240 s, +30 s remote):
  //  101: own session at 0, 240.   102: the village's session is busy, the town's idle: remote, 270.
  //  203: town at 600, its session free (102 left at 270): 240.   204: own at 610: 240.
  //  205: at 610 the village's session (204) and the town's (203, until 840) are busy: it waits in
  //       the village's line; the town's session frees at 840 with no town line: it takes 205
  //       remotely: 230 waited + 270 = 500 (the village's own frees only at 850).
  //  306: own at 1200, 240.   307: remote at 1200, 270 (until 1470).
  //  308: town at 1260 finds its session serving 307 (not pre-empted): waits 210, then 240 = 450.
  const std::map<std::uint64_t, Seconds> expected{{101, 240}, {102, 270}, {203, 240}, {204, 240},
                                                  {205, 500}, {306, 240}, {307, 270}, {308, 450}};
  // The same whatever the window boundaries: one window per 10 minutes, or odd cuts through events.
  const std::vector<Seconds> tens{600, 1200, 1800}, odd{1, 269, 270, 271, 605, 611, 840, 1201, 1469, 1800};
  for (const std::vector<Seconds>& cuts : {tens, odd}) {
    const auto [spent, dispatched] = run_arrivals(cuts);
    EXPECT_EQ(spent, expected);
    EXPECT_EQ(dispatched, 3);  // 102, 205, 307
  }
}

/// small_city with assistants everywhere from day 1: the centre 80 sessions, the ring 40, the
/// fields `fields_sessions` of their own; with `dispatch`, the fields borrow from the centre (at
/// most 16 sessions at once, 20 s away).
Params city_with_dispatch(int fields_sessions, bool dispatch) {
  Params p = testing::small_city(200000, 2);
  p.patience_minutes[kDigitalHuman] = 2;
  Intervention centre = make(InterventionType::ComputeCapacity, 1, named("centre"));
  centre.instances = 10;
  Intervention ring = make(InterventionType::ComputeCapacity, 1, named("ring"));
  ring.instances = 5;
  Intervention fields = make(InterventionType::ComputeCapacity, 1, named("fields"));
  fields.instances = fields_sessions;
  fields.sessions_per_instance = 1;
  fields.dispatch = dispatch;
  fields.dispatch_from = named("centre");
  fields.dispatch_instances = dispatch ? 16 : 0;
  fields.dispatch_latency_seconds = 20;
  p.interventions = {centre, ring, fields};
  return p;
}

struct CityRun {
  Recorder rec;
  std::int64_t dispatched = 0;
};

CityRun run(const Params& p) {
  Engine e(p);
  CityRun r;
  e.run(r.rec);
  r.dispatched = e.intervention_records(p.days)[2].dispatched_sessions;
  return r;
}

void expect_same_series(const Recorder& a, const Recorder& b) {
  ASSERT_EQ(a.intervals.size(), b.intervals.size());
  for (std::size_t t = 0; t < a.intervals.size(); ++t) ASSERT_EQ(a.intervals[t].series, b.intervals[t].series) << t;
}

TEST(Dispatch, LenderLosesNothingWhenTheBorrowerDoesNotOverflow) {
  // The fields with 400 sessions of their own never overflow: the group changes nothing, so
  // every series (the centre's waits included) is bit-identical to the run without dispatch.
  const CityRun with = run(city_with_dispatch(400, true)), without = run(city_with_dispatch(400, false));
  ASSERT_EQ(with.dispatched, 0);
  expect_same_series(with.rec, without.rec);
}

TEST(Dispatch, OverflowIsServedRemotelyAndRequestsAreConserved) {
  // The fields with 1 session of their own overflow: the centre's idle sessions take the overflow.
  const Params p = city_with_dispatch(1, true);
  const CityRun with = run(p), without = run(city_with_dispatch(1, false));
  EXPECT_GT(with.dispatched, 0);
  EXPECT_EQ(without.dispatched, 0);
  const std::size_t per_metric = p.districts.size() * kGroups * kChannels;
  std::vector<std::int64_t> arrivals(per_metric, 0), served(per_metric, 0), abandoned(per_metric, 0);
  std::int64_t fields_abandoned[2] = {0, 0};
  for (int arm = 0; arm < 2; ++arm) {
    const Recorder& rec = arm == 0 ? with.rec : without.rec;
    std::fill(arrivals.begin(), arrivals.end(), 0);
    std::fill(served.begin(), served.end(), 0);
    std::fill(abandoned.begin(), abandoned.end(), 0);
    for (const auto& r : rec.intervals) {
      for (std::size_t i = 0; i < per_metric; ++i) {
        arrivals[i] += r.series[kArrivals * per_metric + i];
        served[i] += r.series[kServed * per_metric + i];
        abandoned[i] += r.series[kAbandoned * per_metric + i];
        // arrivals = served + abandoned + still waiting, at every report interval's end
        ASSERT_EQ(arrivals[i], served[i] + abandoned[i] + r.series[kQueueLength * per_metric + i]) << i;
      }
    }
    for (int g = 0; g < kGroups; ++g) fields_abandoned[arm] += abandoned[(2 * kGroups + g) * kChannels + kDigitalHuman];
  }
  EXPECT_LT(fields_abandoned[0], fields_abandoned[1]);  // the overflow found lent sessions
}

TEST(Dispatch, GroupedPoolsAreExactAcrossThreadsAndStepLengths) {
  Params p = city_with_dispatch(1, true);
  p.step_minutes = 5;
  const Recorder one = testing::run_parallel(p, 1), two = testing::run_parallel(p, 2);
  expect_same_series(one, two);
  p.step_minutes = 15;
  const CityRun fifteen = run(p);
  expect_same_series(one, fifteen.rec);
  EXPECT_GT(fifteen.dispatched, 0);
}

TEST(Dispatch, OnlyADispatchingRegionPaysForTheSchedulingPlatform) {
  // Without dispatch a compute_capacity buys instances only; the platform's set-up cost is paid
  // once, by the region that dispatches (the lenders and the local-only regions pay none).
  for (const bool dispatch : {false, true}) {
    Params p = city_with_dispatch(3, dispatch);
    p.days = 3;
    Engine engine(p);
    Recorder rec;
    engine.run(rec);
    const std::vector<InterventionRecord> records = engine.intervention_records(p.days);
    ASSERT_EQ(records.size(), 3u);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const Intervention& iv = p.interventions[i];
      const double instances = records[i].daily_cost / iv.daily_cost_per_instance;  // real instances bought
      EXPECT_GT(instances, 0);
      const bool pays_platform = dispatch && iv.dispatch;
      EXPECT_DOUBLE_EQ(records[i].setup_cost,
                       (pays_platform ? iv.setup_cost : 0.0) + instances * iv.setup_cost_per_instance)
          << "intervention " << i << (dispatch ? " (dispatch)" : " (local)");
    }
  }
}

}  // namespace
}  // namespace civicsim
