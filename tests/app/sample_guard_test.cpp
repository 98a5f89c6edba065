// Guard rails of issue 13 on the command line: `validate`, `plan` and `run` warn about agent samples
// too small for a figure an intervention targets, and an analysis window cannot be left empty
// (time.warmup_days against time.days or --days).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <string>

#include "tests/common/run_program.hpp"

namespace civicsim {
namespace {

using test::json_field;
using test::run_program;

class SampleGuard : public test::ProgramTest {
 protected:
  /// tests/data/small.yaml at `scale`, with `extra` appended (e.g. interventions) and `time` replaced.
  std::string scenario(double scale, const std::string& extra, const std::string& time = "") {
    std::ifstream in(small());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = std::regex_replace(text, std::regex("population: \\{scale: [0-9.]+\\}"),
                              "population: {scale: " + std::to_string(scale) + "}");
    const auto from = text.find("\ninterventions:"), to = text.find("\noutput:");
    if (from != std::string::npos && to != std::string::npos && from < to) text.erase(from, to - from);
    if (!time.empty()) text = std::regex_replace(text, std::regex("time: \\{[^}]*\\}"), time);
    text += extra;
    const std::string file = path("s.yaml");
    std::ofstream(file) << text;
    return file;
  }
  static constexpr const char* kTraining =
      "interventions:\n  - {type: literacy_training, start_day: 1, districts: [fields]}\n";
};

TEST_F(SampleGuard, ValidatePlanAndRunNameTheSmallCellAndTheScaleThatWouldDo) {
  // At scale 0.002 the rural elderly of 'fields' are a few dozen agents.
  const std::string s = scenario(0.002, kTraining);
  const auto validate = run_program("validate " + s);
  EXPECT_EQ(validate.exit_code, 0) << validate.output;
  EXPECT_NE(validate.output.find("warning: intervention 0 (literacy_training) targets district 'fields', whose "
                                 "rural_elderly group has"),
            std::string::npos)
      << validate.output;
  EXPECT_NE(validate.output.find("population.scale 0.002"), std::string::npos) << validate.output;
  const auto plan = run_program("plan " + s + " --json -o " + path("out.h5"), "", /*stdout_only=*/true);
  EXPECT_EQ(json_field(plan.output, "population_scale"), 0.002) << plan.output;
  const auto warnings = plan.output.find("\"sample_warnings\": [\"");
  ASSERT_NE(warnings, std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("intervention 0 (literacy_training) targets district 'fields'", warnings),
            std::string::npos)
      << plan.output;
  const auto run = run_program("run " + s + " --days 1 -o " + path("out.h5"));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("civicsim: warning: intervention 0"), std::string::npos) << run.output;
  // A sample large enough: nothing to say.
  const auto large = run_program("validate " + scenario(0.5, kTraining));
  EXPECT_EQ(large.output.find("warning"), std::string::npos) << large.output;
}

TEST_F(SampleGuard, AWarmUpAsLongAsTheRunIsRefused) {
  const auto bad = run_program(
      "validate " + scenario(0.02, "", "time: {days: 3, warmup_days: 3, step_minutes: 5, report_minutes: 60}"));
  EXPECT_EQ(bad.exit_code, 65) << bad.output;
  EXPECT_NE(bad.output.find("s.yaml:6:"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("time.warmup_days (3) must be less than time.days (3)"), std::string::npos) << bad.output;
  // --days may not leave the window empty either.
  const std::string s = scenario(0.02, "", "time: {days: 3, warmup_days: 2, step_minutes: 5, report_minutes: 60}");
  const auto run = run_program("run " + s + " --days 2 -o " + path("out.h5"));
  EXPECT_EQ(run.exit_code, 64) << run.output;
  EXPECT_NE(run.output.find("--days 2 leaves no analysis window after time.warmup_days (2)"), std::string::npos)
      << run.output;
  EXPECT_FALSE(std::filesystem::exists(path("out.h5")));
  const auto plan = run_program("plan " + s + " --days 1");
  EXPECT_EQ(plan.exit_code, 64) << plan.output;
}

}  // namespace
}  // namespace civicsim
