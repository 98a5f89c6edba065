// Opening hours and the calendar, evaluated identically on host and device.
#pragma once

#include <cstdint>

#include "kernels/config.hpp"

namespace civicsim {

constexpr int kMaxOpeningIntervals = 8;

/// Opening hours of one channel: "24/7" or minute intervals [begin, end) per day type.
struct Hours {
  std::uint8_t always;
  std::uint8_t n_weekday, n_weekend;
  std::int16_t weekday[kMaxOpeningIntervals][2];
  std::int16_t weekend[kMaxOpeningIntervals][2];
};

CIVICSIM_INLINE int day_of(Seconds t) { return t / kSecondsPerDay; }
CIVICSIM_INLINE int weekday_of(Seconds t, int start_weekday) { return (start_weekday + day_of(t)) % 7; }
CIVICSIM_INLINE bool is_weekend(int weekday) { return weekday >= 5; }

CIVICSIM_INLINE bool is_open(const Hours& h, Seconds t, int start_weekday) {
  if (h.always) return true;
  const bool weekend = is_weekend(weekday_of(t, start_weekday));
  const int n = weekend ? h.n_weekend : h.n_weekday;
  const Seconds second_of_day = t % kSecondsPerDay;
  for (int i = 0; i < n; ++i) {
    const std::int16_t* iv = weekend ? h.weekend[i] : h.weekday[i];
    if (second_of_day >= iv[0] * 60 && second_of_day < iv[1] * 60) return true;
  }
  return false;
}

}  // namespace civicsim
