// Staff burnout (issue 17): attrition grows with the sustained utilisation of a queue's staff.
#pragma once

#include "kernels/views.hpp"

namespace civicsim {

/// Once a day, per queue: the day's utilisation u = busy / on-duty server-seconds (integers summed
/// exactly by QueueWindow; capped at 1; days with nobody on duty leave the mean as it was) updates
/// the smoothed utilisation ū ← ū + (u − ū) / days (the first day on duty sets ū = u), and the
/// quit probability of the queue's staff is multiplied by
///   1 + gain × max(0, ū − threshold) / (1 − threshold).
/// The day's sums are then cleared.
struct BurnoutDay {
  QueueView qv;
  double* utilisation;  // per queue: ū, −1 before the first day on duty
  double* quit_factor;  // per queue
  double gain, threshold;
  std::int32_t days;
  CIVICSIM_HD void operator()(std::size_t q) const {
    const std::int64_t duty = qv.duty_seconds[q];
    if (duty > 0) {
      double u = static_cast<double>(qv.busy_seconds[q]) / static_cast<double>(duty);
      if (u > 1.0) u = 1.0;
      const double m = utilisation[q];
      utilisation[q] = m < 0.0 ? u : m + (u - m) / static_cast<double>(days);
    }
    qv.busy_seconds[q] = 0;
    qv.duty_seconds[q] = 0;
    quit_factor[q] = burnout_factor(utilisation[q], gain, threshold);
  }
  CIVICSIM_HD static double burnout_factor(double u, double gain, double threshold) {
    if (u <= threshold) return 1.0;
    return 1.0 + gain * (u - threshold) / (1.0 - threshold);
  }
};

}  // namespace civicsim
