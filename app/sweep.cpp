#include "app/sweep.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <thread>

#include "civicsim_version.hpp"
#include "io/checkpoint.hpp"
#include "app/resources.hpp"
#include "app/run_files.hpp"
#include "app/stop_signals.hpp"
#include "app/sweep_dir.hpp"
#include "app/sweep_mpi.hpp"
#include "app/sweep_sizing.hpp"
#include "app/timings_report.hpp"
#include "io/sweep.hpp"
#include "io/sweep_output.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "sim/plan.hpp"
#include "viz_export/figures.hpp"
#include "viz_export/inspect.hpp"

extern char** environ;

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

#if defined(CIVICSIM_BACKEND_CUDA)
constexpr bool kCudaBuild = true;
#else
constexpr bool kCudaBuild = false;
#endif

volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }

std::string utc_now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string hostname() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- one run as a child process ---------------------------------------------------------------

struct Finished {
  int index = 0;
  bool done = false;
  int exit_code = 0;
  double wall_seconds = 0;
  std::string error;
  bool interrupted = false;  // stopped by the sweep's own stop signal: to be run again, not a failure
  std::string checkpoint;    // where an unfinished run stands, when it left a checkpoint ("day 3 09:40")
};

/// Runs sweep runs as `civicsim run SCENARIO --sweep-run ID` child processes, each writing its
/// stdout and stderr to logs/<id>.log.
class Children {
 public:
  /// Runs read the sweep folder's copy of the scenario (DIR/sweep.yaml), so an edit of the original
  /// during the sweep changes nothing; its relative paths resolve against `scenario_dir`.
  Children(const io::Sweep& sweep, const SweepDir& dir, std::string scenario_dir, int threads, int checkpoint_every)
      : sweep_(sweep), dir_(dir), scenario_dir_(std::move(scenario_dir)), threads_(threads),
        checkpoint_every_(checkpoint_every) {
    std::error_code ec;
    exe_name_ = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec) exe_name_ = "civicsim";
    env_ = child_environment();
  }
  ~Children() {  // an error ends the sweep: no run outlives it
    forward_stop();
    for (auto& s : running_) {
      if (s.pid > 0) waitpid(s.pid, nullptr, 0);
    }
  }
  Children(const Children&) = delete;
  Children& operator=(const Children&) = delete;

  int running() const { return static_cast<int>(running_.size()); }

  /// Starts run `index`; a run that cannot start comes back from the next poll() as failed.
  void start(int index) {
    const io::SweepRun& run = sweep_.runs[static_cast<std::size_t>(index)];
    Slot slot{index, -1, Clock::now(), ""};
    if (g_stop_signal != 0) {
      slot.start_error = "not started: the sweep was interrupted";
      slot.stop_sent = true;
      running_.push_back(slot);
      return;
    }
    const std::string out = dir_.run_file(run.id).string();
    const std::string log = dir_.log_file(run.id).string();
    const std::string threads = std::to_string(threads_);
    // --resume auto: a run stopped by a signal, or killed, carries on from its checkpoint.
    std::vector<std::string> args = {exe_name_, "run", dir_.yaml().string(), "--scenario-dir", scenario_dir_,
                                     "--sweep-run", run.id, "-o", out, "--threads", threads, "--quiet",
                                     "--no-resource-check", "--resume", "auto"};
    if (checkpoint_every_ > 0) args.insert(args.end(), {"--checkpoint-every", std::to_string(checkpoint_every_)});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The run dies with the sweep (app/stop_signals.hpp): a killed sweep leaves no run behind.
    std::string parent = std::string(kSweepParentVariable) + "=" + std::to_string(static_cast<long>(::getpid()));
    std::vector<char*> envp;
    for (auto& e : env_) envp.push_back(e.data());
    envp.push_back(parent.data());
    envp.push_back(nullptr);
    int log_fd = -1;
    try {  // created safely: never through a link, never over anything but a regular file
      log_fd = io::create_in_place(log, /*replace=*/true, "run log");
    } catch (const io::OutputError& e) {
      slot.start_error = std::string("cannot start the run: ") + e.what();
      running_.push_back(slot);
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, log_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // no MPI socket or log file leaks into a run
    // Each run in its own process group: a terminal's Ctrl-C reaches the sweep, which stops the runs
    // itself and records them as interrupted.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = -1;
    // The running program itself, even if the file it came from was rebuilt or removed meanwhile.
    const int rc = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv.data(), envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    ::close(log_fd);
    if (rc != 0) {
      slot.start_error = std::string("cannot start the run: ") + std::strerror(rc);
    } else {
      slot.pid = pid;
    }
    running_.push_back(slot);
  }

  /// A run that has ended, if any; waits for one when `block`.
  bool poll(Finished& out, bool block) {
    while (!running_.empty()) {
      for (std::size_t i = 0; i < running_.size(); ++i) {
        Slot& s = running_[i];
        int status = 0;
        bool lost = false;
        if (s.pid >= 0) {
          const pid_t r = waitpid(s.pid, &status, WNOHANG);
          if (r == 0) continue;
          if (r < 0 && errno == EINTR) continue;
          lost = r < 0;  // ECHILD: someone else reaped it; the file tells whether it finished
        }
        out = finish(s, status, lost);
        running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
        return true;
      }
      if (!block) return false;
      if (g_stop_signal != 0) forward_stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  /// Asks every running child to stop (they write nothing under their final name).
  void forward_stop() {
    for (auto& s : running_) {
      if (s.pid >= 0 && !s.stop_sent) {
        kill(s.pid, SIGTERM);
        s.stop_sent = true;
      }
    }
  }

 private:
  struct Slot {
    int index;
    pid_t pid;
    Clock::time_point start;
    std::string start_error;
    bool stop_sent = false;
  };

  /// The environment of a run: this one without the MPI launcher's variables (a run is not an MPI
  /// process), plus CIVICSIM_DEVICE = the rank's local rank (one GPU per rank) unless set already.
  static std::vector<std::string> child_environment() {
    std::vector<std::string> env;
    std::string local_rank;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      const std::string v = *e;
      if (v.rfind("OMPI_COMM_WORLD_LOCAL_RANK=", 0) == 0) local_rank = v.substr(v.find('=') + 1);
      if (v.rfind("OMPI_", 0) == 0 || v.rfind("PMIX_", 0) == 0 || v.rfind("PMI_", 0) == 0) continue;
      if (v.rfind(std::string(kSweepParentVariable) + "=", 0) == 0) continue;
      env.push_back(v);
    }
    if (!local_rank.empty() && std::getenv("CIVICSIM_DEVICE") == nullptr) env.push_back("CIVICSIM_DEVICE=" + local_rank);
    return env;
  }

  Finished finish(const Slot& s, int status, bool lost) {
    const io::SweepRun& run = sweep_.runs[static_cast<std::size_t>(s.index)];
    Finished f;
    f.index = s.index;
    f.wall_seconds = std::chrono::duration<double>(Clock::now() - s.start).count();
    if (s.pid < 0) {
      f.exit_code = io::kExitOsErr;
      f.error = s.start_error;
      f.interrupted = s.stop_sent;
      return f;
    }
    const std::string tail = log_tail(dir_.log_file(run.id));
    // A run whose file is in place has finished, whatever happened after (a signal on its way out).
    if (run_done(dir_, run.id)) {
      f.done = true;
      f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
      return f;
    }
    // A run killed before it could clean up leaves its temporary file (io/h5_file.hpp) behind.
    const std::string out = dir_.run_file(run.id).string();
    remove_leftovers(out, out + ".ckpt");
    f.interrupted = s.stop_sent || g_stop_signal != 0;
    try {
      const io::CheckpointHeader h = io::read_checkpoint_header(dir_.run_file(run.id).string() + ".ckpt");
      f.checkpoint = h.in_day ? "in day " + std::to_string(h.day) + " of " + std::to_string(h.days)
                              : std::to_string(h.day) + " of " + std::to_string(h.days) + " days done";
    } catch (const io::CheckpointError&) {
      // none (or unusable: the run will say so when it is resumed)
    }
    if (lost) {
      f.exit_code = io::kExitOsErr;
      f.error = "the run's exit status was lost (SIGCHLD ignored?) and it wrote no file" +
                (tail.empty() ? std::string() : ": " + tail);
    } else if (WIFEXITED(status)) {
      f.exit_code = WEXITSTATUS(status);
      f.error = tail.empty() ? "exit code " + std::to_string(f.exit_code) + " and no message" : tail;
      if (f.exit_code == 0) f.error = "exit code 0 but no output file was written";
    } else if (WIFSIGNALED(status)) {
      const int sig = WTERMSIG(status);
      f.exit_code = 128 + sig;
      f.error = std::string("killed by signal ") + std::to_string(sig) + " (" + strsignal(sig) + ")" +
                (tail.empty() ? "" : ": " + tail);
    }
    return f;
  }

  const io::Sweep& sweep_;
  const SweepDir& dir_;
  std::string scenario_dir_;
  int threads_;
  int checkpoint_every_;
  std::string exe_name_;  // argv[0] of the runs
  std::vector<std::string> env_;
  std::vector<Slot> running_;
};

// ---- the manifest -----------------------------------------------------------------------------

class Manifest {
 public:
  Manifest(std::vector<io::ManifestRow> rows, fs::path path) : rows_(std::move(rows)), path_(std::move(path)) {}

  io::ManifestRow& operator[](int index) { return rows_[static_cast<std::size_t>(index)]; }
  const std::vector<io::ManifestRow>& rows() const { return rows_; }

  void record(const Finished& f, const std::string& worker) {
    io::ManifestRow& row = rows_[static_cast<std::size_t>(f.index)];
    row.status = f.done ? "done" : f.interrupted ? "pending" : "failed";
    row.exit_code = f.interrupted ? -1 : f.exit_code;
    row.wall_seconds = f.interrupted ? 0.0 : f.wall_seconds;
    row.worker = worker;
    row.error = f.interrupted ? "interrupted by the sweep's stop signal; --resume runs it" : f.error;
    if (!f.done && !f.checkpoint.empty()) {
      row.error += f.interrupted ? " from its checkpoint (" + f.checkpoint + ")"
                                 : "; --resume continues it from its checkpoint (" + f.checkpoint + ")";
    }
  }

  /// Rewrites the file; at most once a second unless `now`.
  void save(bool now) {
    const auto t = Clock::now();
    if (!now && std::chrono::duration<double>(t - last_save_).count() < 1.0) return;
    io::write_file_atomically(path_.string(), io::manifest_csv(rows_));
    last_save_ = t;
  }

 private:
  std::vector<io::ManifestRow> rows_;
  fs::path path_;
  Clock::time_point last_save_{};
};

/// Carries over what earlier manifests say about runs (wall time, worker, failures).
void adopt_previous(Manifest& manifest, const std::vector<io::ManifestRow>& previous, const io::Sweep& sweep) {
  for (const auto& old : previous) {
    if (old.index < 0 || old.index >= static_cast<int>(sweep.runs.size())) continue;
    if (sweep.runs[static_cast<std::size_t>(old.index)].id != old.run_id) continue;
    if (old.status != "done" && old.status != "failed") continue;
    io::ManifestRow& row = manifest[old.index];
    if (row.status == "done" && old.status != "done") continue;
    row.status = old.status;
    row.exit_code = old.exit_code;
    row.wall_seconds = old.wall_seconds;
    row.worker = old.worker;
    row.error = old.error;
  }
}

// ---- messages between MPI ranks ---------------------------------------------------------------

std::string encode(const Finished& f, const std::string& worker) {
  std::ostringstream s;
  s << f.index << '\x1f' << (f.done ? 1 : f.interrupted ? 2 : 0) << '\x1f' << f.exit_code << '\x1f' << f.wall_seconds << '\x1f' << worker
    << '\x1f' << f.error;
  return s.str();
}

Finished decode(const std::string& text, std::string& worker) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t end = text.find('\x1f', begin);
    parts.push_back(text.substr(begin, end - begin));
    begin = end == std::string::npos ? text.size() : end + 1;
  }
  Finished f;
  f.index = std::stoi(parts[0]);
  f.done = parts[1] == "1";
  f.interrupted = parts[1] == "2";
  f.exit_code = std::stoi(parts[2]);
  f.wall_seconds = std::stod(parts[3]);
  worker = parts[4];
  f.error = text.substr(std::min(begin, text.size()));
  return f;
}

