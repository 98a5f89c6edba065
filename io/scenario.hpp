// Scenario files: YAML text -> validated Params. The only place (with io/output) that includes
// yaml-cpp. Every problem is reported, each with file:line:col.
#pragma once

#include <string>
#include <vector>

#include "io/diagnostic.hpp"
#include "sim/params.hpp"

namespace civicsim::io {

/// Distinct exit codes (sysexits.h) used by the command-line program.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 64,        // EX_USAGE: bad command line
  kExitDataErr = 65,      // EX_DATAERR: invalid scenario
  kExitNoInput = 66,      // EX_NOINPUT: input file missing or unreadable
  kExitCantCreate = 73,   // EX_CANTCREAT: output cannot be created (or exists, without --force)
  kExitUnavailable = 69,  // EX_UNAVAILABLE: the compute backend cannot run (no usable GPU)
  kExitIoErr = 74,        // EX_IOERR: error while writing
  kExitTempFail = 75,     // EX_TEMPFAIL: the run would not fit (memory, disk); nothing was run
  kExitSoftware = 70,     // EX_SOFTWARE: the run failed inside (out of memory, a device error); no output
};

struct ScenarioResult {
  Params params;                  // valid only when ok()
  std::vector<Diagnostic> errors;  // every problem found, in file order
  int exit_code = kExitOk;        // kExitOk, kExitDataErr or kExitNoInput
  bool ok() const { return errors.empty(); }
};

/// Reads and validates a scenario file. Relative paths inside it resolve against its folder, or
/// against `base_dir` when given (a copy of a scenario kept elsewhere, as a sweep folder keeps).
ScenarioResult load_scenario_file(const std::string& path, const std::string& base_dir = "");
/// Validates scenario text; `display_name` is used in messages, `base_dir` for relative paths.
ScenarioResult load_scenario_text(const std::string& text, const std::string& display_name,
                                  const std::string& base_dir);

/// Applies `--days N` (N > 0) to validated parameters. Returns an error message (empty when fine)
/// when N leaves no analysis window after time.warmup_days.
std::string override_days(Params& params, int days);

/// The built-in default scenario (scenarios/default.yaml compiled into the binary).
const std::string& builtin_default_scenario();

/// Every parameter after defaults, as YAML (written to /scenario/resolved).
std::string resolved_yaml(const Params& params);

}  // namespace civicsim::io
