// The process supervisor of `civicsim sweep`: sweep runs as child processes (`civicsim run SCENARIO
// --sweep-run ID`, output in logs/<id>.log), and the stop signals that end them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include "app/sweep_dir.hpp"
#include "io/sweep.hpp"
#include "io/sweep_ledger.hpp"

namespace civicsim::cli {

/// The stop signal the sweep received (SIGINT, SIGTERM, SIGUSR1, SIGHUP), or 0.
int sweep_stop_signal();

/// Catches the sweep's stop signals (and gives SIGCHLD its default action) while it lives.
struct SignalGuard {
  struct sigaction old_int {
  }, old_term{}, old_usr1{}, old_hup{}, old_chld{};
  SignalGuard();
  ~SignalGuard();
};

/// Runs sweep runs as `civicsim run SCENARIO --sweep-run ID` child processes, each writing its
/// stdout and stderr to logs/<id>.log.
class Children {
 public:
  /// Runs read the sweep folder's copy of the scenario (DIR/sweep.yaml), so an edit of the original
  /// during the sweep changes nothing; its relative paths resolve against `scenario_dir`.
  Children(const io::Sweep& sweep, const SweepDir& dir, std::string scenario_dir, int threads, int checkpoint_every);
  ~Children();  // an error ends the sweep: no run outlives it
  Children(const Children&) = delete;
  Children& operator=(const Children&) = delete;

  int running() const { return static_cast<int>(running_.size()); }

  /// Starts run `index`; a run that cannot start comes back from the next poll() as failed.
  void start(int index);

  /// A run that has ended, if any; waits for one when `block`.
  bool poll(io::RunOutcome& out, bool block);

  /// Asks every running child to stop (they write nothing under their final name).
  void forward_stop();

 private:
  using Clock = std::chrono::steady_clock;
  struct Slot {
    int index;
    pid_t pid;
    Clock::time_point start;
    std::string start_error;
    bool stop_sent = false;
  };

  std::vector<std::string> arguments(const io::SweepRun& run) const;
  /// Spawns the run with its log as stdout and stderr; the error, or "" when it started.
  std::string spawn(std::vector<std::string>& args, int log_fd, pid_t& pid);
  io::RunOutcome finish(const Slot& s, int status, bool lost);
  void describe_failure(io::RunOutcome& f, int status, bool lost, const std::string& tail) const;

  const io::Sweep& sweep_;
  const SweepDir& dir_;
  std::string scenario_dir_;
  int threads_;
  int checkpoint_every_;
  std::string exe_name_;  // argv[0] of the runs
  std::vector<std::string> env_;
  std::vector<Slot> running_;
};

}  // namespace civicsim::cli
