// Adoption of digital channels (MODEL.md §7): the Bass model, drawn by thinning at midnight.
#pragma once

#include "kernels/thinning.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// Bass adoption: a non-adopter with internet access adopts today with probability
/// 1 − exp(−(p + q F) × ease / 365), F = adopter share of their district, ease = literacy. Drawn by
/// thinning at the highest hazard, (p + q max F) / 365; a block's candidates are applied in order
/// by the one call that owns the block.
struct Adoption {
  std::uint64_t seed;
  std::int32_t day;
  double p, q;
  double hazard_max;
  const double* adopter_share;  // by district, from the end of the previous day
  CitizenView cv;
  CIVICSIM_HD void operator()(std::size_t b) const {
    const std::uint32_t size = block_size(cv.n, b), d = static_cast<std::uint32_t>(day);
    const std::uint32_t candidates = block_poisson(seed, b, Purpose::DailyAdoption, d, hazard_max * size);
    for (std::uint32_t k = 0; k < candidates; ++k) {
      const Candidate c = block_candidate(seed, b, size, k, Purpose::DailyAdoptionCandidate, d);
      const std::uint8_t f = cv.flags[c.citizen];
      if ((f & kCitizenAdopted) || !(f & kCitizenInternet)) continue;
      const double ease = cv.literacy[c.citizen] * (1.0 / 255.0);
      const double hazard = (p + q * adopter_share[cv.district[c.citizen]]) * ease / 365.0;
      if (u01(c.r.v[1], c.r.v[2]) * hazard_max <= hazard) cv.flags[c.citizen] = f | kCitizenAdopted;
    }
  }
};

}  // namespace civicsim
