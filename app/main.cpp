// civicsim: the command-line program. Subcommands: run, plan, validate, summary, export, inspect, sweep, merge,
// compare.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <new>
#include <string>

#include "civicsim_version.hpp"
#include "io/background_writer.hpp"
#include "io/progress.hpp"
#include "app/resources.hpp"
#include "app/run.hpp"
#include "app/sweep.hpp"
#include "app/timings_report.hpp"
#include "io/output.hpp"
#include "io/scenario.hpp"
#include "io/sweep.hpp"
#include "io/names.hpp"
#include "kernels/parallel.hpp"
#include "sim/engine.hpp"
#include "sim/plan.hpp"
#include "sim/sample_check.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/csv_export.hpp"
#include "viz_export/data_error.hpp"
#include "viz_export/inspect.hpp"
#include "viz_export/summary_report.hpp"
#include "viz_export/window_figures.hpp"

namespace civicsim::cli {
namespace {

struct PlanOptions {
  std::string scenario;
  std::string output;
  int days = 0;
  int checkpoint_every = 0;  // as `run --checkpoint-every`: the disk then holds two checkpoints
  bool json = false;
};

/// `civicsim plan`: what the run needs and what this machine has; exit 75 when it would not fit.
int plan(const PlanOptions& o) {
  io::ScenarioResult loaded = load(o.scenario);
  if (!loaded.ok()) {
    print_diagnostics(loaded);
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
  if (o.json) print_plan_json(std::cout, params.name, params, output, need, have, check);
  else print_plan(std::cout, params.name, params, output, need, have, check);
  if (!check.fits) {
    std::cerr << refusal_message(check);
    return io::kExitTempFail;
  }
  return io::kExitOk;
}

/// An output file reader's message for `summary`: it reads, it does not export.
std::string reading_message(std::string message) {
  const std::string exporting = "cannot export ";
  if (message.compare(0, exporting.size(), exporting) == 0) message = "cannot read " + message.substr(exporting.size());
  return message;
}

/// OpenMP workers that spin while they wait take the core from the thread doing the work when the
/// machine is shared or busy (measured: a 1M-citizen run 50x slower on a loaded 2-core machine).
/// libgomp reads OMP_WAIT_POLICY when it loads, before main, so unless the user chose a policy the
/// program runs itself again once with OMP_WAIT_POLICY=passive.
void prefer_passive_waiting(char** argv) {
#if defined(CIVICSIM_BACKEND_OMP)
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  setenv("OMP_WAIT_POLICY", "passive", 1);
  execv("/proc/self/exe", argv);  // if this fails, carry on with the default policy
#else
  (void)argv;
#endif
}

/// `--seed` takes what the scenario's `seed` takes. Bound straight to an unsigned integer, CLI11
/// would wrap -1 to 2^64 - 1 and saturate 2^64 and 1e23 to it: different seeds, identical runs.
std::string check_seed(std::string& text) {
  if (io::schema::parse_seed(text)) return "";
  return std::string("expected ") + io::schema::kSeedRange + " (decimal digits only), got '" + text + "'";
}

}  // namespace
}  // namespace civicsim::cli

int main(int argc, char** argv) {
  using namespace civicsim;
  cli::prefer_passive_waiting(argv);
  CLI::App app{"civicsim: a simulator of public-service delivery (citizens, halls, hotline, AI assistants)"};
  app.set_version_flag("--version", std::string("civicsim ") + CIVICSIM_VERSION + " (" + backend_name() +
                                        ", git " + CIVICSIM_GIT_SHA + ")");
  app.require_subcommand(1);

  cli::RunOptions ro;
  auto* run = app.add_subcommand("run", "Run a scenario and write its HDF5 output file");
  run->add_option("SCENARIO", ro.scenario, "scenario YAML file (default: the built-in default scenario)");
  auto* run_output = run->add_option("-o,--output", ro.output, "output HDF5 file (default: output.path of the scenario)");
  auto* seed = run->add_option("--seed", ro.seed, "random seed (overrides the scenario's)")
                   ->check(CLI::Validator(cli::check_seed, "SEED"));
  run->add_option("--days", ro.days, "days to simulate (overrides time.days)")->check(CLI::Range(1, 20000));
  run->add_option("--threads", ro.threads, "OpenMP threads (CPU backend; default: all cores)")
      ->check(CLI::Range(1, 4096));
  run->add_flag("--force", ro.force, "replace an existing output file");
  auto* quiet = run->add_flag("-q,--quiet", ro.quiet, "no progress or summary on stderr");
  run->add_flag("-v,--verbose", ro.verbose, "print the run's size and memory")->excludes(quiet);
  run->add_option("--timings", ro.timings, "write where the time went (phases, output, peak memory) as JSON");
  auto* no_check = run->add_flag("--no-resource-check", "run even if `plan` says it would not fit");
  run->add_option("--sweep-run", ro.sweep_run, "run one run of the file's sweep (its id or index), as `sweep` does")
      ->excludes(seed);
  run->add_option("--scenario-dir", ro.scenario_dir,
                  "folder the scenario's relative paths start from (default: the scenario file's folder)");
  run->add_option("--checkpoint-every", ro.checkpoint_every,
                  "write a checkpoint every DAYS simulated days (always: when stopped by SIGTERM/SIGINT/SIGUSR1)")
      ->check(CLI::Range(1, 20000));
  run->add_option("--checkpoint", ro.checkpoint, "checkpoint file (default: OUTPUT.ckpt, its log OUTPUT.ckpt.records)");
  std::string resume_text;
  auto* resume = run->add_option("--resume", resume_text,
                                 "continue from the checkpoint (refused if it is missing or does not match); "
                                 "--resume auto: continue if a matching one exists, else start; "
                                 "default under SLURM with SLURM_RESTART_COUNT > 0: auto")
                     ->expected(0, 1);

  cli::SweepOptions so;
  auto* sweep = app.add_subcommand("sweep", "Run every run of a scenario's sweep (arms x grid x replicates) into DIR");
  sweep->add_option("SCENARIO", so.scenario, "scenario YAML file with a sweep section")->required();
  sweep->add_option("-o,--output", so.dir, "folder for the runs, the manifest and sweep.h5")->required();
  sweep->add_option("--jobs", so.jobs, "runs at a time in this process (default: cores / threads; 1 per MPI rank)")
      ->check(CLI::Range(1, 4096));
  sweep->add_option("--threads", so.threads, "OpenMP threads per run (default 1)")->check(CLI::Range(1, 4096));
  sweep->add_flag("--resume", so.resume,
                  "run only what is missing or failed in DIR (runs with a checkpoint continue from it)");
  sweep->add_option("--checkpoint-every", so.checkpoint_every, "each run writes a checkpoint every DAYS days")
      ->check(CLI::Range(1, 20000));
  sweep->add_flag("--dry-run", so.dry_run, "list the runs and the estimated time, memory and disk; run nothing");
  sweep->add_option("--shard", so.shard, "i/N: only runs whose index is i mod N (default: from SLURM_ARRAY_TASK_ID)");
  sweep->add_flag("-q,--quiet", so.quiet, "no progress on stderr");

  std::string merge_dir;
  bool merge_quiet = false;
  auto* merge = app.add_subcommand("merge", "Write DIR/manifest.csv and DIR/sweep.h5 once every shard of a sweep has run");
  merge->add_option("DIR", merge_dir, "the sweep folder (civicsim sweep -o DIR)")->required();
  merge->add_flag("-q,--quiet", merge_quiet, "no summary line on stderr");

  cli::PlanOptions po;
  auto* plan = app.add_subcommand("plan", "Print the memory, disk and agents a run needs; exit 75 if it would not fit");
  plan->add_option("SCENARIO", po.scenario, "scenario YAML file (default: the built-in default scenario)");
  auto* plan_output = plan->add_option("-o,--output", po.output, "output HDF5 file (default: output.path of the scenario)");
  plan->add_option("--days", po.days, "days to simulate (overrides time.days)")->check(CLI::Range(1, 20000));
  plan->add_option("--checkpoint-every", po.checkpoint_every,
                   "plan for a run that writes a checkpoint every DAYS days (counts two checkpoints on disk)")
      ->check(CLI::Range(1, 20000));
  plan->add_flag("--json", po.json, "print JSON instead of a table");

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "Check a scenario file without running it");
  validate->add_option("SCENARIO", validate_path, "scenario YAML file")->required();

