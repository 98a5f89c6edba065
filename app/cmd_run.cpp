// `civicsim run` on the command line (the run itself: app/run.cpp).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "app/run.hpp"
#include "io/exit_status.hpp"
#include "io/names.hpp"

namespace civicsim::cli {
namespace {

/// `--seed` takes what the scenario's `seed` takes. Bound straight to an unsigned integer, CLI11
/// would wrap -1 to 2^64 - 1 and saturate 2^64 and 1e23 to it: different seeds, identical runs.
std::string check_seed(std::string& text) {
  if (io::schema::parse_seed(text)) return "";
  return std::string("expected ") + io::schema::kSeedRange + " (decimal digits only), got '" + text + "'";
}

struct RunLine {
  RunOptions options;
  std::string resume_text;
  CLI::Option* output = nullptr;
  CLI::Option* seed = nullptr;
  CLI::Option* no_check = nullptr;
  CLI::Option* resume = nullptr;
};

void add_checkpoint_options(CLI::App* run, RunLine& line) {
  RunOptions& ro = line.options;
  run->add_option("--checkpoint-every", ro.checkpoint_every,
                  "write a checkpoint every DAYS simulated days (always: when stopped by SIGTERM/SIGINT/SIGUSR1)")
      ->check(CLI::Range(1, 20000));
  run->add_option("--checkpoint", ro.checkpoint, "checkpoint file (default: OUTPUT.ckpt, its log OUTPUT.ckpt.records)");
  line.resume = run->add_option("--resume", line.resume_text,
                                "continue from the checkpoint (refused if it is missing or does not match); "
                                "--resume auto: continue if a matching one exists, else start; "
                                "default under SLURM with SLURM_RESTART_COUNT > 0: auto")
                    ->expected(0, 1);
}

/// The options that the parser cannot check alone; the run's exit code.
int run_command(RunLine& line) {
  RunOptions& ro = line.options;
  ro.seed_given = line.seed->count() > 0;
  if (line.resume->count() > 0 && !parse_resume(line.resume_text, ro.resume)) {
    std::cerr << "civicsim run: --resume takes 'auto', 'never' or nothing, not '" << line.resume_text
              << "' (put the SCENARIO before --resume)\n";
    return io::kExitUsage;
  }
  ro.resource_check = line.no_check->count() == 0;
  if (line.output->count() > 0 && line.output->as<std::string>().empty()) {  // never fall back to the scenario's path
    std::cerr << "civicsim: -o/--output is empty; give a file name, or leave -o out to use output.path\n";
    return io::kExitUsage;
  }
  return run(ro);
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto line = std::make_shared<RunLine>();
  RunOptions& ro = line->options;
  auto* run = app.add_subcommand("run", "Run a scenario and write its HDF5 output file");
  run->add_option("SCENARIO", ro.scenario, "scenario YAML file (default: the built-in default scenario)");
  line->output = run->add_option("-o,--output", ro.output, "output HDF5 file (default: output.path of the scenario)");
  line->seed = run->add_option("--seed", ro.seed, "random seed (overrides the scenario's)")
                   ->check(CLI::Validator(check_seed, "SEED"));
  run->add_option("--days", ro.days, "days to simulate (overrides time.days)")->check(CLI::Range(1, 20000));
  run->add_option("--threads", ro.threads, "OpenMP threads (CPU backend; default: all cores)")
      ->check(CLI::Range(1, 4096));
  run->add_flag("--force", ro.force, "replace an existing output file");
  auto* quiet = run->add_flag("-q,--quiet", ro.quiet, "no progress or summary on stderr");
  run->add_flag("-v,--verbose", ro.verbose, "print the run's size and memory")->excludes(quiet);
  run->add_option("--timings", ro.timings, "write where the time went (phases, output, peak memory) as JSON");
  line->no_check = run->add_flag("--no-resource-check", "run even if `plan` says it would not fit");
  run->add_option("--sweep-run", ro.sweep_run, "run one run of the file's sweep (its id or index), as `sweep` does")
      ->excludes(line->seed);
  run->add_option("--design-file", ro.design_file, "the sweep's design file (with --sweep-run, as `sweep` passes it)")
      ->needs(run->get_option("--sweep-run"));
  run->add_option("--scenario-dir", ro.scenario_dir,
                  "folder the scenario's relative paths start from (default: the scenario file's folder)");
  add_checkpoint_options(run, *line);
  return {run, [line] { return run_command(*line); }};
}

}  // namespace civicsim::cli
