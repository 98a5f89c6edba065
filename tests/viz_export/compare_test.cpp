// `civicsim compare` against sweep folders written here (tests/viz_export/synthetic_sweep.hpp):
// paired intervals with known numbers, runs left out, the files' columns, the mean wait per day
// read in slabs, and the command's exit codes (the report itself: compare_brief_test.cpp).
#include "viz_export/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"
#include "tests/common/run_program.hpp"
#include "tests/viz_export/synthetic_sweep.hpp"
#include "viz_export/compare_data.hpp"

namespace civicsim::viz {
namespace {

using test::SyntheticSweep;
constexpr const char* kHeader =
    "arm,grid_point,parameters,figure,scope,units,n,baseline_mean,arm_mean,difference_mean,"
    "difference_sd,ci95_low,ci95_high,relative_difference,population_scale,agents,baseline_population_scale,"
    "baseline_agents,days";
constexpr double kT2 = 4.30265273;  // t_{0.975, 2}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> fields_of(const std::string& line) {  // no quoted commas in these tests
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.push_back("");
  return fields;
}

/// The row of compare.csv for (arm, grid point, figure, scope).
std::vector<std::string> csv_row(const std::string& csv, const std::string& arm, int point, const std::string& figure,
                                 const std::string& scope) {
  for (const std::string& line : lines_of(csv)) {
    const auto f = fields_of(line);
    if (f.size() >= 5 && f[0] == arm && f[1] == std::to_string(point) && f[3] == figure && f[4] == scope) return f;
  }
  return {};
}

/// Two arms, three replicates: the arm's waits exceed the baseline's by 1, 2 and 3 minutes.
SyntheticSweep one_two_three() {
  SyntheticSweep s;
  s.arms = {"baseline", "ai"};
  s.figures = {"wait_mean_minutes/all", "resolution_rate/rural_elderly"};
  s.units = {"min", "1"};
  s.value = [](int arm, int, int rep, int figure) {
    if (figure == 0) return 10.0 * (rep + 1) + (arm == 1 ? rep + 1.0 : 0.0);
    return 0.5 + 0.1 * arm;
  };
  return s;
}

class Compare : public test::ProgramTest {
 protected:
  CompareSummary run(const SyntheticSweep& s, const std::string& baseline = "") {
    test::write_synthetic_sweep(path("sweep"), s);
    return compare_sweep(CompareOptions{path("sweep"), baseline, "", false, ""});
  }
  std::string csv() const { return read_text(path("sweep/compare.csv")); }
  std::string html() const { return read_text(path("sweep/report.html")); }
};

TEST_F(Compare, PairedDifferencesOfOneTwoThree) {
  const CompareSummary summary = run(one_two_three());
  EXPECT_EQ(summary.baseline, "baseline");
  EXPECT_EQ(summary.rows, 2u);
  const auto row = csv_row(csv(), "ai", 0, "wait_mean_minutes", "all");
  ASSERT_EQ(row.size(), 19u) << csv();
  EXPECT_EQ(row[2], "");                      // parameters: no grid
  EXPECT_EQ(row[5], "min");                   // units
  EXPECT_EQ(row[6], "3");                     // n
  EXPECT_DOUBLE_EQ(std::stod(row[7]), 20.0);  // baseline mean of 10, 20, 30
  EXPECT_DOUBLE_EQ(std::stod(row[8]), 22.0);  // arm mean of 11, 22, 33
  EXPECT_DOUBLE_EQ(std::stod(row[9]), 2.0);   // mean of 1, 2, 3
  EXPECT_DOUBLE_EQ(std::stod(row[10]), 1.0);  // sd
  EXPECT_NEAR(std::stod(row[11]), 2.0 - kT2 / std::sqrt(3.0), 1e-7);
  EXPECT_NEAR(std::stod(row[12]), 2.0 + kT2 / std::sqrt(3.0), 1e-7);
  EXPECT_DOUBLE_EQ(std::stod(row[13]), 0.1);  // 2 / 20

  // Identical differences: sd 0 and an interval of zero width.
  const auto same = csv_row(csv(), "ai", 0, "resolution_rate", "rural_elderly");
  ASSERT_EQ(same.size(), 19u);
  EXPECT_NEAR(std::stod(same[9]), 0.1, 1e-15);
  EXPECT_EQ(std::stod(same[10]), 0.0);
  EXPECT_EQ(same[11], same[12]);
}

// Issue 15 item 11: an arm or a grid value that a spreadsheet would run as a formula is neutralised
// in compare.csv; the numbers of the row stay numbers.
TEST_F(Compare, NamesThatReadAsFormulasAreNeutralised) {
  SyntheticSweep s = one_two_three();
  s.arms = {"baseline", "=1+2"};
  s.grid_keys = {"name"};
  s.grid_points = {"@SUM(1)"};
  s.value = [](int arm, int, int, int) { return arm == 1 ? -0.5 : 0.0; };
  run(s);
  const std::string text = csv();
  EXPECT_NE(text.find("\n\"'=1+2\",0,\"'@SUM(1)\",wait_mean_minutes,all,min,3,0,-0.5,-0.5,"), std::string::npos)
      << text;
}

TEST_F(Compare, IntervalOfASample) {
  const compare::Interval i = compare::interval_of({1, 2, 3});
  EXPECT_EQ(i.n, 3);
  EXPECT_DOUBLE_EQ(i.mean, 2);
  EXPECT_DOUBLE_EQ(i.sd, 1);
  EXPECT_NEAR(i.high - i.mean, kT2 / std::sqrt(3.0), 1e-8);
  const compare::Interval one = compare::interval_of({5});
  EXPECT_EQ(one.n, 1);
  EXPECT_EQ(one.mean, 5);
  EXPECT_TRUE(std::isnan(one.sd) && std::isnan(one.low) && std::isnan(one.high));
  const compare::Interval none = compare::interval_of({});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
}

TEST_F(Compare, FailedMissingAndUndefinedRunsAreLeftOutOfThePairs) {
  SyntheticSweep s = one_two_three();
  s.replicates = 5;
  // Replicate 3 of the arm failed, replicate 4 of the baseline is missing: pairs 0, 1, 2 remain
  // for the first figure; the second figure is also undefined (NaN) in replicate 1 of the arm.
  s.status = [](int arm, int, int rep) {
    return std::string(arm == 1 && rep == 3 ? "failed" : arm == 0 && rep == 4 ? "missing" : "done");
  };
  s.value = [](int arm, int, int rep, int figure) {
    if (figure == 1) return arm == 1 && rep == 1 ? std::nan("") : 0.5 + arm * (rep + 1.0);
    return 10.0 * (rep + 1) + (arm == 1 ? rep + 1.0 : 0.0);
  };
  const CompareSummary summary = run(s);
  EXPECT_EQ(summary.done_runs, 8);
  EXPECT_EQ(summary.failed_runs, 1);
  EXPECT_EQ(summary.missing_runs, 1);
  const auto wait = csv_row(csv(), "ai", 0, "wait_mean_minutes", "all");
  ASSERT_EQ(wait.size(), 19u);
  EXPECT_EQ(wait[6], "3");
  EXPECT_DOUBLE_EQ(std::stod(wait[9]), 2.0);
  const auto rate = csv_row(csv(), "ai", 0, "resolution_rate", "rural_elderly");
  ASSERT_EQ(rate.size(), 19u);
  EXPECT_EQ(rate[6], "2");  // replicates 0 and 2: differences 1 and 3
  EXPECT_DOUBLE_EQ(std::stod(rate[9]), 2.0);
  EXPECT_NEAR(std::stod(rate[10]), std::sqrt(2.0), 1e-12);
  // The report names the failed and missing runs.
  EXPECT_NE(html().find("ai-r3"), std::string::npos);
  EXPECT_NE(html().find("baseline-r4"), std::string::npos);
}

TEST_F(Compare, FewerThanTwoPairsHaveNoInterval) {
  SyntheticSweep s = one_two_three();
  s.status = [](int arm, int, int rep) { return std::string(arm == 1 && rep > 0 ? "failed" : "done"); };
  run(s);
  const auto row = csv_row(csv(), "ai", 0, "wait_mean_minutes", "all");
  ASSERT_EQ(row.size(), 19u);
  EXPECT_EQ(row[6], "1");
  EXPECT_DOUBLE_EQ(std::stod(row[9]), 1.0);
  EXPECT_EQ(row[10], "NaN");
  EXPECT_EQ(row[11], "NaN");
  EXPECT_EQ(row[12], "NaN");
  EXPECT_NE(html().find("n &lt; 2"), std::string::npos);
}

TEST_F(Compare, CsvHasTheDocumentedColumnsAndOneRowPerArmPointAndFigure) {
  SyntheticSweep s;
  s.arms = {"a", "b", "c"};
  s.grid_keys = {"staff.hotline_operators", "citizens.adoption.q"};
  s.grid_points = {"staff.hotline_operators=400;citizens.adoption.q=0.3",
                   "staff.hotline_operators=600;citizens.adoption.q=0.3"};
  test::full_catalogue(&s.figures, &s.units);
  s.value = [](int arm, int point, int rep, int figure) { return arm + point + rep * 0.5 + figure; };
  const CompareSummary summary = run(s, "b");
  EXPECT_EQ(summary.baseline, "b");
  const auto lines = lines_of(csv());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], kHeader);
  EXPECT_EQ(lines.size(), 1 + 2 * 2 * s.figures.size());  // arms a and c, 2 points
  const auto row = csv_row(csv(), "c", 1, "total_cost", "all");
  ASSERT_EQ(row.size(), 19u);
  EXPECT_EQ(row[2], "staff.hotline_operators=600;citizens.adoption.q=0.3");
  EXPECT_EQ(row[5], "CNY");
  EXPECT_DOUBLE_EQ(std::stod(row[9]), 1.0);                          // c − b
  EXPECT_TRUE(csv_row(csv(), "b", 0, "total_cost", "all").empty());  // no row for the baseline
}

