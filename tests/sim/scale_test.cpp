// population.scale samples citizens only (docs/engine.md, "Scaling"): service capacity and every
// intervention's additions and cuts are real headcounts at any scale, agents raise the needs of the
// residents they stand for, and an agent's trust and satisfaction learn from its own needs only.
// Needs that no channel will serve are unmet at once. (The statistical check that figures do not
// move with the scale is validation.scale_invariance, tests/validation/scale_invariance_test.py.)
#include <gtest/gtest.h>

#include <cmath>

#include "sim/sample_check.hpp"
#include "test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::kind;
using testing::make;
using testing::Recorder;
using testing::run_all;

constexpr int kFields = 2;  // the rural district of small_city (3 halls)

/// small_city without interventions or demand, at a given scale.
Params empty_city(double scale, int days) {
  Params p = testing::small_city(600000, days);
  p.scale = scale;
  p.interventions.clear();
  p.attrition_per_year = {0, 0, 0};
  for (RequestType& t : p.types) t.rate_per_year = {0, 0};
  return p;
}

std::int64_t hall_staff(const Recorder& rec, int day, int district) {
  return rec.days[static_cast<std::size_t>(day)].staff[static_cast<std::size_t>(district) * kChannels + kInPerson];
}

TEST(Scale, AStaffingCutOfTenPercentIsTenPercentAtEveryScale) {
  // 12 clerks in each of the 3 rural halls; a 10% cut is 1.2 per hall: 4 of 36 clerks in all (the
  // landed engine scaled 12 clerks to 1 agent at scale 0.1 and removed every one of them).
  for (double scale : {0.001, 0.02, 0.1, 1.0}) {
    SCOPED_TRACE("scale " + std::to_string(scale));
    Params p = empty_city(scale, 2);
    p.counter_staff_per_centre[kRural] = 12;
    Intervention cut = make(InterventionType::Staffing, 1, kind(kRural));
    cut.add_counter_staff = -1.2;
    p.interventions.push_back(cut);
    const Recorder rec = run_all(p);
    EXPECT_EQ(hall_staff(rec, 0, kFields), 36);
    EXPECT_EQ(hall_staff(rec, 1, kFields), 36 - 4);  // round(1.2 × 3 halls), spread over the halls
  }
}

TEST(Scale, ServiceCapacityIsItsRealSizeAtAnyScale) {
  for (double scale : {0.001, 0.05, 1.0}) {
    SCOPED_TRACE("scale " + std::to_string(scale));
    Params p = empty_city(scale, 2);
    Intervention add = make(InterventionType::Staffing, 1);
    add.add_hotline_operators = 25;
    Intervention rollout = make(InterventionType::DigitalHumanRollout, 1, kind(kRural));
    rollout.instances = 2.5;  // 20 sessions of 8 (fractional instances: sessions are counted)
    p.interventions = {add, rollout};
    const Recorder rec = run_all(p);
    std::int64_t hotline[2] = {0, 0}, dh = 0;
    for (int day = 0; day < 2; ++day)
      for (int d = 0; d < 3; ++d)
        hotline[day] += rec.days[day].staff[static_cast<std::size_t>(d) * kChannels + kHotline];
    for (int d = 0; d < 3; ++d) dh += rec.days[1].staff[static_cast<std::size_t>(d) * kChannels + kDigitalHuman];
    EXPECT_EQ(hotline[0], 400);
    EXPECT_EQ(hotline[1], 425);
    EXPECT_EQ(hall_staff(rec, 0, kFields), 3 * 30);
    EXPECT_EQ(dh, 20);  // 2.5 instances × 8 sessions in the one rural district
  }
}

TEST(Scale, NeedsArriveAtTheRealVolumeAtAnyScale) {
  // The same city at two scales: the needs drawn agree within Poisson noise (they are real-world
  // counts), while the agents differ 20-fold.
  double needs[2];
  std::int64_t agents[2];
  const double scales[2] = {0.005, 0.1};
  for (int i = 0; i < 2; ++i) {
    Params p = testing::small_city(600000, 2);
    p.scale = scales[i];
    Engine e(p);
    Recorder rec;
    e.run(rec);
    needs[i] = static_cast<double>(e.totals().requests);
    agents[i] = static_cast<std::int64_t>(e.world().citizens.size());
  }
  EXPECT_NEAR(static_cast<double>(agents[1]) / static_cast<double>(agents[0]), 20.0, 0.1);
  EXPECT_GT(needs[0], 10000);
  // Needs are over-dispersed at small scales (an agent's needs share its type and age draws), so a
  // generous 2% band: the landed engine drew 20 times fewer at the smaller scale.
  EXPECT_NEAR(needs[0] / needs[1], 1.0, 0.02);
}

