// Counter staff per district (issue 18): the optional counter_staff_per_centre column of the
// districts (CSV and inline) replaces staff.counter_staff_per_centre of the district's kind, is
// validated like the other columns, survives the resolved scenario, and sets the halls' real
// headcount in the run (a staffing intervention adds to it).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/scenario.hpp"
#include "scenario_errors.hpp"
#include "sim/engine.hpp"

namespace civicsim::io {
namespace {

const char* kTwoDistricts =
    "civicsim: 1\ntime: {days: 2}\npopulation: {scale: 0.01}\n"
    "geography:\n  centres: {urban: 1, rural: 3}\n  districts:\n"
    "    - {name: A, kind: urban, population: 100000, area_km2: 10, urban_share: 1, counter_staff_per_centre: 7.5}\n"
    "    - {name: B, kind: rural, population: 100000, area_km2: 100, urban_share: 0.5}\n"
    "staff: {counter_staff_per_centre: {urban: 40, suburban: 25, rural: 4}}\n";

struct Staff : EngineObserver {
  std::vector<std::int64_t> day0;
  void on_interval(int, const IntervalRecord&) override {}
  void on_day(int day, const DayRecord& r) override {
    if (day == 0) day0 = r.staff;
  }
};

std::int64_t hall_staff(const Params& p, int district) {
  Params q = p;
  q.days = 1;
  Engine engine(q);
  Staff rec;
  engine.run(rec);
  return rec.day0.at(static_cast<std::size_t>(district) * kChannels + kInPerson);
}

TEST(DistrictStaffIo, TheColumnReplacesTheKindsValue) {
  const ScenarioResult r = load_scenario_text(kTwoDistricts, "two.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.params.districts[0].counter_staff_per_centre, 7.5);
  EXPECT_LT(r.params.districts[1].counter_staff_per_centre, 0);  // not given: the kind's value
  EXPECT_EQ(district_counter_staff(r.params, 0), 7.5);
  EXPECT_EQ(district_counter_staff(r.params, 1), 4);
  // Real headcounts: 7.5 in one hall rounds to 8 (not the urban 40); B's 3 halls × 4 = 12.
  EXPECT_EQ(hall_staff(r.params, 0), 8);
  EXPECT_EQ(hall_staff(r.params, 1), 12);
}

TEST(DistrictStaffIo, ResolvedScenarioKeepsTheColumnOnlyWhereGiven) {
  const ScenarioResult r = load_scenario_text(kTwoDistricts, "two.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const std::string resolved = resolved_yaml(r.params);
  EXPECT_EQ(resolved.find("counter_staff_per_centre: 7.5"), resolved.rfind("counter_staff_per_centre: 7.5"));
  EXPECT_NE(resolved.find("counter_staff_per_centre: 7.5"), std::string::npos) << resolved;
  const ScenarioResult again = load_scenario_text(resolved, "resolved.yaml", "");
  ASSERT_TRUE(again.ok()) << errors_of(again) << resolved;
  EXPECT_EQ(again.params.districts[0].counter_staff_per_centre, 7.5);
  EXPECT_LT(again.params.districts[1].counter_staff_per_centre, 0);
}

TEST(DistrictStaffIo, StaffingAddsToTheColumn) {
  std::string text = kTwoDistricts;
  text += "interventions: [{type: staffing, start_day: 0, districts: [A], add_counter_staff: 2}]\n";
  const ScenarioResult r = load_scenario_text(text, "two.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(hall_staff(r.params, 0), 10);  // 7.5 -> 8, + 2
}

TEST(DistrictStaffIo, ANegativeValueIsAnErrorAtItsPlace) {
  std::string text = kTwoDistricts;
  text.replace(text.find("counter_staff_per_centre: 7.5"), 29, "counter_staff_per_centre: -1");
  const ScenarioResult r = load_scenario_text(text, "bad.yaml", "");
  ASSERT_FALSE(r.ok());
  const std::string e = errors_of(r);
  EXPECT_NE(e.find("bad.yaml:7:106:"), std::string::npos) << e;  // the value, in the first district's line
  EXPECT_NE(e.find("counter_staff_per_centre"), std::string::npos) << e;
}

TEST(DistrictStaffIo, GuangzhouHasHuadusWindowsPerResidentEverywhere) {
  const ScenarioResult r = load_scenario_file(CIVICSIM_SOURCE_DIR "/scenarios/guangzhou.yaml");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  double windows = 0;
  for (std::size_t d = 0; d < r.params.districts.size(); ++d) {
    const District& district = r.params.districts[d];
    ASSERT_GE(district.counter_staff_per_centre, 0) << district.name;
    const double halls = r.params.centres[district.kind];
    windows += district.counter_staff_per_centre * halls;
    EXPECT_NEAR(district.counter_staff_per_centre * halls / district.population * 1e5, 229 / 16.4236, 0.01)
        << district.name;
  }
  EXPECT_NEAR(windows, 2604, 1);
  EXPECT_TRUE(r.params.interventions.empty()) << "the establishment is data, not day-0 interventions";
}

}  // namespace
}  // namespace civicsim::io
