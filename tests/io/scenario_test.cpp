// Valid scenarios: the repository's scenarios, defaults, the MODEL.md §9 example, resolved_yaml.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "io/scenario.hpp"
#include "scenario_errors.hpp"
#include "io/sweep.hpp"
#include "params_compare.hpp"
#include "sim/geography.hpp"

namespace civicsim::io {
namespace {

namespace fs = std::filesystem;
const std::string kData = CIVICSIM_TEST_DATA;
const std::string kSource = CIVICSIM_SOURCE_DIR;

Params load_ok(const std::string& path) {
  const ScenarioResult r = load_scenario_file(path);
  EXPECT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.exit_code, kExitOk);
  return r.params;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += n + " ";
  return s;
}

TEST(Scenario, DefaultScenarioFileAndBuiltinValidateAlike) {
  const Params file = load_ok(kSource + "/scenarios/default.yaml");
  const ScenarioResult builtin = load_scenario_text(builtin_default_scenario(), "<builtin:default>", "");
  ASSERT_TRUE(builtin.ok()) << errors_of(builtin);
  EXPECT_TRUE(test::param_differences(file, builtin.params, true).empty())
      << joined(test::param_differences(file, builtin.params, true));
  EXPECT_EQ(builtin.params.source_path, "<builtin:default>");
  EXPECT_EQ(file.name, "default");
  EXPECT_TRUE(file.generated);
  EXPECT_EQ(file.districts.size(), 16u);
  EXPECT_EQ(file.types.size(), 4u);
  EXPECT_EQ(file.interventions.size(), 2u);
}

TEST(Scenario, EveryScenarioInTheRepositoryValidates) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kSource + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    load_ok(entry.path().string());
    const SweepResult sweep = load_sweep_file(entry.path().string(), /*check_runs=*/true);  // every run
    EXPECT_TRUE(sweep.ok()) << (sweep.errors.empty() ? "" : sweep.errors[0].str());
    ++count;
  }
  EXPECT_GE(count, 1);
}

TEST(Scenario, AlmostEmptyScenarioKeepsEveryDefault) {
  const Params p = load_ok(kData + "/minimal.yaml");
  const Params defaults = default_params();
  EXPECT_EQ(test::param_differences(defaults, p, true), std::vector<std::string>{"geography.districts"});
  ASSERT_EQ(p.districts.size(), 1u);
  EXPECT_EQ(p.districts[0].name, "Village");
  EXPECT_EQ(p.districts[0].kind, kRural);
  EXPECT_EQ(p.districts[0].population, 5000);
  EXPECT_EQ(p.districts[0].area_km2, 20);
  EXPECT_EQ(p.districts[0].urban_share, 0.3);
  EXPECT_EQ(p.districts[0].lat, District{}.lat);  // optional: the District default
  EXPECT_FALSE(p.generated);
  EXPECT_TRUE(p.districts_file.empty());
}

