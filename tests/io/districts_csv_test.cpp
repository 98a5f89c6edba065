// Districts CSV files: the accepted layout variants, and where problems are reported.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/scenario.hpp"
#include "scenario_errors.hpp"

namespace civicsim::io {
namespace {

namespace fs = std::filesystem;

/// A scenario that reads `districts.csv` with the given content from a fresh temporary folder.
class DistrictsCsv : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("civicsim_csv_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  ScenarioResult load(const std::string& csv) {
    std::ofstream(folder_ / "districts.csv", std::ios::binary) << csv;
    return load_scenario_text("civicsim: 1\ngeography: {districts_file: districts.csv}\n", "s.yaml", folder_.string());
  }
  std::string csv_name() const { return (folder_ / "districts.csv").generic_string(); }

  fs::path folder_;
};

TEST_F(DistrictsCsv, AcceptsNameColumnBomCrlfQuotesAndOptionalColumns) {
  const ScenarioResult r = load(
      "\xEF\xBB\xBF"
      "name,kind,population,area_km2,urban_share\r\n"
      "\"Harbour, Old Town\",urban,1000,2.5,1\r\n"
      "\r\n"
      "\"The \"\"Hills\"\"\",rural, 200 ,40,0.25\r\n");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.params.districts.size(), 2u);
  EXPECT_EQ(r.params.districts[0].name, "Harbour, Old Town");
  EXPECT_EQ(r.params.districts[1].name, "The \"Hills\"");
  EXPECT_EQ(r.params.districts[1].kind, kRural);
  EXPECT_EQ(r.params.districts[1].population, 200);
  EXPECT_EQ(r.params.districts[1].lat, District{}.lat);
  EXPECT_EQ(r.params.districts_file, fs::absolute(folder_ / "districts.csv").lexically_normal().string());
}

TEST_F(DistrictsCsv, ReportsEveryBadFieldAtItsCharacterColumn) {
  const ScenarioResult r = load(
      "name_zh,name_en,kind,population,population_source,area_km2,urban_share,lat,lon\n"
      "越秀,Yuexiu,urbn,1038643,census,33.8,1.0000,23.1375,113.2581\n"
      "天河,Tianhe,urban,1e3,census,0,1.5,95,113.3561\n");
  ASSERT_EQ(r.errors.size(), 4u) << errors_of(r);
  EXPECT_EQ(r.exit_code, kExitDataErr);
  EXPECT_EQ(r.errors[0].str(), csv_name() +
                                   ":2:11: column 'kind': unknown district kind 'urbn'; "
                                   "did you mean 'urban'?");
  EXPECT_EQ(r.errors[1].str(), csv_name() + ":3:28: column 'area_km2': must be > 0; got 0");
  EXPECT_EQ(r.errors[2].str(), csv_name() + ":3:30: column 'urban_share': must be in [0, 1]; got 1.5");
  EXPECT_EQ(r.errors[3].str(), csv_name() + ":3:34: column 'lat': must be in [-90, 90]; got 95");
}

TEST_F(DistrictsCsv, MissingColumnsAreReportedAtTheHeaderLine) {
  const ScenarioResult r = load("name_en,population,area_km2\nA,1,1\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_EQ(r.errors[0].str(), csv_name() + ":1: missing column 'kind'; the header is: name_en,population,area_km2");
  EXPECT_NE(r.errors[1].message.find("missing column 'urban_share'"), std::string::npos);
}

TEST_F(DistrictsCsv, RowsWithTheWrongNumberOfFields) {
  const ScenarioResult r = load("name,kind,population,area_km2,urban_share\nA,urban,1,1\nB,rural,1,1,1,9\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_EQ(r.errors[0].str(), csv_name() + ":2:12: this row has 4 fields; the header has 5");
  EXPECT_EQ(r.errors[1].str(), csv_name() + ":3:15: this row has 6 fields; the header has 5");
}

TEST_F(DistrictsCsv, DuplicateNamesNameBothPlaces) {
  const ScenarioResult r = load("name,kind,population,area_km2,urban_share\nA,urban,1,1,1\nA,rural,1,1,1\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].str(),
            csv_name() + ":3:1: duplicate district name 'A'; first defined at " + csv_name() + ":2:1");
}

/// A header and `rows` districts named d0, d1, ...; row k is on line k + 2.
std::string generated_districts(std::size_t rows) {
  std::string csv = "name,kind,population,area_km2,urban_share\n";
  csv.reserve(rows * 24);
  for (std::size_t k = 0; k < rows; ++k) csv += "d" + std::to_string(k) + ",urban,10,1,1\n";
  return csv;
}

// Issue 15 item 4: the check was quadratic (100k rows: 68 s). 200k rows with one repeated name
// now validate in a fraction of a second; the duplicate is still found at its line.
TEST_F(DistrictsCsv, ADuplicateAmongTwoHundredThousandRowsIsFoundAtItsLine) {
  std::string csv = generated_districts(200000);
  csv += "d1234,rural,5,1,0\n";  // line 200002; d1234 is on line 1236
  const ScenarioResult r = load(csv);
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].str(),
            csv_name() + ":200002:1: duplicate district name 'd1234'; first defined at " + csv_name() + ":1236:1");
}

