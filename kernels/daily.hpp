// The daily pass (MODEL.md §7): the only per-population work. At each midnight: staff turnover,
// adoption (Bass), and the day's new needs; at the end of the day: effects of finished contacts
// on trust and satisfaction, and the daily tables.
#pragma once

#include "kernels/service.hpp"

namespace civicsim {

/// Finds the district of citizen i from the district offsets (citizens are stored by district).
CIVICSIM_INLINE int district_of_index(const std::uint64_t* begin, int n_districts, std::uint64_t i) {
  int lo = 0, hi = n_districts;  // begin[lo] <= i < begin[hi]
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    if (begin[mid] <= i) lo = mid; else hi = mid;
  }
  return lo;
}

struct CitizenInitParams {
  std::uint64_t seed;
  double elderly_share;             // among agents
  double internet_access[2];        // urban, rural
  double internet_elderly_factor;
  double literacy_mean[2], literacy_sd[2];
  double initial_adoption[2];
  double initial_trust[2];
};

/// Draws every citizen's fixed attributes and initial state.
struct InitCitizens {
  CitizenInitParams p;
  CitizenView cv;
  const std::uint64_t* district_begin;
  const double* district_urban_share;
  std::int32_t n_districts;

  CIVICSIM_HD void operator()(std::size_t i) const {
    const int d = district_of_index(district_begin, n_districts, i);
    const std::uint32_t id = static_cast<std::uint32_t>(i);
    const std::uint32_t id_hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(i) >> 32);
    const Uniform2 place = uniform2(p.seed, id, id_hi, Purpose::CitizenPlace, 0);
    const Uniform2 group = uniform2(p.seed, id, id_hi, Purpose::CitizenGroup, 0);
    const Uniform2 access = uniform2(p.seed, id, id_hi, Purpose::CitizenInternet, 0);
    const Uniform2 lit = uniform2(p.seed, id, id_hi, Purpose::CitizenLiteracy, 0);

    const double urban_share = district_urban_share[d];
    const bool rural = group.a > urban_share;
    const bool elderly = group.b <= p.elderly_share;
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
    double literacy = p.literacy_mean[age] + p.literacy_sd[age] * z;
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

/// The day's demand, precomputed on the host for the day type.
struct DayDemand {
  double mean_per_citizen[2];                  // expected requests today: adult, elderly
  double type_cumulative[2][kMaxRequestTypes];  // by age: cumulative share of each type
  double hour_cumulative[24];                   // cumulative share of each hour
  std::int32_t n_types;
  std::int32_t day;
};

/// How many new needs each citizen has today.
struct CountNewRequests {
  std::uint64_t seed;
  DayDemand demand;
  CitizenView cv;
  std::uint32_t* count;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const double mean = demand.mean_per_citizen[age_of(cv.flags[i])];
    const Uniform2 u = uniform2(seed, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32),
                                Purpose::DailyRequestCount, static_cast<std::uint32_t>(demand.day));
    count[i] = poisson(mean, u.a);
  }
};

/// Writes each citizen's new needs (type, time of day) at its offset in today's list.
struct FillNewRequests {
  std::uint64_t seed;
  DayDemand demand;
  CitizenView cv;
  const std::uint32_t* count;
  const std::uint64_t* offset;  // exclusive scan of count
  Request* out;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const int age = age_of(cv.flags[i]);
    for (std::uint32_t j = 0; j < count[i]; ++j) {
      const std::uint64_t slot = offset[i] + j;
      const Random4 r = philox(seed, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32),
                               Purpose::DailyRequestDetail,
                               (static_cast<std::uint32_t>(demand.day) << 8) | (j & 0xff));
      const double u_type = u01(r.v[0], r.v[1]);
      const double u_hour = u01(r.v[2], 0);  // 32 random bits place the hour
      int type = 0;
      while (type + 1 < demand.n_types && u_type > demand.type_cumulative[age][type]) ++type;
      int hour = 0;
      while (hour < 23 && u_hour > demand.hour_cumulative[hour]) ++hour;
      const Seconds second = static_cast<Seconds>((static_cast<std::uint64_t>(r.v[3]) * 3600u) >> 32);
      Request q{};
      q.id = (static_cast<std::uint64_t>(demand.day) << 32) | slot;
      q.citizen = static_cast<std::uint32_t>(i);
      q.time = demand.day * kSecondsPerDay + hour * 3600 + second;
      q.born = q.time;
      q.type = static_cast<std::uint8_t>(type);
      q.kind = kTokenChoose;
      out[slot] = q;
    }
  }
};

/// Bass adoption: a non-adopter with internet access adopts today with probability
/// 1 − exp(−(p + q F) × ease / 365), F = adopter share of their district, ease = literacy.
struct Adoption {
  std::uint64_t seed;
  std::int32_t day;
  double p, q;
  const double* adopter_share;  // by district, from the end of the previous day
  CitizenView cv;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::uint8_t f = cv.flags[i];
    if ((f & kCitizenAdopted) || !(f & kCitizenInternet)) return;
    const double ease = cv.literacy[i] * (1.0 / 255.0);
    const double hazard = (p + q * adopter_share[cv.district[i]]) * ease / 365.0;
    const double prob = 1.0 - pmath::exp(-hazard);
    const Uniform2 u = uniform2(seed, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32),
                                Purpose::DailyAdoption, static_cast<std::uint32_t>(day));
    if (u.a <= prob) cv.flags[i] = f | kCitizenAdopted;
  }
};

