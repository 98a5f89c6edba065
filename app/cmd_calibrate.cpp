// `civicsim calibrate` on the command line (the calibration itself: app/calibrate.cpp).
#include <CLI/CLI.hpp>

#include <memory>

#include "app/calibrate.hpp"
#include "app/commands.hpp"

namespace civicsim::cli {

Command add_calibrate_command(CLI::App& app) {
  auto co = std::make_shared<CalibrateOptions>();
  auto* calibrate = app.add_subcommand(
      "calibrate",
      "History matching: waves of sweeps that narrow the sweep's parameters to those consistent with "
      "the scenario's calibrate targets");
  calibrate->add_option("SCENARIO", co->scenario, "scenario YAML file with sweep.parameters and a calibrate section")
      ->required();
  calibrate->add_option("-o,--output", co->dir, "folder for the waves, their design files and the results")->required();
  calibrate->add_option("--waves", co->waves, "waves in all (default: calibrate.waves)")->check(CLI::Range(1, 20));
  calibrate->add_option("--jobs", co->jobs, "runs at a time (default: cores / threads)")->check(CLI::Range(1, 4096));
  calibrate->add_option("--threads", co->threads, "OpenMP threads per run (default 1)")->check(CLI::Range(1, 4096));
  calibrate->add_flag("--analyse", co->analyse,
                      "run nothing: analyse the waves that have finished and write the next wave's design file");
  calibrate->add_flag("-q,--quiet", co->quiet, "no progress on stderr");
  return {calibrate, [co] { return cli::calibrate(*co); }};
}

}  // namespace civicsim::cli