TEST_F(DistrictsCsv, MoreDistrictsThanTheCapAreRefusedAtTheFirstRowPastIt) {
  const ScenarioResult r = load(generated_districts(1000001));
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.exit_code, kExitDataErr);
  EXPECT_EQ(r.errors[0].str(), csv_name() +
                                   ":1000002:1: more than 1000000 districts; civicsim takes at most "
                                   "that many (merge small districts)");
}

// Selectors were quadratic too: each listed name was searched for among all districts, and a
// dispatch's lenders among its borrowers (25k names of 50k districts: 4 s).
TEST_F(DistrictsCsv, SelectorsOfManyNamesAmongManyDistrictsAreReadAndChecked) {
  std::ofstream(folder_ / "districts.csv", std::ios::binary) << generated_districts(200000);
  std::string names;
  for (int k = 0; k < 200000; k += 2) names += (names.empty() ? "d" : ", d") + std::to_string(k);
  const std::string yaml =
      "civicsim: 1\ngeography: {districts_file: districts.csv}\n"
      "requests: {surges: [{start_day: 0, end_day: 1, factor: 2, districts: [" +
      names +
      "]}]}\n"
      "interventions:\n"
      "  - {type: compute_capacity, start_day: 0, districts: [d1], instances: 1, dispatch: true,\n"
      "     dispatch_from: all, dispatch_instances: 1}\n";
  const ScenarioResult r = load_scenario_text(yaml, "s.yaml", folder_.string());
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.params.surges.size(), 1u);
  EXPECT_EQ(r.params.surges[0].districts.names.size(), 100000u);
  const ScenarioResult unknown = load_scenario_text(
      "civicsim: 1\ngeography: {districts_file: districts.csv}\n"
      "requests: {surges: [{start_day: 0, end_day: 1, factor: 2, districts: [d7, nowhere]}]}\n",
      "s.yaml", folder_.string());
  ASSERT_EQ(unknown.errors.size(), 1u) << errors_of(unknown);
  EXPECT_EQ(unknown.errors[0].str(),
            "s.yaml:3:75: requests.surges[0].districts: unknown district 'nowhere' "
            "(none of the 200000 districts has this name)");
}

TEST_F(DistrictsCsv, UnterminatedQuoteAndEmptyFiles) {
  const ScenarioResult quote = load("name,kind,population,area_km2,urban_share\n\"A,urban,1,1,1\n");
  ASSERT_EQ(quote.errors.size(), 1u) << errors_of(quote);
  EXPECT_EQ(quote.errors[0].str(), csv_name() + ":2:1: unterminated quoted field");
  const ScenarioResult empty = load("");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_NE(empty.errors[0].message.find("the districts file is empty"), std::string::npos);
  const ScenarioResult header_only = load("name,kind,population,area_km2,urban_share\n");
  ASSERT_EQ(header_only.errors.size(), 1u);
  EXPECT_NE(header_only.errors[0].message.find("no districts"), std::string::npos);
}

TEST_F(DistrictsCsv, ScenarioProblemsComeBeforeCsvProblems) {
  std::ofstream(folder_ / "districts.csv") << "name,kind,population,area_km2,urban_share\nA,town,1,1,1\n";
  const ScenarioResult r = load_scenario_text("civicsim: 1\ngeography: {districts_file: districts.csv}\nseed: x\n",
                                              "s.yaml", folder_.string());
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_EQ(r.errors[0].file, "s.yaml");
  EXPECT_EQ(r.errors[1].file, csv_name());
}

}  // namespace
}  // namespace civicsim::io