TEST_F(Compare, BaselineComesFromTheFileThenTheFirstArm) {
  SyntheticSweep s = one_two_three();
  s.arms = {"first", "second"};
  EXPECT_EQ(run(s).baseline, "first");
  s.baseline_arm = "second";
  EXPECT_EQ(run(s).baseline, "second");
  EXPECT_FALSE(csv_row(csv(), "first", 0, "wait_mean_minutes", "all").empty());
}

TEST_F(Compare, H5HoldsTheTableWithUnitsAndTheWaitByDay) {
  SyntheticSweep s = one_two_three();
  s.districts = 3;
  s.intervals = 8;  // 2 days of 6-hour intervals
  s.served = [](int, int, int, int t, int d, int g, int c) {
    if (g == 3 && t < 4) return std::int64_t{0};  // rural_elderly: nobody served on day 0
    return std::int64_t{1 + d + c};
  };
  s.wait_seconds = [](int a, int, int rep, int t, int d, int g, int c) {
    if (c == 2) return std::int64_t{1000000};  // online: not a queued channel, left out
    return std::int64_t{(1 + d + c) * (60 * (a + 1) * (g + 1) + 6 * t + rep)};
  };
  run(s);
  io::h5::Reader file(path("sweep/compare.h5"));
  const std::vector<std::string> columns = {
      "arm",       "grid_point",         "parameters", "figure",          "scope",         "units",
      "n",         "baseline_mean",      "arm_mean",   "difference_mean", "difference_sd", "ci95_low",
      "ci95_high", "relative_difference"};
  for (const std::string& column : columns) {
    std::string units;
    EXPECT_TRUE(file.string_attribute("/differences/" + column, "units", &units)) << column;
    EXPECT_EQ(file.shape("/differences/" + column), std::vector<hsize_t>{2}) << column;
  }
  EXPECT_EQ(file.strings_1d("/differences/arm")[0], "ai");
  EXPECT_EQ(file.strings_1d("/differences/scope")[1], "rural_elderly");
  const io::h5::Numbers mean = file.numeric_row("/differences/difference_mean", hsize_t(-1));
  EXPECT_DOUBLE_EQ(mean.floats[0], 2.0);

  ASSERT_EQ(file.shape("/wait_by_day"), (std::vector<hsize_t>{2, 1, 2, 4}));
  EXPECT_EQ(file.strings_1d("/dims/arm"), (std::vector<std::string>{"baseline", "ai"}));
  EXPECT_EQ(file.strings_1d("/dims/group")[3], "rural_elderly");
  EXPECT_EQ(file.ints_1d("/dims/day"), (std::vector<std::int64_t>{0, 1}));
  const io::h5::Numbers wait = file.numeric_row("/wait_by_day", hsize_t(-1));
  for (int a = 0; a < 2; ++a) {
    for (int day = 0; day < 2; ++day) {
      for (int g = 0; g < 4; ++g) {
        double waited = 0, served = 0;
        for (int rep = 0; rep < 3; ++rep)
          for (int t = day * 4; t < day * 4 + 4; ++t)
            for (int d = 0; d < 3; ++d)
              for (int c : {0, 1, 3}) {
                served += s.served(a, 0, rep, t, d, g, c);
                waited += s.wait_seconds(a, 0, rep, t, d, g, c);
              }
        const double got = wait.floats[(a * 2 + day) * 4 + g];
        if (served == 0) {
          EXPECT_TRUE(std::isnan(got)) << a << " " << day << " " << g;
        } else {
          EXPECT_NEAR(got, waited / served / 60.0, 1e-12) << a << " " << day << " " << g;
        }
      }
    }
  }
}

