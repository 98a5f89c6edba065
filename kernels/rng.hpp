// Counter-based random numbers (Random123's Philox4x32-10). Every draw is a pure function of
// (seed, entity, event, purpose): no generator state, so results do not depend on threads,
// devices or the order of work.
#pragma once

#include <Random123/philox.h>

#include <cstdint>

#include "kernels/config.hpp"
#include "kernels/math.hpp"

namespace civicsim {

/// What a draw is for. Each purpose gets its own counter, so adding a draw for one purpose never
/// shifts the numbers drawn for another.
enum class Purpose : std::uint32_t {
  // citizen initialisation
  // (CitizenGroup is no longer drawn: residence and age come from the storage order; it keeps
  // its number so that the purposes after it keep theirs.)
  CitizenPlace = 1,
  CitizenGroup,
  CitizenInternet,
  CitizenLiteracy,
  CitizenAdoption,
  CitizenTrust,
  // daily pass
  DailyRequestCount = 16,
  DailyRequestDetail,
  DailyAdoption,
  DailyAdoptionCandidate,
  // request lifecycle (counter also carries the attempt number)
  Choice = 32,
  Patience,
  Service,
  Outcome,
  Retry,
  Defer,
  // staff
  StaffSkill = 48,
  StaffAttrition,
  // interventions
  BroadbandOrder = 64,
  TrainingOrder,
  PrivacyIncident,
  // adopters who stop using digital channels (issue 17)
  QuitDigital,
  QuitDigitalCandidate,
  // kiosks as service points (issue 17)
  KioskDistance = 80,  // a citizen's distance to the nearest kiosk (stable per citizen)
  // sampling designs of sweeps (io/design.cpp; host only, keyed by the design's seed)
  DesignLhs = 96,     // a Latin hypercube's stratum permutations (parameter, step)
  DesignLhsPosition,  // where in its stratum a Latin hypercube point lies (parameter, row)
  DesignMorris,       // a Morris trajectory's base point, directions and order (trajectory, parameter)
  DesignShift,        // the digital shift of a Sobol' sequence (dimension)
  // `civicsim sensitivity`: the bootstrap resamples of its intervals (a = resample, b = unit drawn)
  SensitivityBootstrap = 112,
};

struct Random4 {
  std::uint32_t v[4];
};

/// Four independent 32-bit words for counter (a, b, purpose, d) under the run's seed.
CIVICSIM_INLINE Random4 philox(std::uint64_t seed, std::uint32_t a, std::uint32_t b, Purpose purpose, std::uint32_t d) {
  r123::Philox4x32 gen;
  r123::Philox4x32::ctr_type ctr = {{a, b, static_cast<std::uint32_t>(purpose), d}};
  r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const r123::Philox4x32::ctr_type out = gen(ctr, key);
  return Random4{{out.v[0], out.v[1], out.v[2], out.v[3]}};
}

/// A double in (0, 1] with 53 random bits, from two 32-bit words. Never 0, so log() is safe.
CIVICSIM_INLINE double u01(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t m = (static_cast<std::uint64_t>(hi >> 5) << 26) | (lo >> 6);  // 53 bits
  return (static_cast<double>(m) + 1.0) * (1.0 / 9007199254740992.0);
}

/// Two uniforms in (0, 1] from one Philox call.
struct Uniform2 {
  double a, b;
};
CIVICSIM_INLINE Uniform2 uniform2(std::uint64_t seed, std::uint32_t a, std::uint32_t b, Purpose p, std::uint32_t d) {
  const Random4 r = philox(seed, a, b, p, d);
  return Uniform2{u01(r.v[0], r.v[1]), u01(r.v[2], r.v[3])};
}

/// Exponential variate with the given mean from a uniform in (0, 1].
CIVICSIM_INLINE double exponential(double mean, double u) { return -mean * pmath::log(u); }

/// The parameters (mu, sigma) of the lognormal with the given mean and coefficient of variation.
struct LognormalShape {
  double mu, sigma;
};
CIVICSIM_INLINE LognormalShape lognormal_shape(double mean, double cv) {
  const double sigma2 = pmath::log(1.0 + cv * cv);
  return LognormalShape{pmath::log(mean) - 0.5 * sigma2, pmath::sqrt(sigma2)};
}

/// Lognormal variate of the given shape from a uniform in (0, 1].
CIVICSIM_INLINE double lognormal(const LognormalShape& shape, double u) {
  const double z = pmath::normal_quantile(u >= 1.0 ? 0.9999999999999999 : u);
  return pmath::exp(shape.mu + shape.sigma * z);
}

/// Lognormal variate with the given mean and coefficient of variation, from a uniform in (0, 1].
CIVICSIM_INLINE double lognormal_mean_cv(double mean, double cv, double u) {
  return lognormal(lognormal_shape(mean, cv), u);
}

/// Poisson variate by inversion (means used here are small: a citizen's requests in one day).
CIVICSIM_INLINE std::uint32_t poisson(double mean, double u) {
  if (mean <= 0.0) return 0;
  if (u >= 1.0) u = 0.9999999999999999;  // u01 can return 1: not the far tail
  double p = pmath::exp(-mean);
  double cdf = p;
  std::uint32_t k = 0;
  const std::uint32_t limit = static_cast<std::uint32_t>(mean * 10.0 + 100.0);
  while (u > cdf && k < limit) {
    ++k;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

}  // namespace civicsim
