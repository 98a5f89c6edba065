// Kiosks as service points (issue 17, docs/ODD.md "Kiosks"): each district's kiosks form one queue
// on the digital_human channel (kiosk_begin + d), with seats, opening hours and a session factor.
// The trip: kiosks lie as a Poisson point process of density lambda = kiosks / area over the
// district, so the distance R to the nearest one is Rayleigh, P(R > r) = exp(-lambda pi r^2);
// R = sqrt(-ln u / (lambda pi)) from a uniform u drawn once per citizen.
#pragma once

#include "kernels/math.hpp"
#include "kernels/rng.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// The kiosk queue of district d.
CIVICSIM_INLINE std::int32_t kiosk_queue(const QueueView& qv, int d) { return qv.kiosk_begin + d; }

/// Is queue q a district's kiosk queue?
CIVICSIM_INLINE bool is_kiosk_queue(const QueueView& qv, std::int32_t q) { return q >= qv.kiosk_begin; }

/// One-way trip of citizen c (district d) to the nearest kiosk: the fixed overhead plus the
/// Rayleigh distance over the travel speed (kiosk_reach_s[d] = 1 / (sqrt(lambda pi) × speed)).
/// The uniform depends on the citizen only, so each citizen has the same kiosk every time. The
/// distance part is capped at a day's travel (a vanishing density, e.g. `kiosks: 1e-9`, would
/// otherwise overflow the clock); no one makes such a trip in practice.
CIVICSIM_INLINE Seconds kiosk_one_way(std::uint64_t seed, const QueueView& qv, std::uint32_t c, int d) {
  const Random4 x = philox(seed, c, 0, Purpose::KioskDistance, 0);
  const double u = u01(x.v[0], x.v[1]);  // (0, 1]
  const double reach = qv.kiosk_reach_s[d] * pmath::sqrt(-pmath::log(u));
  return qv.kiosk_travel[d] + static_cast<Seconds>(reach < kSecondsPerDay ? reach + 0.5 : kSecondsPerDay);
}

/// Literacy that counts for the outcome of a session on queue q: at a kiosk with on-site helpers,
/// literacy + lift × (1 - literacy); elsewhere the citizen's own.
CIVICSIM_INLINE double kiosk_literacy(const QueueView& qv, std::int32_t q, double literacy) {
  if (!is_kiosk_queue(qv, q)) return literacy;
  return literacy + qv.kiosk_lift[qv.district[q]] * (1.0 - literacy);
}

}  // namespace civicsim