TEST(Scenario, OnlyTheVersionGivesTheDefaultRingCity) {
  const ScenarioResult r = load_scenario_text("civicsim: 1\n", "v.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_TRUE(r.params.generated);
  const auto expected = generate_ring_city(RingCity{});
  ASSERT_EQ(r.params.districts.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(test::same_district(r.params.districts[i], expected[i])) << i;
  }
}

TEST(Scenario, ModelExampleLoadsWithTheListedValues) {
  const Params p = load_ok(kData + "/model_example.yaml");
  EXPECT_EQ(p.name, "baseline");
  EXPECT_EQ(p.seed, 42u);
  EXPECT_EQ(p.days, 30);
  EXPECT_EQ(p.step_minutes, 5);
  EXPECT_EQ(p.report_minutes, 60);
  EXPECT_EQ(p.start_weekday, 0);
  EXPECT_EQ(p.scale, 0.01);
  ASSERT_EQ(p.districts.size(), 4u);
  EXPECT_EQ(p.districts[0].name, "Yuexiu");
  EXPECT_EQ(p.districts[2].kind, kSuburban);
  EXPECT_EQ(p.districts[3].population, 768095);
  EXPECT_EQ(p.districts[3].area_km2, 1974.5);
  EXPECT_EQ(p.districts[3].urban_share, 0.4511);
  EXPECT_EQ(p.districts[3].lat, 23.65);
  EXPECT_EQ(p.districts_file, fs::absolute(kData + "/districts.csv").lexically_normal().string());
  EXPECT_EQ(p.centres, (std::array<int, 3>{1, 2, 3}));
  EXPECT_EQ(p.elderly_share, 0.1141);
  EXPECT_EQ(p.internet_access, (std::array<double, 2>{0.85, 0.69}));
  EXPECT_EQ(p.internet_elderly_factor, 0.65);
  EXPECT_EQ(p.patience_minutes, (std::array<double, 4>{60, 4, kInfinity, 5}));
  EXPECT_EQ(p.retry_probability, 0.75);
  EXPECT_EQ(p.retry_delay_minutes, (std::array<double, 4>{1440, 20, 10, 10}));
  ASSERT_EQ(p.types.size(), 1u);
  const RequestType& t = p.types[0];
  EXPECT_EQ(t.name, "consultation");
  EXPECT_EQ(t.rate_per_year, (std::array<double, 2>{2.0, 1.5}));
  EXPECT_EQ(t.complexity, 0.2);
  EXPECT_EQ(t.service_minutes, (std::array<double, 4>{8, 6, 5, 4}));
  EXPECT_EQ(t.service_distribution, ServiceDistribution::Lognormal);
  EXPECT_EQ(t.service_cv, 0.6);
  EXPECT_EQ(t.channels, (std::array<bool, 4>{true, true, true, true}));
  const OpeningHours& office = p.hours[kInPerson];
  EXPECT_FALSE(office.always);
  EXPECT_EQ(office.weekday, (std::vector<std::pair<int, int>>{{540, 720}, {780, 1020}}));
  EXPECT_TRUE(office.weekend.empty());
  EXPECT_TRUE(p.hours[kHotline].always);
  EXPECT_EQ(p.counter_staff_per_centre, (std::array<double, 3>{40, 25, 10}));
  EXPECT_EQ(p.hotline_operators, 1000);
  ASSERT_EQ(p.interventions.size(), 2u);
  const Intervention& rollout = p.interventions[0];
  EXPECT_EQ(rollout.type, InterventionType::DigitalHumanRollout);
  EXPECT_EQ(rollout.start_day, 10);
  EXPECT_EQ(rollout.end_day, -1);
  EXPECT_EQ(rollout.districts.mode, DistrictSelector::Mode::Kind);
  EXPECT_EQ(rollout.districts.kind, kRural);
  EXPECT_EQ(rollout.instances, 20);
  EXPECT_EQ(rollout.sessions_per_instance, 8);
  const Intervention& staffing = p.interventions[1];
  EXPECT_EQ(staffing.type, InterventionType::Staffing);
  EXPECT_EQ(staffing.start_day, 0);
  EXPECT_EQ(staffing.districts.mode, DistrictSelector::Mode::All);
  EXPECT_EQ(staffing.add_counter_staff, 5);
  EXPECT_EQ(p.output_path, "out/baseline.h5");
}

TEST(Scenario, ResolvedYamlLoadsBackToTheSameParameters) {
  for (const std::string& path : {kData + "/model_example.yaml", kData + "/full.yaml", kData + "/minimal.yaml",
                                  kSource + "/scenarios/default.yaml", kSource + "/scenarios/hundred_counties.yaml",
                                  kSource + "/scenarios/compute_dispatch.yaml"}) {
    SCOPED_TRACE(path);
    const Params first = load_ok(path);
    const std::string resolved = resolved_yaml(first);
    const ScenarioResult again = load_scenario_text(resolved, "resolved.yaml", "");
    ASSERT_TRUE(again.ok()) << errors_of(again) << resolved;
    EXPECT_TRUE(test::param_differences(first, again.params).empty())
        << joined(test::param_differences(first, again.params)) << "\n"
        << resolved;
    // Stable: a fixed point, but for the first comment line, which says where districts came from.
    const auto body = [](const std::string& s) { return s.substr(s.find('\n')); };
    EXPECT_EQ(body(resolved_yaml(again.params)), body(resolved));
    EXPECT_EQ(again.params.yaml_text, resolved);
  }
}

TEST(Scenario, FullFixtureSetsEveryParameterAwayFromItsDefault) {
  const Params full = load_ok(kData + "/full.yaml");
  Params defaults = default_params();
  const auto differ = test::param_differences(defaults, full);
  // Every field the comparison knows (every model parameter) except the hours of the always-open
  // channels: the fixture leaves none at its default, so the round trip exercises every key.
  auto all = test::param_differences(defaults, defaults, false, true);
  all.erase(std::remove(all.begin(), all.end(), "civicsim"), all.end());  // always 1
  all.erase(std::remove(all.begin(), all.end(), "channels.online.hours"), all.end());
  all.erase(std::remove(all.begin(), all.end(), "channels.digital_human.hours"), all.end());
  EXPECT_EQ(differ, all);
  // Inside the lists, every field too.
  const RequestType type_defaults;
  for (const RequestType& t : full.types) {
    EXPECT_NE(t.rate_per_year, type_defaults.rate_per_year);
    EXPECT_NE(t.complexity, type_defaults.complexity);
    EXPECT_NE(t.service_minutes, type_defaults.service_minutes);
    EXPECT_NE(t.service_cv, type_defaults.service_cv);
    EXPECT_NE(t.channels, type_defaults.channels);
    EXPECT_NE(t.digital_success, type_defaults.digital_success);
    EXPECT_NE(t.reference_minutes, type_defaults.reference_minutes);
  }
  EXPECT_NE(full.types[0].service_distribution, type_defaults.service_distribution);
  const Intervention v;
  const Intervention& rollout = full.interventions[0];
  EXPECT_NE(rollout.start_day, v.start_day);
  EXPECT_NE(rollout.end_day, v.end_day);
  EXPECT_EQ(rollout.districts.names, std::vector<std::string>{"South"});
  EXPECT_NE(rollout.instances, v.instances);
  EXPECT_NE(rollout.sessions_per_instance, v.sessions_per_instance);
  EXPECT_NE(rollout.success_boost, v.success_boost);
  EXPECT_NE(rollout.elder_care, v.elder_care);
  EXPECT_NE(rollout.dh_interface, v.dh_interface);
  EXPECT_NE(rollout.setup_cost_per_instance, v.setup_cost_per_instance);
  EXPECT_NE(rollout.daily_cost_per_instance, v.daily_cost_per_instance);
  const Intervention& staffing = full.interventions[1];
  EXPECT_EQ(staffing.districts.mode, DistrictSelector::Mode::Kind);
  EXPECT_NE(staffing.add_counter_staff, v.add_counter_staff);
  EXPECT_NE(staffing.add_hotline_operators, v.add_hotline_operators);
  EXPECT_NE(staffing.setup_cost_per_staff, v.setup_cost_per_staff);
  EXPECT_NE(staffing.daily_cost_per_staff, v.daily_cost_per_staff);
  EXPECT_NE(rollout.kiosks, v.kiosks);
  EXPECT_NE(rollout.kiosk_travel_minutes, v.kiosk_travel_minutes);
  EXPECT_NE(rollout.kiosks_for_non_users, v.kiosks_for_non_users);
  EXPECT_NE(rollout.setup_cost_per_kiosk, v.setup_cost_per_kiosk);
  EXPECT_NE(rollout.daily_cost_per_kiosk, v.daily_cost_per_kiosk);
  EXPECT_NE(rollout.kiosk_users_at_once, v.kiosk_users_at_once);  // kiosks as service points (issue 17)
  EXPECT_NE(rollout.kiosk_session_factor, v.kiosk_session_factor);
  EXPECT_NE(rollout.kiosk_speed_kmh, v.kiosk_speed_kmh);
  EXPECT_NE(rollout.kiosk_hours.weekday, v.kiosk_hours.weekday);
  EXPECT_NE(rollout.kiosk_hours.weekend, v.kiosk_hours.weekend);
  EXPECT_NE(rollout.kiosk_helpers, v.kiosk_helpers);
  EXPECT_NE(rollout.kiosk_helper_lift, v.kiosk_helper_lift);
  EXPECT_NE(rollout.daily_cost_per_kiosk_helper, v.daily_cost_per_kiosk_helper);
  EXPECT_TRUE(staffing.set_hall_hours);
  EXPECT_NE(staffing.counter_shift_hours, v.counter_shift_hours);
  EXPECT_NE(staffing.hourly_cost_per_staff, v.hourly_cost_per_staff);
  // One of every other type, each key away from its type's default.
  ASSERT_EQ(full.interventions.size(), 7u);
  for (std::size_t i = 2; i < full.interventions.size(); ++i) {
    const Intervention& x = full.interventions[i];
    const Intervention d = intervention_defaults(x.type);
    EXPECT_EQ(static_cast<int>(x.type), static_cast<int>(i));
    switch (x.type) {
      case InterventionType::BroadbandExpansion:
        EXPECT_NE(x.target_access, d.target_access);
        EXPECT_NE(x.ramp_days, d.ramp_days);
        EXPECT_NE(x.rural_first, d.rural_first);
        EXPECT_NE(x.setup_cost, d.setup_cost);
        EXPECT_NE(x.cost_per_connection, d.cost_per_connection);
        EXPECT_NE(x.daily_cost_per_connection, d.daily_cost_per_connection);
        break;
      case InterventionType::LiteracyTraining:
        EXPECT_NE(x.seats_per_day, d.seats_per_day);
        EXPECT_NE(x.literacy_gain, d.literacy_gain);
        EXPECT_NE(x.elderly_first, d.elderly_first);
        EXPECT_NE(x.max_literacy, d.max_literacy);
        EXPECT_NE(x.setup_cost, d.setup_cost);
        EXPECT_NE(x.cost_per_seat, d.cost_per_seat);
        EXPECT_NE(x.daily_cost_per_district, d.daily_cost_per_district);
        break;
      case InterventionType::TalentIncentive:
        EXPECT_NE(x.move_share, d.move_share);
        EXPECT_NE(x.rural_attrition_factor, d.rural_attrition_factor);
        EXPECT_NE(x.setup_cost_per_move, d.setup_cost_per_move);
        EXPECT_NE(x.bonus_per_day, d.bonus_per_day);
        break;
      case InterventionType::DataSharing:
        EXPECT_EQ(x.shared_types, std::vector<std::string>{"licence"});
        EXPECT_NE(x.service_factor, d.service_factor);
        EXPECT_NE(x.incidents_per_year, d.incidents_per_year);
        EXPECT_NE(x.reference_records, d.reference_records);
        EXPECT_NE(x.security_daily_cost, d.security_daily_cost);
        EXPECT_NE(x.security_half_cost, d.security_half_cost);
        EXPECT_NE(x.exposed_share, d.exposed_share);
        EXPECT_NE(x.max_trust_drop, d.max_trust_drop);
        EXPECT_NE(x.disclosure, d.disclosure);
        EXPECT_NE(x.accountability, d.accountability);
        EXPECT_NE(x.remediation, d.remediation);
        EXPECT_NE(x.disclosure_mitigation, d.disclosure_mitigation);
        EXPECT_NE(x.accountability_mitigation, d.accountability_mitigation);
        EXPECT_NE(x.remediation_mitigation, d.remediation_mitigation);
        EXPECT_NE(x.setup_cost, d.setup_cost);
        EXPECT_NE(x.daily_cost, d.daily_cost);
        EXPECT_NE(x.cost_per_incident, d.cost_per_incident);
        break;
      case InterventionType::ComputeCapacity:
        EXPECT_NE(x.instances, d.instances);
        EXPECT_NE(x.sessions_per_instance, d.sessions_per_instance);
        EXPECT_NE(x.setup_cost_per_instance, d.setup_cost_per_instance);
        EXPECT_NE(x.daily_cost_per_instance, d.daily_cost_per_instance);
        EXPECT_NE(x.setup_cost, d.setup_cost);
        EXPECT_NE(x.dispatch, d.dispatch);
        EXPECT_EQ(x.dispatch_from.mode, DistrictSelector::Mode::Kind);
        EXPECT_NE(x.dispatch_instances, d.dispatch_instances);
        EXPECT_NE(x.dispatch_latency_seconds, d.dispatch_latency_seconds);
        break;
      default:
        ADD_FAILURE() << "unexpected type";
    }
  }
  EXPECT_EQ(full.seed, 18446744073709551615u);
  EXPECT_EQ(full.districts[1].population, 30000.5);
  EXPECT_EQ(full.hours[kHotline].weekend.back(), (std::pair<int, int>{1140, 1440}));  // 24:00
}

TEST(Scenario, ResolvedYamlWritesInfinityAsDotInf) {
  const std::string resolved = resolved_yaml(load_ok(kData + "/model_example.yaml"));
  EXPECT_NE(resolved.find("online: .inf"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("Districts: from "), std::string::npos) << resolved;
}

TEST(Scenario, ResolvedYamlNamesARingCitysParametersOnItsFirstLine) {
  const std::string ring = "ring_city:\n      share_60_plus: {core: 0.1, suburban: 0.2, rural: 0.3}\n";
  const ScenarioResult r = load_scenario_text("civicsim: 1\ngeography:\n  generate:\n    " + ring, "v.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const std::string resolved = resolved_yaml(r.params), first = resolved.substr(0, resolved.find('\n'));
  EXPECT_NE(first.find("generated by ring_city {population: "), std::string::npos) << first;
  // A nested entry is a flow mapping, not an empty "share_60_plus: " (the report's City row).
  EXPECT_NE(first.find(", share_60_plus: {core: 0.1, suburban: 0.2, rural: 0.3}}"), std::string::npos) << first;
}

TEST(Scenario, KeepsTheExactTextAndWhereItCameFrom) {
  const std::string text = "civicsim: 1   # trailing comment\nname: kept\n\n";
  const ScenarioResult r = load_scenario_text(text, "given.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.params.yaml_text, text);
  EXPECT_EQ(r.params.source_path, "given.yaml");
  const Params file = load_ok(kData + "/minimal.yaml");
  EXPECT_EQ(file.source_path, kData + "/minimal.yaml");
  EXPECT_EQ(file.yaml_text.substr(0, 2), "# ");
}

TEST(Scenario, InlineDistrictsResolveRelativeFilesAgainstBaseDir) {
  const ScenarioResult r =
      load_scenario_text("civicsim: 1\ngeography: {districts_file: districts.csv}\n", "t.yaml", kData);
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.params.districts.size(), 4u);
  EXPECT_TRUE(fs::path(r.params.districts_file).is_absolute());
}

TEST(Scenario, HoursAcceptMidnightAsAnEndAndClosedDays) {
  const ScenarioResult r = load_scenario_text(
      "civicsim: 1\nchannels:\n  in_person: {hours: {weekday: [\"0:00-9:30\", \"22:00-24:00\"]}}\n"
      "  hotline: {hours: {weekday: [\"08:00-20:00\"], weekend: [\"10:00 - 16:00\"]}}\n",
      "h.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.params.hours[kInPerson].weekday, (std::vector<std::pair<int, int>>{{0, 570}, {1320, 1440}}));
  EXPECT_TRUE(r.params.hours[kInPerson].weekend.empty());  // not listed = closed
  EXPECT_FALSE(r.params.hours[kHotline].always);
  EXPECT_EQ(r.params.hours[kHotline].weekend, (std::vector<std::pair<int, int>>{{600, 960}}));
}

TEST(Scenario, BadHoursAreReportedEach) {
  const ScenarioResult r = load_scenario_text(
      "civicsim: 1\nchannels:\n  in_person: {hours: {weekday: [\"24:00-24:00\", \"10:00-09:00\", "
      "\"08:60-09:00\", \"always\"], weekend: \"24/7\"}}\n",
      "h.yaml", "");
  ASSERT_EQ(r.errors.size(), 5u) << errors_of(r);
  EXPECT_NE(r.errors[0].message.find("24:00 can only end an interval"), std::string::npos);
  EXPECT_NE(r.errors[1].message.find("must end after it starts"), std::string::npos);
  EXPECT_NE(r.errors[2].message.find("outside 00:00-24:00"), std::string::npos);
  EXPECT_NE(r.errors[3].message.find("bad interval 'always'"), std::string::npos);
  EXPECT_NE(r.errors[4].message.find("expected a sequence"), std::string::npos);
}

TEST(Scenario, CollectsEveryProblemSortedByPosition) {
  const ScenarioResult r = load_scenario_text(
      "civicsim: 1\noutput: {path: [x]}\ntime: {days: -1}\nseed: -3\npopulation: {scael: 0.1}\n", "many.yaml", "");
  ASSERT_EQ(r.errors.size(), 4u) << errors_of(r);
  EXPECT_EQ(r.exit_code, kExitDataErr);
  for (std::size_t i = 0; i < r.errors.size(); ++i) {
    EXPECT_EQ(r.errors[i].line, static_cast<int>(i) + 2) << errors_of(r);
    EXPECT_EQ(r.errors[i].file, "many.yaml");
  }
  EXPECT_EQ(r.errors[3].message, "unknown key 'scael' in 'population'; did you mean 'scale'?");
}

TEST(Scenario, ListsValidKeysWhenNothingIsClose) {
  const ScenarioResult r = load_scenario_text("civicsim: 1\ntime: {xyz: 1}\n", "k.yaml", "");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message,
            "unknown key 'xyz' in 'time'; valid keys: days, step_minutes, report_minutes, start_weekday, start_date, "
            "warmup_days");
}

TEST(Scenario, ColumnsCountCharactersNotBytes) {
  // "越秀" is two characters but six bytes in UTF-8.
  const ScenarioResult r = load_scenario_text(
      "civicsim: 1\ngeography:\n  districts:\n    - {name_zh: 越秀, name: Yuexiu, kind: urbn, population: 1, "
      "area_km2: 1, urban_share: 1}\n",
      "u.yaml", "");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].line, 4);
  EXPECT_EQ(r.errors[0].column, 41);  // 45 if bytes were counted
  EXPECT_NE(r.errors[0].message.find("did you mean 'urban'?"), std::string::npos);
}

TEST(Scenario, EmptyTextAndSecondDocumentAreErrors) {
  const ScenarioResult empty = load_scenario_text("", "e.yaml", "");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].str(),
            "e.yaml:1:1: the scenario is empty; expected a mapping that starts with 'civicsim: 1'");
  const ScenarioResult two = load_scenario_text("civicsim: 1\n---\ncivicsim: 1\n", "d.yaml", "");
  ASSERT_EQ(two.errors.size(), 1u);
  EXPECT_EQ(two.errors[0].line, 3);
}