  std::string export_file, export_dir;
  auto* exporter = app.add_subcommand("export", "Write an output file's tables as tidy CSV files");
  exporter->add_option("FILE", export_file, "civicsim output file (.h5)")->required();
  exporter->add_option("--csv", export_dir, "folder for the CSV files")->required();

  std::string summary_file;
  bool summary_json = false;
  auto* summary = app.add_subcommand("summary", "Print the headline figures (/summary) of an output file");
  summary->add_option("FILE", summary_file, "civicsim output file (.h5)")->required();
  summary->add_flag("--json", summary_json, "print JSON instead of a table");
  std::string summary_days;
  auto* summary_days_option = summary->add_option(
      "--days", summary_days, "recompute the figures it can over days A..B (A:B, A:, :B) from /series and /daily");

  std::string inspect_file;
  bool inspect_json = false;
  auto* inspect = app.add_subcommand(
      "inspect", "Say whether an output or checkpoint file is complete and usable, and where it came from");
  inspect->add_option("FILE", inspect_file, "output file (.h5, or a .NAME.partial-PID-RANDOM left by a killed run) or checkpoint (.ckpt)")
      ->required();
  inspect->add_flag("--json", inspect_json, "print JSON instead of a table");

  viz::CompareOptions compare_options;
  auto* compare = app.add_subcommand("compare", "Compare a sweep's arms with its baseline: compare.csv, compare.h5, report.html");
  compare->add_option("DIR", compare_options.sweep_dir, "folder written by `civicsim sweep -o DIR`")->required();
  compare->add_option("--baseline", compare_options.baseline, "arm to compare with (default: the sweep's baseline)");
  compare->add_option("-o,--output", compare_options.out_dir, "folder for the outputs (default: DIR)");
  auto* compare_days_option = compare->add_option(
      "--days", compare_options.days, "recompute waits, abandonment, resolution, unmet needs and adoption over days A..B");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : io::kExitUsage;
  }
  ro.seed_given = seed->count() > 0;
  if (resume->count() > 0 && !cli::parse_resume(resume_text, ro.resume)) {
    std::cerr << "civicsim run: --resume takes 'auto', 'never' or nothing, not '" << resume_text
              << "' (put the SCENARIO before --resume)\n";
    return io::kExitUsage;
  }
  ro.resource_check = no_check->count() == 0;
  for (auto* given : {run_output, plan_output}) {
    if (given->count() > 0 && given->as<std::string>().empty()) {  // never fall back to the scenario's path
      std::cerr << "civicsim: -o/--output is empty; give a file name, or leave -o out to use output.path\n";
      return io::kExitUsage;
    }
  }

  // Loading, running, exporting: an allocation that fails anywhere is out of memory, never a
  // problem of the input.
  const auto dispatch = [&]() -> int {
    if (*run) return cli::run(ro);
    if (*sweep) return cli::sweep(so);
    if (*merge) return cli::merge(merge_dir, merge_quiet);
    if (*plan) return cli::plan(po);
    if (*validate) {
      const io::SweepResult result = io::load_sweep_file(validate_path, /*check_runs=*/true);
      io::ScenarioResult diagnostics;
      diagnostics.errors = result.errors;
      diagnostics.exit_code = result.exit_code;
      cli::print_diagnostics(diagnostics);
      if (result.ok()) {
        const io::Sweep& sw = result.sweep;
        std::cerr << validate_path << ": valid";
        if (sw.declared) {
          std::cerr << " (a sweep of " << sw.runs.size() << " runs: " << sw.arms.size() << " arms x " << sw.points.size()
                    << " grid points x " << sw.replicates << " replicates, each checked)";
        }
        std::cerr << "\n";
        const io::ScenarioResult base = io::load_scenario_file(validate_path);
        if (base.ok())
          for (const std::string& w : sample_warnings(base.params)) std::cerr << "warning: " << w << "\n";
      }
      return result.exit_code;
    }
    if (*exporter) {
      try {
        viz::export_csv(export_file, export_dir);
      } catch (const std::bad_alloc&) {
        throw;  // out of memory, not a bad file
      } catch (const viz::DataError& e) {
        std::cerr << "civicsim export: " << e.what() << "\n";
        return viz::DataError::kExitCode;
      } catch (const io::OutputError& e) {  // a CSV file could not be created or written
        std::cerr << "civicsim export: " << e.what() << "\n";
        return e.exit_code;
      } catch (const std::exception& e) {
        std::cerr << "civicsim export: " << e.what() << "\n";
        return io::kExitNoInput;
      }
      return 0;
    }
    if (*compare) {
      compare_options.days_given = compare_days_option->count() > 0;
      return viz::compare_command(compare_options, std::cerr);
    }
    if (*inspect) return viz::inspect_command(inspect_file, inspect_json, std::cout, std::cerr);
    if (*summary) {
      try {
        if (summary_days_option->count() > 0) {
          const viz::DayRange days = viz::parse_day_range(summary_days);
          viz::print_summary(summary_file, summary_json, std::cout, &days);
        } else {
          viz::print_summary(summary_file, summary_json, std::cout);
        }
      } catch (const viz::WindowError& e) {
        std::cerr << "civicsim summary: " << e.what() << "\n";
        return e.exit_code;
      } catch (const viz::DataError& e) {
        std::cerr << "civicsim summary: " << e.what() << "\n";
        return viz::DataError::kExitCode;
      } catch (const std::bad_alloc&) {
        throw;  // out of memory, not a bad file
      } catch (const std::exception& e) {
        std::cerr << "civicsim summary: " << cli::reading_message(e.what()) << "\n";
        return io::kExitNoInput;
      }
      return 0;
    }
    return io::kExitUsage;
  };
  try {
    return dispatch();
  } catch (const std::bad_alloc&) {
    return cli::out_of_memory("in civicsim " + app.get_subcommands().front()->get_name());
  }
}
