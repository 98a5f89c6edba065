// A window of days chosen after the run (`summary --days`, `compare --days`,
// viz_export/window_figures.hpp): over the whole run it equals /summary; over some days it equals
// the sums of /series and /daily over them, computed here independently; bad days exit 64; compare
// states the window in its three files.
#include "viz_export/window_figures.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"
#include "sim/params.hpp"
#include "tests/common/run_program.hpp"
#include "viz_export/figures.hpp"

namespace civicsim::viz {
namespace {

using test::read_file;
using test::run_program;
constexpr std::size_t kCells = static_cast<std::size_t>(kGroups) * kChannels;

/// Σ over the rows of `dataset` whose day is in [first, last] and over districts, by inner cell.
/// `day_of_row` maps a row to its day.
template <class DayOf>
std::vector<double> sum_by_cell(const io::h5::Reader& r, const std::string& dataset, std::size_t cells,
                                std::int64_t first, std::int64_t last, DayOf day_of_row) {
  std::vector<double> sum(cells, 0.0);
  const hsize_t rows = r.shape(dataset)[0];
  for (hsize_t row = 0; row < rows; ++row) {
    const std::int64_t day = day_of_row(row);
    if (day < first || day > last) continue;
    const io::h5::Numbers v = r.numeric_row(dataset, row);
    for (std::size_t i = 0; i < v.size(); ++i) sum[i % cells] += static_cast<double>(v.ints[i]);
  }
  return sum;
}

std::vector<double> series_sum(const std::string& file, const char* name, std::int64_t first, std::int64_t last) {
  const io::h5::Reader r(file);
  const std::vector<std::int64_t> ends = r.ints_1d("/dims/time_seconds");
  return sum_by_cell(r, std::string("/series/") + name, kCells, first, last,
                     [&](hsize_t t) { return (ends[t] - 1) / 86400; });
}

std::vector<double> daily_sum(const std::string& file, const char* name, std::int64_t first, std::int64_t last) {
  const io::h5::Reader r(file);
  return sum_by_cell(r, std::string("/daily/") + name, kGroups, first, last,
                     [](hsize_t d) { return static_cast<std::int64_t>(d); });
}

/// One run of tests/data/small.yaml (3 days, no warm-up), shared by the tests of this suite.
class WindowSummary : public test::ProgramTest {
 protected:
  std::string file() {
    const std::string out = path("s.h5");
    if (!std::filesystem::exists(out)) {
      const auto r = run_program("run " + small() + " -q -o " + out, "OMP_WAIT_POLICY=passive");
      EXPECT_EQ(r.exit_code, 0) << r.output;
    }
    return out;
  }
};

TEST_F(WindowSummary, TheWholeRunEqualsSummaryTotals) {
  const std::string f = file();
  const SummaryValues whole = read_summary_values(f);
  DayWindow w;
  const SummaryValues days = read_window_summary(f, parse_day_range(":"), &w);
  EXPECT_EQ(w.first, 0);
  EXPECT_EQ(w.last, 2);
  for (const char* name : {"arrivals", "served", "abandoned"})
    for (std::size_t i = 0; i < kCells; ++i) EXPECT_EQ(days.at(name)[i], whole.at(name)[i]) << name << " " << i;
  double arrivals = 0;
  for (std::size_t i = 0; i < kCells; ++i) {
    arrivals += whole.at("arrivals")[i];
    const double mean = whole.at("wait_mean_seconds")[i];
    if (std::isnan(mean)) {
      EXPECT_TRUE(std::isnan(days.at("wait_mean_seconds")[i])) << i;
    } else {
      EXPECT_NEAR(days.at("wait_mean_seconds")[i], mean, 1e-9 * (1 + mean)) << i;
    }
  }
  EXPECT_GT(arrivals, 1000) << "the run must have traffic for this test to mean anything";
  // Needs met: one resolving service each; unmet: /daily/unmet_needs.
  for (const char* name : {"resolved", "unmet_needs", "needs"})
    for (int g = 0; g < kGroups; ++g) EXPECT_EQ(days.at(name)[g], whole.at(name)[g]) << name << " " << g;
  for (int g = 0; g < kGroups; ++g) {
    EXPECT_NEAR(days.at("resolution_rate")[g], whole.at("resolution_rate")[g], 1e-12) << g;
    EXPECT_NEAR(days.at("adoption")[g], whole.at("adoption")[g], 1e-12) << g;
  }
  for (const std::string& name : window_not_recomputed()) EXPECT_FALSE(days.has(name)) << name;
}

TEST_F(WindowSummary, SomeDaysAreTheSumsOfTheSeriesOverThem) {
  const std::string f = file();
  const SummaryValues days = read_window_summary(f, parse_day_range("1:1"));
  const SummaryValues whole = read_summary_values(f);
  for (const char* name : {"arrivals", "served", "abandoned"}) {
    const std::vector<double> expected = series_sum(f, name, 1, 1);
    EXPECT_EQ(days.at(name), expected) << name;
  }
  const std::vector<double> wait = series_sum(f, "wait_seconds_sum", 1, 1), served = series_sum(f, "served", 1, 1);
  for (std::size_t i = 0; i < kCells; ++i) {
    if (served[i] > 0) {
      EXPECT_DOUBLE_EQ(days.at("wait_mean_seconds")[i], wait[i] / served[i]) << i;
    }
  }
  EXPECT_EQ(days.at("unmet_needs"), daily_sum(f, "unmet_needs", 1, 1));
  const std::vector<double> resolved = series_sum(f, "resolved", 1, 1);
  for (int g = 0; g < kGroups; ++g) {
    double met = 0;
    for (int c = 0; c < kChannels; ++c) met += resolved[g * kChannels + c];
    EXPECT_EQ(days.at("resolved")[g], met) << g;
  }
  EXPECT_LT(days.at("arrivals")[0], whole.at("arrivals")[0]) << "one day of three is not the whole run";
  EXPECT_GT(days.at("arrivals")[0], 0);

  const auto table = run_program("summary " + f + " --days 1:2", "", /*stdout_only=*/true);
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("Days 1 to 2, recomputed from /series and /daily"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("come only from the run's own window (time.warmup_days)"), std::string::npos);
  const auto json = run_program("summary --json " + f + " --days 2:", "", true);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_NE(json.output.find("\"days\": [2, 2]"), std::string::npos) << json.output;
  EXPECT_EQ(json.output.find("\"wait_p90_seconds\": {"), std::string::npos) << "not recomputable: left out";
  EXPECT_NE(json.output.find("\"not_recomputed\": [\"wait_p50_seconds\""), std::string::npos) << json.output;
  std::ostringstream expected_served;
  expected_served << "\"served\": {\"urban_adult\": {\"in_person\": " << series_sum(f, "served", 2, 2)[0] << ",";
  EXPECT_NE(json.output.find(expected_served.str()), std::string::npos) << json.output;
}

TEST_F(WindowSummary, AfterAWarmUpTheDaysAfterItEqualSummary) {
  std::string yaml = read_file(small());
  const std::string time = "time: {days: 3,";
  ASSERT_NE(yaml.find(time), std::string::npos);
  yaml.replace(yaml.find(time), time.size(), "time: {days: 3, warmup_days: 1,");
  std::ofstream(path("warm.yaml")) << yaml;
  const auto r = run_program("run " + path("warm.yaml") + " -q -o " + path("w.h5"), "OMP_WAIT_POLICY=passive");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const SummaryValues whole = read_summary_values(path("w.h5"));
  const SummaryValues days = read_window_summary(path("w.h5"), parse_day_range("1:"));
  for (const char* name : {"arrivals", "served", "abandoned", "resolved", "unmet_needs", "needs"})
    EXPECT_EQ(days.at(name), whole.at(name)) << name;
  const SummaryValues all_days = read_window_summary(path("w.h5"), parse_day_range("0:2"));
  EXPECT_GT(all_days.at("arrivals")[0], whole.at("arrivals")[0]) << "day 0 is the warm-up, outside /summary";
}

/// Hotline calls served / calls made over days A..B of the series (all groups and districts).
double answer_rate(const std::string& file, std::int64_t first, std::int64_t last) {
  const std::vector<double> served = series_sum(file, "served", first, last);
  const std::vector<double> arrivals = series_sum(file, "arrivals", first, last);
  double answered = 0, calls = 0;
  for (int g = 0; g < kGroups; ++g) {
    answered += served[static_cast<std::size_t>(g) * kChannels + kHotline];
    calls += arrivals[static_cast<std::size_t>(g) * kChannels + kHotline];
  }
  return answered / calls;
}

TEST_F(WindowSummary, HotlineAnswerRateIsCallsServedOverCallsMade) {
  const std::string f = file();
  const auto& catalogue = figure_catalogue();
  std::size_t column = catalogue.size();
  for (std::size_t i = 0; i < catalogue.size(); ++i)
    if (catalogue[i].name == "hotline_answer_rate/all") column = i;
  ASSERT_LT(column, catalogue.size());
  EXPECT_EQ(catalogue[column].units, "1");
  EXPECT_TRUE(figure_in_window("hotline_answer_rate/all"));
  const double whole = run_figures(f)[column];
  EXPECT_DOUBLE_EQ(whole, answer_rate(f, 0, 2));
  EXPECT_GT(whole, 0.5);
  EXPECT_LE(whole, 1.0);
  EXPECT_DOUBLE_EQ(window_run_figures(f, parse_day_range("1:2"))[column], answer_rate(f, 1, 2));
}

TEST_F(WindowSummary, BadDaysExit64WithAMessage) {
  const std::string f = file();
  const std::pair<const char*, const char*> cases[] = {
      {"2:1", "the first day comes after the last"},
      {"0:3", "day 3 is after the run"},
      {"7:", "day 7 is after the run"},
      {"a:b", "--days takes A:B"},
      {"1:2:3", "one ':'"},
      {"x", "--days takes A:B"},
  };
  for (const auto& [days, message] : cases) {
    const auto r = run_program("summary " + f + " --days " + days);
    EXPECT_EQ(r.exit_code, 64) << days << ": " << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << days << ": " << r.output;
  }
  EXPECT_NE(run_program("summary " + f + " --days 0:3").output.find("days 0 to 2 (/dims/day)"), std::string::npos);
  EXPECT_EQ(run_program("summary " + f + " --days 0:2").exit_code, 0);
  EXPECT_EQ(run_program("summary " + path("none.h5") + " --days 0:2").exit_code, 66);
}

/// A real sweep (tests/data/compare_sweep.yaml: 2 days, 2 arms × 3 replicates) compared over day 1.
class CompareDays : public test::ProgramTest {};

TEST_F(CompareDays, TheWindowIsUsedAndStatedInEveryOutput) {
  const std::string dir = path("sweep");
  auto r = run_program("sweep " + std::string(CIVICSIM_TEST_DATA) + "/compare_sweep.yaml -o " + dir + " -q --jobs 2",
                       "OMP_WAIT_POLICY=passive");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_program("compare " + dir + " --days 1:1 -o " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("over days 1 to 1"), std::string::npos) << r.output;

  const std::string csv = read_file(path("out/compare.csv"));
  EXPECT_NE(csv.find(",baseline_agents,days\n"), std::string::npos) << csv.substr(0, 300);
  // The arm's mean wait over day 1: the mean over replicates of Σ waits / Σ served of its series.
  double mean = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const std::string run = dir + "/runs/as_written-r" + std::to_string(rep) + ".h5";
    const auto wait = series_sum(run, "wait_seconds_sum", 1, 1), served = series_sum(run, "served", 1, 1);
    double w = 0, s = 0;
    for (int g = 0; g < kGroups; ++g)
      for (int c : {kInPerson, kHotline, kDigitalHuman}) {
        w += wait[g * kChannels + c];
        s += served[g * kChannels + c];
      }
    mean += w / s / 60.0 / 3;
  }
  bool wait_row = false, fcr_row = false;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("as_written,0,,wait_mean_minutes,all,", 0) == 0) {
      wait_row = true;
      EXPECT_EQ(line.substr(line.size() - 4), ",1:1") << line;
      std::vector<std::string> f;
      std::stringstream in(line);
      for (std::string field; std::getline(in, field, ',');) f.push_back(field);
      EXPECT_NEAR(std::stod(f[8]), mean, 1e-9 * mean) << line;  // arm_mean
    }
    if (line.rfind("as_written,0,,first_contact_resolution,all,", 0) == 0) {
      fcr_row = true;
      EXPECT_EQ(line.back(), ',') << "not recomputed over the days: its days column is empty: " << line;
    }
  }
  EXPECT_TRUE(wait_row && fcr_row) << csv;

  const io::h5::Reader h5(path("out/compare.h5"));
  std::string days, window;
  EXPECT_TRUE(h5.string_attribute("/", "days", &days));
  EXPECT_EQ(days, "1:1");
  EXPECT_TRUE(h5.string_attribute("/", "window", &window));
  EXPECT_NE(window.find("Days 1 to 1"), std::string::npos) << window;
  EXPECT_EQ(h5.strings_1d("/differences/days").front(), "1:1");  // wait_mean_minutes/all comes first
  EXPECT_NE(read_file(path("out/report.html")).find("id=\"window\" data-days=\"1:1\""), std::string::npos);

  r = run_program("compare " + dir + " --days 0:5 -o " + path("bad"));
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("day 5 is after the run"), std::string::npos) << r.output;
  r = run_program("compare " + dir + " --days five -o " + path("bad"));
  EXPECT_EQ(r.exit_code, 64) << r.output;
  // Without --days the column is there, empty, and compare.h5 has no `days`.
  ASSERT_EQ(run_program("compare " + dir + " -o " + path("plain")).exit_code, 0);
  EXPECT_EQ(read_file(path("plain/compare.csv")).find(",1:1"), std::string::npos);
  EXPECT_FALSE(io::h5::Reader(path("plain/compare.h5")).string_attribute("/", "days", &days));
}

}  // namespace
}  // namespace civicsim::viz