/// Staff turnover: each employed clerk or operator leaves with the daily equivalent of the yearly
/// attrition of their district kind; a vacant post is filled after the hiring delay by a new hire
/// (new skill, tenure 0).
struct StaffDay {
  std::uint64_t seed;
  std::int32_t day;
  std::int32_t hiring_delay_days;
  double skill_sd;
  const double* quit_probability;  // per server (0 for digital-human sessions)
  ServerView sv;
  CIVICSIM_HD void operator()(std::size_t s) const {
    if (sv.state[s] == kServerVacant && day >= sv.refill_day[s]) {
      sv.state[s] = kServerEmployed;
      sv.tenure_days[s] = 0;
      sv.skill[s] = draw_skill(s, day);
      return;
    }
    if (sv.state[s] != kServerEmployed) return;
    if (sv.tenure_days[s] < 65535) ++sv.tenure_days[s];
    const Uniform2 u = uniform2(seed, static_cast<std::uint32_t>(s), 0, Purpose::StaffAttrition,
                                static_cast<std::uint32_t>(day));
    if (u.a <= quit_probability[s]) {
      sv.state[s] = kServerVacant;
      sv.refill_day[s] = day + hiring_delay_days;
    }
  }
  CIVICSIM_HD float draw_skill(std::size_t s, int hire_day) const {
    const Uniform2 u = uniform2(seed, static_cast<std::uint32_t>(s), 0, Purpose::StaffSkill,
                                static_cast<std::uint32_t>(hire_day + 1));
    const double z = pmath::normal_quantile(u.a >= 1.0 ? 0.9999999999999999 : u.a);
    const double skill = 1.0 + skill_sd * z;
    return static_cast<float>(skill < 0.3 ? 0.3 : skill);
  }
};

/// Applies the day's effects of contacts to one citizen, in time order: trust moves toward 1 after
/// a successful digital contact and toward 0 after a failed one; a finished need adds its
/// satisfaction to the citizen's running mean. `notes` is sorted by (citizen, time, request id);
/// `first[j]` indexes the first note of the j-th citizen that has notes.
struct ApplyNotes {
  CitizenView cv;
  const TypeParams* types;
  const Request* notes;
  const std::uint64_t* first;
  std::uint64_t n_notes;
  std::uint64_t n_first;
  double learn_rate;
  CIVICSIM_HD void operator()(std::size_t j) const {
    const std::uint64_t end = j + 1 < n_first ? first[j + 1] : n_notes;
    const std::uint32_t c = notes[first[j]].citizen;
    double trust = cv.trust[c] * (1.0 / 65535.0);
    double mean = cv.satisfaction[c] * (1.0 / 65535.0);
    std::uint32_t n = cv.satisfied_n[c];
    for (std::uint64_t i = first[j]; i < end; ++i) {
      const Request& r = notes[i];
      if (r.note & kNoteTrustUp) trust += learn_rate * (1.0 - trust);
      if (r.note & kNoteTrustDown) trust -= learn_rate * trust;
      if (r.note & kNoteDone) {
        if (n < 65535) ++n;
        mean += (satisfaction_of(r, types[r.type]) - mean) / n;
      }
    }
    cv.trust[c] = static_cast<std::uint16_t>(trust * 65535.0 + 0.5);
    cv.satisfaction[c] = static_cast<std::uint16_t>(mean * 65535.0 + 0.5);
    cv.satisfied_n[c] = static_cast<std::uint16_t>(n);
  }
};

/// Daily tables [district][group]: integer sums, so they are exact on any thread count.
struct DailyTables {
  std::uint64_t* population;
  std::uint64_t* adopted;
  std::uint64_t* internet;
  std::uint64_t* trust_sum;         // of trust × 65535
  std::uint64_t* satisfaction_sum;  // of mean satisfaction × 65535, over citizens with a need met or not
  std::uint64_t* satisfied;         // citizens with at least one finished need
};
struct CountDaily {
  CitizenView cv;
  DailyTables t;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::uint8_t f = cv.flags[i];
    const int cell = cv.district[i] * kGroups + group_of(f);
    atomic_add(t.population + cell, 1);
    if (f & kCitizenAdopted) atomic_add(t.adopted + cell, 1);
    if (f & kCitizenInternet) atomic_add(t.internet + cell, 1);
    atomic_add(t.trust_sum + cell, cv.trust[i]);
    if (cv.satisfied_n[i] > 0) {
      atomic_add(t.satisfaction_sum + cell, cv.satisfaction[i]);
      atomic_add(t.satisfied + cell, 1);
    }
  }
};

}  // namespace civicsim
