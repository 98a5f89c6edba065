// `civicsim sweep` and `civicsim merge` on the command line (the sweep itself: app/sweep.cpp).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "app/commands.hpp"
#include "app/sweep.hpp"
#include "app/sweep_assemble.hpp"

namespace civicsim::cli {

Command add_sweep_command(CLI::App& app) {
  auto so = std::make_shared<SweepOptions>();
  auto* sweep = app.add_subcommand("sweep", "Run every run of a scenario's sweep (arms x grid x replicates) into DIR");
  sweep->add_option("SCENARIO", so->scenario, "scenario YAML file with a sweep section")->required();
  sweep->add_option("-o,--output", so->dir, "folder for the runs, the manifest and sweep.h5")->required();
  sweep->add_option("--jobs", so->jobs, "runs at a time in this process (default: cores / threads; 1 per MPI rank)")
      ->check(CLI::Range(1, 4096));
  sweep->add_option("--threads", so->threads, "OpenMP threads per run (default 1)")->check(CLI::Range(1, 4096));
  sweep->add_flag("--resume", so->resume,
                  "run only what is missing or failed in DIR (runs with a checkpoint continue from it)");
  sweep->add_option("--checkpoint-every", so->checkpoint_every, "each run writes a checkpoint every DAYS days")
      ->check(CLI::Range(1, 20000));
  sweep->add_flag("--dry-run", so->dry_run, "list the runs and the estimated time, memory and disk; run nothing");
  sweep->add_option("--shard", so->shard, "i/N: only runs whose index is i mod N (default: from SLURM_ARRAY_TASK_ID)");
  sweep->add_option("--design-file", so->design_file,
                    "the design's points: one row per point, one column per parameter (SALib, EMA Workbench)");
  auto* precision = sweep->add_option(
      "--precision", so->precision,
      "FIGURE=HALFWIDTH: run replicates in batches until every arm's paired difference in FIGURE has a "
      "95% interval at most that wide each side (cap: the sweep's replicates)");
  sweep
      ->add_option("--batch", so->batch, "replicates per batch with --precision, the first batch the pilot (default 5)")
      ->check(CLI::Range(2, 10000))
      ->needs(precision);
  sweep->add_flag("-q,--quiet", so->quiet, "no progress on stderr");
  return {sweep, [so] { return cli::sweep(*so); }};
}

Command add_merge_command(CLI::App& app) {
  struct MergeLine {
    std::string dir;
    bool quiet = false;
  };
  auto line = std::make_shared<MergeLine>();
  auto* merge =
      app.add_subcommand("merge", "Write DIR/manifest.csv and DIR/sweep.h5 once every shard of a sweep has run");
  merge->add_option("DIR", line->dir, "the sweep folder (civicsim sweep -o DIR)")->required();
  merge->add_flag("-q,--quiet", line->quiet, "no summary line on stderr");
  return {merge, [line] { return cli::merge(line->dir, line->quiet); }};
}

}  // namespace civicsim::cli
