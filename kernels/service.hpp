// Rules shared by every channel: service-time draws, travel to the hall, and what happens to a
// request that leaves a channel without being met (retry or give up).
#pragma once

#include "kernels/atomic.hpp"
#include "kernels/rng.hpp"
#include "kernels/views.hpp"

namespace civicsim {

constexpr int kMaxAttempts = 60;  // a need still open after this many contacts is given up

/// Uniform in (0, 1] for one purpose of one contact of a request.
CIVICSIM_INLINE double request_uniform(const ModelConstants& k, const Request& r, Purpose p) {
  return uniform2(k.seed, static_cast<std::uint32_t>(r.id), static_cast<std::uint32_t>(r.id >> 32), p, r.attempt).a;
}

/// Service time in whole seconds (at least 1): mean × multiplier × a unit-mean random factor.
CIVICSIM_INLINE Seconds service_seconds(const TypeParams& type, int channel, double multiplier, double u) {
  const double unit = type.distribution == 1   ? lognormal(type.service_unit, u)
                      : type.distribution == 2 ? 1.0
                                               : exponential(1.0, u);
  const double s = type.service_seconds[channel] * multiplier * unit;
  if (!(s < 1.0e9)) return 1000000000;
  const Seconds rounded = static_cast<Seconds>(s + 0.5);
  return rounded < 1 ? 1 : rounded;
}

/// One-way travel from a citizen's home to the nearest hall of their district.
struct HallTrip {
  std::int32_t hall;
  Seconds one_way;
};
CIVICSIM_INLINE HallTrip nearest_hall(const DistrictView& dv, const CitizenView& cv, const ModelConstants& k,
                                      std::uint32_t c) {
  const int d = cv.district[c];
  const double r = dv.radius_m[d] / 32767.0;
  const double x = cv.x[c] * r, y = cv.y[c] * r;
  HallTrip best{-1, kNever};
  double best_d2 = 0;
  for (int h = dv.hall_begin[d]; h < dv.hall_begin[d + 1]; ++h) {
    const double dx = x - dv.hall_x_m[h], dy = y - dv.hall_y_m[h];
    const double d2 = dx * dx + dy * dy;
    if (best.hall < 0 || d2 < best_d2) {
      best.hall = h;
      best_d2 = d2;
    }
  }
  if (best.hall >= 0) {
    const double seconds = pmath::sqrt(best_d2) / k.speed_mps[dv.kind[d]] + k.travel_overhead_s;
    best.one_way = static_cast<Seconds>(seconds + 0.5);
  }
  return best;
}

/// A request leaves `channel` at time t unmet (abandoned, or served without resolution): the
/// citizen tries again after the channel's retry delay with the retry probability, else gives up.
CIVICSIM_INLINE void retry_or_give_up(const ModelConstants& k, Request& r, Seconds t, int channel) {
  const double u = request_uniform(k, r, Purpose::Retry);
  if (u <= k.retry_probability && r.attempt < kMaxAttempts) {
    r.kind = kTokenChoose;
    r.time = t + k.retry_delay[channel];
    r.flags &= kFlagOwn;
  } else {
    r.kind = kTokenDone;
    r.time = t;
    r.note |= kNoteDone;
  }
}

/// Satisfaction of a finished need (MODEL.md §6).
CIVICSIM_INLINE double satisfaction_of(const Request& r, const TypeParams& type) {
  if (!(r.note & kNoteResolved)) return 0.0;
  const double s = 1.0 - r.spent / type.reference_seconds;
  return s > 0.0 ? s : 0.0;
}

}  // namespace civicsim