// ---- the shard of a job array -----------------------------------------------------------------

struct Shard {
  int index = 0, count = 1;
  bool active() const { return count > 1 || index > 0; }
};

/// "i/N" from the command line, else SLURM_ARRAY_TASK_ID (minus _MIN) and _COUNT. "" when fine.
std::string parse_shard(const std::string& text, Shard& shard) {
  if (!text.empty()) {
    int i = -1, n = -1;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%d/%d%c", &i, &n, &extra) != 2 || n < 1 || i < 0 || i >= n) {
      return "--shard: expected i/N with 0 <= i < N (e.g. --shard 0/3), got '" + text + "'";
    }
    shard = {i, n};
    return "";
  }
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (id == nullptr || count == nullptr) return "";
  auto number = [](const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v != nullptr ? std::atoi(v) : fallback;
  };
  const int min = number("SLURM_ARRAY_TASK_MIN", 0);
  const int step = std::max(1, number("SLURM_ARRAY_TASK_STEP", 1));
  const int n = std::atoi(count);
  const int max = number("SLURM_ARRAY_TASK_MAX", min + (n - 1) * step);
  const int offset = std::atoi(id) - min;
  // Every task must find the same shard numbering: the ids must be min, min + step, ... max.
  if (n < 1 || offset < 0 || offset % step != 0 || offset / step >= n || max != min + (n - 1) * step) {
    return "SLURM_ARRAY_TASK_ID=" + std::string(id) + " does not fit an array of " + count +
           " evenly spaced tasks (SLURM_ARRAY_TASK_MIN/MAX/STEP); submit with --array=0-" +
           std::to_string(std::max(0, n - 1)) + " (a step or a list of ids cannot be mapped to shards)";
  }
  shard = {offset / step, n};
  return "";
}

