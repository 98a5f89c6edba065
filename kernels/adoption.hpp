// Adoption of digital channels (MODEL.md §7): the Bass model, drawn by thinning at midnight.
#pragma once

#include "kernels/thinning.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// Ease of adoption in [0, 1]: literacy × (1 − w + w × trust).
CIVICSIM_INLINE double adoption_ease(const CitizenView& cv, std::uint64_t c, double trust_weight) {
  const double trust = cv.trust[c] * (1.0 / 65535.0);
  return cv.literacy[c] * (1.0 / 255.0) * (1.0 - trust_weight + trust_weight * trust);
}

/// Bass adoption: a non-adopter with internet access adopts today with probability
/// 1 − exp(−(p + q F) × ease / 365), F = adopter share of their district, ease = literacy ×
/// (1 − w + w × trust), w = citizens.adoption.trust_weight (issue 17: who distrusts digital
/// channels is slower to take them up). Drawn by thinning at the highest hazard, (p + q max F) / 365
/// (ease ≤ 1); a block's candidates are applied in order by the one call that owns the block.
struct Adoption {
  std::uint64_t seed;
  std::int32_t day;
  double p, q;
  double hazard_max;
  const double* adopter_share;  // by district, from the end of the previous day
  CitizenView cv;
  double trust_weight;  // citizens.adoption.trust_weight
  CIVICSIM_HD void operator()(std::size_t b) const {
    const std::uint32_t size = block_size(cv.n, b), d = static_cast<std::uint32_t>(day);
    const std::uint32_t candidates = block_poisson(seed, b, Purpose::DailyAdoption, d, hazard_max * size);
    for (std::uint32_t k = 0; k < candidates; ++k) {
      const Candidate c = block_candidate(seed, b, size, k, Purpose::DailyAdoptionCandidate, d);
      const std::uint8_t f = cv.flags[c.citizen];
      if ((f & kCitizenAdopted) || !(f & kCitizenInternet)) continue;
      const double ease = adoption_ease(cv, c.citizen, trust_weight);
      const double hazard = (p + q * adopter_share[cv.district[c.citizen]]) * ease / 365.0;
      if (u01(c.r.v[1], c.r.v[2]) * hazard_max <= hazard) cv.flags[c.citizen] = f | kCitizenAdopted;
    }
  }
};

/// Adopters who stop using digital channels (issue 17): an adopter whose trust is below quit_below
/// stops today with probability 1 − exp(−quit_rate / 365), and is a non-adopter again (Bass may
/// bring them back). Drawn by thinning at that hazard: every candidate that lands on such an
/// adopter stops (the hazard is the same for all who may stop), so each stops with exactly that
/// probability.
struct QuitDigital {
  std::uint64_t seed;
  std::int32_t day;
  double hazard;             // quit_rate / 365
  std::uint16_t quit_below;  // trust × 65535
  CitizenView cv;
  CIVICSIM_HD void operator()(std::size_t b) const {
    const std::uint32_t size = block_size(cv.n, b), d = static_cast<std::uint32_t>(day);
    const std::uint32_t candidates = block_poisson(seed, b, Purpose::QuitDigital, d, hazard * size);
    for (std::uint32_t k = 0; k < candidates; ++k) {
      const Candidate c = block_candidate(seed, b, size, k, Purpose::QuitDigitalCandidate, d);
      const std::uint8_t f = cv.flags[c.citizen];
      if ((f & kCitizenAdopted) && cv.trust[c.citizen] < quit_below)
        cv.flags[c.citizen] = static_cast<std::uint8_t>(f & ~kCitizenAdopted);
    }
  }
};

}  // namespace civicsim
