// `civicsim run`. The run advances step by step (a daily pass, a window, a day's end); between two
// steps it can write a checkpoint: every --checkpoint-every days, and when a stop signal came
// (app/stop_signals.hpp: the step in progress finishes, the checkpoint is written, exit 75).
#include "app/run.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "civicsim_version.hpp"
#include "io/checkpoint.hpp"
#include "io/background_writer.hpp"
#include "io/progress.hpp"
#include "app/resources.hpp"
#include "app/run_files.hpp"
#include "app/stop_signals.hpp"
#include "app/timings_report.hpp"
#include "io/output.hpp"
#include "io/run_lock.hpp"
#include "io/sweep.hpp"
#include "kernels/parallel.hpp"
#include "sim/engine.hpp"
#include "sim/sample_check.hpp"

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;

// ---- helpers ------------------------------------------------------------------------------------

std::string utc_now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string clock_text(const io::CheckpointHeader& h) {
  if (!h.in_day) return "the start of day " + std::to_string(h.day);
  const long long s = h.time_seconds % 86400;
  char buf[64];
  std::snprintf(buf, sizeof buf, "day %d %02lld:%02lld", h.day, s / 3600, (s % 3600) / 60);
  if (s == 0 && h.time_seconds > 0 && h.time_seconds / 86400 > h.day) {
    std::snprintf(buf, sizeof buf, "the end of day %d", h.day);
  }
  return buf;
}