// ---- the sweep folder -------------------------------------------------------------------------

/// Creates DIR and checks that it holds this sweep or nothing. Returns an exit code (0: ready).
int prepare_dir(const SweepDir& dir, const io::Sweep& sweep, const std::string& scenario_abs, bool resume,
                bool shard) {
  std::error_code ec;
  fs::create_directories(dir.runs(), ec);
  if (!ec) fs::create_directories(dir.logs(), ec);
  if (ec) {
    std::cerr << "civicsim sweep: cannot create '" << dir.root.string() << "': " << ec.message() << "\n";
    return io::kExitCantCreate;
  }
  if (fs::exists(dir.yaml())) {
    if (read_text(dir.yaml()) != sweep.text) {
      std::cerr << "civicsim sweep: '" << dir.root.string()
                << "' holds another sweep (its sweep.yaml differs from " << sweep.scenario_path
                << "); choose another -o folder\n";
      return io::kExitCantCreate;
    }
    if (!resume && !shard) {
      int done = 0;
      for (const auto& r : sweep.runs) done += run_done(dir, r.id);
      std::cerr << "civicsim sweep: '" << dir.root.string() << "' already holds this sweep (" << done << " of "
                << sweep.runs.size() << " runs done); use --resume to finish it, or choose another -o folder\n";
      return io::kExitCantCreate;
    }
  } else {
    try {
      // Shards start together: the first to link its copy in place wins, the others compare.
      if (!io::create_file_exclusively(dir.yaml().string(), sweep.text) && read_text(dir.yaml()) != sweep.text) {
        std::cerr << "civicsim sweep: '" << dir.root.string() << "' holds another sweep (another shard wrote a "
                  << "different sweep.yaml just now); choose another -o folder\n";
        return io::kExitCantCreate;
      }
    } catch (const io::OutputError& e) {
      std::cerr << "civicsim sweep: " << e.what() << "\n";
      return io::kExitCantCreate;
    }
  }
  try {
    io::write_file_atomically(dir.source().string(), scenario_abs + "\n");
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim sweep: " << e.what() << "\n";
    return io::kExitCantCreate;
  }
  return io::kExitOk;
}

