// Hostile input that is too big for the bad-input corpus (tests/data/bad holds the small cases):
// each gets a clear diagnostic and its exit code, quickly and in little memory (docs/robustness.md).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>

#include "io/scenario.hpp"
#include "io/sweep.hpp"
#include "tests/common/run_program.hpp"

namespace civicsim::io {
namespace {

using test::ProgramTest;
using test::run_program;

/// The first diagnostic of loading `text` (as a file, so that the whole reading path runs).
Diagnostic first_problem(const std::string& text, int expected_exit = kExitDataErr) {
  const SweepResult r = load_sweep_text(text, "hostile.yaml", "", /*check_runs=*/true);
  EXPECT_EQ(r.exit_code, expected_exit);
  EXPECT_FALSE(r.errors.empty());
  return r.errors.empty() ? Diagnostic{} : r.errors[0];
}

TEST(HostileInput, DeepFlowNestingIsRefusedBeforeYamlCppRecurses) {
  // yaml-cpp 0.7 alone reports "bad file" at 500 levels; 100000 must not reach it.
  for (const std::string open : {"[", "{a: ", "- "}) {
    std::string text = open == "- " ? "civicsim: 1\nname:\n  " : "civicsim: 1\nname: ";
    for (int i = 0; i < 100000; ++i) text += open;
    const Diagnostic d = first_problem(text + "\n");
    EXPECT_EQ(d.line, open == "- " ? 3 : 2) << d.str();
    EXPECT_NE(d.message.find("nested more than 64 levels deep"), std::string::npos) << d.str();
  }
}

TEST(HostileInput, DeepBlockNestingIsRefused) {
  std::string text = "civicsim: 1\n";
  for (int i = 0; i < 200; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  const Diagnostic d = first_problem(text);
  EXPECT_NE(d.message.find("nested more than 64 levels deep"), std::string::npos) << d.str();
}

TEST(HostileInput, TenMegabyteNameIsRefusedAndNotQuotedWhole) {
  const Diagnostic d = first_problem("civicsim: 1\nname: " + std::string(10'000'000, 'x') + "\n");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 7);
  EXPECT_NE(d.message.find("name is 10000000 bytes long; at most 4096"), std::string::npos) << d.message;
  EXPECT_LT(d.message.size(), 200u);
}

TEST(HostileInput, MegabyteKeyGetsAShortMessageQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const Diagnostic d = first_problem("civicsim: 1\nstaff: {" + std::string(1'000'000, 'k') + ": 1}\n");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(d.message.size(), 300u) << d.message.substr(0, 300);
  EXPECT_LT(seconds, 30.0);  // the edit distance to every known key once cost minutes and gigabytes
}

TEST(HostileInput, NumbersBeyondDoubleSayWhy) {
  const Diagnostic d = first_problem("civicsim: 1\nstaff: {hotline_operators: -1e999}\n");
  EXPECT_NE(d.message.find("too large"), std::string::npos) << d.str();
}

TEST(HostileInput, DistrictsFileThatIsADeviceIsRefused) {
  const Diagnostic d = first_problem("civicsim: 1\ngeography: {districts_file: /dev/zero}\n", kExitNoInput);
  EXPECT_NE(d.message.find("is a device or socket, not a file"), std::string::npos) << d.str();
}

TEST(HostileInput, ScenarioThatIsADeviceIsRefused) {
  const ScenarioResult r = load_scenario_file("/dev/zero");
  EXPECT_EQ(r.exit_code, kExitNoInput);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].message.find("device"), std::string::npos) << r.errors[0].str();
}

class HostileProgram : public ProgramTest {};

TEST_F(HostileProgram, ScenarioFileOverTheSizeLimitIsRefused) {
  {
    std::ofstream out(path("big.yaml"));
    out << "civicsim: 1\n# " << std::string(17u << 20, 'x') << "\n";
  }
  const auto r = run_program("validate " + path("big.yaml"));
  EXPECT_EQ(r.exit_code, kExitNoInput) << r.output;
  EXPECT_NE(r.output.find("is larger than 16 MiB"), std::string::npos) << r.output;
}

TEST_F(HostileProgram, EnormousPopulationIsValidButRefusedByTheResourceGuard) {
  // 10^12 residents: a valid scenario (validation stops at 10^12), far beyond any machine's memory.
  {
    std::ofstream out(path("huge.yaml"));
    out << "civicsim: 1\npopulation: {scale: 1}\n"
           "geography: {generate: {ring_city: {population: 1e12}}}\ntime: {days: 1}\n";
  }
  EXPECT_EQ(run_program("validate " + path("huge.yaml")).exit_code, kExitOk);
  const auto plan = run_program("plan " + path("huge.yaml"));
  EXPECT_EQ(plan.exit_code, kExitTempFail) << plan.output;
  const auto run = run_program("run " + path("huge.yaml") + " -o " + path("out.h5"));
  EXPECT_EQ(run.exit_code, kExitTempFail) << run.output;
  EXPECT_NE(run.output.find("would not fit"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(path("out.h5")));
}

}  // namespace
}  // namespace civicsim::io
