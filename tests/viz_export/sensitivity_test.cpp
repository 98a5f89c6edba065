// `civicsim sensitivity` against sweep folders with a design written here (design_sweep.hpp): Morris
// effects of linear outputs with replicate noise and a failed run, Sobol' indices of Ishigami's
// function, rank regression of an LHS design, the files' columns, and the exit codes and messages.
#include "viz_export/sensitivity.hpp"

#include <gtest/gtest.h>

#include <array>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/exit_status.hpp"
#include "io/h5_reader.hpp"
#include "tests/common/run_program.hpp"
#include "tests/viz_export/design_sweep.hpp"

namespace civicsim::viz {
namespace {

using test::SyntheticDesign;
using test::SyntheticSweep;
constexpr const char* kHeader =
    "arm,figure,scope,units,method,parameter,index,value,ci95_low,ci95_high,points_used,replicates,noise_share,"
    "r_squared";
const std::vector<std::string> kParameters = {"staff.hotline_operators", "ai.success_rate", "kiosk.count"};

/// sensitivity.csv as rows of column name -> field (no quoted commas in these tests).
struct Csv {
  std::string header;
  std::vector<std::map<std::string, std::string>> rows;
  explicit Csv(const std::string& path) {
    std::istringstream in(test::read_file(path));
    std::getline(in, header);
    std::vector<std::string> names;
    std::stringstream columns(header);
    for (std::string name; std::getline(columns, name, ',');) names.push_back(name);
    for (std::string line; std::getline(in, line);) {
      std::map<std::string, std::string> row;
      std::stringstream fields(line);
      std::string field;
      for (const std::string& name : names) row[name] = std::getline(fields, field, ',') ? field : "";
      rows.push_back(row);
    }
  }
  /// The row of (arm, figure/scope, parameter, index); empty when there is none.
  std::map<std::string, std::string> row(const std::string& arm, const std::string& figure_scope,
                                         const std::string& parameter, const std::string& index) const {
    for (const auto& r : rows) {
      if (r.at("arm") == arm && r.at("figure") + "/" + r.at("scope") == figure_scope &&
          r.at("parameter") == parameter && r.at("index") == index)
        return r;
    }
    return {};
  }
  double value(const std::string& arm, const std::string& figure_scope, const std::string& parameter,
               const std::string& index, const std::string& column = "value") const {
    const auto r = row(arm, figure_scope, parameter, index);
    return r.empty() ? -999 : std::stod(r.at(column));
  }
};

/// Morris trajectories of the three parameters, uniform on [0, 1].
SyntheticDesign morris_design() {
  SyntheticDesign d = test::uniform_design("morris", kParameters, test::morris_unit(16, 3, 4, 3), 0, 1);
  d.samples = 16;
  d.levels = 4;
  return d;
}

/// A number in [-1, 1) that looks random in (point, replicate): the noise of one run.
double scatter(int p, int rep) {
  const double x = std::sin(12.9898 * p + 78.233 * rep) * 43758.5453;
  return 2 * (x - std::floor(x)) - 1;
}

/// wait_mean_minutes/all = 3 u1 + u2 + a replicate effect -0.01, 0, 0.01 that every point shares
/// (common random numbers: it cancels between points); resolution_rate/rural_elderly = 0.001 u1 +
/// noise of 0.5 that differs by point and replicate: mostly noise. Replicate 1 of point 5 of the
/// baseline failed, so every point averages replicates 0 and 2.
SyntheticSweep linear_with_noise(const SyntheticDesign& d) {
  SyntheticSweep s;
  s.scenario_name = "design <b>\"sweep\"</b>";
  s.arms = {"baseline", "ai_rural"};
  s.baseline_arm = "baseline";
  s.replicates = 3;
  s.figures = {"wait_mean_minutes/all", "resolution_rate/rural_elderly"};
  s.units = {"min", "1"};
  const std::vector<double> unit = d.unit;
  s.value = [unit](int arm, int p, int rep, int figure) {
    const double* u = &unit[static_cast<std::size_t>(p) * 3];
    if (figure == 0) return 3 * u[0] + u[1] + 0.01 * (rep - 1) + 10 * arm;
    return 0.001 * u[0] + 0.5 * scatter(p, rep);
  };
  s.status = [](int arm, int p, int rep) { return std::string(arm == 0 && p == 5 && rep == 1 ? "failed" : "done"); };
  return s;
}

class Sensitivity : public test::ProgramTest {
 protected:
  SensitivitySummary run(const std::string& arm = "", std::vector<std::string> figures = {}) {
    SensitivityOptions options;
    options.sweep_dir = path("sweep");
    options.arm = arm;
    options.figures = std::move(figures);
    options.resamples = 200;
    options.seed = 4;
    return sensitivity_of_sweep(options);
  }
  Csv csv() const { return Csv(path("sweep/sensitivity.csv")); }
};

TEST_F(Sensitivity, MorrisEffectsOfLinearOutputsAndTheirReplicateNoise) {
  const SyntheticDesign d = morris_design();
  test::write_design_sweep(path("sweep"), linear_with_noise(d), d);
  const SensitivitySummary summary = run();
  EXPECT_EQ(summary.method, "morris");
  EXPECT_EQ(summary.failed_runs, 1);
  EXPECT_EQ(summary.rows, 2u * 3 * 3);
  const Csv c = csv();
  EXPECT_EQ(c.header, kHeader);
  ASSERT_EQ(c.rows.size(), 18u) << "the baseline arm only, by default";
  const double slope[3] = {3, 1, 0};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(c.value("baseline", "wait_mean_minutes/all", kParameters[i], "mu_star"), slope[i], 1e-9);
    EXPECT_NEAR(c.value("baseline", "wait_mean_minutes/all", kParameters[i], "mu"), slope[i], 1e-9);
    EXPECT_NEAR(c.value("baseline", "wait_mean_minutes/all", kParameters[i], "sigma"), 0, 1e-9);
    EXPECT_NEAR(c.value("baseline", "wait_mean_minutes/all", kParameters[i], "mu_star", "ci95_low"), slope[i], 1e-9);
  }
  const auto row = c.row("baseline", "wait_mean_minutes/all", kParameters[0], "mu_star");
  EXPECT_EQ(row.at("method"), "morris");
  EXPECT_EQ(row.at("units"), "min");
  EXPECT_EQ(row.at("points_used"), "64");
  EXPECT_EQ(row.at("replicates"), "2") << "replicate 1 failed at point 5: every point averages 0 and 2";
  EXPECT_EQ(row.at("r_squared"), "NaN");
  // A replicate effect that every point shares is no noise between points.
  EXPECT_LT(std::stod(row.at("noise_share")), 1e-20);

