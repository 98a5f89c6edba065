// The synthetic population's citizens (MODEL.md §3): each citizen's fixed attributes and initial
// state, drawn once when the world is built.
#pragma once

#include "kernels/rng.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// Finds the segment of citizen i from segment offsets: begin[s] <= i < begin[s + 1].
CIVICSIM_INLINE std::int64_t segment_of_index(const std::uint64_t* begin, std::int64_t n_segments, std::uint64_t i) {
  std::int64_t lo = 0, hi = n_segments;
  while (hi - lo > 1) {
    const std::int64_t mid = (lo + hi) / 2;
    if (begin[mid] <= i)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

struct CitizenInitParams {
  std::uint64_t seed;
  double internet_access[2];  // urban, rural
  double internet_elderly_factor;
  double literacy_mean[2], literacy_sd[2];
  double initial_adoption[2];
  double initial_trust[2];
  // literacy by residence (issue 17)
  double literacy_mean_rural[2], literacy_sd_rural[2];  // by age group
};

/// Draws every citizen's fixed attributes and initial state. Residence and age group come from
/// the citizen's place in the storage order (by district, then group).
struct InitCitizens {
  CitizenInitParams p;
  CitizenView cv;
  const std::uint64_t* group_begin;  // [district * kGroups + group]
  const double* district_urban_share;
  std::int32_t n_districts;

  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::int64_t segment = segment_of_index(group_begin, static_cast<std::int64_t>(n_districts) * kGroups, i);
    const int d = static_cast<int>(segment / kGroups);
    const int g = static_cast<int>(segment % kGroups);
    const std::uint32_t id = static_cast<std::uint32_t>(i);
    const std::uint32_t id_hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(i) >> 32);
    const Uniform2 place = uniform2(p.seed, id, id_hi, Purpose::CitizenPlace, 0);
    const Uniform2 access = uniform2(p.seed, id, id_hi, Purpose::CitizenInternet, 0);
    const Uniform2 lit = uniform2(p.seed, id, id_hi, Purpose::CitizenLiteracy, 0);

    const double urban_share = district_urban_share[d];
    const bool rural = g >= kRuralAdult;
    const bool elderly = (g & 1) != 0;
    // Urban residents live in the inner disk holding their share of the area, rural ones outside.
    const double inner = pmath::sqrt(urban_share);
    const double r2 = rural ? inner * inner + place.a * (1.0 - inner * inner) : place.a * inner * inner;
    const double radius = pmath::sqrt(r2);
    // A uniformly random direction: the first point of a deterministic sequence of draws in the
    // square that falls inside the unit disk (rejection; no trigonometric functions needed).
    double dx = 1.0, dy = 0.0;
    for (std::uint32_t attempt = 1; attempt < 64; ++attempt) {
      const Uniform2 v = uniform2(p.seed, id, id_hi, Purpose::CitizenPlace, attempt);
      const double x = 2.0 * v.a - 1.0, y = 2.0 * v.b - 1.0;
      const double n2 = x * x + y * y;
      if (n2 > 1e-12 && n2 <= 1.0) {
        const double n = pmath::sqrt(n2);
        dx = x / n;
        dy = y / n;
        break;
      }
    }
    cv.x[i] = static_cast<std::int16_t>(dx * radius * 32767.0);
    cv.y[i] = static_cast<std::int16_t>(dy * radius * 32767.0);
    cv.district[i] = static_cast<std::uint16_t>(d);

    const int age = elderly ? 1 : 0;
    double access_p = p.internet_access[rural ? 1 : 0] * (elderly ? p.internet_elderly_factor : 1.0);
    const bool internet = access.a <= access_p;
    const double z = pmath::normal_quantile(lit.a >= 1.0 ? 0.9999999999999999 : lit.a);
    const double lit_mean = rural ? p.literacy_mean_rural[age] : p.literacy_mean[age];
    const double lit_sd = rural ? p.literacy_sd_rural[age] : p.literacy_sd[age];
    double literacy = lit_mean + lit_sd * z;
    literacy = literacy < 0 ? 0 : (literacy > 1 ? 1 : literacy);
    const bool adopted = internet && lit.b <= p.initial_adoption[age];

    std::uint8_t flags = 0;
    if (elderly) flags |= kCitizenElderly;
    if (rural) flags |= kCitizenRural;
    if (internet) flags |= kCitizenInternet;
    if (adopted) flags |= kCitizenAdopted;
    cv.flags[i] = flags;
    cv.literacy[i] = static_cast<std::uint8_t>(literacy * 255.0 + 0.5);
    cv.trust[i] = static_cast<std::uint16_t>(p.initial_trust[age] * 65535.0 + 0.5);
    cv.satisfaction[i] = 0;
    cv.satisfied_n[i] = 0;
  }
};

}  // namespace civicsim
