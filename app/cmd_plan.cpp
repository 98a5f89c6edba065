// `civicsim plan`: what the run needs and what this machine has; exit 75 when it would not fit.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "app/messages.hpp"
#include "app/resources.hpp"
#include "app/run.hpp"
#include "io/exit_status.hpp"
#include "io/scenario.hpp"
#include "sim/plan.hpp"

namespace civicsim::cli {
namespace {

struct PlanOptions {
  std::string scenario;
  std::string output;
  int days = 0;
  int checkpoint_every = 0;  // as `run --checkpoint-every`: the disk then holds two checkpoints
  bool json = false;
};

int plan(const PlanOptions& o) {
  io::ScenarioResult loaded = load(o.scenario);
  if (!loaded.ok()) {
    print_diagnostics(loaded.errors, loaded.exit_code, "scenario");
    return loaded.exit_code;
  }
  Params params = loaded.params;
  if (const std::string bad = io::override_days(params, o.days); !bad.empty()) {
    std::cerr << "civicsim: " << bad << "\n";
    return io::kExitUsage;
  }
  const std::string output = o.output.empty() ? params.output_path : o.output;
  const ResourceEstimate need = estimate_resources(params, kCudaBuild, o.checkpoint_every > 0);
  const Availability have = probe_availability(output);
  const FitCheck check = check_fit(need, have);
  if (o.json)
    print_plan_json(std::cout, params.name, params, output, need, have, check);
  else
    print_plan(std::cout, params.name, params, output, need, have, check);
  if (!check.fits) {
    std::cerr << refusal_message(check);
    return io::kExitTempFail;
  }
  return io::kExitOk;
}

}  // namespace

Command add_plan_command(CLI::App& app) {
  auto po = std::make_shared<PlanOptions>();
  auto* plan_command =
      app.add_subcommand("plan", "Print the memory, disk and agents a run needs; exit 75 if it would not fit");
  plan_command->add_option("SCENARIO", po->scenario, "scenario YAML file (default: the built-in default scenario)");
  auto* output =
      plan_command->add_option("-o,--output", po->output, "output HDF5 file (default: output.path of the scenario)");
  plan_command->add_option("--days", po->days, "days to simulate (overrides time.days)")->check(CLI::Range(1, 20000));
  plan_command
      ->add_option("--checkpoint-every", po->checkpoint_every,
                   "plan for a run that writes a checkpoint every DAYS days (counts two checkpoints on disk)")
      ->check(CLI::Range(1, 20000));
  plan_command->add_flag("--json", po->json, "print JSON instead of a table");
  return {plan_command, [po, output] {
            if (output->count() > 0 && output->as<std::string>().empty()) {  // never fall back to the scenario's path
              std::cerr << "civicsim: -o/--output is empty; give a file name, or leave -o out to use output.path\n";
              return static_cast<int>(io::kExitUsage);
            }
            return plan(*po);
          }};
}

}  // namespace civicsim::cli