/// Why DIR/runs/<id>.h5 is not run `run` of this sweep ("" when it is). A run's file records its
/// sweep run id and its resolved scenario, which holds the sweep's scenario with the run's arm,
/// grid point and seed (its replicate) applied: an output of another scenario or another run copied
/// in under the run's name differs in one of them (docs/robustness.md).
std::string foreign_run(const SweepDir& dir, const io::Sweep& sweep, const io::SweepRun& run) {
  const viz::FinishedRun file = viz::read_finished_run(dir.run_file(run.id).string());
  if (!file.complete) return "it is not a complete civicsim output";
  if (file.sweep_run != run.id) {
    return file.sweep_run.empty() ? "it is not the output of a sweep run"
                                  : "it is the output of sweep run '" + file.sweep_run + "'";
  }
  const io::ScenarioResult expected = io::load_sweep_run(sweep, run.index);
  if (expected.ok() && file.scenario_resolved != io::resolved_yaml(expected.params)) {
    return "its resolved scenario (/scenario/resolved) is not this sweep's for the run: another scenario, arm, "
           "grid point or seed";
  }
  return "";
}

/// sweep.h5 from the runs in DIR: each run's figures, read one file at a time.
int write_sweep_h5(const SweepDir& dir, const io::Sweep& sweep, Manifest& manifest, bool quiet) {
  io::SweepTable table;
  for (const auto& f : viz::figure_catalogue()) {
    table.figures.push_back(f.name);
    table.units.push_back(f.units);
  }
  const std::size_t F = table.figures.size();
  table.values.assign(sweep.runs.size() * F, std::numeric_limits<double>::quiet_NaN());
  for (const auto& run : sweep.runs) {
    io::ManifestRow& row = manifest[run.index];
    std::string status = "missing";
    const std::string foreign = run_done(dir, run.id) ? foreign_run(dir, sweep, run) : "";
    if (!foreign.empty()) {
      status = "failed";
      row.status = "failed";
      row.error = "refused " + dir.run_file(run.id).string() + ": " + foreign + " (remove it and resume)";
      if (!quiet) std::cerr << "civicsim: " << row.error << "\n";
    } else if (run_done(dir, run.id)) {
      try {
        const std::vector<double> v = viz::run_figures(dir.run_file(run.id).string());
        std::copy(v.begin(), v.end(), table.values.begin() + static_cast<std::ptrdiff_t>(run.index * F));
        status = "done";
        if (row.status != "done") {
          row.status = "done";
          row.error.clear();
        }
      } catch (const std::exception& e) {
        status = "failed";
        row.status = "failed";
        row.error = std::string("output file unreadable: ") + e.what();
      }
    } else if (row.status == "failed") {
      status = "failed";
    } else {
      row.status = "pending";
    }
    table.status.push_back(status);
  }
  io::SweepFileInfo info{CIVICSIM_VERSION, CIVICSIM_GIT_SHA, utc_now()};
  try {
    io::write_sweep_file(dir.sweep_h5().string(), sweep, table, info);
    manifest.save(true);
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    return e.exit_code;
  }
  int done = 0, failed = 0;
  for (const auto& s : table.status) {
    done += s == "done";
    failed += s == "failed";
  }
  if (!quiet) {
    std::fprintf(stderr, "wrote %s: %d runs done, %d failed, %d missing (peak memory of this process %.1f MiB)\n",
                 dir.sweep_h5().c_str(), done, failed, static_cast<int>(sweep.runs.size()) - done - failed,
                 peak_rss_bytes() / 1048576.0);
  }
  return done == static_cast<int>(sweep.runs.size()) ? io::kExitOk : kExitRunsFailed;
}