  // Noise share of the other figure by hand: the point x replicate interaction mean square over the
  // two replicates, over the sample variance of the point means.
  const std::size_t P = d.points();
  std::vector<std::array<double, 2>> y(P);
  for (std::size_t p = 0; p < P; ++p)
    for (int c2 = 0; c2 < 2; ++c2) y[p][c2] = 0.001 * d.unit[p * 3] + 0.5 * scatter(static_cast<int>(p), 2 * c2);
  double all = 0, column[2] = {0, 0};
  std::vector<double> row_mean(P);
  for (std::size_t p = 0; p < P; ++p) {
    row_mean[p] = (y[p][0] + y[p][1]) / 2;
    all += row_mean[p] / P;
    for (int c2 = 0; c2 < 2; ++c2) column[c2] += y[p][c2] / P;
  }
  double interaction = 0, spread = 0;
  for (std::size_t p = 0; p < P; ++p) {
    spread += (row_mean[p] - all) * (row_mean[p] - all) / (P - 1);
    for (int c2 = 0; c2 < 2; ++c2) interaction += std::pow(y[p][c2] - row_mean[p] - column[c2] + all, 2) / (P - 1);
  }
  EXPECT_NEAR(c.value("baseline", "resolution_rate/rural_elderly", kParameters[0], "mu_star", "noise_share"),
              interaction / 2 / spread, 1e-9);
  EXPECT_GT(c.value("baseline", "resolution_rate/rural_elderly", kParameters[0], "mu_star", "noise_share"), 0.5);
  bool warned = false;
  for (const std::string& w : summary.warnings)
    warned |= w.find("resolution_rate/rural_elderly") != std::string::npos &&
              w.find("mostly measure noise") != std::string::npos;
  EXPECT_TRUE(warned) << "a figure made of noise is named in a warning";
}

TEST_F(Sensitivity, EveryArmAndChosenFiguresFromTheCommandLine) {
  const SyntheticDesign d = morris_design();
  test::write_design_sweep(path("sweep"), linear_with_noise(d), d);
  const auto r = test::run_program("sensitivity " + path("sweep") +
                                   " --figures resolution_rate/rural_elderly,wait_mean_minutes/all --arm all -o " +
                                   path("out") + " --resamples 50");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sensitivity (morris) of 3 parameters over 64 design points"), std::string::npos) << r.output;
  const Csv c(path("out/sensitivity.csv"));
  EXPECT_EQ(c.rows.size(), 2u * 2 * 3 * 3);
  EXPECT_NEAR(c.value("ai_rural", "wait_mean_minutes/all", kParameters[0], "mu_star"), 3, 1e-9);
  EXPECT_EQ(c.rows.front().at("figure"), "resolution_rate") << "in the order given";
  const std::string html = test::read_file(path("out/sensitivity.html"));
  std::size_t plots = 0;
  for (auto at = html.find("data-plot=\"ranking\""); at != std::string::npos;
       at = html.find("data-plot=\"ranking\"", at + 1))
    ++plots;
  EXPECT_EQ(plots, 4u) << "a ranking per arm and figure";
  for (const std::string& p : kParameters) EXPECT_NE(html.find(p), std::string::npos) << p;
  EXPECT_NE(html.find("design &lt;b&gt;&quot;sweep&quot;&lt;/b&gt;"), std::string::npos) << "the name is escaped";
  EXPECT_EQ(html.find("<b>\"sweep\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos) << "nothing is fetched";
  EXPECT_FALSE(std::filesystem::exists(path("sweep/sensitivity.csv")));
}

TEST_F(Sensitivity, SobolOfIshigamiWithAFailedRunAndOneReplicate) {
  constexpr int kRows = 512;
  SyntheticDesign d = test::uniform_design("sobol", {"x1", "x2", "x3"}, test::saltelli_unit(kRows, 3, true, 7),
                                           -3.14159265358979323846, 3.14159265358979323846);
  d.samples = kRows;
  d.second_order = true;
  SyntheticSweep s;
  s.arms = {"baseline"};
  s.replicates = 1;
  s.figures = {"total_cost/all"};
  s.units = {"CNY"};
  const std::vector<double> values = d.values;
  s.value = [values](int, int p, int, int) { return test::ishigami(&values[static_cast<std::size_t>(p) * 3]); };
  s.status = [](int, int p, int) { return std::string(p == 8 * 3 + 2 ? "failed" : "done"); };  // base row 3
  test::write_design_sweep(path("sweep"), s, d);
  const SensitivitySummary summary = run();
  const Csv c = csv();
  ASSERT_EQ(c.rows.size(), 3u + 3 + 3) << "S1 and ST of each parameter, S2 of each pair";
  const double first[3] = {0.3139, 0.4424, 0}, total[3] = {0.5576, 0.4424, 0.2437};
  const char* names[3] = {"x1", "x2", "x3"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(c.value("baseline", "total_cost/all", names[i], "S1"), first[i], 0.1) << names[i];
    EXPECT_NEAR(c.value("baseline", "total_cost/all", names[i], "ST"), total[i], 0.1) << names[i];
  }
  EXPECT_NEAR(c.value("baseline", "total_cost/all", "x1|x3", "S2"), 0.2437, 0.15);
  const auto row = c.row("baseline", "total_cost/all", "x1", "S1");
  EXPECT_EQ(row.at("points_used"), std::to_string((kRows - 1) * 8)) << "the failed run's base row is dropped";
  EXPECT_EQ(row.at("noise_share"), "NaN");
  EXPECT_EQ(row.at("replicates"), "1");
  ASSERT_FALSE(summary.warnings.empty());
  EXPECT_NE(summary.warnings.front().find("not separated"), std::string::npos) << summary.warnings.front();
  EXPECT_NE(test::read_file(path("sweep/sensitivity.html")).find("511 of 512 base rows"), std::string::npos);
}

TEST_F(Sensitivity, RankRegressionOfALatinHypercube) {
  SyntheticDesign d = test::uniform_design("lhs", {"a", "b"}, test::latin_hypercube(120, 2, 5), 10, 20);
  d.samples = 120;
  SyntheticSweep s;
  s.arms = {"baseline"};
  s.replicates = 2;
  s.figures = {"unmet_needs/all", "adoption/all"};
  s.units = {"1", "1"};
  const std::vector<double> unit = d.unit;
  s.value = [unit](int, int p, int rep, int figure) {
    const double* u = &unit[static_cast<std::size_t>(p) * 2];
    return figure == 0 ? std::exp(4 * u[0]) + 0.001 * rep : std::sin(30 * u[0] * u[1]);
  };
  test::write_design_sweep(path("sweep"), s, d);
  const SensitivitySummary summary = run();
  const Csv c = csv();
  EXPECT_GT(c.value("baseline", "unmet_needs/all", "a", "srrc"), 0.99);
  EXPECT_NEAR(c.value("baseline", "unmet_needs/all", "b", "srrc"), 0, 0.1);
  EXPECT_GT(c.value("baseline", "unmet_needs/all", "a", "srrc", "r_squared"), 0.98);
  EXPECT_LT(c.value("baseline", "adoption/all", "a", "srrc", "r_squared"), 0.5);
  EXPECT_EQ(c.row("baseline", "adoption/all", "a", "srrc").at("method"), "lhs");
  bool warned = false;
  for (const std::string& w : summary.warnings) warned |= w.find("not to be trusted") != std::string::npos;
  EXPECT_TRUE(warned);
  EXPECT_NE(test::read_file(path("sweep/sensitivity.html")).find("not to be trusted"), std::string::npos);

  const io::h5::Reader h5(path("sweep/sensitivity.h5"));
  for (const char* column : {"arm", "figure", "scope", "units", "method", "parameter", "index", "value", "ci95_low",
                             "ci95_high", "points_used", "replicates", "noise_share", "r_squared"}) {
    EXPECT_TRUE(h5.is_dataset(std::string("/indices/") + column)) << column;
    std::string units;
    EXPECT_TRUE(h5.string_attribute(std::string("/indices/") + column, "units", &units)) << column;
  }
  EXPECT_EQ(h5.strings_1d("/indices/index"), std::vector<std::string>(4, "srrc"));
  std::string method;
  EXPECT_TRUE(h5.string_attribute("/", "method", &method));
  EXPECT_EQ(method, "lhs");
  double resamples = 0;
  EXPECT_TRUE(h5.double_attribute("/", "resamples", &resamples));
  EXPECT_EQ(resamples, 200);
}

TEST_F(Sensitivity, ExitCodesAndMessages) {
  auto r = test::run_program("sensitivity " + path("nowhere"));
  EXPECT_EQ(r.exit_code, io::kExitNoInput) << r.output;

  SyntheticSweep plain;  // a sweep without a design
  test::write_synthetic_sweep(path("plain"), plain);
  r = test::run_program("sensitivity " + path("plain"));
  EXPECT_EQ(r.exit_code, io::kExitNoInput) << r.output;
  EXPECT_NE(r.output.find("`parameters:`"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("`design:`"), std::string::npos) << r.output;

  const SyntheticDesign d = morris_design();
  test::write_design_sweep(path("sweep"), linear_with_noise(d), d);
  r = test::run_program("sensitivity " + path("sweep") + " --figures wait_mean_minutes/al");
  EXPECT_EQ(r.exit_code, io::kExitUsage) << r.output;
  EXPECT_NE(r.output.find("did you mean 'wait_mean_minutes/all'"), std::string::npos) << r.output;
  r = test::run_program("sensitivity " + path("sweep") + " --arm ai_rurl");
  EXPECT_EQ(r.exit_code, io::kExitUsage) << r.output;
  EXPECT_NE(r.output.find("did you mean 'ai_rural'"), std::string::npos) << r.output;
  r = test::run_program("sensitivity " + path("sweep") + " --resamples -1");
  EXPECT_EQ(r.exit_code, io::kExitUsage) << r.output;
  EXPECT_FALSE(std::filesystem::exists(path("sweep/sensitivity.csv")));
  std::ofstream(path("a_file")) << "x";
  r = test::run_program("sensitivity " + path("sweep") + " -o " + path("a_file/out"));
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;

  SyntheticDesign short_design = d;  // a design of fewer points than the sweep
  short_design.values.resize(short_design.values.size() - 3);
  short_design.unit.resize(short_design.unit.size() - 3);
  std::filesystem::remove(path("sweep/sweep.h5"));
  SyntheticSweep s = linear_with_noise(d);
  s.grid_points = test::design_point_names(d);
  s.has_run_file = [](int, int, int) { return false; };
  test::write_synthetic_sweep(path("sweep"), s);
  test::write_design(path("sweep"), short_design);
  r = test::run_program("sensitivity " + path("sweep"));
  EXPECT_EQ(r.exit_code, io::kExitDataErr) << r.output;
  EXPECT_NE(r.output.find("/design/values"), std::string::npos) << r.output;
}

TEST_F(Sensitivity, EndToEndAfterARealSweepWithAMorrisDesign) {
  const std::string scenario = test::read_file(std::string(CIVICSIM_TEST_DATA) + "/small.yaml");
  std::ofstream(path("morris.yaml"))
      << scenario
      << "sweep:\n  replicates: 2\n  design: {method: morris, samples: 2, levels: 4, seed: 5}\n  parameters:\n"
         "    staff.skill_sd: {distribution: uniform, low: 0.05, high: 0.3}\n"
         "    citizens.adoption.q: {distribution: log_uniform, low: 0.1, high: 1}\n";
  const std::string dir = path("sweep");
  auto r = test::run_program("sweep " + path("morris.yaml") + " -o " + dir + " -q --jobs 2", "OMP_WAIT_POLICY=passive");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = test::run_program("sensitivity " + dir + " --resamples 100");
  ASSERT_EQ(r.exit_code, 0) << r.output;

  // mu of the first parameter for wait_mean_minutes/all, from sweep.h5's table and /design/unit.
  const io::h5::Reader sweep(dir + "/sweep.h5");
  const std::vector<std::string> figures = sweep.strings_1d("/table/figure");
  const int f = static_cast<int>(std::find(figures.begin(), figures.end(), "wait_mean_minutes/all") - figures.begin());
  const std::vector<double> values = sweep.numeric_row("/table/values", hsize_t(-1)).floats;
  const std::vector<double> unit = sweep.numeric_row("/design/unit", hsize_t(-1)).floats;
  const std::vector<std::int64_t> point = sweep.ints_1d("/table/grid_point");
  std::vector<double> y(6, 0.0);
  for (std::size_t run = 0; run < point.size(); ++run) y[point[run]] += values[run * figures.size() + f] / 2;
  double mu = 0;
  for (int t = 0; t < 2; ++t) {
    for (int step = 1; step <= 2; ++step) {
      const int p = t * 3 + step;
      const double du = unit[p * 2] - unit[(p - 1) * 2];
      if (du != 0) mu += (y[p] - y[p - 1]) / du / 2;
    }
  }
  const Csv c(dir + "/sensitivity.csv");
  EXPECT_EQ(c.rows.size(), figures.size() * 2 * 3);
  const auto row = c.row("scenario", "wait_mean_minutes/all", "staff.skill_sd", "mu");
  ASSERT_FALSE(row.empty()) << test::read_file(dir + "/sensitivity.csv").substr(0, 400);
  EXPECT_NEAR(std::stod(row.at("value")), mu, 1e-9 * (1 + std::fabs(mu)));
  EXPECT_EQ(row.at("points_used"), "6");
  EXPECT_EQ(row.at("replicates"), "2");
  EXPECT_TRUE(std::isfinite(std::stod(row.at("noise_share"))));
}

}  // namespace
}  // namespace civicsim::viz
