// `civicsim sensitivity`: global sensitivity indices of a sweep with a sampling design
// (sensitivity.csv, sensitivity.h5, sensitivity.html).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "app/commands.hpp"
#include "viz_export/sensitivity.hpp"

namespace civicsim::cli {

Command add_sensitivity_command(CLI::App& app) {
  auto options = std::make_shared<viz::SensitivityOptions>();
  auto* command = app.add_subcommand(
      "sensitivity",
      "Global sensitivity indices of a sweep's design: sensitivity.csv, sensitivity.h5, sensitivity.html");
  command->add_option("DIR", options->sweep_dir, "folder written by `civicsim sweep -o DIR` (its sweep has a design)")
      ->required();
  command
      ->add_option("--figures", options->figures,
                   "figures to analyse, as in /table/figure: wait_mean_minutes/rural_elderly,... (default: all)")
      ->delimiter(',');
  command->add_option("--arm", options->arm, "arm whose runs to analyse, or 'all' (default: the sweep's baseline)");
  command->add_option("-o,--output", options->out_dir, "folder for the outputs (default: DIR)");
  command->add_option("--resamples", options->resamples, "bootstrap resamples of the 95% intervals (default 1000)");
  command->add_option("--seed", options->seed, "seed of the bootstrap draws (default 0)");
  return {command, [options] { return viz::sensitivity_command(*options, std::cerr); }};
}

}  // namespace civicsim::cli
