// Scenario files: YAML text -> validated Params. The only place (with io/output) that includes
// yaml-cpp. Every problem is reported, each with file:line:col.
#pragma once

#include <string>
#include <vector>

#include "io/diagnostic.hpp"
#include "io/exit_status.hpp"
#include "sim/params.hpp"

namespace civicsim::io {

struct ScenarioResult {
  Params params;                   // valid only when ok()
  std::vector<Diagnostic> errors;  // every problem found, in file order
  int exit_code = kExitOk;         // kExitOk, kExitDataErr or kExitNoInput
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