/// One run of a sweep (`run FILE --sweep-run ID`): the file with the run's arm, grid point and seed.
io::ScenarioResult load_sweep_member(const RunOptions& o, io::SweepRun& member, RunInfo& info) {
  if (o.scenario.empty()) {
    io::ScenarioResult r;
    r.errors.push_back({"<command line>", 0, 0, "--sweep-run needs a SCENARIO file with a sweep section"});
    r.exit_code = io::kExitUsage;
    return r;
  }
  const io::SweepResult sweep = io::load_sweep_file(o.scenario, /*check_runs=*/false, o.scenario_dir);
  io::ScenarioResult r;
  if (!sweep.ok()) {
    r.errors = sweep.errors;
    r.exit_code = sweep.exit_code;
    return r;
  }
  const int index = sweep.sweep.declared ? sweep.sweep.find_run(o.sweep_run) : -1;
  if (index < 0 || sweep.sweep.runs.empty()) {
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

/// Hands replayed records straight to the output file (before the background writer starts).
struct FileObserver : EngineObserver {
  io::OutputFile& file;
  explicit FileObserver(io::OutputFile& f) : file(f) {}
  void on_interval(int t, const IntervalRecord& r) override { file.write_interval(t, r); }
  void on_day(int d, const DayRecord& r) override { file.write_day(d, r); }
};

/// The checkpoint to resume from, if any: nullopt to start from day 0. Sets `exit_code` (non-zero)
/// when the run must not go on.
std::optional<io::CheckpointHeader> find_checkpoint(const std::string& path, ResumeMode mode,
                                                    const io::CheckpointHeader& current, bool quiet,
                                                    int& exit_code) {
  exit_code = 0;
  if (mode == ResumeMode::Never || mode == ResumeMode::Unset) return std::nullopt;
  io::CheckpointHeader saved;
  try {
    saved = io::read_checkpoint_header(path);
  } catch (const io::CheckpointError& e) {
    if (e.exit_code == io::kExitNoInput && mode == ResumeMode::Auto) {
      if (!quiet) std::cerr << "civicsim: no checkpoint at " << path << ": starting from day 0\n";
      return std::nullopt;
    }
    std::cerr << "civicsim: cannot resume: " << e.what()
              << (e.exit_code == io::kExitNoInput ? " (run without --resume to start from day 0)"
                                                  : "; remove it to start from day 0")
              << "\n";
    exit_code = e.exit_code;
    return std::nullopt;
  }
  const std::string mismatch = io::checkpoint_mismatch(saved, current);
  if (mismatch.empty()) return saved;
  if (mode == ResumeMode::Auto) {
    std::cerr << "civicsim: ignoring checkpoint " << path << ": " << mismatch << "; starting from day 0\n";
    return std::nullopt;
  }
  std::cerr << "civicsim: cannot resume from " << path << ": " << mismatch
            << " (--resume auto starts from day 0 instead)\n";
  exit_code = io::kExitDataErr;
  return std::nullopt;
}

}  // namespace

bool parse_resume(const std::string& text, ResumeMode& mode) {
  if (text.empty() || text == "always") mode = ResumeMode::Always;
  else if (text == "auto") mode = ResumeMode::Auto;
  else if (text == "never") mode = ResumeMode::Never;
  else return false;
  return true;
}

void print_diagnostics(const io::ScenarioResult& result) {
  for (const auto& d : result.errors) std::cerr << d.str() << "\n";
  if (!result.errors.empty() && result.exit_code == io::kExitDataErr)
    std::cerr << result.errors.size() << " problem" << (result.errors.size() == 1 ? "" : "s")
              << " in the scenario; nothing was run.\n";
}

int out_of_memory(const std::string& while_doing) {
  std::cerr << "civicsim: out of memory " << while_doing
            << " (`civicsim plan` shows what the run needs and the memory limits it "
               "finds: MemAvailable, the cgroup limit, ulimit -v)\n";
  return io::kExitSoftware;
}

io::ScenarioResult load(const std::string& scenario, const std::string& base_dir) {
  if (scenario.empty())
    return io::load_scenario_text(io::builtin_default_scenario(), "<builtin:default.yaml>", ".");
  io::ScenarioResult result = io::load_scenario_file(scenario, base_dir);
  if (!result.ok()) return result;
  io::SweepResult sweep = io::load_sweep_file(scenario, /*check_runs=*/true, base_dir);
  if (!sweep.ok()) {
    result.errors = std::move(sweep.errors);
    result.exit_code = sweep.exit_code;
  }
  return result;
}

int run(const RunOptions& o) {
  const auto wall_start = std::chrono::steady_clock::now();
  catch_stop_signals();  // first: a signal during start-up must not kill the run either
  if (!die_with_sweep_parent()) {
    std::cerr << "civicsim: the sweep that started this run has ended; not starting\n";
    return io::kExitTempFail;
  }
  io::SweepRun member;
  RunInfo info;
  io::ScenarioResult loaded =
      o.sweep_run.empty() ? load(o.scenario, o.scenario_dir) : load_sweep_member(o, member, info);
  if (!loaded.ok()) {
    print_diagnostics(loaded);
    return loaded.exit_code;
  }
  Params params = loaded.params;
  if (o.seed_given) params.seed = o.seed;
  if (const std::string bad = io::override_days(params, o.days); !bad.empty()) {
    std::cerr << "civicsim: " << bad << "\n";
    return io::kExitUsage;
  }
  std::string output = o.output.empty() ? params.output_path : o.output;
  if (o.output.empty() && !member.id.empty()) {
    output = (fs::path(params.output_path).parent_path() / (member.id + ".h5")).string();
  }
  const std::string checkpoint = o.checkpoint.empty() ? output + ".ckpt" : o.checkpoint;
  ResumeMode resume = o.resume;
  if (resume == ResumeMode::Unset) {  // a requeued SLURM job carries on where it stopped
    const char* restarts = std::getenv("SLURM_RESTART_COUNT");
    resume = restarts != nullptr && std::atoi(restarts) > 0 ? ResumeMode::Auto : ResumeMode::Never;
  }
  set_backend_threads(o.threads);
  if (const std::string problem = backend_problem(); !problem.empty()) {
    std::cerr << "civicsim: " << problem << " (this binary is the " << backend_name() << " build)\n";
    return io::kExitUnavailable;
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

  io::CheckpointHeader current;
  current.civicsim_version = info.civicsim_version;
  current.git_sha = info.git_sha;
  current.backend = info.backend;
  current.scenario_name = params.name;
  current.scenario_resolved = info.scenario_resolved;
  current.sweep_run = info.sweep_run;
  current.output = output;
  current.days = params.days;
  current.started_utc = info.started_utc;
  std::error_code ec;
  // Nothing is created before this check: `-o dir/new/` leaves no folder behind.
  if (const std::string problem = output_problem(output, o.force || resume != ResumeMode::Never, checkpoint, o.timings);
      !problem.empty()) {
    std::cerr << "civicsim: " << problem << "\n";
    return io::kExitCantCreate;
  }
  if (const fs::path folder = fs::path(output).parent_path(); !folder.empty()) fs::create_directories(folder, ec);
  std::optional<io::RunLock> lock;  // held to the end: one run per output
  try {
    lock.emplace(output);
    set_lock_file(lock->path());
    if (!lock->unlocked_reason().empty()) std::cerr << "civicsim: warning: " << lock->unlocked_reason() << "\n";
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    return e.exit_code;
  }
  // Killed after the output was published but before its checkpoint files were deleted: done.
  if (resume != ResumeMode::Never && !o.force &&
      finish_if_done(output, checkpoint, info.scenario_resolved, info.sweep_run)) {
    return io::kExitOk;
  }
  if (o.resume == ResumeMode::Unset && resume == ResumeMode::Never && !o.force && fs::exists(checkpoint, ec)) {
    std::cerr << "civicsim: a checkpoint of an earlier run to this output exists (" << checkpoint
              << "): add --resume to continue it, or --force to start over\n";
    return io::kExitCantCreate;
  }
  int refused = 0;
  const std::optional<io::CheckpointHeader> saved = find_checkpoint(checkpoint, resume, current, o.quiet, refused);
  if (refused != 0) return refused;
  if (saved) {
    current.started_utc = info.started_utc = saved->started_utc;
    current.resumes = info.resumes = saved->resumes + 1;
  }

  if (o.resource_check) {  // before anything is allocated
    const FitCheck check = check_fit(estimate_resources(params, kCudaBuild, o.checkpoint_every > 0),
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
  } catch (const std::bad_alloc&) {
    return out_of_memory("building the world; nothing was written");
  } catch (const std::exception& e) {
    std::cerr << (o.scenario.empty() ? "<builtin:default.yaml>" : o.scenario) << ": " << e.what() << "\n";
    return io::kExitDataErr;
  }
  if (saved) {
    const auto resume_start = std::chrono::steady_clock::now();
    try {
      io::read_checkpoint_state(checkpoint, [&](StateSource& source) { engine->load_state(source); });
    } catch (const io::CheckpointError& e) {
      std::cerr << "civicsim: cannot resume: " << e.what() << "\n";
      return e.exit_code;
    } catch (const StateError& e) {
      std::cerr << "civicsim: cannot resume from " << checkpoint << ": " << e.what() << "\n";
      return io::kExitDataErr;
    }
    timings.resume_s += seconds_since(resume_start);
    {  // also in --quiet runs: the log of a sweep run says where it came from
      std::cerr << "civicsim: resuming from " << checkpoint << " at " << clock_text(*saved) << " of " << params.days
                << " (written " << saved->created_utc << ")\n";
    }
  }
  const World& world = engine->world();
  info.population_scale = params.scale;
  info.agents = world.citizens.size();
  for (const District& d : params.districts) info.residents_15_plus += d.population * params.share_15_plus;
  if (!o.quiet)
    for (const std::string& w : sample_warnings(params)) std::cerr << "civicsim: warning: " << w << "\n";
  if (o.verbose) {
    std::cerr << "civicsim " << CIVICSIM_VERSION << " (" << backend_name() << ", " << backend_threads()
              << " threads, " << backend_device() << ")\n"
              << "  scenario   " << params.name << " (seed " << params.seed << ", " << params.days << " days)\n"
              << "  districts  " << world.district_count() << ", halls " << world.queues.halls
              << ", queues " << world.queues.n << ", service agents " << world.servers.size() << "\n"
              << "  citizens   " << world.citizens.size() << " agents, " << World::citizen_bytes()
              << " bytes of state per citizen (" << (world.citizens.size() * World::citizen_bytes()) / 1048576.0
              << " MiB)\n"
              << "  output     " << output << "\n"
              << "  checkpoint " << checkpoint
              << (o.checkpoint_every > 0 ? " every " + std::to_string(o.checkpoint_every) + " days" : " on a stop signal")
              << "\n";
  }

  if (const fs::path folder = fs::path(checkpoint).parent_path(); !folder.empty()) fs::create_directories(folder, ec);
  remove_leftovers(output, checkpoint);
  const double earlier_wall = saved ? saved->wall_seconds : 0.0;
  try {
    io::OutputLayout layout;
    for (const auto& d : params.districts) layout.districts.push_back(d.name);
    layout.days = params.days;
    layout.intervals = engine->intervals();
    layout.report_seconds = params.report_minutes * 60;
    auto output_start = std::chrono::steady_clock::now();
    io::OutputFile file(output, o.force, layout, info);
    set_output_temporary(file.temporary_path());
    if (saved) {  // the rows before the checkpoint, from the records log
      const auto replay_start = std::chrono::steady_clock::now();
      FileObserver direct(file);
      io::replay_records(io::records_log_path(checkpoint), saved->records_bytes, saved->records_crc, direct);
      timings.resume_s += seconds_since(replay_start);
    }
    if (!saved && fs::exists(checkpoint, ec)) {
      // Starting over (--force, or --resume auto past a checkpoint of another run): the old
      // checkpoint goes before its records log is emptied, never to be resumed against a new log.
      fs::remove(checkpoint, ec);
      if (ec) throw io::CheckpointError(io::kExitIoErr, "cannot remove the old checkpoint " + checkpoint + ": " + ec.message());
      io::sync_folder_of(checkpoint);
    }
    io::RecordLog log(io::records_log_path(checkpoint), saved ? saved->records_bytes : 0,
                      saved ? saved->records_crc : 0);
    timings.output_s += seconds_since(output_start);
    Progress progress(params.days, !o.quiet, engine->position().day);
    BackgroundWriter writer(file, progress, timings.output_s, &log);
    const int every = o.checkpoint_every;
    const auto pause = [&](const Position& p) {
      return stop_signal() != 0 || (every > 0 && !p.in_day && p.day % every == 0);
    };
    while (!engine->run(writer, pause)) {
      const auto checkpoint_start = std::chrono::steady_clock::now();
      const auto [bytes, crc] = writer.sync_log();
      io::CheckpointHeader h = current;
      h.created_utc = utc_now();
      h.day = engine->position().day;
      h.time_seconds = engine->position().time;
      h.in_day = engine->position().in_day;
      h.records_bytes = bytes;
      h.records_crc = crc;
      h.wall_seconds = earlier_wall + seconds_since(wall_start);
      io::write_checkpoint(checkpoint, h, [&](StateSink& sink) { engine->save_state(sink); },
                           set_checkpoint_temporary);
      set_checkpoint_temporary("");
      timings.checkpoint_s += seconds_since(checkpoint_start);
      ++timings.checkpoints;
      timings.checkpoint_bytes = fs::file_size(checkpoint, ec);
      if (stop_signal() != 0) {
        const int sig = stop_signal();
        if (!o.quiet) std::fprintf(stderr, "\n");
        std::cerr << "civicsim: stopped by " << signal_name(sig) << " at " << clock_text(h) << " of " << params.days
                  << "; checkpoint written to " << checkpoint << "; `civicsim run ... --resume` continues\n";
        return io::kExitTempFail;  // `file` goes: its temporary file is removed
      }
    }
    writer.close();
    output_start = std::chrono::steady_clock::now();
    file.write_summary(engine->summary(params.days));
    file.finish(engine->intervention_records(params.days), earlier_wall + seconds_since(wall_start));
    set_output_temporary("");
    timings.output_s += seconds_since(output_start);
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    remove_orphan_records_log(checkpoint);
    return e.exit_code;
  } catch (const io::CheckpointError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    remove_orphan_records_log(checkpoint);
    return e.exit_code;
  } catch (const std::bad_alloc&) {
    remove_orphan_records_log(checkpoint);
    return out_of_memory("during the run; nothing was written");
  } catch (const std::exception& e) {
    std::cerr << "civicsim: the run failed: " << e.what() << "; nothing was written\n";
    remove_orphan_records_log(checkpoint);
    return io::kExitSoftware;
  }
  // The output is complete: the checkpoint and its log have served.
  remove_checkpoint_files(checkpoint);

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

}  // namespace civicsim::cli