TEST_F(Compare, WaitByDayIsTheSameWhateverTheSlab) {
  SyntheticSweep s = one_two_three();
  s.intervals = 29;  // days 0..7, the last one partial
  s.wait_seconds = [](int a, int, int rep, int t, int d, int g, int c) {
    return std::int64_t{(a + 1) * (t * 7 + d * 3 + g + c + rep)};
  };
  test::write_synthetic_sweep(path("sweep"), s);
  const compare::Sweep sweep = compare::read_sweep(path("sweep"));
  const compare::WaitByDay whole = compare::read_wait_by_day(sweep);
  for (std::size_t slab : {std::size_t{1}, std::size_t{300}, std::size_t{2000}}) {
    const compare::WaitByDay sliced = compare::read_wait_by_day(sweep, slab);
    EXPECT_EQ(sliced.days, 8);
    ASSERT_EQ(sliced.minutes.size(), whole.minutes.size());
    for (std::size_t i = 0; i < whole.minutes.size(); ++i) EXPECT_EQ(sliced.minutes[i], whole.minutes[i]) << i;
  }
  EXPECT_EQ(whole.runs_read, 6);
}

TEST_F(Compare, WaitByDayPoolsOnlyReplicatesDoneInEveryArm) {
  SyntheticSweep s = one_two_three();
  s.status = [](int arm, int, int rep) { return arm == 0 && rep == 1 ? std::string("failed") : std::string("done"); };
  s.wait_seconds = [](int a, int, int rep, int, int, int, int) { return std::int64_t{60 * (a + 1) * (rep + 1)}; };
  test::write_synthetic_sweep(path("sweep"), s);
  const compare::WaitByDay w = compare::read_wait_by_day(compare::read_sweep(path("sweep")));
  EXPECT_EQ(w.runs_read, 4);      // replicates 0 and 2 of both arms
  EXPECT_EQ(w.runs_unpaired, 1);  // the arm's replicate 1: its baseline failed
  // Every cell serves the same count in each run, so the pooled wait is the mean over the runs
  // read: (1 + 3) / 2 minutes for the baseline, twice that for the arm (replicate 1 left out).
  EXPECT_DOUBLE_EQ(w.at(0, 0, 0, 0), 2.0);
  EXPECT_DOUBLE_EQ(w.at(1, 0, 0, 0), 4.0);
  run(s);
  EXPECT_NE(html().find("1 done run(s) left out of these plots"), std::string::npos);
}