void print_diagnostics(const std::vector<io::Diagnostic>& errors) {
  for (const auto& d : errors) std::cerr << d.str() << "\n";
}

int dry_run(const io::Sweep& sweep, const std::vector<int>& todo, int threads, int jobs,
            const ResourceEstimate& need) {
  std::printf("%-28s %6s  %-16s %-32s %9s %20s\n", "run", "index", "arm", "grid point", "replicate", "seed");
  for (int index : todo) {
    const io::SweepRun& r = sweep.runs[static_cast<std::size_t>(index)];
    std::printf("%-28s %6d  %-16s %-32s %9d %20llu\n", r.id.c_str(), r.index, sweep.arms[r.arm].c_str(),
                sweep.points[r.point].empty() ? "-" : sweep.points[r.point].c_str(), r.replicate,
                static_cast<unsigned long long>(r.seed));
  }
  const double per_run = estimated_run_seconds(sweep, threads);
  const double waves = std::ceil(static_cast<double>(todo.size()) / std::max(1, jobs));
  std::printf("\n%zu runs to do (of %zu), %d at a time with %d thread%s each\n", todo.size(), sweep.runs.size(),
              jobs, threads, threads == 1 ? "" : "s");
  std::printf("estimated time   %.1f s per run, about %.0f s in all (rough: docs/performance.md throughput)\n",
              per_run, per_run * waves);
  std::printf("memory           %s per run, %s at a time%s\n", human_bytes(need.host_peak_bytes).c_str(),
              human_bytes(need.host_peak_bytes * jobs).c_str(),
              kCudaBuild ? (", device " + human_bytes(need.device_bytes) + " per run").c_str() : "");
  std::printf("disk             about %s per run, %s in all (at most %s)\n", human_bytes(need.output_bytes).c_str(),
              human_bytes(need.output_bytes * static_cast<double>(todo.size())).c_str(),
              human_bytes(need.output_max_bytes * static_cast<double>(todo.size())).c_str());
  return io::kExitOk;
}

