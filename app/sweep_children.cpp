#include "app/sweep_children.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "app/run_files.hpp"
#include "app/stop_signals.hpp"
#include "io/checkpoint.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"

extern char** environ;

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;

volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }

/// The environment of a run: this one without the MPI launcher's variables (a run is not an MPI
/// process), plus CIVICSIM_DEVICE = the rank's local rank (one GPU per rank) unless set already.
std::vector<std::string> child_environment() {
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

}  // namespace

int sweep_stop_signal() { return g_stop_signal; }

SignalGuard::SignalGuard() {
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

SignalGuard::~SignalGuard() {
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGUSR1, &old_usr1, nullptr);
  sigaction(SIGHUP, &old_hup, nullptr);
  sigaction(SIGCHLD, &old_chld, nullptr);
}

Children::Children(const io::Sweep& sweep, const SweepDir& dir, std::string scenario_dir, int threads,
                   int checkpoint_every)
    : sweep_(sweep),
      dir_(dir),
      scenario_dir_(std::move(scenario_dir)),
      threads_(threads),
      checkpoint_every_(checkpoint_every) {
  std::error_code ec;
  exe_name_ = fs::read_symlink("/proc/self/exe", ec).string();
  if (ec) exe_name_ = "civicsim";
  env_ = child_environment();
}

Children::~Children() {
  forward_stop();
  for (auto& s : running_) {
    if (s.pid > 0) waitpid(s.pid, nullptr, 0);
  }
}

std::vector<std::string> Children::arguments(const io::SweepRun& run) const {
  const std::string out = dir_.run_file(run.id).string();
  const std::string threads = std::to_string(threads_);
  // --resume auto: a run stopped by a signal, or killed, carries on from its checkpoint.
  std::vector<std::string> args = {
      exe_name_, "run", dir_.yaml().string(), "--scenario-dir", scenario_dir_, "--sweep-run",         run.id,
      "-o",      out,   "--threads",          threads,          "--quiet",     "--no-resource-check", "--resume",
      "auto"};
  if (!sweep_.design_path.empty()) args.insert(args.end(), {"--design-file", dir_.design().string()});
  if (checkpoint_every_ > 0) args.insert(args.end(), {"--checkpoint-every", std::to_string(checkpoint_every_)});
  return args;
}

std::string Children::spawn(std::vector<std::string>& args, int log_fd, pid_t& pid) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The run dies with the sweep (app/stop_signals.hpp): a killed sweep leaves no run behind.
  std::string parent = std::string(kSweepParentVariable) + "=" + std::to_string(static_cast<long>(::getpid()));
  std::vector<char*> envp;
  for (auto& e : env_) envp.push_back(e.data());
  envp.push_back(parent.data());
  envp.push_back(nullptr);
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
  // The running program itself, even if the file it came from was rebuilt or removed meanwhile.
  const int rc = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return rc != 0 ? std::string("cannot start the run: ") + std::strerror(rc) : std::string();
}

void Children::start(int index) {
  const io::SweepRun& run = sweep_.runs[static_cast<std::size_t>(index)];
  Slot slot{index, -1, Clock::now(), ""};
  if (g_stop_signal != 0) {
    slot.start_error = "not started: the sweep was interrupted";
    slot.stop_sent = true;
    running_.push_back(slot);
    return;
  }
  std::vector<std::string> args = arguments(run);
  const std::string log = dir_.log_file(run.id).string();
  int log_fd = -1;
  try {  // created safely: never through a link, never over anything but a regular file
    log_fd = io::create_in_place(log, /*replace=*/true, "run log");
  } catch (const io::OutputError& e) {
    slot.start_error = std::string("cannot start the run: ") + e.what();
    running_.push_back(slot);
    return;
  }
  pid_t pid = -1;
  const std::string error = spawn(args, log_fd, pid);
  ::close(log_fd);
  if (!error.empty()) {
    slot.start_error = error;
  } else {
    slot.pid = pid;
  }
  running_.push_back(slot);
}

bool Children::poll(io::RunOutcome& out, bool block) {
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

void Children::forward_stop() {
  for (auto& s : running_) {
    if (s.pid >= 0 && !s.stop_sent) {
      kill(s.pid, SIGTERM);
      s.stop_sent = true;
    }
  }
}

io::RunOutcome Children::finish(const Slot& s, int status, bool lost) {
  const io::SweepRun& run = sweep_.runs[static_cast<std::size_t>(s.index)];
  io::RunOutcome f;
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
  describe_failure(f, status, lost, tail);
  return f;
}

void Children::describe_failure(io::RunOutcome& f, int status, bool lost, const std::string& tail) const {
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
}

}  // namespace civicsim::cli
