// Sampling designs in the sweep section (docs/sensitivity.md): `parameters:` with their
// distributions and `design:`, expanded into points whose values reach each run; design files;
// and the errors a bad design gets, at file:line:col.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "io/sweep.hpp"
#include "tests/common/run_program.hpp"

namespace civicsim::test {
namespace {

std::string small_with(const std::string& sweep_section) {
  return read_file(std::string(CIVICSIM_TEST_DATA) + "/small.yaml") + sweep_section;
}

io::SweepResult load(const std::string& text, const io::DesignFile& design = {}) {
  return io::load_sweep_text(text, "sweep.yaml", CIVICSIM_TEST_DATA, true, design);
}

std::string all_errors(const io::SweepResult& r) {
  std::string s;
  for (const auto& d : r.errors) s += d.str() + "\n";
  return s;
}

const char* const kParameters =
    "  parameters:\n"
    "    staff.skill_sd: {distribution: uniform, low: 0.05, high: 0.3}\n"
    "    staff.hotline_operators: {distribution: uniform, low: 100, high: 400, integer: true}\n"
    "    citizens.adoption.q: {distribution: discrete, values: [0.2, 0.4, 0.6]}\n";

TEST(SweepDesign, AnLhsDesignGivesOneGridPointPerSampleAndEachRunGetsItsValues) {
  const io::SweepResult r = load(
      small_with(std::string("sweep:\n  replicates: 2\n  design: {method: lhs, samples: 7, seed: 3}\n") + kParameters));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const io::Sweep& s = r.sweep;
  ASSERT_TRUE(s.has_design);
  EXPECT_EQ(s.design.keys,
            (std::vector<std::string>{"staff.skill_sd", "staff.hotline_operators", "citizens.adoption.q"}));
  EXPECT_EQ(s.design.distributions[0], "uniform(0.05, 0.3)");
  ASSERT_EQ(s.points.size(), 7u);
  ASSERT_EQ(s.runs.size(), 14u);
  EXPECT_EQ(s.runs[0].id, "scenario-g0-r0");
  for (const auto& run : s.runs) {
    const io::ScenarioResult p = io::load_sweep_run(s, run.index);
    ASSERT_TRUE(p.ok()) << p.errors[0].str();
    const double* v = &s.design.values[static_cast<std::size_t>(run.point) * 3];
    EXPECT_EQ(p.params.skill_sd, v[0]) << run.id;
    EXPECT_GE(v[0], 0.05);
    EXPECT_LE(v[0], 0.3);
    EXPECT_EQ(p.params.hotline_operators, v[1]) << run.id;
    EXPECT_EQ(std::floor(v[1]), v[1]);
    EXPECT_DOUBLE_EQ(p.params.bass_q, v[2]) << run.id;
    EXPECT_TRUE(v[2] == 0.2 || v[2] == 0.4 || v[2] == 0.6);
    EXPECT_NE(s.points[static_cast<std::size_t>(run.point)].find("staff.skill_sd="), std::string::npos);
  }
  // The same file gives the same design; another seed another one.
  const io::SweepResult again = load(
      small_with(std::string("sweep:\n  replicates: 2\n  design: {method: lhs, samples: 7, seed: 3}\n") + kParameters));
  EXPECT_EQ(again.sweep.design.values, s.design.values);
  const io::SweepResult other = load(
      small_with(std::string("sweep:\n  replicates: 2\n  design: {method: lhs, samples: 7, seed: 4}\n") + kParameters));
  EXPECT_NE(other.sweep.design.values, s.design.values);
}

TEST(SweepDesign, SobolMorrisAndGridDesignsHaveTheirSizes) {
  auto points = [](const std::string& design) {
    const io::SweepResult r =
        load(small_with("sweep:\n  arms: [{name: a}, {name: b}]\n  design: " + design + "\n" + kParameters));
    EXPECT_TRUE(r.ok()) << all_errors(r);
    EXPECT_EQ(r.sweep.runs.size(), 2 * r.sweep.points.size());
    return r.sweep.points.size();
  };
  EXPECT_EQ(points("{method: sobol, samples: 8}"), 8u * (3 + 2));
  EXPECT_EQ(points("{method: sobol, samples: 8, second_order: true}"), 8u * (2 * 3 + 2));
  EXPECT_EQ(points("{method: morris, samples: 5, levels: 4}"), 5u * (3 + 1));
  EXPECT_EQ(points("{method: grid, levels: 2}"), 2u * 2u * 3u);  // the discrete one keeps its 3 items
}

TEST(SweepDesign, BadDesignsAreReportedWhereTheyAreWritten) {
  struct Case {
    std::string section, message;
  };
  const std::vector<Case> cases = {
      {"  design: {method: lhs, samples: 4}\n  parameters:\n    staff.skil_sd: {distribution: uniform, low: 0, high: "
       "1}\n",
       "did you mean 'staff.skill_sd'?"},
      {"  design: {method: lhs, samples: 4}\n  parameters:\n    staff.skill_sd: {distribution: uniform, low: 0.3, "
       "high: 0.1}\n",
       "the bounds are reversed"},
      {"  design: {method: lhs, samples: 4}\n  parameters:\n"
       "    geography.centres.rural: {distribution: uniform, low: 1, high: 4}\n",
       "expected an integer, got"},
      {"  design: {method: lhs, samples: 4}\n  parameters:\n    name: {distribution: uniform, low: 0, high: 1}\n",
       "is not allowed for this key"},
      {"  design: {method: lhs, samples: 4}\n  parameters:\n"
       "    staff.skill_sd: {distribution: log_uniform, low: 0, high: 1}\n",
       "log_uniform distribution needs low > 0"},
      {"  design: {method: lhs, samples: 4}\n  parameters:\n    staff.skill_sd: {distribution: gamma, low: 0, high: "
       "1}\n",
       "distribution"},
      {"  design: {method: morris, samples: 4, levels: 3}\n  parameters:\n"
       "    staff.skill_sd: {distribution: uniform, low: 0, high: 1}\n",
       "even number of levels"},
      {"  design: {method: lhs, samples: 4}\n  grid: {staff.skill_sd: [0.1]}\n  parameters:\n"
       "    staff.hotline_operators: {distribution: discrete, values: [1, 2]}\n",
       "either `grid` or `parameters`"},
      {"  design: {method: lhs}\n  parameters:\n    staff.skill_sd: {distribution: uniform, low: 0, high: 1}\n",
       "samples"},
      {"  design: {method: lhs, samples: 4}\n", "needs `parameters:`"},
  };
  for (const auto& c : cases) {
    const io::SweepResult r = load(small_with("sweep:\n" + c.section));
    ASSERT_FALSE(r.ok()) << c.section;
    EXPECT_NE(all_errors(r).find(c.message), std::string::npos) << c.section << "\n" << all_errors(r);
    EXPECT_EQ(r.errors[0].file, "sweep.yaml");
    EXPECT_GE(r.errors[0].line, 40) << all_errors(r);  // in the appended sweep section (line 39 on)
    EXPECT_GT(r.errors[0].column, 0);
  }
}

TEST(SweepDesign, ADesignFileGivesThePointsInItsRowOrder) {
  const std::string text = small_with(std::string("sweep:\n  design: {method: lhs, samples: 4}\n") + kParameters);
  const io::DesignFile file{"X.txt",
                            "# SALib-style rows\n"
                            "citizens.adoption.q staff.skill_sd staff.hotline_operators\n"
                            "0.4 0.1 150\n"
                            "0.2, 0.25, 300\n"};
  const io::SweepResult r = load(text, file);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.sweep.design.spec.method, io::DesignMethod::file);
  ASSERT_EQ(r.sweep.points.size(), 2u);
  EXPECT_EQ(r.sweep.design.values, (std::vector<double>{0.1, 150, 0.4, 0.25, 300, 0.2}));
  EXPECT_TRUE(std::isnan(r.sweep.design.unit[0]));
  const io::ScenarioResult p = io::load_sweep_run(r.sweep, 1);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.params.hotline_operators, 300);
  EXPECT_DOUBLE_EQ(p.params.skill_sd, 0.25);
  // Without a header: the columns of sweep.parameters in their order.
  const io::SweepResult bare = load(text, io::DesignFile{"X.txt", "0.1 150 0.4\n"});
  ASSERT_TRUE(bare.ok()) << all_errors(bare);
  EXPECT_EQ(bare.sweep.design.values, (std::vector<double>{0.1, 150, 0.4}));
  // Without `parameters:`: the header names any scenario keys.
  const io::SweepResult free =
      load(small_with("sweep: {replicates: 1}\n"), io::DesignFile{"X.txt", "staff.skill_sd\n0.1\n0.2\n0.3\n"});
  ASSERT_TRUE(free.ok()) << all_errors(free);
  EXPECT_EQ(free.sweep.points.size(), 3u);
}

