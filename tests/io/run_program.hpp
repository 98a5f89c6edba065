// Runs the civicsim program as a real process, for end-to-end tests.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace civicsim::test {

struct ProgramResult {
  int exit_code = -1;
  std::string out;  // what the program wrote to stdout, and to stderr too unless split
};

/// Runs `CIVICSIM_BINARY args` through the shell (`env` may prefix VAR=value settings); stderr is
/// dropped when `stdout_only`, else merged into `out`.
inline ProgramResult run_program(const std::string& args, const std::string& env = "",
                                 bool stdout_only = false) {
  const std::string command = (env.empty() ? "" : "env " + env + " ") + std::string(CIVICSIM_BINARY) + " " +
                              args + (stdout_only ? " 2>/dev/null" : " 2>&1");
  ProgramResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
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

}  // namespace civicsim::test