TEST(Scenario, SeedTakesTheWholeUnsignedRangeAndNoMore) {
  EXPECT_TRUE(load_scenario_text("civicsim: 1\nseed: 0\n", "s.yaml", "").ok());
  const ScenarioResult big = load_scenario_text("civicsim: 1\nseed: 18446744073709551616\n", "s.yaml", "");
  ASSERT_EQ(big.errors.size(), 1u);
  EXPECT_NE(big.errors[0].message.find("seed: expected an integer"), std::string::npos);
}

TEST(Scenario, NumbersAreStrict) {
  for (const char* bad : {"0x10", "nan", ".nan", "1,5", "'5'", "true", "inf"}) {
    const ScenarioResult r =
        load_scenario_text(std::string("civicsim: 1\nstaff: {hotline_operators: ") + bad + "}\n", "n.yaml", "");
    EXPECT_EQ(r.errors.size(), 1u) << bad << "\n" << errors_of(r);
  }
  const ScenarioResult ok = load_scenario_text(
      "civicsim: 1\nstaff: {hotline_operators: 1.2e3}\ncitizens: {patience_minutes: {hotline: .Inf}}\n", "n.yaml", "");
  ASSERT_TRUE(ok.ok()) << errors_of(ok);
  EXPECT_EQ(ok.params.hotline_operators, 1200);
  EXPECT_TRUE(std::isinf(ok.params.patience_minutes[kHotline]));
}

