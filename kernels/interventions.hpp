// Per-citizen rules of the interventions that act on citizens (MODEL.md §8): broadband and
// literacy training reach residents in a fixed order of priority, and a privacy incident lowers
// trust. Launched by sim/interventions.cpp at the midnight that starts a day.
#pragma once

#include "kernels/atomic.hpp"
#include "kernels/math.hpp"
#include "kernels/rng.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// Residents and residents with internet access, per district (integer sums: exact in any order).
struct CountAccess {
  CitizenView cv;
  std::uint64_t* population;  // [D]
  std::uint64_t* connected;   // [D]
  CIVICSIM_HD void operator()(std::size_t i) const {
    const int d = cv.district[i];
    atomic_add(population + d, 1);
    if (cv.flags[i] & kCitizenInternet) atomic_add(connected + d, 1);
  }
};

/// Key of a resident's place in a roll-out: district in bits 48-63, then 1 bit of priority (0 =
/// served first: rural residents for broadband, the elderly for training), then 31 random bits.
/// Those the roll-out cannot reach get kNotInRollout, which sorts last.
constexpr std::uint64_t kNotInRollout = ~std::uint64_t{0};

enum class Rollout : int { Broadband = 0, Training = 1 };

struct RolloutKey {
  std::uint64_t seed;
  std::uint32_t stream;  // the intervention's position in the scenario
  Rollout kind;
  bool prioritise;               // rural_first / elderly_first
  std::uint8_t max_literacy;     // training: only residents below this (× 255)
  const std::uint8_t* selected;  // per district: 1 = the intervention applies there
  CitizenView cv;
  std::uint64_t* keys;
  std::uint32_t* index;
  CIVICSIM_HD void operator()(std::size_t i) const {
    index[i] = static_cast<std::uint32_t>(i);
    const std::uint8_t f = cv.flags[i];
    const int d = cv.district[i];
    const bool broadband = kind == Rollout::Broadband;
    const bool candidate =
        selected[d] && (broadband ? !(f & kCitizenInternet) : !(f & kCitizenTrained) && cv.literacy[i] < max_literacy);
    if (!candidate) {
      keys[i] = kNotInRollout;
      return;
    }
    const bool first = broadband ? (f & kCitizenRural) != 0 : (f & kCitizenElderly) != 0;
    const std::uint64_t later = prioritise && !first ? 1 : 0;
    const Random4 r = philox(seed, static_cast<std::uint32_t>(i), stream,
                             broadband ? Purpose::BroadbandOrder : Purpose::TrainingOrder, 0);
    keys[i] = (static_cast<std::uint64_t>(d) << 48) | (later << 47) | (static_cast<std::uint64_t>(r.v[0] >> 1) << 16);
  }
};

/// Reaches the first limit[d] residents of district d in roll-out order (keys sorted, with their
/// citizen index): connects them, or trains them (literacy gain, once). Idempotent, so a day
/// repeats the work of earlier days harmlessly.
struct ReachInOrder {
  Rollout kind;
  std::int32_t literacy_gain;  // training: added to literacy × 255 (capped at 255)
  const std::uint64_t* keys;
  const std::uint32_t* index;
  const std::int64_t* begin;  // per district: first position of its residents in the order
  const std::int64_t* limit;  // per district: how many are reached by today
  CitizenView cv;
  CIVICSIM_HD void operator()(std::size_t pos) const {
    const int d = static_cast<int>(keys[pos] >> 48);
    if (static_cast<std::int64_t>(pos) - begin[d] >= limit[d]) return;
    const std::uint32_t c = index[pos];
    if (kind == Rollout::Broadband) {
      cv.flags[c] = static_cast<std::uint8_t>(cv.flags[c] | kCitizenInternet);
    } else if (!(cv.flags[c] & kCitizenTrained)) {
      const std::int32_t literacy = cv.literacy[c] + literacy_gain;
      cv.literacy[c] = static_cast<std::uint8_t>(literacy > 255 ? 255 : literacy);
      cv.flags[c] = static_cast<std::uint8_t>(cv.flags[c] | kCitizenTrained);
    }
  }
};

/// A privacy incident: every resident of the affected districts loses a share of their trust in
/// digital channels.
struct TrustShock {
  CitizenView cv;
  const std::uint8_t* selected;  // per district
  double keep;                   // 1 − the drop (incident_trust_drop)
  CIVICSIM_HD void operator()(std::size_t i) const {
    if (!selected[cv.district[i]]) return;
    cv.trust[i] = static_cast<std::uint16_t>(cv.trust[i] * keep + 0.5);
  }
};

/// data_sharing as a risk model (issue 17): privacy incidents per year, growing with the records
/// shared and falling with the daily security spending (a hyperbolic breach function: spending
/// security_half_cost halves the rate).
CIVICSIM_INLINE double incident_rate_per_year(double base_per_year, double records, double reference_records,
                                              double security_daily_cost, double security_half_cost) {
  return base_per_year * (records / reference_records) / (1.0 + security_daily_cost / security_half_cost);
}

/// The probability of at least one incident in a day, for a Poisson rate per year.
CIVICSIM_INLINE double incident_daily_probability(double rate_per_year) {
  return 1.0 - pmath::exp(-rate_per_year / 365.0);
}

/// Share of trust an incident takes from residents of the affected districts: max_drop × size ×
/// (1 − mitigation), mitigation = 1 − Π(1 − weight_i × level_i) over the three responses
/// (disclosure, accountability, remediation), so that together they never avoid more than all.
CIVICSIM_INLINE double incident_trust_drop(double max_drop, double size, const double level[3],
                                           const double weight[3]) {
  double kept = 1.0;
  for (int i = 0; i < 3; ++i) kept *= 1.0 - weight[i] * level[i];
  return max_drop * size * kept;
}

/// Does a privacy incident strike intervention `stream` on `day`?
CIVICSIM_INLINE bool privacy_incident(std::uint64_t seed, std::uint32_t stream, std::int32_t day, double probability) {
  return uniform2(seed, stream, 0, Purpose::PrivacyIncident, static_cast<std::uint32_t>(day)).a <= probability;
}

}  // namespace civicsim
