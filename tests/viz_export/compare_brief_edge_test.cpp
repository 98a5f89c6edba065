// The comparison brief (report.html of `civicsim compare`) at its edges: long arm names in a grid,
// one replicate, unreadable run files, --days, interventions that did not happen and wide tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/viz_export/compare_brief_fixture.hpp"

namespace civicsim::viz {
namespace {

using namespace brief_test;
using test::SyntheticSweep;

/// The visible text (after its tooltip) of every <text class="`css_class`"> element of `svg`.
std::vector<std::string> label_texts(const std::string& svg, const std::string& css_class) {
  std::vector<std::string> texts;
  const std::regex text_element("<text[^>]*class=\"" + css_class + "\"[^>]*>(?:<title>[^<]*</title>)?([^<]*)<");
  for (std::sregex_iterator it(svg.begin(), svg.end(), text_element), end; it != end; ++it)
    texts.push_back(test::html_unescape((*it)[1].str()));
  return texts;
}

TEST_F(CompareBrief, ShortenedLabelsKeepTheirGridPoint) {
  SyntheticSweep s = brief_sweep();
  const std::string long_arm = "ai_assistants_in_every_rural_district_with_training_and_broadband";
  s.arms = {"baseline", long_arm};
  s.grid_keys = {"staff.hotline_operators"};
  s.grid_points = {"staff.hotline_operators=400", "staff.hotline_operators=600", "staff.hotline_operators=800"};
  const std::string page = compare(s);
  for (const std::string& plot :
       {std::string("data-family=\"minutes\""), std::string("data-plot=\"urban-rural-gap\"")}) {
    const std::string svg = test::between(page, plot, "</svg>");
    std::set<std::string> arm_rows;
    for (const std::string& t : label_texts(svg, "label")) {
      if (t.rfind("ai_assistants", 0) == 0) arm_rows.insert(t);
    }
    EXPECT_EQ(arm_rows.count(long_arm.substr(0, 33) + "\xE2\x80\xA6 \xC2\xB7 g0"), 1u) << plot;
    std::set<std::string> suffixes;
    for (const std::string& t : arm_rows) {
      EXPECT_LE(t.size(), 44u) << t;
      suffixes.insert(t.substr(t.size() - 2));
    }
    EXPECT_EQ(suffixes, (std::set<std::string>{"g0", "g1", "g2"})) << plot;
  }
  const std::string chart = test::between(page, "data-plot=\"cost-effect\"", "</svg>");
  std::set<std::string> cost_rows;
  for (const std::string& t : label_texts(chart, "label cost-label")) {
    if (t.rfind("ai_assistants", 0) == 0) cost_rows.insert(t.substr(0, t.find(':')));
  }
  EXPECT_EQ(cost_rows.size(), 3u) << "three grid points, three distinct labels";
  for (const std::string& t : cost_rows) EXPECT_NE(t.find("\xC2\xB7 g"), std::string::npos) << t;
}

TEST_F(CompareBrief, OneReplicateHasNoIntervalAndNoNoiseClaim) {
  SyntheticSweep s = brief_sweep();
  s.replicates = 1;
  const std::string page = compare(s);
  const std::string headlines = test::between(page, "<ul class=\"headlines\">", "</ul>");
  EXPECT_EQ(headlines.find("not distinguishable from noise"), std::string::npos) << headlines;
  EXPECT_EQ(headlines.find("does not distinguishably change"), std::string::npos) << headlines;
  EXPECT_NE(headlines.find("changes the mean wait of rural elderly residents by \xE2\x88\x92"
                           "5.0 min (1 replicate: no "
                           "interval)"),
            std::string::npos)
      << headlines;
  const auto effects = test::tags_with(headlines, "class=\"effect ");
  ASSERT_FALSE(effects.empty());
  for (const auto& e : effects) EXPECT_EQ(e.at("class"), "effect unknown") << e.at("data-figure");
  EXPECT_EQ(headlines.find("title=\"not distinguishable from noise\""), std::string::npos) << "no ○ claim";
}

TEST_F(CompareBrief, DaysSayWhichPartsTheyCover) {
  const std::string dir = path("real");
  auto r =
      test::run_program("sweep " + std::string(CIVICSIM_TEST_DATA) + "/compare_sweep.yaml -o " + dir + " -q --jobs 2",
                        "OMP_WAIT_POLICY=passive");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = test::run_program("compare " + dir + " --days 1:1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string page = test::read_file(dir + "/report.html");
  const std::string places = test::html_unescape(test::between(page, "<section id=\"places\">", "</section>"));
  const std::string said = places.substr(0, places.find("</p>"));
  EXPECT_NE(said.find("over each run's analysis window, days 0 to 1 (the whole run)"), std::string::npos) << said;
  EXPECT_NE(said.find("; --days does not apply here."), std::string::npos) << said;
  const std::string caveat = test::html_unescape(test::between(page, "<li id=\"caveat-window\">", "</li>"));
  EXPECT_EQ(caveat.find("figures cover days 0 to 1"), std::string::npos) << caveat;
  EXPECT_NE(caveat.find("--days 1:1: the headlines, the plots of effects and compare.csv's recomputed figures "
                        "cover days 1 to 1"),
            std::string::npos)
      << caveat;
  EXPECT_NE(caveat.find("the district kinds and the maps cover each run's analysis window (days 0 to 1"),
            std::string::npos)
      << caveat;
}

TEST_F(CompareBrief, HeadlinesSkipInterventionsNotAppliedAndCountStaff) {
  SyntheticSweep s = brief_sweep();
  s.brief.interventions = [](int arm) {
    std::vector<test::SyntheticIntervention> rows;
    if (arm == 1) {
      rows.push_back({"digital_human_rollout", "rural", 1, 6.2e6});
      rows.push_back({"broadband_expansion", "rural", 1, 0, /*funded=*/false});
      rows.push_back({"literacy_training", "all", 90, 0, true, 0, /*applied=*/false});
    }
    if (arm == 2) rows.push_back({"staffing", "[fields]", 2, 6.0e6, true, -40});
    return rows;
  };
  const std::string page = compare(s);
  const std::string headlines = test::html_unescape(test::between(page, "<ul class=\"headlines\">", "</ul>"));
  EXPECT_NE(headlines.find("<b>ai_rural</b> (AI assistants (digital humans) in rural districts from day 1), against"),
            std::string::npos)
      << headlines;
  EXPECT_EQ(headlines.find("broadband"), std::string::npos) << "not funded: it did not happen";
  EXPECT_EQ(headlines.find("digital-literacy"), std::string::npos) << "starts after the run: it did not happen";
  EXPECT_NE(headlines.find("<b>clerks</b> (staffing change of \xE2\x88\x92"
                           "40 staff in districts fields from day 2)"),
            std::string::npos)
      << headlines;
  const std::string arms = test::html_unescape(test::between(page, "<section id=\"arms\">", "</section>"));
  EXPECT_NE(arms.find("staffing change of \xE2\x88\x92"
                      "40 staff (staffing) in districts fields"),
            std::string::npos)
      << arms;
  EXPECT_NE(arms.find("broadband expansion (broadband_expansion) in rural districts from day 1: not funded"),
            std::string::npos)
      << arms;
}

TEST_F(CompareBrief, CostTableWrapsItsArmsAndNumbersReadAsElsewhere) {
  SyntheticSweep s = brief_sweep();
  const std::string long_arm = "clerks_hired_for_every_hall_of_the_city_and_its_rural_townships_as_well";
  s.arms = {"baseline", "ai_rural", long_arm};
  const auto value = s.value;
  const int cost =
      static_cast<int>(std::find(s.figures.begin(), s.figures.end(), "total_cost/all") - s.figures.begin());
  s.value = [value, cost](int arm, int point, int rep, int f) {
    return arm == 2 && f == cost ? 0.0 : value(arm, point, rep, f);  // no more cost than the baseline
  };
  const std::string page = compare(s);
  EXPECT_NE(page.find("#cost-table td:first-child{white-space:normal;overflow-wrap:anywhere"), std::string::npos);
  const std::string cost_section = test::between(page, "<section id=\"cost-per-outcome\">", "</section>");
  const std::string row = test::between(cost_section, "<tr data-arm=\"" + long_arm + "\"", "</tr>");
  EXPECT_NE(row.find("<td class=\"number\">0<span class=\"ci\">"), std::string::npos)
      << "extra cost 0, not 0.0: " << row;
  EXPECT_NE(row.find(">not meaningful (95% CI includes 0)</td>"), std::string::npos) << row;
  // The map's legend and tooltips write negative numbers with U+2212, as the rest of the page does.
  const std::string map = test::between(page, "<figure class=\"map\" data-arm=\"ai_rural\"", "</figure>");
  const std::regex ascii_minus("class=\"map-legend\"[^>]*>-|<title>[^<]*: -[0-9]");
  EXPECT_FALSE(std::regex_search(map, ascii_minus)) << map;
  EXPECT_NE(map.find("class=\"map-legend\">\xE2\x88\x92"), std::string::npos) << map;
  const auto fields = test::tags_with(map, "data-district=\"fields\"");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_LT(std::stod(fields[0].at("data-value")), 0) << "data attributes stay machine-readable";
}

}  // namespace
}  // namespace civicsim::viz
