// `civicsim report` (viz_export/run_brief.hpp) on a real run of tests/data/small.yaml: the
// question, the interventions, one map circle per district, and tables whose values are the
// file's; the question's fallbacks; and the command's exit codes.
#include "viz_export/run_brief.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "io/output_names.hpp"
#include "sim/params.hpp"
#include "tests/common/run_program.hpp"
#include "viz_export/geography.hpp"
#include "viz_export/line_chart.hpp"
#include "viz_export/readable.hpp"
#include "viz_export/run_brief_data.hpp"
#include "viz_export/run_brief_sections.hpp"
#include "viz_export/summary_values.hpp"

namespace civicsim::viz {
namespace {

namespace fs = std::filesystem;
namespace fig = io::out::summary;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// The cells' texts of the table row that starts with `row_start` ("<tr data-district=\"ring\">").
std::vector<std::string> row_cells(const std::string& html, const std::string& row_start) {
  const std::size_t at = html.find(row_start);
  if (at == std::string::npos) return {};
  const std::string row = html.substr(at, html.find("</tr>", at) - at);
  std::vector<std::string> cells;
  static const std::regex cell("<td>(.*?)</td>");
  for (std::sregex_iterator it(row.begin(), row.end(), cell), end; it != end; ++it) cells.push_back((*it)[1]);
  return cells;
}

/// The <svg> element of a map (data-map="id").
std::string map_svg(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("data-map=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const std::size_t start = html.rfind("<svg", at);
  return html.substr(start, html.find("</svg>", at) - start);
}

/// One run of small.yaml (3 districts, 2 interventions, a "# Question:" comment) for the suite.
class RunBriefPage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("civicsim-run-brief-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    run_ = (dir_ / "small.h5").string();
    const auto r = test::run_program("run " + std::string(CIVICSIM_TEST_DATA) + "/small.yaml -o " + run_ + " -q");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto report = test::run_program("report " + run_);
    ASSERT_EQ(report.exit_code, 0) << report.output;
    html_ = test::read_file((dir_ / "small.html").string());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path dir_;
  static std::string run_, html_;
};
fs::path RunBriefPage::dir_;
std::string RunBriefPage::run_, RunBriefPage::html_;

TEST_F(RunBriefPage, StatesTheQuestionFromTheScenariosComment) {
  EXPECT_NE(html_.find("<p class=\"question\" id=\"question\"><span class=\"label\">Question</span> a small "
                       "three-district city for tests: does every channel, queue and intervention work end to end, "
                       "and are results identical on any thread count?"),
            std::string::npos);
  EXPECT_NE(html_.find("<title>civicsim run brief: small</title>"), std::string::npos);
}

TEST_F(RunBriefPage, ListsTheInterventionsWithTheirStartDaysAndCosts) {
  const auto rollout = row_cells(html_, "<tr data-intervention=\"digital_human_rollout\">");
  ASSERT_EQ(rollout.size(), 8u);
  EXPECT_EQ(rollout[1], "Digital human rollout");
  EXPECT_EQ(rollout[2], "all");
  EXPECT_EQ(rollout[3], "1");
  EXPECT_EQ(rollout[7], "applied");
  const auto staffing = row_cells(html_, "<tr data-intervention=\"staffing\">");
  ASSERT_EQ(staffing.size(), 8u);
  EXPECT_EQ(staffing[2], "fields");
  EXPECT_EQ(staffing[3], "2");
  const auto brief = read_run_brief(run_);
  ASSERT_EQ(brief.interventions.size(), 2u);
  EXPECT_EQ(rollout[6], count_text(brief.interventions[0].total_cost));
  EXPECT_GT(brief.interventions[0].total_cost, 0);
}

TEST_F(RunBriefPage, DrawsOneCirclePerDistrictOnEachMap) {
  const Geography geo = read_geography(run_);
  ASSERT_EQ(geo.districts.size(), 3u);
  for (const char* id : {"wait", "unmet"}) {
    const std::string svg = map_svg(html_, id);
    ASSERT_FALSE(svg.empty()) << id;
    EXPECT_EQ(count_of(svg, "class=\"district\""), 3u) << id;
    for (const DistrictRow& d : geo.districts)
      EXPECT_NE(svg.find("data-district=\"" + d.name + "\""), std::string::npos);
  }
  // the wait map's values are the file's, in minutes
  const DistrictFigures f = read_district_summary(run_);
  const std::string svg = map_svg(html_, "wait");
  for (std::size_t d = 0; d < f.names.size(); ++d) {
    const std::regex value("data-district=\"" + f.names[d] + "\" data-kind=\"[a-z]+\" data-value=\"([^\"]+)\"");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(svg, m, value)) << f.names[d];
    const double minutes = f.values.at("wait_mean_seconds")[d] / 60;
    if (std::isnan(minutes)) {
      EXPECT_EQ(m[1], "NaN");
    } else {
      EXPECT_DOUBLE_EQ(std::stod(m[1]), minutes);
    }
  }
}

TEST_F(RunBriefPage, GroupTableHoldsTheFilesSummary) {
  const SummaryValues s = read_summary_values(run_);
  int rows = 0;
  for (int g = 0; g < kGroups; ++g) {
    for (int c = 0; c < kChannels; ++c) {
      const auto cells = row_cells(
          html_, std::string("<tr data-group=\"") + kGroupNames[g] + "\" data-channel=\"" + kChannelNames[c] + "\">");
      if (!(s.cell(fig::kArrivals.name, g, c) > 0)) {
        EXPECT_TRUE(cells.empty());
        continue;
      }
      ++rows;
      ASSERT_EQ(cells.size(), 7u);
      EXPECT_EQ(cells[0], group_label(kGroupNames[g]));
      EXPECT_EQ(cells[1], channel_label(kChannelNames[c]));
      EXPECT_EQ(cells[2], count_text(s.cell(fig::kArrivals.name, g, c)));
      EXPECT_EQ(cells[3], count_text(s.cell(fig::kServed.name, g, c)));
      EXPECT_EQ(cells[4], minutes_text(s.cell(fig::kWaitMeanSeconds.name, g, c)));
      EXPECT_EQ(cells[6], percent_text(s.cell(fig::kAbandonmentRate.name, g, c)));
    }
    const auto needs = row_cells(html_, std::string("<tr data-group=\"") + kGroupNames[g] + "\">");
    ASSERT_EQ(needs.size(), 7u);
    EXPECT_EQ(needs[1], count_text(s.at(fig::kNeeds.name)[g]));
    EXPECT_EQ(needs[3], count_text(s.at(fig::kUnmetNeeds.name)[g]));
    EXPECT_EQ(needs[4], percent_text(s.at(fig::kResolutionRate.name)[g]));
  }
  EXPECT_GT(rows, 4);
  EXPECT_NE(html_.find("Rural elderly"), std::string::npos);
  EXPECT_EQ(html_.find(">rural_elderly<"), std::string::npos);  // labels, not identifiers
}

TEST_F(RunBriefPage, DistrictTableHoldsTheFilesDistrictSummary) {
  const Geography geo = read_geography(run_);
  const DistrictFigures f = read_district_summary(run_);
  for (std::size_t d = 0; d < geo.districts.size(); ++d) {
    const auto cells = row_cells(html_, "<tr data-district=\"" + geo.districts[d].name + "\">");
    ASSERT_EQ(cells.size(), 11u) << geo.districts[d].name;
    EXPECT_EQ(cells[1], kind_label(geo.districts[d].kind));
    EXPECT_EQ(cells[2], count_text(geo.districts[d].population));
    EXPECT_EQ(cells[5], minutes_text(f.values.at("wait_mean_seconds")[d]));
    EXPECT_EQ(cells[7], count_text(f.values.at("needs_met")[d]));
    EXPECT_EQ(cells[8], count_text(f.values.at("unmet_needs")[d]));
    EXPECT_EQ(cells[9], percent_text(f.values.at("unmet_share")[d]));
    EXPECT_EQ(cells[10], number_text(f.values.at("needs_met_per_1000_residents")[d], 1));
  }
  EXPECT_EQ(count_of(html_, "<tr data-kind="), 3u);
}

TEST_F(RunBriefPage, IsSelfContainedAndSaysItsCaveats) {
  for (const char* fetch : {"<script", "<link", "http://", "https://"})
    EXPECT_EQ(html_.find(fetch), std::string::npos) << fetch;
  // inline districts: neither the synthetic ring city nor a data file
  for (const char* caveat : {"data-caveat=\"city\"><b>Districts written into the scenario.", "data-caveat=\"scale\"",
                             "civicsim sweep", "civicsim compare"})
    EXPECT_NE(html_.find(caveat), std::string::npos) << caveat;
  EXPECT_EQ(count_of(html_, "data-plot=\"line-chart\""), 5u);
}

TEST_F(RunBriefPage, RefusesToOverwriteWithoutForce) {
  const std::string page = (dir_ / "small.html").string();
  auto r = test::run_program("report " + run_);
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;
  EXPECT_NE(r.output.find("already exists; use --force to replace it"), std::string::npos) << r.output;
  r = test::run_program("report " + run_ + " --force");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::string other = (dir_ / "other.html").string();
  r = test::run_program("report " + run_ + " -o " + other);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(test::read_file(other), test::read_file(page));  // deterministic
  r = test::run_program("report " + run_ + " -o " + run_ + " --force");
  EXPECT_EQ(r.exit_code, io::kExitUsage) << r.output;
  EXPECT_NE(r.output.find("would replace the output file it reads"), std::string::npos);
}

TEST_F(RunBriefPage, RefusesMissingAndForeignFiles) {
  auto r = test::run_program("report " + (dir_ / "nothing.h5").string());
  EXPECT_EQ(r.exit_code, io::kExitNoInput) << r.output;
  EXPECT_NE(r.output.find("no output file"), std::string::npos);
  const std::string text = (dir_ / "text.h5").string();
  std::ofstream(text) << "not hdf5\n";
  r = test::run_program("report " + text + " -o " + (dir_ / "text.html").string());
  EXPECT_EQ(r.exit_code, io::kExitNoInput) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "text.html"));
}