TEST(SweepDesign, ABadDesignFileIsReportedAtItsLineAndColumn) {
  const std::string text = small_with(std::string("sweep:\n  design: {method: lhs, samples: 4}\n") + kParameters);
  struct Case {
    std::string rows, where, message;
  };
  const std::vector<Case> cases = {
      {"0.1 150 0.4\n0.5 150 0.4\n", "X.txt:2:1", "outside its distribution's bounds [0.05, 0.3]"},
      {"0.1 150.5 0.4\n", "X.txt:1:5", "expected a whole number"},
      {"0.1 150 0.5\n", "X.txt:1:9", "is not one of the values"},
      {"0.1 150\n", "X.txt:1:1", "expected 3 values"},
      {"staff.skill_sd staff.hotline_operator citizens.adoption.q\n0.1 150 0.4\n", "X.txt:1:16",
       "did you mean 'staff.hotline_operators'?"},
      {"# nothing\n", "X.txt:1:1", "no rows"},
  };
  for (const auto& c : cases) {
    const io::SweepResult r = load(text, io::DesignFile{"X.txt", c.rows});
    ASSERT_FALSE(r.ok()) << c.rows;
    EXPECT_EQ(r.errors[0].str().rfind(c.where, 0), 0u) << all_errors(r);
    EXPECT_NE(all_errors(r).find(c.message), std::string::npos) << all_errors(r);
  }
  const io::SweepResult headless = load(small_with("sweep: {replicates: 1}\n"), io::DesignFile{"X.txt", "0.1\n"});
  ASSERT_FALSE(headless.ok());
  EXPECT_NE(all_errors(headless).find("must name the columns"), std::string::npos);
}

