// Heterogeneity from data (issue 17): the share_60_plus column of the districts (CSV, inline, ring
// city), literacy by residence and channel constants by age in the scenario file, and the derived
// Guangzhou column against the census constraints it was built to meet (docs/calibration.md).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "io/scenario.hpp"
#include "scenario_errors.hpp"

namespace civicsim::io {
namespace {

TEST(HeterogeneityIo, GuangzhouColumnMeetsTheCityWideCensusFigures) {
  const ScenarioResult r = load_scenario_file(CIVICSIM_SOURCE_DIR "/scenarios/guangzhou.yaml");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const Params& p = r.params;
  ASSERT_EQ(p.districts.size(), 11u);
  double residents = 0, aged = 0, lowest = 1, highest = 0;
  int above_14_percent_65_plus = 0;
  const double ratio_65_of_60 = 0.0782 / 0.1141;  // city-wide 65+ / 60+ (census), assumed in every district
  for (const District& d : p.districts) {
    ASSERT_GE(d.share_60_plus, 0) << d.name << ": the column is filled for every district";
    residents += d.population;
    aged += d.population * d.share_60_plus;
    lowest = std::min(lowest, d.share_60_plus);
    highest = std::max(highest, d.share_60_plus);
    if (d.share_60_plus * ratio_65_of_60 > 0.14) ++above_14_percent_65_plus;
  }
  // The population-weighted mean is the census 11.41% exactly, up to the 4-decimal rounding of the
  // column (at most half a unit of its last digit).
  EXPECT_NEAR(aged / residents, 0.1141, 0.5e-4);
  EXPECT_EQ(above_14_percent_65_plus, 1);  // bulletin No. 4: one district above 14% aged 65+
  EXPECT_GT(highest - lowest, 0.1);        // mean ages 33.2 (Tianhe) to 41.3 (Yuexiu)
}

TEST(HeterogeneityIo, InlineDistrictsAndRingCityTakeAShare60Plus) {
  const ScenarioResult inline_r = load_scenario_text(
      "civicsim: 1\ngeography:\n  districts:\n"
      "    - {name: A, kind: urban, population: 1000, area_km2: 1, urban_share: 1, share_60_plus: 0.2}\n"
      "    - {name: B, kind: rural, population: 1000, area_km2: 1, urban_share: 0.5}\n",
      "i.yaml", "");
  ASSERT_TRUE(inline_r.ok()) << errors_of(inline_r);
  EXPECT_EQ(inline_r.params.districts[0].share_60_plus, 0.2);
  EXPECT_LT(inline_r.params.districts[1].share_60_plus, 0);  // not given: citizens.elderly_share

  const ScenarioResult ring = load_scenario_text(
      "civicsim: 1\ngeography: {generate: {ring_city: {share_60_plus: {core: 0.1, rural: 0.2}}}}\n", "r.yaml", "");
  ASSERT_TRUE(ring.ok()) << errors_of(ring);
  for (const District& d : ring.params.districts) {
    const double want = d.kind == kUrban ? 0.1 : d.kind == kRural ? 0.2 : -1;
    EXPECT_EQ(d.share_60_plus, want) << d.name;
  }
  const ScenarioResult bad = load_scenario_text(
      "civicsim: 1\ngeography: {generate: {ring_city: {share_60_plus: {core: -0.5}}}}\n", "b.yaml", "");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(errors_of(bad).find("share_60_plus"), std::string::npos) << errors_of(bad);
}

TEST(HeterogeneityIo, RuralLiteracyAndElderlyConstantsRoundTrip) {
  const ScenarioResult r = load_scenario_text(
      "civicsim: 1\ncitizens:\n  digital_literacy:\n    adult: {mean: 0.8, sd: 0.1}\n"
      "    rural: {adult: {mean: 0.55}}\n"
      "choice: {asc_elderly: {in_person: 0.5}}\n",
      "l.yaml", "");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.params.literacy_mean_rural[kAdult], 0.55);
  EXPECT_LT(r.params.literacy_sd_rural[kAdult], 0);      // not given: the urban sd
  EXPECT_LT(r.params.literacy_mean_rural[kElderly], 0);  // not given: the urban mean
  EXPECT_EQ(r.params.asc_elderly[kInPerson], 0.5);
  EXPECT_EQ(r.params.asc_elderly[kOnline], 0.0);
  // What was given is written back, what was not is left out, and it loads back the same.
  const std::string resolved = resolved_yaml(r.params);
  EXPECT_NE(resolved.find("mean: 0.55"), std::string::npos) << resolved;
  const ScenarioResult again = load_scenario_text(resolved, "resolved.yaml", "");
  ASSERT_TRUE(again.ok()) << errors_of(again) << resolved;
  EXPECT_EQ(again.params.literacy_mean_rural, r.params.literacy_mean_rural);
  EXPECT_EQ(again.params.literacy_sd_rural, r.params.literacy_sd_rural);
  EXPECT_EQ(again.params.asc_elderly, r.params.asc_elderly);
}

}  // namespace
}  // namespace civicsim::io