TEST(Scale, AgentsLearnTrustAtAPersonsPaceAtAnyScale) {
  // Every need is online and succeeds: trust moves up only through the agent's own needs, so the
  // mean trust after a week is the same whether an agent stands for 1 or 200 residents.
  double trust[2];
  const double scales[2] = {0.005, 1.0};
  for (int i = 0; i < 2; ++i) {
    Params p = testing::one_hall(1, 10, kInfinity);
    p.districts[0].population = 40000;
    p.scale = scales[i];
    p.days = 7;
    p.internet_access = {1.0, 1.0};
    p.initial_adoption = {1.0, 1.0};
    p.initial_trust = {0.5, 0.5};
    RequestType& t = p.types[0];
    t.channels = {false, false, true, false};
    t.digital_success = 1.0;
    t.complexity = 0;
    t.rate_per_year = {36.5, 36.5};  // one need in ten days per person
    Recorder rec = run_all(p);
    const DayRecord& last = rec.days.back();
    trust[i] = last.trust_mean[kUrbanAdult];
  }
  // Per person: 0.7 needs a week, each moving trust 10% of the way to 1: about +0.034.
  EXPECT_GT(trust[1], 0.52);
  EXPECT_NEAR(trust[0], trust[1], 0.01);  // landed engine: 200 times the contacts, trust near 1
}

TEST(Scale, ANeedNoChannelWillServeIsUnmetAtOnceAndOneThatWillWaits) {
  // Hall-only needs in a city whose halls have no clerks: unmet when they arise, none left open.
  Params p = testing::one_hall(0, 10, kInfinity);
  p.districts[0].population = 20000;
  p.days = 3;
  p.types[0].rate_per_year = {36.5, 36.5};
  {
    Engine e(p);
    Recorder rec;
    e.run(rec);
    const RunSummary s = e.summary(p.days);
    EXPECT_GT(s.needs[kUrbanAdult], 1000);
    EXPECT_EQ(s.unmet_needs[kUrbanAdult], s.needs[kUrbanAdult]);
    EXPECT_EQ(s.open_needs[kUrbanAdult], 0);
    EXPECT_DOUBLE_EQ(s.elapsed_mean_seconds[kUrbanAdult], 0.0);  // given up when they arose
  }
  // Clerks arrive on day 2: until then the needs wait for them, and then they are served.
  Intervention hire = make(InterventionType::Staffing, 2);
  hire.add_counter_staff = 50;
  p.interventions.push_back(hire);
  Engine e(p);
  Recorder rec;
  e.run(rec);
  const RunSummary s = e.summary(p.days);
  EXPECT_GT(s.resolved[kUrbanAdult], s.needs[kUrbanAdult] / 2);
  EXPECT_GT(s.elapsed_mean_seconds[kUrbanAdult], 3600.0);  // those of days 0-1 waited for day 2
}

TEST(Scale, ANeedWaitsForDataSharingThatWillMakeItsTypeDigital) {
  // Hall-only needs, no clerks, everyone online: from day 2 data sharing makes the type completable
  // online. The needs of days 0-1 wait for it rather than being unmet at once, and are met then.
  Params p = testing::one_hall(0, 10, kInfinity);
  p.districts[0].population = 20000;
  p.days = 4;
  p.types[0].rate_per_year = {36.5, 36.5};
  p.types[0].digital_success = 1.0;
  p.types[0].complexity = 0;
  p.internet_access = {1.0, 1.0};
  p.initial_adoption = {1.0, 1.0};
  Intervention sharing = make(InterventionType::DataSharing, 2);
  sharing.shared_types = {p.types[0].name};
  sharing.incidents_per_year = 0;
  p.interventions.push_back(sharing);
  Engine e(p);
  Recorder rec;
  e.run(rec);
  const RunSummary s = e.summary(p.days);
  EXPECT_GT(s.needs[kUrbanAdult], 1000);
  EXPECT_EQ(s.unmet_needs[kUrbanAdult], 0);
  EXPECT_GT(s.elapsed_mean_seconds[kUrbanAdult], 12 * 3600.0);  // half of them waited for day 2
}

TEST(Scale, SmallCellsAnInterventionTargetsAreNamedWithTheScaleThatWouldDo) {
  // small_city's rural district has 120,000 residents; at scale 0.01 its rural elderly are a few
  // dozen agents, so literacy training there is measured on too few people.
  Params p = empty_city(0.01, 2);
  Intervention training = make(InterventionType::LiteracyTraining, 1, kind(kRural));
  p.interventions.push_back(training);
  const std::vector<std::string> w = sample_warnings(p);
  ASSERT_FALSE(w.empty());
  bool named = false;
  for (const std::string& line : w)
    if (line.find("intervention 0 (literacy_training) targets district 'fields', whose rural_elderly group has") !=
        std::string::npos) {
      named = true;
      EXPECT_NE(line.find("population.scale 0.01"), std::string::npos) << line;
      EXPECT_NE(line.find("gives ±5 points"), std::string::npos) << line;
    }
  EXPECT_TRUE(named) << w.front();
  // The scale it names is enough: no warning for that cell there.
  const std::array<std::uint64_t, kGroups> n = group_agents(p, kFields);
  const double enough = p.scale * 385.0 / static_cast<double>(n[kRuralElderly]);
  p.scale = std::min(1.0, enough * 1.01);
  for (const std::string& line : sample_warnings(p))
    EXPECT_EQ(line.find("'fields', whose rural_elderly"), std::string::npos) << line;
  // A large sample: nothing to say; nor about the rural groups of an all-urban district, which
  // have no residents to sample at any scale.
  p.scale = 1.0;
  p.interventions.push_back(make(InterventionType::Staffing, 1, testing::named("centre")));
  EXPECT_TRUE(sample_warnings(p).empty());
}

}  // namespace
}  // namespace civicsim
