// `civicsim validate`: a scenario file (and every run of its sweep) checked, nothing run.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "app/messages.hpp"
#include "io/scenario.hpp"
#include "io/sweep.hpp"
#include "sim/sample_check.hpp"

namespace civicsim::cli {
namespace {

int validate(const std::string& path) {
  const io::SweepResult result = io::load_sweep_file(path, /*check_runs=*/true);
  print_diagnostics(result.errors, result.exit_code, "scenario");
  if (result.ok()) {
    const io::Sweep& sw = result.sweep;
    std::cerr << path << ": valid";
    if (sw.declared) {
      std::cerr << " (a sweep of " << sw.runs.size() << " runs: " << sw.arms.size() << " arms x " << sw.points.size()
                << " grid points x " << sw.replicates << " replicates, each checked)";
    }
    std::cerr << "\n";
    const io::ScenarioResult base = io::load_scenario_file(path);
    if (base.ok())
      for (const std::string& w : sample_warnings(base.params)) std::cerr << "warning: " << w << "\n";
  }
  return result.exit_code;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* validate_command = app.add_subcommand("validate", "Check a scenario file without running it");
  validate_command->add_option("SCENARIO", *path, "scenario YAML file")->required();
  return {validate_command, [path] { return validate(*path); }};
}

}  // namespace civicsim::cli
