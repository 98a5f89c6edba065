// Runs the civicsim program as a real process, for end-to-end tests, and a fixture that gives each
// test a fresh temporary folder.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

namespace civicsim::test {

struct ProgramResult {
  int exit_code = -1;
  std::string output;  // what the program wrote to stdout, and to stderr too unless stdout_only
};

/// Runs `CIVICSIM_BINARY args` through the shell, in `cwd` when given; `env` may hold VAR=value
/// settings. stderr is dropped when `stdout_only`, else merged into `output`.
inline ProgramResult run_program(const std::string& args, const std::string& env = "", bool stdout_only = false,
                                 const std::string& cwd = "") {
  const std::string command = (cwd.empty() ? "" : "cd '" + cwd + "' && ") + (env.empty() ? "" : "env " + env + " ") +
                              std::string(CIVICSIM_BINARY) + " " + args + (stdout_only ? " 2>/dev/null" : " 2>&1");
  ProgramResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// Runs `script` with bash: for tests that start runs in the background and signal them. `output`
/// holds its stdout and stderr; the script must not contain single quotes.
inline ProgramResult run_shell(const std::string& script) {
  ProgramResult r;
  FILE* pipe = popen(("bash -c '" + script + "' 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.output.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// A whole file's bytes ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The number after `"key":` in flat JSON text; NaN when the key is missing or not a number.
inline double json_field(const std::string& json, const std::string& key) {
  const std::string quoted = "\"" + key + "\":";
  const auto at = json.find(quoted);
  if (at == std::string::npos) return std::numeric_limits<double>::quiet_NaN();
  const char* begin = json.c_str() + at + quoted.size();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  return end == begin ? std::numeric_limits<double>::quiet_NaN() : v;
}

/// A test with its own empty temporary folder, removed afterwards.
class ProgramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("civicsim-" + std::string(info->test_suite_name()) + "-" + std::to_string(getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string small() { return std::string(CIVICSIM_TEST_DATA) + "/small.yaml"; }
  std::filesystem::path dir_;
};

}  // namespace civicsim::test
