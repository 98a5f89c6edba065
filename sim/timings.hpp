// Where the engine's time goes: wall-clock seconds per phase of a day, accumulated over the run
// (scripts/bench and `civicsim run --timings` read them). Host clock only: on the GPU the engine
// launches asynchronously and waits for the device (backend_synchronize) before each reading.
#pragma once

#include <chrono>
#include <cstdint>

namespace civicsim {

struct EngineTimings {
  double daily_pass_s = 0;          // the work over the population: start_of_day (interventions, staff,
                                    // adoption, today's new needs) and the daily tables' count
  double windows_s = 0;             // the windows of each day, with the intervals they finish
  double end_of_day_s = 0;          // end_of_day without the daily tables: effects on citizens, records
  std::uint64_t windows = 0;        // windows run
  std::uint64_t windows_quiet = 0;  // of which nothing happened in (no request due, no queue event)
  // Work handed to the backend inside the windows (kernels/parallel.hpp, LaunchCounts).
  std::uint64_t window_launches = 0, window_host_syncs = 0;
  // Events simulated: contacts (choices, ends of online attempts), arrivals at queues, services
  // started, and departures from queues (services ended, abandonments, turned away).
  std::uint64_t events = 0;
  int days = 0;  // days run
};

/// Times one phase: adds the seconds from its construction to its destruction to `total`, less
/// those of phases nested inside it (on the same thread), which count for their own totals.
/// `synchronize` (optional) is called first at the end: on the GPU, to wait for the work launched.
class ScopedPhase {
 public:
  explicit ScopedPhase(double& total, void (*synchronize)() = nullptr)
      : total_(total), synchronize_(synchronize), outer_(current_), start_(std::chrono::steady_clock::now()) {
    current_ = this;
  }
  ~ScopedPhase() {
    if (synchronize_) synchronize_();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    total_ += s - nested_;
    if (outer_) outer_->nested_ += s;
    current_ = outer_;
  }
  ScopedPhase(const ScopedPhase&) = delete;
  ScopedPhase& operator=(const ScopedPhase&) = delete;

 private:
  static inline thread_local ScopedPhase* current_ = nullptr;
  double& total_;
  void (*synchronize_)();
  ScopedPhase* outer_;
  std::chrono::steady_clock::time_point start_;
  double nested_ = 0;
};

}  // namespace civicsim
