#include "app/run_options.hpp"

#include <utility>

#include "io/sweep.hpp"

namespace civicsim::cli {

bool parse_resume(const std::string& text, ResumeMode& mode) {
  if (text.empty() || text == "always")
    mode = ResumeMode::Always;
  else if (text == "auto")
    mode = ResumeMode::Auto;
  else if (text == "never")
    mode = ResumeMode::Never;
  else
    return false;
  return true;
}

io::ScenarioResult load(const std::string& scenario, const std::string& base_dir) {
  if (scenario.empty()) return io::load_scenario_text(io::builtin_default_scenario(), "<builtin:default.yaml>", ".");
  io::ScenarioResult result = io::load_scenario_file(scenario, base_dir);
  if (!result.ok()) return result;
  io::SweepResult sweep = io::load_sweep_file(scenario, /*check_runs=*/true, base_dir);
  if (!sweep.ok()) {
    result.errors = std::move(sweep.errors);
    result.exit_code = sweep.exit_code;
  }
  return result;
}

}  // namespace civicsim::cli
