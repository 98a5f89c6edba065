// The run advances step by step (a daily pass, a window, a day's end); between two steps it can
// write a checkpoint: every --checkpoint-every days, and when a stop signal came
// (app/stop_signals.hpp: the step in progress finishes, the checkpoint is written, exit 75).
#include "app/run_session.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/messages.hpp"
#include "app/output_layout.hpp"
#include "app/resources.hpp"
#include "app/run_files.hpp"
#include "app/stop_signals.hpp"
#include "civicsim_version.hpp"
#include "io/background_writer.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "io/utc_time.hpp"
#include "kernels/parallel.hpp"

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;

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
  io::ScenarioResult r;
  io::DesignFile design;
  if (!o.design_file.empty()) {
    if (const std::string problem = io::read_design_file(o.design_file, design); !problem.empty()) {
      r.errors.push_back({o.design_file, 0, 0, problem});
      r.exit_code = io::kExitNoInput;
      return r;
    }
  }
  const io::SweepResult sweep = io::load_sweep_file(o.scenario, /*check_runs=*/false, o.scenario_dir, design);
  if (!sweep.ok()) {
    r.errors = sweep.errors;
    r.exit_code = sweep.exit_code;
    return r;
  }
  const int index = sweep.sweep.declared ? sweep.sweep.find_run(o.sweep_run) : -1;
  if (index < 0 || sweep.sweep.runs.empty()) {
    std::string hint = sweep.sweep.declared
                           ? "; its runs are " + sweep.sweep.runs.front().id + " ... " + sweep.sweep.runs.back().id +
                                 " (`civicsim sweep --dry-run` lists them)"
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
                                                    const io::CheckpointHeader& current, bool quiet, int& exit_code) {
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

RunSession::RunSession(const RunOptions& options) : o_(options), wall_start_(std::chrono::steady_clock::now()) {}

int RunSession::start() {
  catch_stop_signals();  // first: a signal during start-up must not kill the run either
  if (!die_with_sweep_parent()) {
    std::cerr << "civicsim: the sweep that started this run has ended; not starting\n";
    return io::kExitTempFail;
  }
  const io::ScenarioResult loaded =
      o_.sweep_run.empty() ? load(o_.scenario, o_.scenario_dir) : load_sweep_member(o_, member_, info_);
  if (!loaded.ok()) {
    print_diagnostics(loaded.errors, loaded.exit_code, "scenario");
    return loaded.exit_code;
  }
  params_ = loaded.params;
  if (o_.seed_given) params_.seed = o_.seed;
  if (const std::string bad = io::override_days(params_, o_.days); !bad.empty()) {
    std::cerr << "civicsim: " << bad << "\n";
    return io::kExitUsage;
  }
  output_ = o_.output.empty() ? params_.output_path : o_.output;
  if (o_.output.empty() && !member_.id.empty()) {
    output_ = (fs::path(params_.output_path).parent_path() / (member_.id + ".h5")).string();
  }
  checkpoint_ = o_.checkpoint.empty() ? output_ + ".ckpt" : o_.checkpoint;
  resume_ = o_.resume;
  if (resume_ == ResumeMode::Unset) {  // a requeued SLURM job carries on where it stopped
    const char* restarts = std::getenv("SLURM_RESTART_COUNT");
    resume_ = restarts != nullptr && std::atoi(restarts) > 0 ? ResumeMode::Auto : ResumeMode::Never;
  }
  set_backend_threads(o_.threads);
  if (const std::string problem = backend_problem(); !problem.empty()) {
    std::cerr << "civicsim: " << problem << " (this binary is the " << backend_name() << " build)\n";
    return io::kExitUnavailable;
  }
  describe();
  return io::kExitOk;
}

void RunSession::describe() {
  info_.civicsim_version = CIVICSIM_VERSION;
  info_.question = params_.question;
  info_.start_date = params_.start_date;
  info_.scenario_name = params_.name;
  info_.seed = params_.seed;
  info_.backend = backend_name();
  info_.threads = backend_threads();
  info_.device = backend_device();
  info_.git_sha = CIVICSIM_GIT_SHA;
  info_.started_utc = io::utc_now();
  info_.scenario_yaml = params_.yaml_text;
  info_.scenario_resolved = io::resolved_yaml(params_);

  current_.civicsim_version = info_.civicsim_version;
  current_.git_sha = info_.git_sha;
  current_.backend = info_.backend;
  current_.scenario_name = params_.name;
  current_.scenario_resolved = info_.scenario_resolved;
  current_.sweep_run = info_.sweep_run;
  current_.output = output_;
  current_.days = params_.days;
  current_.started_utc = info_.started_utc;
}

int RunSession::claim_output() {
  std::error_code ec;
  // Nothing is created before this check: `-o dir/new/` leaves no folder behind.
  if (const std::string problem =
          output_problem(output_, o_.force || resume_ != ResumeMode::Never, checkpoint_, o_.timings);
      !problem.empty()) {
    std::cerr << "civicsim: " << problem << "\n";
    return io::kExitCantCreate;
  }
  if (const fs::path folder = fs::path(output_).parent_path(); !folder.empty()) fs::create_directories(folder, ec);
  try {
    lock_.emplace(output_);
    set_lock_file(lock_->path());
    if (!lock_->unlocked_reason().empty()) std::cerr << "civicsim: warning: " << lock_->unlocked_reason() << "\n";
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    return e.exit_code;
  }
  // Killed after the output was published but before its checkpoint files were deleted: done.
  if (resume_ != ResumeMode::Never && !o_.force &&
      finish_if_done(output_, checkpoint_, info_.scenario_resolved, info_.sweep_run)) {
    done_already_ = true;  // nothing more to do: exit 0
    return io::kExitOk;
  }
  if (o_.resume == ResumeMode::Unset && resume_ == ResumeMode::Never && !o_.force && fs::exists(checkpoint_, ec)) {
    std::cerr << "civicsim: a checkpoint of an earlier run to this output exists (" << checkpoint_
              << "): add --resume to continue it, or --force to start over\n";
    return io::kExitCantCreate;
  }
  int refused = 0;
  saved_ = find_checkpoint(checkpoint_, resume_, current_, o_.quiet, refused);
  if (refused != 0) return refused;
  if (saved_) {
    current_.started_utc = info_.started_utc = saved_->started_utc;
    current_.resumes = info_.resumes = saved_->resumes + 1;
  }
  return check_fit();
}

int RunSession::check_fit() const {
  if (o_.resource_check) {  // before anything is allocated
    const FitCheck check =
        cli::check_fit(estimate_resources(params_, kCudaBuild, o_.checkpoint_every > 0), probe_availability(output_));
    if (!check.fits) {
      std::cerr << refusal_message(check);
      return io::kExitTempFail;
    }
  }
  return io::kExitOk;
}

int RunSession::build_world() {
  timings_.scenario = params_.name;
  timings_.days = params_.days;
  timings_.districts = static_cast<int>(params_.districts.size());
  try {
    const auto setup_start = std::chrono::steady_clock::now();
    engine_ = std::make_unique<Engine>(params_);
    timings_.setup_s = seconds_since(setup_start);
  } catch (const std::bad_alloc&) {
    return out_of_memory("building the world; nothing was written");
  } catch (const std::exception& e) {
    std::cerr << (o_.scenario.empty() ? "<builtin:default.yaml>" : o_.scenario) << ": " << e.what() << "\n";
    return io::kExitDataErr;
  }
  if (saved_) {
    if (const int code = load_checkpoint_state(); code != io::kExitOk) return code;
  }
  const World& world = engine_->world();
  info_.population_scale = params_.scale;
  info_.agents = world.citizens.size();
  for (const District& d : params_.districts) info_.residents_15_plus += d.population * params_.share_15_plus;
  return io::kExitOk;
}

int RunSession::load_checkpoint_state() {
  const auto resume_start = std::chrono::steady_clock::now();
  try {
    io::read_checkpoint_state(checkpoint_, [&](StateSource& source) { engine_->load_state(source); });
  } catch (const io::CheckpointError& e) {
    std::cerr << "civicsim: cannot resume: " << e.what() << "\n";
    return e.exit_code;
  } catch (const StateError& e) {
    std::cerr << "civicsim: cannot resume from " << checkpoint_ << ": " << e.what() << "\n";
    return io::kExitDataErr;
  }
  timings_.resume_s += seconds_since(resume_start);
  {  // also in --quiet runs: the log of a sweep run says where it came from
    std::cerr << "civicsim: resuming from " << checkpoint_ << " at " << clock_text(*saved_) << " of " << params_.days
              << " (written " << saved_->created_utc << ")\n";
  }
  return io::kExitOk;
}

int RunSession::simulate() {
  std::error_code ec;
  if (const fs::path folder = fs::path(checkpoint_).parent_path(); !folder.empty()) fs::create_directories(folder, ec);
  remove_leftovers(output_, checkpoint_);
  earlier_wall_ = saved_ ? saved_->wall_seconds : 0.0;
  try {
    const io::OutputLayout layout = output_layout(*engine_);
    const auto output_start = std::chrono::steady_clock::now();
    io::OutputFile file(output_, o_.force, layout, info_);
    timings_.output_create_s = seconds_since(output_start);
    set_output_temporary(file.temporary_path());
    return write_output(file, output_start);  // `file` goes: a temporary file left unfinished is removed
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    remove_orphan_records_log(checkpoint_);
    return e.exit_code;
  } catch (const io::CheckpointError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    remove_orphan_records_log(checkpoint_);
    return e.exit_code;
  } catch (const std::bad_alloc&) {
    remove_orphan_records_log(checkpoint_);
    return out_of_memory("during the run; nothing was written");
  } catch (const std::exception& e) {
    std::cerr << "civicsim: the run failed: " << e.what() << "; nothing was written\n";
    remove_orphan_records_log(checkpoint_);
    return io::kExitSoftware;
  }
}

int RunSession::write_output(io::OutputFile& file, std::chrono::steady_clock::time_point output_start) {
  std::error_code ec;
  if (saved_) {  // the rows before the checkpoint, from the records log
    const auto replay_start = std::chrono::steady_clock::now();
    FileObserver direct(file);
    io::replay_records(io::records_log_path(checkpoint_), saved_->records_bytes, saved_->records_crc, direct);
    timings_.resume_s += seconds_since(replay_start);
  }
  if (!saved_ && fs::exists(checkpoint_, ec)) {
    // Starting over (--force, or --resume auto past a checkpoint of another run): the old
    // checkpoint goes before its records log is emptied, never to be resumed against a new log.
    fs::remove(checkpoint_, ec);
    if (ec)
      throw io::CheckpointError(io::kExitIoErr,
                                "cannot remove the old checkpoint " + checkpoint_ + ": " + ec.message());
    io::sync_folder_of(checkpoint_);
  }
  io::RecordLog log(io::records_log_path(checkpoint_), saved_ ? saved_->records_bytes : 0,
                    saved_ ? saved_->records_crc : 0);
  timings_.output_s += seconds_since(output_start);
  Progress progress(params_.days, !o_.quiet, engine_->position().day);
  BackgroundWriter writer(file, progress, timings_.output_s, &log);
  const int every = o_.checkpoint_every;
  const auto pause = [&](const Position& p) {
    return stop_signal() != 0 || (every > 0 && !p.in_day && p.day % every == 0);
  };
  while (!engine_->run(writer, pause)) {
    if (checkpoint_or_stop(writer)) return io::kExitTempFail;
  }
  writer.close();
  output_start = std::chrono::steady_clock::now();
  file.write_summary(engine_->summary(params_.days));
  file.finish(engine_->intervention_records(params_.days), earlier_wall_ + seconds_since(wall_start_));
  set_output_temporary("");
  timings_.output_close_s = seconds_since(output_start);
  timings_.output_s += timings_.output_close_s;
  return io::kExitOk;
}

/// A checkpoint between two steps; true when a stop signal came (the run ends with exit 75).
bool RunSession::checkpoint_or_stop(BackgroundWriter& writer) {
  std::error_code ec;
  const auto checkpoint_start = std::chrono::steady_clock::now();
  const auto [bytes, crc] = writer.sync_log();
  io::CheckpointHeader h = current_;
  h.created_utc = io::utc_now();
  h.day = engine_->position().day;
  h.time_seconds = engine_->position().time;
  h.in_day = engine_->position().in_day;
  h.records_bytes = bytes;
  h.records_crc = crc;
  h.wall_seconds = earlier_wall_ + seconds_since(wall_start_);
  io::write_checkpoint(
      checkpoint_, h, [&](StateSink& sink) { engine_->save_state(sink); }, set_checkpoint_temporary);
  set_checkpoint_temporary("");
  timings_.checkpoint_s += seconds_since(checkpoint_start);
  ++timings_.checkpoints;
  timings_.checkpoint_bytes = fs::file_size(checkpoint_, ec);
  if (stop_signal() != 0) {
    const int sig = stop_signal();
    if (!o_.quiet) std::fprintf(stderr, "\n");
    std::cerr << "civicsim: stopped by " << signal_name(sig) << " at " << clock_text(h) << " of " << params_.days
              << "; checkpoint written to " << checkpoint_ << "; `civicsim run ... --resume` continues\n";
    return true;
  }
  return false;
}

int RunSession::clean_up() {
  // The output is complete: the checkpoint and its log have served.
  remove_checkpoint_files(checkpoint_);
  wall_ = seconds_since(wall_start_);
  if (!o_.timings.empty()) {
    timings_.wall_s = wall_;
    timings_.citizens = engine_->world().citizens.size();
    timings_.requests = engine_->totals().requests;
    timings_.engine = engine_->timings();
    if (const std::string problem = write_timings_json(o_.timings, timings_); !problem.empty()) {
      std::cerr << "civicsim: --timings: " << problem << "\n";
      return io::kExitIoErr;
    }
  }
  return io::kExitOk;
}

}  // namespace civicsim::cli