TEST(RunBriefQuestion, TheScenariosQuestionKeyComesFirstAndItsAbsenceIsSaid) {
  const fs::path dir = fs::temp_directory_path() / ("civicsim-run-brief-question-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string small = test::read_file(std::string(CIVICSIM_TEST_DATA) + "/small.yaml");
  std::string asked_yaml = small;
  asked_yaml.replace(asked_yaml.find("name: small"), 11, "name: small\nquestion: 'Who waits <longest>?'");
  std::ofstream((dir / "asked.yaml").string()) << asked_yaml;
  std::ofstream((dir / "silent.yaml").string()) << small.substr(small.find("civicsim: 1"));  // no "# Question:"
  for (const char* name : {"asked", "silent"}) {
    const std::string h5 = (dir / (std::string(name) + ".h5")).string();
    const auto r = test::run_program("run " + (dir / (std::string(name) + ".yaml")).string() + " -o " + h5 +
                                     " --days 1 -q && " + CIVICSIM_BINARY + " report " + h5);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const std::string asked = test::read_file((dir / "asked.html").string());
  EXPECT_NE(asked.find("<span class=\"label\">Question</span> Who waits &lt;longest&gt;? <span class=\"source\">(the "
                       "scenario's <code>question:</code>)"),
            std::string::npos);
  const std::string silent = test::read_file((dir / "silent.html").string());
  EXPECT_NE(silent.find("<p class=\"question missing\" id=\"question\">No question was given"), std::string::npos);
  fs::remove_all(dir);
}

TEST(RunBriefQuestion, ComesFromTheLeadingQuestionComment) {
  EXPECT_EQ(question_from_yaml("# Question: is it?\n# More text.\nname: x\n"), "is it?");
  EXPECT_EQ(question_from_yaml("# A title\n#\n# Question: how long do rural\n#   residents wait? Then more.\n"),
            "how long do rural residents wait?");
  EXPECT_EQ(question_from_yaml("# Question: no mark here\n# still the question\n#\n# other\n"),
            "no mark here still the question");
  EXPECT_EQ(question_from_yaml("name: x\n# Question: too late?\n"), "");  // not in the leading comment
  EXPECT_EQ(question_from_yaml("# nothing asked\nname: x\n"), "");
  const std::string scenario =
      test::read_file(std::string(CIVICSIM_SOURCE_DIR) + "/scenarios/digital_human_rural.yaml");
  EXPECT_EQ(question_from_yaml(scenario),
            "do AI assistants in the rural districts close the gap in waiting and total time between rural elderly "
            "residents and everyone else?");
}

TEST(RunBriefQuestion, CitySourceComesFromTheResolvedScenario) {
  std::string detail;
  EXPECT_EQ(
      city_source("# Resolved scenario: every parameter after defaults. Districts: from /a/b.csv\nx: 1\n", &detail),
      CitySource::kDataFile);
  EXPECT_EQ(detail, "/a/b.csv");
  EXPECT_EQ(city_source("# Resolved scenario: x. Districts: generated by ring_city {population: 6}\n", &detail),
            CitySource::kGenerated);
  EXPECT_EQ(city_source("# Resolved scenario: x. Districts: given inline\n", &detail), CitySource::kInline);
  EXPECT_EQ(city_source("civicsim: 1\n", &detail), CitySource::kUnknown);
}

TEST(RunBriefTables, AnInterventionNotAppliedReachedNoDistrict) {
  RunBrief b;
  b.days = 1;
  BriefIntervention later;
  later.type = "staffing";
  later.districts = "all";
  later.start_day = 5;  // after a one-day run
  later.districts_applied = 3;
  BriefIntervention now = later;
  now.type = "digital_human_rollout";
  now.start_day = 0;
  now.applied = true;
  b.interventions = {later, now};
  const std::string html = brief::interventions_table(b);
  const auto not_applied = row_cells(html, "<tr data-intervention=\"staffing\">");
  ASSERT_EQ(not_applied.size(), 8u) << html;
  EXPECT_EQ(not_applied[5], kMissingText);
  EXPECT_EQ(not_applied[7], "not applied: starts after the run");
  const auto applied = row_cells(html, "<tr data-intervention=\"digital_human_rollout\">");
  ASSERT_EQ(applied.size(), 8u) << html;
  EXPECT_EQ(applied[5], "3");
}

TEST(LineChart, AxisTicksHaveThousandsSeparatorsBelowTenThousandToo) {
  ChartSpec spec;
  spec.id = "contacts";
  spec.title = "Contacts";
  spec.unit = "contacts";
  const std::string svg = line_chart_svg({ChartLine{"All", "#000000", {0, 6000, 12000}}}, spec);
  static const std::regex tick("class=\"tick\"[^>]*>([^<]*)<");
  std::vector<std::string> ticks;
  for (std::sregex_iterator it(svg.begin(), svg.end(), tick), end; it != end; ++it) ticks.push_back((*it)[1]);
  ASSERT_FALSE(ticks.empty()) << svg;
  bool grouped_below_ten_thousand = false;
  for (const std::string& t : ticks) {
    EXPECT_FALSE(std::regex_match(t, std::regex("[0-9]{4,}"))) << "tick " << t << " has no thousands separator";
    if (std::regex_match(t, std::regex("[1-9],[0-9]{3}"))) grouped_below_ten_thousand = true;
  }
  EXPECT_TRUE(grouped_below_ten_thousand) << svg;
}

TEST(RunBriefPath, IsTheRunsNameWithHtmlBesideIt) {
  EXPECT_EQ(default_brief_path("out/run.h5"), "out/run.html");
  EXPECT_EQ(default_brief_path("run.hdf5"), "run.hdf5.html");
}

}  // namespace
}  // namespace civicsim::viz
