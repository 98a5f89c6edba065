// Progress on stderr: a live line on a terminal; in a log file (a SLURM job), a timestamped line
// whenever another 10% of the run is done or 30 s have passed, whichever comes first
// (CIVICSIM_PROGRESS_SECONDS sets the 30: scripts/gpu-check takes a run's rate from these lines).
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace civicsim::cli {

class Progress {
 public:
  /// `first_day`: days done before this process started (a resumed run).
  Progress(int total_days, bool enabled, int first_day = 0)
      : total_(total_days),
        first_(first_day),
        enabled_(enabled),
        tty_(isatty(STDERR_FILENO) != 0),
        start_(std::chrono::steady_clock::now()),
        last_print_(start_) {}

  void day_done(int days_done) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = seconds(start_, now);
    const double rate = elapsed > 0 ? (days_done - first_) / elapsed : 0.0;
    const double eta = rate > 0 ? (total_ - days_done) / rate : 0.0;
    const int decile = total_ > 0 ? days_done * 10 / total_ : 10;
    if (tty_) {
      if (seconds(last_print_, now) < 0.2 && days_done < total_) return;
      std::fprintf(stderr, "\r  day %d/%d  %.4g days/s  ETA %.0f s   ", days_done, total_, rate, eta);
      if (days_done == total_) std::fprintf(stderr, "\n");
    } else {
      if (decile == last_decile_ && seconds(last_print_, now) < log_every_) return;
      char stamp[32];
      const std::time_t wall = std::time(nullptr);
      std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", std::localtime(&wall));
      std::fprintf(stderr, "[%s] day %d/%d (%d%%)  %.4g days/s  ETA %.0f s\n", stamp, days_done, total_,
                   total_ > 0 ? days_done * 100 / total_ : 100, rate, eta);
    }
    std::fflush(stderr);
    last_decile_ = decile;
    last_print_ = now;
  }

 private:
  static double seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  }
  /// CIVICSIM_PROGRESS_SECONDS when it is a number from 0.1 to 86400, else 30.
  static double log_interval() {
    const char* text = std::getenv("CIVICSIM_PROGRESS_SECONDS");
    if (text == nullptr) return 30.0;
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    return (end != text && *end == '\0' && v >= 0.1 && v <= 86400.0) ? v : 30.0;
  }
  int total_;
  int first_;
  bool enabled_;
  bool tty_;
  double log_every_ = log_interval();
  int last_decile_ = 0;
  std::chrono::steady_clock::time_point start_, last_print_;
};

}  // namespace civicsim::cli
