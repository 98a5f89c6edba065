// civicsim: the command-line program. Subcommands: run, plan, validate, summary, export, sweep, merge, compare.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "civicsim_version.hpp"
#include "io/cli/background_writer.hpp"
#include "io/cli/progress.hpp"
#include "io/cli/resources.hpp"
#include "io/cli/sweep.hpp"
#include "io/cli/timings_report.hpp"
#include "io/output.hpp"
#include "io/scenario.hpp"
#include "io/sweep.hpp"
#include "kernels/parallel.hpp"
#include "sim/engine.hpp"
#include "sim/plan.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/csv_export.hpp"
#include "viz_export/summary_report.hpp"

namespace civicsim::cli {
namespace {

struct RunOptions {
  std::string scenario;
  std::string output;
  std::uint64_t seed = 0;
  bool seed_given = false;
  int days = 0;
  int threads = 0;
  bool force = false;
  bool quiet = false;
  bool verbose = false;
  std::string timings;  // --timings FILE.json
  bool resource_check = true;
  std::string sweep_run;  // --sweep-run ID: one run of the file's sweep
};

struct PlanOptions {
  std::string scenario;
  std::string output;
  int days = 0;
  bool json = false;
};

std::string utc_now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

#if defined(CIVICSIM_BACKEND_CUDA)
constexpr bool kCudaBuild = true;  // the world lives in device memory
#else
constexpr bool kCudaBuild = false;
#endif

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_diagnostics(const io::ScenarioResult& result) {
  for (const auto& d : result.errors) std::cerr << d.str() << "\n";
  if (!result.errors.empty() && result.exit_code == io::kExitDataErr)
    std::cerr << result.errors.size() << " problem" << (result.errors.size() == 1 ? "" : "s")
              << " in the scenario; nothing was run.\n";
}

/// The scenario as written (its sweep section, when it has one, checked too but not applied).
io::ScenarioResult load(const std::string& scenario) {
  if (scenario.empty())
    return io::load_scenario_text(io::builtin_default_scenario(), "<builtin:default.yaml>", ".");
  io::ScenarioResult result = io::load_scenario_file(scenario);
  if (!result.ok()) return result;
  io::SweepResult sweep = io::load_sweep_file(scenario, /*check_runs=*/true);
  if (!sweep.ok()) {
    result.errors = std::move(sweep.errors);
    result.exit_code = sweep.exit_code;
  }
  return result;
}

/// One run of a sweep (`run FILE --sweep-run ID`): the file with the run's arm, grid point and seed.
io::ScenarioResult load_sweep_member(const RunOptions& o, io::SweepRun& member, RunInfo& info) {
  if (o.scenario.empty()) {
    io::ScenarioResult r;
    r.errors.push_back({"<command line>", 0, 0, "--sweep-run needs a SCENARIO file with a sweep section"});
    r.exit_code = io::kExitUsage;
    return r;
  }
  const io::SweepResult sweep = io::load_sweep_file(o.scenario, /*check_runs=*/false);
  io::ScenarioResult r;
  if (!sweep.ok()) {
    r.errors = sweep.errors;
    r.exit_code = sweep.exit_code;
    return r;
  }
  const int index = sweep.sweep.declared ? sweep.sweep.find_run(o.sweep_run) : -1;
  if (index < 0) {
    std::string hint = sweep.sweep.declared ? "; its runs are " + sweep.sweep.runs.front().id + " ... " +
                                                  sweep.sweep.runs.back().id + " (`civicsim sweep --dry-run` lists them)"
                                            : ": the file has no sweep section";
    r.errors.push_back({o.scenario, 0, 0, "--sweep-run: no run '" + o.sweep_run + "' in this sweep" + hint});
    r.exit_code = io::kExitUsage;
    return r;
  }
  member = sweep.sweep.runs[static_cast<std::size_t>(index)];
  info.sweep_run = member.id;
  info.sweep_arm = sweep.sweep.arms[static_cast<std::size_t>(member.arm)];
  info.sweep_parameters = sweep.sweep.points[static_cast<std::size_t>(member.point)];
  info.sweep_replicate = member.replicate;
  return io::load_sweep_run(sweep.sweep, index);
}

int run(const RunOptions& o) {
  const auto wall_start = std::chrono::steady_clock::now();
  io::SweepRun member;
  RunInfo info;
  io::ScenarioResult loaded = o.sweep_run.empty() ? load(o.scenario) : load_sweep_member(o, member, info);
  if (!loaded.ok()) {
    print_diagnostics(loaded);
    return loaded.exit_code;
  }
  Params params = loaded.params;
  if (o.seed_given) params.seed = o.seed;
  if (o.days > 0) params.days = o.days;
  std::string output = o.output.empty() ? params.output_path : o.output;
  if (o.output.empty() && !member.id.empty()) {
    output = (std::filesystem::path(params.output_path).parent_path() / (member.id + ".h5")).string();
  }
  set_backend_threads(o.threads);
  if (const std::string problem = backend_problem(); !problem.empty()) {
    std::cerr << "civicsim: " << problem << " (this binary is the " << backend_name() << " build)\n";
    return io::kExitUnavailable;
  }
  if (o.resource_check) {  // before anything is allocated
    const FitCheck check = check_fit(estimate_resources(params, kCudaBuild),
                                     probe_availability(output));
    if (!check.fits) {
      std::cerr << refusal_message(check);
      return io::kExitTempFail;
    }
  }

  RunTimings timings;
  timings.scenario = params.name;
  timings.days = params.days;
  timings.districts = static_cast<int>(params.districts.size());
  std::unique_ptr<Engine> engine;
  try {
    const auto setup_start = std::chrono::steady_clock::now();
    engine = std::make_unique<Engine>(params);
    timings.setup_s = seconds_since(setup_start);
  } catch (const std::exception& e) {
    std::cerr << (o.scenario.empty() ? "<builtin:default.yaml>" : o.scenario) << ": " << e.what() << "\n";
    return io::kExitDataErr;
  }
  const World& world = engine->world();
  if (o.verbose) {
    std::cerr << "civicsim " << CIVICSIM_VERSION << " (" << backend_name() << ", " << backend_threads()
              << " threads, " << backend_device() << ")\n"
              << "  scenario   " << params.name << " (seed " << params.seed << ", " << params.days << " days)\n"
              << "  districts  " << world.district_count() << ", halls " << world.queues.halls
              << ", queues " << world.queues.n << ", service agents " << world.servers.size() << "\n"
              << "  citizens   " << world.citizens.size() << " agents, " << World::citizen_bytes()
              << " bytes of state per citizen (" << (world.citizens.size() * World::citizen_bytes()) / 1048576.0
              << " MiB)\n"
              << "  output     " << output << "\n";
  }

  info.civicsim_version = CIVICSIM_VERSION;
  info.schema_version = params.schema_version;
  info.scenario_name = params.name;
  info.seed = params.seed;
  info.backend = backend_name();
  info.threads = backend_threads();
  info.device = backend_device();
  info.git_sha = CIVICSIM_GIT_SHA;
  info.started_utc = utc_now();
  info.scenario_yaml = params.yaml_text;
  info.scenario_resolved = io::resolved_yaml(params);

  try {
    io::OutputLayout layout;
    for (const auto& d : params.districts) layout.districts.push_back(d.name);
    layout.days = params.days;
    layout.intervals = engine->intervals();
    layout.report_seconds = params.report_minutes * 60;
    auto output_start = std::chrono::steady_clock::now();
    io::OutputFile file(output, o.force, layout, info);
    timings.output_s += seconds_since(output_start);
    Progress progress(params.days, !o.quiet);
    BackgroundWriter writer(file, progress, timings.output_s);
    engine->run(writer);
    writer.close();
    output_start = std::chrono::steady_clock::now();
    file.write_summary(engine->summary(params.days));
    file.finish(engine->intervention_records(params.days), seconds_since(wall_start));
    timings.output_s += seconds_since(output_start);
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    return e.exit_code;
  } catch (const std::bad_alloc&) {
    std::cerr << "civicsim: out of memory during the run; nothing was written (`civicsim plan` estimates "
                 "what a scenario needs)\n";
    return io::kExitSoftware;
  } catch (const std::exception& e) {
    std::cerr << "civicsim: the run failed: " << e.what() << "; nothing was written\n";
    return io::kExitSoftware;
  }
  const double wall = seconds_since(wall_start);
  if (!o.timings.empty()) {
    timings.wall_s = wall;
    timings.citizens = world.citizens.size();
    timings.requests = engine->totals().requests;
    timings.engine = engine->timings();
    if (const std::string problem = write_timings_json(o.timings, timings); !problem.empty()) {
      std::cerr << "civicsim: --timings: " << problem << "\n";
      return io::kExitIoErr;
    }
  }

  if (!o.quiet) {
    const RunTotals& t = engine->totals();
    std::fprintf(stderr, "done: %llu requests, %lld unmet; mean wait",
                 static_cast<unsigned long long>(t.requests), static_cast<long long>(t.unmet));
    for (int c = 0; c < kChannels; ++c) {
      if (c == kOnline) continue;
      const std::int64_t served = RunTotals::channel_total(t.served, c);
      const double mean = served > 0 ? static_cast<double>(RunTotals::channel_total(t.wait_seconds, c)) / served / 60.0 : 0.0;
      std::fprintf(stderr, " %s %.1f min,", kChannelNames[c], mean);
    }
    std::fprintf(stderr, " wall %.1f s; wrote %s\n", wall, output.c_str());
    if (o.verbose) std::fprintf(stderr, "  peak resident memory %.1f MiB\n", peak_rss_bytes() / 1048576.0);
  }
  return io::kExitOk;
}

/// `civicsim plan`: what the run needs and what this machine has; exit 75 when it would not fit.
int plan(const PlanOptions& o) {
  io::ScenarioResult loaded = load(o.scenario);
  if (!loaded.ok()) {
    print_diagnostics(loaded);
    return loaded.exit_code;
  }
  Params params = loaded.params;
  if (o.days > 0) params.days = o.days;
  const std::string output = o.output.empty() ? params.output_path : o.output;
  const ResourceEstimate need = estimate_resources(params, kCudaBuild);
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
  run->add_option("-o,--output", ro.output, "output HDF5 file (default: output.path of the scenario)");
  auto* seed = run->add_option("--seed", ro.seed, "random seed (overrides the scenario's)");
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

  cli::SweepOptions so;
  auto* sweep = app.add_subcommand("sweep", "Run every run of a scenario's sweep (arms x grid x replicates) into DIR");
  sweep->add_option("SCENARIO", so.scenario, "scenario YAML file with a sweep section")->required();
  sweep->add_option("-o,--output", so.dir, "folder for the runs, the manifest and sweep.h5")->required();
  sweep->add_option("--jobs", so.jobs, "runs at a time in this process (default: cores / threads; 1 per MPI rank)")
      ->check(CLI::Range(1, 4096));
  sweep->add_option("--threads", so.threads, "OpenMP threads per run (default 1)")->check(CLI::Range(1, 4096));
  sweep->add_flag("--resume", so.resume, "run only what is missing or failed in DIR");
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
  plan->add_option("-o,--output", po.output, "output HDF5 file (default: output.path of the scenario)");
  plan->add_option("--days", po.days, "days to simulate (overrides time.days)")->check(CLI::Range(1, 20000));
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

  viz::CompareOptions compare_options;
  auto* compare = app.add_subcommand("compare", "Compare a sweep's arms with its baseline: compare.csv, compare.h5, report.html");
  compare->add_option("DIR", compare_options.sweep_dir, "folder written by `civicsim sweep -o DIR`")->required();
  compare->add_option("--baseline", compare_options.baseline, "arm to compare with (default: the sweep's baseline)");
  compare->add_option("-o,--output", compare_options.out_dir, "folder for the outputs (default: DIR)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : io::kExitUsage;
  }
  ro.seed_given = seed->count() > 0;
  ro.resource_check = no_check->count() == 0;

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
    }
    return result.exit_code;
  }
  if (*exporter) {
    try {
      viz::export_csv(export_file, export_dir);
    } catch (const std::exception& e) {
      std::cerr << "civicsim export: " << e.what() << "\n";
      return io::kExitNoInput;
    }
    return 0;
  }
  if (*compare) return viz::compare_command(compare_options, std::cerr);
  if (*summary) {
    try {
      viz::print_summary(summary_file, summary_json, std::cout);
    } catch (const std::exception& e) {
      std::cerr << "civicsim summary: " << e.what() << "\n";
      return io::kExitNoInput;
    }
    return 0;
  }
  return io::kExitUsage;
}
