// Where the engine's time goes: wall-clock seconds per phase of a day, accumulated over the run
// (scripts/bench and `civicsim run --timings` read them). Host clock only: on the GPU the engine
// launches asynchronously and waits for the device (backend_synchronize) before each reading.
#pragma once

#include <chrono>
#include <cstdint>

namespace civicsim {

struct EngineTimings {
  double daily_pass_s = 0;   // the work over the population: start_of_day (interventions, staff,
                             // adoption, today's new needs) and the daily tables' count
  double windows_s = 0;      // the windows of each day, with the intervals they finish
  double end_of_day_s = 0;   // end_of_day without the daily tables: effects on citizens, records
  std::uint64_t windows = 0;  // windows run
  int days = 0;               // days run
};

/// Seconds since `start` on the steady clock; moves `start` to now (for back-to-back phases).
inline double lap_seconds(std::chrono::steady_clock::time_point& start) {
  const auto now = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(now - start).count();
  start = now;
  return s;
}

}  // namespace civicsim
