// The bad-scenario corpus, tests/data/bad/*.yaml. The first line of each file says what must be
// reported first:
//   # expect: exit=65 [file=other.csv] line=7 col=3 message="substring of the message"
// (`file` is relative to the scenario's folder; without it the scenario itself; col=0 means none.)
// Checked through load_sweep_file (the scenario, then its sweep section), through `civicsim validate`, and through
// `civicsim run`.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "io/scenario.hpp"
#include "io/sweep.hpp"

namespace civicsim::io {
namespace {

namespace fs = std::filesystem;
const fs::path kBad = fs::path(CIVICSIM_TEST_DATA) / "bad";

struct Expectation {
  fs::path scenario;
  std::string file;  // of the first diagnostic, as the program names it
  int exit_code = -1, line = -1, column = -1;
  std::string message;
};

Expectation read_expectation(const fs::path& scenario) {
  std::ifstream in(scenario);
  std::string first;
  std::getline(in, first);
  Expectation e;
  e.scenario = scenario;
  e.file = scenario.string();
  static const std::regex header(
      R"re(^# expect: exit=(\d+)(?: file=(\S+))? line=(\d+) col=(\d+) message="(.*)"\s*$)re");
  std::smatch m;
  if (!std::regex_match(first, m, header)) return e;
  e.exit_code = std::stoi(m[1]);
  if (m[2].matched) e.file = (scenario.parent_path() / m[2].str()).string();
  e.line = std::stoi(m[3]);
  e.column = std::stoi(m[4]);
  e.message = std::regex_replace(m[5].str(), std::regex(R"(\\")"), "\"");
  return e;
}

std::vector<Expectation> corpus() {
  std::vector<Expectation> cases;
  for (const auto& entry : fs::directory_iterator(kBad)) {
    if (entry.path().extension() == ".yaml") cases.push_back(read_expectation(entry.path()));
  }
  std::sort(cases.begin(), cases.end(),
            [](const Expectation& a, const Expectation& b) { return a.scenario < b.scenario; });
  return cases;
}

/// "file:line:col: " as Diagnostic::str() starts.
std::string location(const Expectation& e) { return Diagnostic{e.file, e.line, e.column, ""}.str(); }

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct Outcome {
  int exit_code = -1;
  std::string output;
};

/// Runs the civicsim program; `output` is its stderr (or stdout when `stdout_instead`).
Outcome run_civicsim(const std::vector<std::string>& args, bool stdout_instead = false) {
  std::string command = quote(CIVICSIM_BINARY);
  for (const auto& a : args) command += " " + quote(a);
  command += stdout_instead ? " 2>/dev/null" : " 2>&1 >/dev/null";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return outcome;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) outcome.output.append(buffer, n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

/// The first line of `output` that starts at the expected location and holds the message.
bool reports(const std::string& output, const Expectation& e) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(location(e), 0) == 0 && line.find(e.message) != std::string::npos) return true;
  }
  return false;
}

TEST(BadScenarios, CorpusCoversTheRequiredCases) {
  const auto cases = corpus();
  EXPECT_GE(cases.size(), 18u);
  for (const char* name : {"unknown_top_level_key",
                           "nested_key_typo",
                           "wrong_type",
                           "negative_value",
                           "out_of_range",
                           "empty",
                           "not_yaml",
                           "missing_districts_file",
                           "bad_csv_row",
                           "duplicate_district_names",
                           "unknown_channel",
                           "unknown_intervention_type",
                           "unknown_district_in_selector",
                           "overlapping_hours",
                           "bad_hhmm",
                           "missing_civicsim",
                           "wrong_schema_version",
                           "profile_23_numbers",
                           "report_not_multiple_of_step",
                           "end_day_not_after_start_day",
                           "duplicate_request_type_name"}) {
    EXPECT_TRUE(fs::exists(kBad / (std::string(name) + ".yaml"))) << name;
  }
  for (const auto& e : cases) {
    EXPECT_GT(e.exit_code, 0) << e.scenario << ": first line is not a valid '# expect:' header";
  }
}

TEST(BadScenarios, LoadReportsTheExpectedFirstDiagnostic) {
  for (const auto& e : corpus()) {
    SCOPED_TRACE(e.scenario.string());
    const SweepResult r = load_sweep_file(e.scenario.string(), /*check_runs=*/true);
    EXPECT_EQ(r.exit_code, e.exit_code);
    ASSERT_FALSE(r.errors.empty());
    const Diagnostic& d = r.errors[0];
    EXPECT_EQ(d.file, e.file);
    EXPECT_EQ(d.line, e.line);
    EXPECT_EQ(d.column, e.column);
    EXPECT_NE(d.message.find(e.message), std::string::npos) << d.str();
  }
}

TEST(BadScenarios, ValidateCommandPrintsTheLocationAndExits) {
  for (const auto& e : corpus()) {
    SCOPED_TRACE(e.scenario.string());
    const Outcome o = run_civicsim({"validate", e.scenario.string()});
    EXPECT_EQ(o.exit_code, e.exit_code) << o.output;
    EXPECT_TRUE(reports(o.output, e)) << "expected a line starting with '" << location(e) << "' holding \"" << e.message
                                      << "\"; stderr:\n"
                                      << o.output;
  }
}

TEST(BadScenarios, RunCommandFailsAlikeAndWritesNothing) {
  // Written to the interface `civicsim run SCENARIO -o OUT.h5`; skipped until the program has it.
  const Outcome help = run_civicsim({"--help"}, true);
  if (!std::regex_search(help.output, std::regex(R"((^|\n)\s+run\s)"))) {
    GTEST_SKIP() << "civicsim has no `run` subcommand yet";
  }
  for (const auto& e : corpus()) {
    SCOPED_TRACE(e.scenario.string());
    const fs::path folder =
        fs::temp_directory_path() / ("civicsim_bad_" + e.scenario.stem().string() + "_" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    const Outcome o = run_civicsim({"run", e.scenario.string(), "-o", (folder / "out.h5").string()});
    EXPECT_EQ(o.exit_code, e.exit_code) << o.output;
    EXPECT_TRUE(reports(o.output, e)) << o.output;
    EXPECT_TRUE(fs::is_empty(folder)) << "the failed run left files in " << folder;
    fs::remove_all(folder);
  }
}

}  // namespace
}  // namespace civicsim::io