TEST(SweepDesign, ParametersThatShareAnAnchorStillGetTheirOwnValues) {
  // An alias makes two parameters share one node: each run must still set each key to its own value.
  const io::SweepResult r =
      load(small_with("sweep:\n  design: {method: lhs, samples: 3, seed: 1}\n  parameters:\n"
                      "    staff.skill_sd: &shared {distribution: uniform, low: 0.05, high: 0.3}\n"
                      "    citizens.adoption.q: *shared\n"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  for (const auto& run : r.sweep.runs) {
    const io::ScenarioResult p = io::load_sweep_run(r.sweep, run.index);
    ASSERT_TRUE(p.ok());
    const double* v = &r.sweep.design.values[static_cast<std::size_t>(run.point) * 2];
    ASSERT_NE(v[0], v[1]);
    EXPECT_EQ(p.params.skill_sd, v[0]);
    EXPECT_EQ(p.params.bass_q, v[1]);
  }
}

TEST(SweepDesign, WholeNumbersGetEqualSharesAndAFractionForAWholeNumberKeyIsRefusedAtItsParameter) {
  const io::SweepResult r =
      load(small_with("sweep:\n  design: {method: lhs, samples: 400}\n  parameters:\n"
                      "    geography.centres.rural: {distribution: uniform, low: 2, high: 5, integer: true}\n"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  std::vector<int> count(6, 0);
  for (double v : r.sweep.design.values) ++count[static_cast<std::size_t>(v)];
  EXPECT_EQ(count, (std::vector<int>{0, 0, 100, 100, 100, 100}));  // a Latin hypercube: exactly equal shares
  const io::SweepResult none =
      load(small_with("sweep:\n  design: {method: lhs, samples: 4}\n  parameters:\n"
                      "    staff.skill_sd: {distribution: uniform, low: 0.2, high: 0.4, integer: true}\n"));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(all_errors(none).find("needs a whole number between low and high"), std::string::npos) << all_errors(none);
  const io::SweepResult no_design =
      load(small_with("sweep:\n  parameters:\n    staff.skill_sd: {distribution: uniform, low: 0.1, high: 0.2}\n"));
  ASSERT_FALSE(no_design.ok());
  EXPECT_NE(all_errors(no_design).find("add `design:"), std::string::npos) << all_errors(no_design);
}

TEST(SweepDesign, DesignFileCellsAreSingleValuesAndTheScenarioProblemsOfACellPointAtIt) {
  const std::string text = small_with("sweep: {replicates: 1}\n");
  const io::SweepResult brace = load(text, io::DesignFile{"X.txt", "staff.skill_sd\n0.1\n{\n"});
  ASSERT_FALSE(brace.ok());
  EXPECT_EQ(brace.errors[0].str().rfind("X.txt:3:1: ", 0), 0u) << all_errors(brace);
  // geography.centres.rural takes whole numbers: the scenario's refusal is moved to the cell.
  const io::SweepResult fraction =
      load(text, io::DesignFile{"X.txt", "\xEF\xBB\xBFstaff.skill_sd geography.centres.rural\n0.1 2\n0.2 3.5\n"});
  ASSERT_FALSE(fraction.ok());
  EXPECT_EQ(fraction.errors[0].str().rfind("X.txt:3:5: geography.centres.rural: expected an integer", 0), 0u)
      << all_errors(fraction);
  // Without a header, a row of discrete items that are not numbers is a row, not a header.
  const io::SweepResult items = load(
      small_with(
          "sweep:\n  design: {method: grid}\n  parameters:\n"
          "    staff.skill_sd: {distribution: uniform, low: 0.05, high: 0.3}\n"
          "    requests.types.0.service_distribution: {distribution: discrete, values: [lognormal, exponential]}\n"),
      io::DesignFile{"X.txt", "0.1 lognormal\n0.2, exponential\n"});
  ASSERT_TRUE(items.ok()) << all_errors(items);
  EXPECT_EQ(items.sweep.points.size(), 2u);
}

}  // namespace
}  // namespace civicsim::test