/// The bookkeeping both run loops share: a run starts (manifest: running, where), a run ends
/// (manifest, progress line), a stop signal returns what has not started to `pending`.
class Ledger {
 public:
  Ledger(Manifest& manifest, const io::Sweep& sweep, std::size_t total, bool quiet, bool name_worker)
      : manifest_(manifest), sweep_(sweep), total_(total), quiet_(quiet), name_worker_(name_worker) {}

  void started(int index, const std::string& worker) {
    manifest_[index].status = "running";
    manifest_[index].worker = worker;
  }
  void finished(const Finished& f, const std::string& worker) {
    manifest_.record(f, worker);
    manifest_.save(false);
    ++finished_;
    if (quiet_) return;
    std::fprintf(stderr, "[%zu/%zu] %s %s in %.1f s%s%s%s%s\n", finished_, total_,
                 sweep_.runs[static_cast<std::size_t>(f.index)].id.c_str(),
                 f.done ? "done" : f.interrupted ? "interrupted" : "FAILED", f.wall_seconds,
                 name_worker_ ? " on " : "", name_worker_ ? worker.c_str() : "", f.done ? "" : ": ", f.error.c_str());
  }
  /// After a stop signal: nothing more starts.
  void unstarted(std::deque<int>& todo) {
    for (int index : todo) manifest_[index].status = "pending";
    todo.clear();
  }

 private:
  Manifest& manifest_;
  const io::Sweep& sweep_;
  std::size_t total_, finished_ = 0;
  bool quiet_, name_worker_;
};

/// Runs `todo` with `jobs` children at a time on this process alone.
void run_local(Children& children, Manifest& manifest, const io::Sweep& sweep, std::deque<int> todo, int jobs,
               const std::string& worker, bool quiet) {
  Ledger ledger(manifest, sweep, todo.size(), quiet, /*name_worker=*/false);
  while (!todo.empty() || children.running() > 0) {
    while (!todo.empty() && children.running() < jobs && g_stop_signal == 0) {
      const int index = todo.front();
      todo.pop_front();
      ledger.started(index, worker);
      children.start(index);
    }
    if (g_stop_signal != 0) ledger.unstarted(todo);
    Finished f;
    if (children.poll(f, true)) ledger.finished(f, worker);
  }
}

/// Rank 0 of an MPI sweep: hands out runs to whichever rank asks, runs `jobs` itself.
void run_coordinator(Children& children, Manifest& manifest, const io::Sweep& sweep, std::deque<int> todo,
                     int jobs, bool quiet) {
  const int workers = mpi::size() - 1;
  int byes = 0;
  Ledger ledger(manifest, sweep, todo.size(), quiet, /*name_worker=*/true);
  while (!todo.empty() || children.running() > 0 || byes < workers) {
    bool busy = false;
    if (g_stop_signal != 0) {
      ledger.unstarted(todo);
      children.forward_stop();
    }
    while (!todo.empty() && children.running() < jobs) {
      const int index = todo.front();
      todo.pop_front();
      ledger.started(index, "rank 0");
      children.start(index);
      busy = true;
    }
    Finished f;
    if (children.poll(f, false)) {
      ledger.finished(f, "rank 0");
      busy = true;
    }
    for (int source; (source = mpi::probe(mpi::kRequest)) >= 0;) {
      const std::string text = mpi::receive_text(source, mpi::kRequest);
      if (!text.empty()) {
        std::string worker;
        const Finished done = decode(text, worker);
        ledger.finished(done, worker);
      }
      int next = -1;
      if (!todo.empty()) {
        next = todo.front();
        todo.pop_front();
        ledger.started(next, "rank " + std::to_string(source));
      }
      mpi::send_int(source, mpi::kAssign, next);
      busy = true;
    }
    for (int source; (source = mpi::probe(mpi::kBye)) >= 0;) {
      mpi::receive_text(source, mpi::kBye);
      ++byes;
      busy = true;
    }
    if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

/// A rank other than 0: asks for runs, `jobs` at a time, until rank 0 says there are no more.
void run_worker(Children& children, int jobs) {
  const std::string worker = "rank " + std::to_string(mpi::rank());
  for (int i = 0; i < jobs; ++i) mpi::send_text(0, mpi::kRequest, "");
  int waiting = jobs, open_slots = jobs;
  while (open_slots > 0 || children.running() > 0) {
    bool busy = false;
    if (g_stop_signal != 0) children.forward_stop();
    Finished f;
    if (children.poll(f, false)) {
      mpi::send_text(0, mpi::kRequest, encode(f, worker));
      ++waiting;
      busy = true;
    }
    if (waiting > 0 && mpi::probe(mpi::kAssign, 0) >= 0) {
      const int index = mpi::receive_int(0, mpi::kAssign);
      --waiting;
      if (index < 0) {
        --open_slots;
      } else {
        children.start(index);  // after a stop signal it comes back at once as not started
      }
      busy = true;
    }
    if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  mpi::send_text(0, mpi::kBye, "");
}

/// The runs of the sweep a folder holds (for merge), from its sweep.yaml alone.
io::SweepResult load_dir_sweep(const SweepDir& dir) {
  return io::load_sweep_structure(read_text(dir.yaml()), dir.yaml().string());
}

struct SignalGuard {
  struct sigaction old_int {}, old_term {}, old_usr1 {}, old_hup {}, old_chld {};
  SignalGuard() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGUSR1, &sa, &old_usr1);
    sigaction(SIGHUP, &sa, &old_hup);
    struct sigaction chld {};
    chld.sa_handler = SIG_DFL;  // an inherited SIG_IGN would make the kernel reap our runs for us
    sigemptyset(&chld.sa_mask);
    sigaction(SIGCHLD, &chld, &old_chld);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGUSR1, &old_usr1, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);
    sigaction(SIGCHLD, &old_chld, nullptr);
  }
};

