// Engine::save_state / load_state: a run saved at any step boundary and continued in a new engine
// gives the same records, summary and intervention table, bit for bit, as a run never stopped.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <random>

#include "test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::every_intervention;
using testing::Recorder;

/// The state held in memory, array by array.
struct MemoryState : StateSink, StateSource {
  struct Array {
    std::string name;
    std::size_t element_bytes;
    std::uint64_t count;
    std::vector<unsigned char> bytes;
  };
  std::vector<Array> arrays;
  std::size_t at = 0;
  void write(const std::string& name, std::size_t element_bytes, std::uint64_t count, const void* data) override {
    const auto* p = static_cast<const unsigned char*>(data);
    arrays.push_back({name, element_bytes, count, std::vector<unsigned char>(p, p + element_bytes * count)});
  }
  std::uint64_t next(const std::string& name, std::size_t element_bytes) override {
    if (at >= arrays.size()) throw StateError("no array '" + name + "'");
    const Array& a = arrays[at];
    if (a.name != name || a.element_bytes != element_bytes)
      throw StateError("expected '" + name + "', found '" + a.name + "'");
    return a.count;
  }
  void read(void* data) override {
    const Array& a = arrays[at++];
    if (!a.bytes.empty()) std::memcpy(data, a.bytes.data(), a.bytes.size());
  }
};

void expect_same_bits(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(double))) << what;
}

void expect_same_run(const Recorder& a, const Recorder& b, const Engine& ea, const Engine& eb, int days) {
  ASSERT_EQ(a.intervals.size(), b.intervals.size());
  for (std::size_t t = 0; t < a.intervals.size(); ++t) {
    ASSERT_EQ(a.intervals[t].series, b.intervals[t].series) << "interval " << t;
    ASSERT_EQ(a.intervals[t].servers_on_duty, b.intervals[t].servers_on_duty) << "interval " << t;
  }
  ASSERT_EQ(a.days.size(), b.days.size());
  for (std::size_t d = 0; d < a.days.size(); ++d) {
    EXPECT_EQ(a.days[d].population, b.days[d].population) << d;
    EXPECT_EQ(a.days[d].adopted, b.days[d].adopted) << d;
    EXPECT_EQ(a.days[d].internet_access, b.days[d].internet_access) << d;
    EXPECT_EQ(a.days[d].unmet_needs, b.days[d].unmet_needs) << d;
    EXPECT_EQ(a.days[d].staff, b.days[d].staff) << d;
    expect_same_bits(a.days[d].trust_mean, b.days[d].trust_mean, "trust_mean");
    expect_same_bits(a.days[d].satisfaction_mean, b.days[d].satisfaction_mean, "satisfaction_mean");
  }
  const RunSummary sa = ea.summary(days), sb = eb.summary(days);
  EXPECT_EQ(sa.arrivals, sb.arrivals);
  EXPECT_EQ(sa.served, sb.served);
  EXPECT_EQ(sa.needs, sb.needs);
  EXPECT_EQ(sa.resolved, sb.resolved);
  expect_same_bits(sa.wait_p90_seconds, sb.wait_p90_seconds, "wait_p90_seconds");
  expect_same_bits(sa.total_time_mean_seconds, sb.total_time_mean_seconds, "total_time_mean_seconds");
  EXPECT_EQ(0, std::memcmp(&sa.total_cost, &sb.total_cost, sizeof(double)));
  const auto ra = ea.intervention_records(days), rb = eb.intervention_records(days);
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    EXPECT_EQ(ra[i].agents_added, rb[i].agents_added) << ra[i].type;
    EXPECT_EQ(ra[i].citizens_reached, rb[i].citizens_reached) << ra[i].type;
    EXPECT_EQ(ra[i].staff_moved, rb[i].staff_moved) << ra[i].type;
    EXPECT_EQ(ra[i].incidents, rb[i].incidents) << ra[i].type;
    EXPECT_EQ(0, std::memcmp(&ra[i].total_cost, &rb[i].total_cost, sizeof(double))) << ra[i].type;
  }
  EXPECT_EQ(ea.totals().requests, eb.totals().requests);
  EXPECT_EQ(ea.totals().unmet, eb.totals().unmet);
}

TEST(State, ResumedRunsEqualAnUninterruptedOneAtEveryKindOfStepBoundary) {
  Params p = every_intervention(4);
  p.bass_p = 0.3;  // fast adoption: the adopter shares, and the daily draws they steer, move every day
  p.bass_q = 3.0;
  Engine whole(p);
  Recorder expected;
  ASSERT_TRUE(whole.run(expected));

  // Where each step leaves the run; then stop at a day's start (before its daily pass), right
  // after a daily pass, at the end of a day's last window, and in mid-day (random windows); each
  // time continue in a new engine from the saved state.
  std::vector<Position> after;
  {
    Engine e(p);
    Recorder ignore;
    while (e.step(ignore)) after.push_back(e.position());
  }
  const std::uint64_t steps = after.size();
  std::vector<std::uint64_t> stops;
  for (std::uint64_t i = 0; i + 1 < steps; ++i) {
    const Position& at = after[i];
    const Seconds day_end = static_cast<Seconds>(at.day + 1) * kSecondsPerDay;
    if (at.day == 0) continue;
    if (!at.in_day || at.time == static_cast<Seconds>(at.day) * kSecondsPerDay || at.time == day_end)
      stops.push_back(i + 1);  // steps run before stopping
  }
  ASSERT_EQ(stops.size(), 3u * (p.days - 1));
  std::mt19937_64 pick(7);
  for (int i = 0; i < 4; ++i) stops.push_back(1 + pick() % (steps - 1));
  for (const std::uint64_t stop : stops) {
    SCOPED_TRACE("stopped after step " + std::to_string(stop) + " of " + std::to_string(steps));
    Recorder rec;
    MemoryState state;
    {
      Engine first(p);
      std::uint64_t n = 0;
      EXPECT_FALSE(first.run(rec, [&](const Position&) { return ++n == stop; }));
      first.save_state(state);
    }
    Engine second(p);
    second.load_state(state);
    EXPECT_EQ(state.at, state.arrays.size()) << "every saved array is read back";
    ASSERT_TRUE(second.run(rec));
    expect_same_run(expected, rec, whole, second, p.days);
  }
}

TEST(State, ALoadThatDoesNotMatchTheLayoutIsRefusedByName) {
  const Params p = every_intervention(1);
  Engine a(p);
  MemoryState state;
  a.save_state(state);
  state.arrays[3].name = "citizens.renamed";
  Engine b(p);
  try {
    b.load_state(state);
    FAIL() << "a renamed array was accepted";
  } catch (const StateError& e) {
    EXPECT_NE(std::string(e.what()).find("citizens.renamed"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace civicsim