TEST(Scenario, ElderlyShareCannotExceedTheShareAged15Plus) {
  const ScenarioResult r = load_scenario_text(
      "civicsim: 1\npopulation: {share_15_plus: 0.5}\ncitizens: {elderly_share: 0.6}\n", "e.yaml", "");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].str(),
            "e.yaml:3:27: citizens.elderly_share (0.6) cannot exceed "
            "population.share_15_plus (0.5): the elderly are residents aged 15+");
}

TEST(Scenario, MissingOrDirectoryScenarioIsNoInput) {
  for (const std::string& path : {kData + "/no_such_scenario.yaml", kData}) {
    const ScenarioResult r = load_scenario_file(path);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.exit_code, kExitNoInput);
    EXPECT_EQ(r.errors[0].line, 0);
    EXPECT_EQ(r.errors[0].file, path);
    EXPECT_EQ(r.errors[0].str().rfind(path + ": cannot read the scenario", 0), 0u) << r.errors[0].str();
  }
}

TEST(Diagnostic, StrOmitsColumnAndLineWhenZero) {
  EXPECT_EQ((Diagnostic{"a.yaml", 3, 7, "m"}).str(), "a.yaml:3:7: m");
  EXPECT_EQ((Diagnostic{"a.yaml", 3, 0, "m"}).str(), "a.yaml:3: m");
  EXPECT_EQ((Diagnostic{"a.yaml", 0, 0, "m"}).str(), "a.yaml: m");
}

}  // namespace
}  // namespace civicsim::io