int sweep_body(const SweepOptions& o, bool use_mpi) {
  const bool root = mpi::rank() == 0;
  Shard shard;
  if (const std::string problem = parse_shard(o.shard, shard); !problem.empty()) {
    if (root) std::cerr << "civicsim sweep: " << problem << "\n";
    return io::kExitUsage;
  }
  if (use_mpi && shard.active()) {
    if (root) std::cerr << "civicsim sweep: use either MPI (mpirun) or --shard / a SLURM array, not both\n";
    return io::kExitUsage;
  }
  const io::SweepResult loaded = io::load_sweep_file(o.scenario, /*check_runs=*/true);
  if (!loaded.ok()) {
    if (root) {
      print_diagnostics(loaded.errors);
      if (loaded.exit_code == io::kExitDataErr)
        std::cerr << loaded.errors.size() << " problem" << (loaded.errors.size() == 1 ? "" : "s")
                  << " in the sweep; nothing was run.\n";
    }
    return loaded.exit_code;
  }
  const io::Sweep& sweep = loaded.sweep;
  if (!sweep.declared) {
    if (root) {
      std::cerr << o.scenario << ": no `sweep` section; add one, e.g. `sweep: {replicates: 10}` with arms and a grid "
                                 "(docs/sweeps.md), or use `civicsim run` for a single run\n";
    }
    return io::kExitDataErr;
  }
  const SweepDir dir{fs::path(o.dir)};
  std::vector<int> selected;
  for (const auto& r : sweep.runs) {
    if (r.index % shard.count == shard.index) selected.push_back(r.index);
  }
  std::vector<int> todo;
  for (int index : selected) {
    if (!run_done(dir, sweep.runs[static_cast<std::size_t>(index)].id)) todo.push_back(index);
  }
  const int threads = std::max(1, o.threads);
  const ResourceEstimate need = largest_run(sweep);
  const Availability have = probe_availability(dir.run_file("probe").string());
  const int jobs = o.jobs > 0 ? o.jobs
                              : (use_mpi ? 1 : automatic_jobs(threads, static_cast<int>(todo.size()), need, have,
                                                             o.quiet || o.dry_run));
  if (o.dry_run) return root ? dry_run(sweep, todo, threads, jobs, need) : io::kExitOk;

  const std::string scenario_abs = fs::absolute(o.scenario).lexically_normal().string();
  int code = io::kExitOk;
  if (root || shard.active()) code = prepare_dir(dir, sweep, scenario_abs, o.resume, shard.active());
  if (use_mpi) code = mpi::broadcast(code);
  if (code != io::kExitOk) return code;

  const fs::path manifest_path = shard.active() ? dir.shard_manifest(shard.index, shard.count) : dir.manifest();
  Manifest manifest(io::manifest_rows(sweep), manifest_path);
  try {
    adopt_previous(manifest, io::read_manifest(manifest_path.string()), sweep);
  } catch (const std::exception& e) {
    if (root || shard.active()) std::cerr << "civicsim sweep: ignoring an unreadable manifest: " << e.what() << "\n";
  }
  for (const auto& r : sweep.runs) {
    if (run_done(dir, r.id)) {
      manifest[r.index].status = "done";
      manifest[r.index].error.clear();
    } else if (manifest[r.index].status != "failed") {
      manifest[r.index].status = "pending";
    }
  }
  SignalGuard signals;
  Children children(sweep, dir, fs::path(scenario_abs).parent_path().string(), threads, o.checkpoint_every);
  if (root || shard.active()) {
    if (!o.quiet) {
      std::fprintf(stderr, "civicsim sweep: %zu runs (%zu arms x %zu grid points x %d replicates)%s; %zu to do, %d at "
                           "a time%s, %d thread%s each\n",
                   sweep.runs.size(), sweep.arms.size(), sweep.points.size(), sweep.replicates,
                   shard.active() ? (", shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count)).c_str()
                                  : "",
                   todo.size(), jobs, use_mpi ? (" per rank on " + std::to_string(mpi::size()) + " ranks").c_str() : "",
                   threads, threads == 1 ? "" : "s");
    }
    manifest.save(true);
  }
  const std::deque<int> queue(todo.begin(), todo.end());
  if (use_mpi && !root) {
    run_worker(children, jobs);
    return io::kExitOk;
  }
  if (use_mpi) {
    run_coordinator(children, manifest, sweep, queue, jobs, o.quiet);
  } else {
    run_local(children, manifest, sweep, queue, jobs, hostname() + ":" + std::to_string(getpid()), o.quiet);
  }
  manifest.save(true);
  if (g_stop_signal != 0) {
    std::cerr << "civicsim sweep: stopped by signal " << static_cast<int>(g_stop_signal)
              << "; finish it with --resume\n";
    return io::kExitTempFail;
  }
  if (shard.active()) {
    int failed = 0;
    for (int index : selected) failed += manifest[index].status != "done";
    if (!o.quiet) {
      std::fprintf(stderr, "shard %d/%d: %zu runs, %d not done; `civicsim merge %s` writes sweep.h5 once every shard "
                           "has finished\n",
                   shard.index, shard.count, selected.size(), failed, o.dir.c_str());
    }
    return failed == 0 ? io::kExitOk : kExitRunsFailed;
  }
  return write_sweep_h5(dir, sweep, manifest, o.quiet);
}

}  // namespace