TEST_F(Compare, ARunFileThatIsGoneIsReportedNotFatal) {
  SyntheticSweep s = one_two_three();
  s.has_run_file = [](int arm, int, int rep) { return !(arm == 1 && rep == 2); };
  const CompareSummary summary = run(s);
  ASSERT_EQ(summary.warnings.size(), 1u);
  EXPECT_NE(summary.warnings[0].find("ai-r2"), std::string::npos);
  EXPECT_NE(html().find("ai-r2"), std::string::npos);
}

TEST_F(Compare, OutputFolderAndTemporaryNames) {
  test::write_synthetic_sweep(path("sweep"), one_two_three());
  const CompareSummary summary = compare_sweep(CompareOptions{path("sweep"), "", path("out/nested"), false, ""});
  ASSERT_EQ(summary.written.size(), 3u);
  for (const char* name : {"compare.csv", "compare.h5", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(path(std::string("out/nested/") + name))) << name;
  }
  for (const auto& entry : std::filesystem::directory_iterator(path("out/nested"))) {
    EXPECT_EQ(entry.path().filename().string().find(".partial"), std::string::npos) << entry.path();
  }
  // A second comparison replaces the first.
  EXPECT_NO_THROW(compare_sweep(CompareOptions{path("sweep"), "", path("out/nested"), false, ""}));
}

