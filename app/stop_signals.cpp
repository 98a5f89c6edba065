#include "app/stop_signals.hpp"

#include <signal.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "io/scenario.hpp"

namespace civicsim::cli {
namespace {

std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");
// The first stop signal's sender and time: the same signal relayed by someone else right after it
// (SLURM signals every process of a job, and run.sbatch's trap passes it on too) is not a second one.
std::atomic<long> g_first_sender{-1};
std::atomic<long long> g_first_ms{0};
constexpr long long kRelayMs = 1000;
// Files a second signal removes before the process ends (written before the handlers can run).
char g_checkpoint_temporary[4096] = {};
char g_output_temporary[4096] = {};
char g_lock_file[4096] = {};

long long monotonic_ms() {
  struct timespec t {};
  clock_gettime(CLOCK_MONOTONIC, &t);  // async-signal-safe
  return static_cast<long long>(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

extern "C" void on_run_stop_signal(int sig, siginfo_t* info, void*) {
  const long sender = info != nullptr ? static_cast<long>(info->si_pid) : 0;
  if (g_stop_signal.load() == 0) {
    g_first_sender.store(sender);
    g_first_ms.store(monotonic_ms());
    g_stop_signal.store(sig);
    return;
  }
  // A second signal: from the sender of the first (a second Ctrl-C, a second kill), or a second
  // after it from anyone. Stop now: async-signal-safe calls only.
  if (sender != g_first_sender.load() && monotonic_ms() - g_first_ms.load() < kRelayMs) return;
  if (g_checkpoint_temporary[0] != '\0') ::unlink(g_checkpoint_temporary);
  if (g_output_temporary[0] != '\0') ::unlink(g_output_temporary);
  if (g_lock_file[0] != '\0') ::unlink(g_lock_file);  // the lock itself ends with the process
  static const char message[] = "civicsim: second stop signal: stopped at once; the last complete checkpoint is kept\n";
  ssize_t ignored = ::write(STDERR_FILENO, message, sizeof message - 1);
  (void)ignored;
  ::_exit(io::kExitTempFail);
}

void remember(char (&slot)[4096], const std::string& path) {
  if (path.size() < sizeof slot) {
    std::memcpy(slot, path.c_str(), path.size() + 1);
  } else {
    slot[0] = '\0';
  }
}

}  // namespace

void catch_stop_signals() {
  struct sigaction sa {};
  sa.sa_sigaction = on_run_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART | SA_SIGINFO;
  for (const int sig : {SIGTERM, SIGINT, SIGUSR1, SIGHUP}) sigaction(sig, &sa, nullptr);
}

int stop_signal() { return g_stop_signal.load(); }

const char* signal_name(int sig) {
  switch (sig) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGUSR1:
      return "SIGUSR1";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

bool die_with_sweep_parent() {
  const char* parent = std::getenv(kSweepParentVariable);
  if (parent == nullptr) return true;
#if defined(__linux__)
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
  // The sweep may have died before prctl: then this process was handed to another parent.
  return static_cast<long>(::getppid()) == std::strtol(parent, nullptr, 10);
}

void set_checkpoint_temporary(const std::string& path) { remember(g_checkpoint_temporary, path); }
void set_output_temporary(const std::string& path) { remember(g_output_temporary, path); }
void set_lock_file(const std::string& path) { remember(g_lock_file, path); }

}  // namespace civicsim::cli
