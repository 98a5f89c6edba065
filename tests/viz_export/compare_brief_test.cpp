// The comparison brief (report.html of `civicsim compare`, docs/sweeps.md) against synthetic sweeps
// with known effects: the question, every arm with what it does and costs, headline numbers that
// are compare.csv's, marks exactly on the effects whose interval excludes 0, readable labels and
// rounding, cost per outcome, the district kinds and the map, caveats and the appendix.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/run_program.hpp"
#include "tests/viz_export/html_scan.hpp"
#include "tests/viz_export/compare_brief_fixture.hpp"
#include "tests/viz_export/synthetic_sweep.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/compare_data.hpp"

namespace civicsim::viz {
namespace {

using namespace brief_test;
using test::SyntheticSweep;

TEST_F(CompareBrief, QuestionArmsAndWhatTheyDo) {
  const std::string page = compare(brief_sweep());
  EXPECT_NE(page.find("<span id=\"question-text\">" + std::string(kQuestion) + "</span>"), std::string::npos);
  EXPECT_LT(page.find("id=\"question\""), page.find("id=\"arms\"")) << "the question comes first";
  const std::string arms = test::between(page, "<section id=\"arms\">", "</section>");
  for (const char* arm : {"baseline", "ai_rural", "clerks"}) {
    EXPECT_NE(arms.find("<tr data-arm=\"" + std::string(arm) + "\">"), std::string::npos) << arm;
  }
  EXPECT_NE(arms.find("AI assistants (digital humans) (digital_human_rollout) in rural districts from day 1, "
                      "6,200,000 CNY"),
            std::string::npos)
      << arms;
  EXPECT_NE(arms.find("staffing change (staffing) in districts fields from day 2"), std::string::npos) << arms;
  EXPECT_NE(arms.find("no intervention"), std::string::npos);
  EXPECT_NE(arms.find(">6,000,000 CNY</td>"), std::string::npos) << arms;
}

TEST_F(CompareBrief, HeadlinesStateTheComparesFiguresInReadableUnits) {
  const std::string page = compare(brief_sweep());
  const std::string headlines = test::between(page, "<section id=\"headlines\">", "</section>");
  // −5, −6, −7 minutes: mean −6, sd 1, t(0.975, 2) · 1 / √3 = 2.484.
  EXPECT_NE(headlines.find("cuts the mean wait of rural elderly residents by 6.0 min (95% CI 3.5 to 8.5, 3 "
                           "replicates)"),
            std::string::npos)
      << headlines;
  // 1.0, 1.1, 1.2 points more needs met; 300, 350, 400 fewer unmet needs.
  EXPECT_NE(headlines.find("raises the share of needs met by 1.10 percentage points (95% CI"), std::string::npos)
      << headlines;
  EXPECT_NE(headlines.find("cuts the number of unmet needs by 350 needs (95% CI 226 to 474, 3 replicates)"),
            std::string::npos)
      << headlines;
  EXPECT_NE(headlines.find("does not distinguishably change the mean wait: "), std::string::npos) << headlines;
  EXPECT_NE(headlines.find("not distinguishable from noise"), std::string::npos);

  // Every number of a headline is compare.csv's, exactly, in its data attributes.
  const auto effects = test::tags_with(headlines, "class=\"effect ");
  ASSERT_EQ(effects.size(), 8u) << "4 figures × 2 arms";
  for (const auto& e : effects) {
    const auto row = csv_row(e.at("data-arm"), e.at("data-figure"));
    ASSERT_FALSE(row.empty()) << e.at("data-arm") << " " << e.at("data-figure");
    EXPECT_EQ(e.at("data-n"), row[6]);
    EXPECT_EQ(e.at("data-mean"), row[9]);
    EXPECT_EQ(e.at("data-low"), row[11]);
    EXPECT_EQ(e.at("data-high"), row[12]);
  }
}

TEST_F(CompareBrief, MarkedEffectsAreExactlyThoseWhoseIntervalExcludesZero) {
  const std::string page = compare(brief_sweep());
  std::size_t marked = 0, unmarked = 0;
  for (const auto& e : test::tags_with(page, "class=\"effect ")) {
    const bool excludes = interval_excludes_zero(e.at("data-low"), e.at("data-high"));
    EXPECT_EQ(e.at("class"), excludes ? "effect distinguishable" : "effect indistinct")
        << e.at("data-arm") << " " << e.at("data-figure") << " [" << e.at("data-low") << ", " << e.at("data-high")
        << "]";
    (excludes ? marked : unmarked) += 1;
  }
  EXPECT_GT(marked, 10u);
  EXPECT_GT(unmarked, 10u);
  // The appendix marks each row of compare.csv by its own interval.
  const std::string appendix = test::between(page, "<section id=\"appendix\">", "</section>");
  std::size_t csv_excluding = 0, rows = 0;
  std::istringstream in(test::read_file(path("sweep/compare.csv")));
  std::string line;
  std::getline(in, line);
  for (; std::getline(in, line); ++rows)
    csv_excluding += interval_excludes_zero(fields_of(line)[11], fields_of(line)[12]);
  EXPECT_EQ(test::tags_with(appendix, "class=\"effect distinguishable\"").size(), csv_excluding);
  EXPECT_EQ(test::tags_with(appendix, "class=\"effect ").size(), rows);
  EXPECT_NE(appendix.find("<details id=\"table\">"), std::string::npos) << "the full table is collapsed";
}

TEST_F(CompareBrief, ForestPlotsShareOneAxisPerFamilyWithReadableLabels) {
  const std::string page = compare(brief_sweep());
  const auto forests = test::tags_with(page, "data-plot=\"forest\"");
  ASSERT_EQ(forests.size(), 3u);
  EXPECT_EQ(forests[0].at("data-family"), "minutes");
  EXPECT_EQ(forests[1].at("data-family"), "percentage-points");
  EXPECT_EQ(forests[2].at("data-family"), "needs");
  const std::string minutes = test::between(page, "data-family=\"minutes\"", "</svg>");
  for (const char* label : {"Mean wait, everyone", "Mean wait, rural elderly", "Mean total time, everyone"}) {
    EXPECT_NE(minutes.find(">" + std::string(label) + "</text>"), std::string::npos) << label;
  }
  EXPECT_EQ(test::visible_text(minutes).find("wait_mean_minutes"), std::string::npos) << "identifiers as labels";
  // One axis: a single dashed zero line per family plot.
  EXPECT_EQ(test::tags_with(minutes, "stroke-dasharray").size(), 1u);
  // Rounded numbers everywhere outside the appendix's identifiers: no run of 5+ decimals.
  // (Tooltips may give more digits: they are what a hover is for.)
  const std::string text = test::visible_text(std::regex_replace(page.substr(0, page.find("<section id=\"appendix\">")),
                                                                 std::regex("<title>[^<]*</title>"), ""));
  std::smatch long_number;
  EXPECT_FALSE(std::regex_search(text, long_number, std::regex("[0-9]\\.[0-9]{5,}"))) << long_number.str();
}

TEST_F(CompareBrief, CostPerOutcomeSaysWhatItDividesAndWhenItIsNotMeaningful) {
  const std::string page = compare(brief_sweep());
  const std::string cost = test::between(page, "<section id=\"cost-per-outcome\">", "</section>");
  const std::string ai = test::between(cost, "<tr data-arm=\"ai_rural\"", "</tr>");
  // 6.2 M CNY / 104 more needs met (4 groups × 25, 26, 27) = 59,615 CNY.
  EXPECT_NE(ai.find(">59,615 CNY</td>"), std::string::npos) << ai;
  // Waiting saved: 4 groups × 3 queued channels × 10 served × (60, 66, 72) s / 60 = 120, 132, 144 min.
  const auto waiting = test::tags_with(ai, "data-figure=\"waiting_minutes/all\"");
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_DOUBLE_EQ(std::stod(waiting[0].at("data-mean")), -132.0);
  EXPECT_NE(ai.find(">46,970 CNY</td>"), std::string::npos) << "6.2 M / 132 person-minutes: " << ai;
  const std::string clerks = test::between(cost, "<tr data-arm=\"clerks\"", "</tr>");
  EXPECT_NE(clerks.find(">not meaningful (95% CI includes 0)</td>"), std::string::npos) << clerks;
  EXPECT_NE(cost.find("real person-minutes"), std::string::npos) << "the denominator is said";
}

TEST_F(CompareBrief, DistrictKindsAndTheMapOfTheChangeInWait) {
  const std::string page = compare(brief_sweep());
  const std::string places = test::between(page, "<section id=\"places\">", "</section>");
  EXPECT_EQ(test::tags_with(places, "<tr data-kind=").size(), 6u) << "3 kinds × 2 arms";
  const auto rural_wait = test::tags_with(places, "data-figure=\"wait_mean_minutes/kind:rural\"");
  ASSERT_EQ(rural_wait.size(), 2u);
  EXPECT_EQ(rural_wait[0].at("data-arm"), "ai_rural");
  EXPECT_NEAR(std::stod(rural_wait[0].at("data-mean")), -290.0 / 60.0, 1e-12);  // (300 + 10 r) − 600 s
  EXPECT_EQ(rural_wait[0].at("class"), "effect distinguishable");
  EXPECT_EQ(test::tags_with(places, "data-map=\"wait-change\"").size(), 2u);
  const std::string ai_map = test::between(places, "<figure class=\"map\" data-arm=\"ai_rural\"", "</figure>");
  const auto fields = test::tags_with(ai_map, "data-district=\"fields\"");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_NEAR(std::stod(fields[0].at("data-value")), -280.0 / 60.0, 1e-5);  // (300 + 20 r) − 600 s
  EXPECT_NE(ai_map.find("1 of 3 districts have a change whose 95% interval excludes 0: fields"), std::string::npos)
      << ai_map;
}

TEST_F(CompareBrief, CostChartLabelsNeverOverprint) {
  SyntheticSweep s = brief_sweep();
  s.arms = {"baseline", "a1", "a2", "a3", "a4", "a5", "a6", "a7"};
  s.value = [](int arm, int, int, int) { return arm == 0 ? 1.0 : 2.0; };  // one cost, one effect for all
  const std::string page = compare(s);
  const std::string chart = test::between(page, "data-plot=\"cost-effect\"", "</svg>");
  std::vector<double> ys;
  for (const auto& label : test::tags_with(chart, "class=\"label cost-label\"")) ys.push_back(std::stod(label.at("y")));
  ASSERT_EQ(ys.size(), 8u);
  std::sort(ys.begin(), ys.end());
  for (std::size_t i = 1; i < ys.size(); ++i) EXPECT_GE(ys[i] - ys[i - 1], 15.9) << i;
}

TEST_F(CompareBrief, CaveatsAndAQuestionFromTheScenarioComment) {
  SyntheticSweep s = brief_sweep();
  s.brief.question.clear();
  const std::string page = compare(s);
  EXPECT_NE(page.find("<span id=\"question-text\">a question from the comment?</span>"), std::string::npos);
  const std::string caveats = test::between(page, "<section id=\"caveats\">", "</section>");
  for (const char* id : {"caveat-city", "caveat-scale", "caveat-replicates", "caveat-interval"}) {
    EXPECT_NE(caveats.find("id=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
  EXPECT_NE(caveats.find("a synthetic city generated by ring_city"), std::string::npos) << caveats;
  EXPECT_NE(caveats.find("3 per arm"), std::string::npos) << caveats;
}

TEST_F(CompareBrief, RunFilesWithoutTheBriefsTablesSaySoAndNoQuestion) {
  SyntheticSweep s = brief_sweep();
  s.brief = test::SyntheticBrief{};  // files as written before schema 2, no question anywhere
  const std::string page = compare(s);
  EXPECT_NE(page.find("<b>Question:</b> none was given"), std::string::npos);
  EXPECT_NE(page.find("id=\"no-map\""), std::string::npos);
  EXPECT_NE(page.find("id=\"no-district-kinds\""), std::string::npos);
  EXPECT_NE(page.find("not recorded: no intervention table of this arm was read"), std::string::npos);
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(CompareBrief, ReportIsSelfContainedEscapedAndHasEveryPlot) {
  SyntheticSweep s = brief_sweep();
  s.scenario_name = "<script>alert('x')</script> & co";
  s.brief.question = "<script>alert('q')</script>?";
  s.arms = {"baseline", "ai_rural", "staff-plus"};
  s.grid_keys = {"staff.hotline_operators"};
  s.grid_points = {"staff.hotline_operators=400", "staff.hotline_operators=600"};
  s.value = [](int arm, int point, int rep, int figure) { return 1.0 + arm * 0.3 + point + rep * 0.1 + figure; };
  const std::string page = compare(s);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;?"), std::string::npos);
  for (const char* outside : {"http://", "https://", "<link", "src=", "url("}) {
    EXPECT_EQ(page.find(outside), std::string::npos) << outside;
  }
  for (const std::string& arm : s.arms) EXPECT_NE(page.find(arm), std::string::npos) << arm;
  EXPECT_EQ(count_of(page, "data-plot=\"forest\""), 3u);          // one per family: minutes, points, needs
  EXPECT_EQ(count_of(page, "data-plot=\"wait-over-time\""), 8u);  // 4 groups × 2 grid points
  EXPECT_EQ(count_of(page, "data-plot=\"urban-rural-gap\""), 1u);
  EXPECT_EQ(count_of(page, "data-plot=\"cost-effect\""), 1u);
  EXPECT_EQ(count_of(page, "data-plot=\"district-map\""), 4u);  // 2 compared arms × 2 grid points
  EXPECT_EQ(count_of(page, "<svg"), count_of(page, "</svg>"));
  const std::string appendix = page.substr(page.find("<section id=\"appendix\">"));
  EXPECT_EQ(count_of(appendix, "<tr>"), 1 + 2 * 2 * s.figures.size());  // header + a row per difference
}

}  // namespace
}  // namespace civicsim::viz