TEST_F(Compare, CommandExitCodes) {
  // No folder, no sweep.h5, not HDF5, not a sweep file: 66.
  auto r = test::run_program("compare " + path("nowhere"));
  EXPECT_EQ(r.exit_code, 66) << r.output;
  std::filesystem::create_directories(path("empty"));
  r = test::run_program("compare " + path("empty"));
  EXPECT_EQ(r.exit_code, 66) << r.output;
  EXPECT_NE(r.output.find("sweep.h5"), std::string::npos) << r.output;
  std::ofstream(path("empty/sweep.h5")) << "not hdf5";
  r = test::run_program("compare " + path("empty"));
  EXPECT_EQ(r.exit_code, 66) << r.output;

  SyntheticSweep s = one_two_three();
  s.arms = {"baseline", "ai_rural", "staff_plus"};
  test::write_synthetic_sweep(path("sweep"), s);
  r = test::run_program("compare " + path("sweep") + " --baseline ai_rurl");
  EXPECT_EQ(r.exit_code, 64) << r.output;
  EXPECT_NE(r.output.find("did you mean 'ai_rural'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("baseline, ai_rural, staff_plus"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(path("sweep/compare.csv")));

  r = test::run_program("compare " + path("sweep") + " --baseline staff_plus -o " + path("out"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(csv_row(read_text(path("out/compare.csv")), "baseline", 0, "wait_mean_minutes", "all").empty());
  r = test::run_program("compare " + path("sweep"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(path("sweep/report.html")));
  r = test::run_program("compare");
  EXPECT_EQ(r.exit_code, 64) << r.output;
}

TEST_F(Compare, ASweepFileWithoutTheTableIsRefused) {
  test::write_synthetic_sweep(path("sweep"), one_two_three());
  {
    hid_t file = H5Fopen(path("sweep/sweep.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    H5Ldelete(file, "/table/values", H5P_DEFAULT);
    H5Fclose(file);
  }
  try {
    compare_sweep(CompareOptions{path("sweep"), "", "", false, ""});
    FAIL() << "expected a CompareError";
  } catch (const CompareError& e) {
    EXPECT_EQ(e.exit_code, 66);
    EXPECT_NE(std::string(e.what()).find("/table/values"), std::string::npos) << e.what();
  }
}

TEST_F(Compare, EndToEndAfterARealSweep) {
  const std::string dir = path("sweep");
  auto r =
      test::run_program("sweep " + std::string(CIVICSIM_TEST_DATA) + "/compare_sweep.yaml -o " + dir + " -q --jobs 2",
                        "OMP_WAIT_POLICY=passive");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = test::run_program("compare " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("with 'baseline'"), std::string::npos) << r.output;

  // One row per figure of the sweep's catalogue, for the one compared arm; 3 pairs each.
  const std::vector<std::string> figures = io::h5::Reader(dir + "/sweep.h5").strings_1d("/table/figure");
  const auto lines = lines_of(csv());
  ASSERT_EQ(lines.size(), 1 + figures.size());
  EXPECT_EQ(lines[0], kHeader);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = fields_of(lines[i]);
    ASSERT_EQ(f.size(), 19u) << lines[i];
    EXPECT_EQ(f[0], "as_written");
    if (f[6] == "3") {
      EXPECT_NEAR(std::stod(f[9]), std::stod(f[8]) - std::stod(f[7]), 1e-9 * (1 + std::fabs(std::stod(f[7]))))
          << lines[i];
    }
  }
  EXPECT_EQ(csv_row(csv(), "as_written", 0, "wait_mean_minutes", "all")[6], "3");
  // The report's figures are in the catalogue (the report would say "not in sweep.h5").
  for (const char* figure : {"wait_mean_minutes/all", "abandonment_rate/all", "resolution_rate/all", "unmet_needs/all",
                             "total_time_mean_minutes/all", "wait_mean_minutes/rural_elderly",
                             "urban_rural_total_time_ratio/all", "total_cost/all"}) {
    EXPECT_NE(std::find(figures.begin(), figures.end(), figure), figures.end()) << figure;
  }
  const std::string page = html();
  EXPECT_EQ(page.find("not in sweep.h5"), std::string::npos);
  EXPECT_NE(page.find("as_written"), std::string::npos);

  // The wait by day, streamed in slabs, against the runs' whole series read at once.
  io::h5::Reader compared(dir + "/compare.h5");
  ASSERT_EQ(compared.shape("/wait_by_day"), (std::vector<hsize_t>{2, 1, 2, 4}));
  const io::h5::Numbers wait_by_day = compared.numeric_row("/wait_by_day", hsize_t(-1));
  const std::vector<std::string> arms = {"baseline", "as_written"};
  for (int a = 0; a < 2; ++a) {
    std::vector<double> waited(8, 0.0), served(8, 0.0);
    for (int rep = 0; rep < 3; ++rep) {
      io::h5::Reader run(dir + "/runs/" + arms[a] + "-r" + std::to_string(rep) + ".h5");
      const std::vector<std::int64_t> time = run.ints_1d("/dims/time_seconds");
      const std::vector<hsize_t> shape = run.shape("/series/served");
      const io::h5::Numbers n = run.numeric_row("/series/served", hsize_t(-1));
      const io::h5::Numbers w = run.numeric_row("/series/wait_seconds_sum", hsize_t(-1));
      for (std::size_t t = 0; t < shape[0]; ++t)
        for (std::size_t d = 0; d < shape[1]; ++d)
          for (int g = 0; g < 4; ++g)
            for (int c : {0, 1, 3}) {
              const std::size_t at = ((t * shape[1] + d) * 4 + g) * 4 + c;
              const std::size_t day = static_cast<std::size_t>((time[t] - 1) / 86400);
              served[day * 4 + g] += static_cast<double>(n.ints[at]);
              waited[day * 4 + g] += static_cast<double>(w.ints[at]);
            }
    }
    for (int i = 0; i < 8; ++i) {
      const double got = wait_by_day.floats[a * 8 + i];
      if (served[i] == 0)
        EXPECT_TRUE(std::isnan(got));
      else
        EXPECT_NEAR(got, waited[i] / served[i] / 60.0, 1e-12) << arms[a] << " " << i;
    }
  }
}

}  // namespace
}  // namespace civicsim::viz