int sweep(const SweepOptions& o) {
  const bool use_mpi = mpi::launched();
  if (use_mpi && !mpi::available()) {
    std::cerr << "civicsim sweep: started by an MPI launcher, but this civicsim was built without MPI "
                 "(install libopenmpi-dev and rebuild; or run one process per shard with --shard)\n";
    return io::kExitUnavailable;
  }
  if (use_mpi) mpi::init();
  int code = io::kExitOk;
  try {
    code = sweep_body(o, use_mpi);
  } catch (const std::exception& e) {  // the manifest or a folder could not be written
    std::cerr << "civicsim sweep: " << e.what() << "; the runs in progress were stopped\n";
    code = dynamic_cast<const io::OutputError*>(&e) ? dynamic_cast<const io::OutputError&>(e).exit_code
                                                   : io::kExitSoftware;
    if (use_mpi) mpi::abort(code);  // the other ranks would wait for this one for ever
  }
  if (use_mpi) mpi::finalize();
  return code;
}

int merge(const std::string& dir_text, bool quiet) {
  const SweepDir dir{fs::path(dir_text)};
  if (!fs::is_regular_file(dir.yaml())) {
    std::cerr << "civicsim merge: '" << dir_text << "' is not a sweep folder (no sweep.yaml); run `civicsim sweep "
                                                  "SCENARIO -o " << dir_text << "` first\n";
    return io::kExitNoInput;
  }
  const io::SweepResult loaded = load_dir_sweep(dir);
  if (!loaded.ok()) {
    print_diagnostics(loaded.errors);
    return loaded.exit_code;
  }
  const io::Sweep& sweep = loaded.sweep;
  Manifest manifest(io::manifest_rows(sweep), dir.manifest());
  std::vector<fs::path> parts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir.root, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("manifest.shard-", 0) == 0 && entry.path().extension() == ".csv") parts.push_back(entry.path());
  }
  std::sort(parts.begin(), parts.end());
  parts.insert(parts.begin(), dir.manifest());
  for (const auto& part : parts) {
    try {
      adopt_previous(manifest, io::read_manifest(part.string()), sweep);
    } catch (const std::exception& e) {
      std::cerr << "civicsim merge: ignoring " << e.what() << "\n";
    }
  }
  return write_sweep_h5(dir, sweep, manifest, quiet);
}

}  // namespace civicsim::cli
