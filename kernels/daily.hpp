// The daily pass (MODEL.md §7): the only per-population work. At each midnight: staff turnover,
// adoption (Bass), and the day's new needs; at the end of the day: effects of finished contacts
// on trust and satisfaction, and the daily tables.
#pragma once

#include "kernels/service.hpp"

namespace civicsim {

/// Finds the segment of citizen i from segment offsets: begin[s] <= i < begin[s + 1].
CIVICSIM_INLINE std::int64_t segment_of_index(const std::uint64_t* begin, std::int64_t n_segments, std::uint64_t i) {
  std::int64_t lo = 0, hi = n_segments;
  while (hi - lo > 1) {
    const std::int64_t mid = (lo + hi) / 2;
    if (begin[mid] <= i) lo = mid; else hi = mid;
  }
  return lo;
}

struct CitizenInitParams {
  std::uint64_t seed;
  double internet_access[2];        // urban, rural
  double internet_elderly_factor;
  double literacy_mean[2], literacy_sd[2];
  double initial_adoption[2];
  double initial_trust[2];
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

// --- Daily draws by thinning (MODEL.md §7) ---------------------------------------------------------
// Each day's new needs and adoptions are rare events (about one citizen in a hundred has a new need
// on a given day). Instead of a random draw per citizen, the population is cut into blocks of
// kDrawBlock citizens; each block draws a Poisson number of candidates at the highest rate any of
// its citizens has, each candidate lands on a uniformly chosen citizen of the block and is kept
// with probability (that citizen's rate / the highest rate). This is exact thinning of Poisson
// processes: every citizen gets a Poisson number of needs with their own mean, independently,
// and adopts with probability 1 - exp(-hazard), as with a draw per citizen; but the work is
// proportional to the events, not to the population.
constexpr std::uint64_t kDrawBlock = 1024;

CIVICSIM_INLINE std::uint64_t draw_blocks(std::uint64_t citizens) {
  return (citizens + kDrawBlock - 1) / kDrawBlock;
}
CIVICSIM_INLINE std::uint32_t block_size(std::uint64_t citizens, std::uint64_t block) {
  const std::uint64_t left = citizens - block * kDrawBlock;
  return static_cast<std::uint32_t>(left < kDrawBlock ? left : kDrawBlock);
}

/// A Poisson variate of any mean for (block, purpose, day): the sum of Poisson parts of mean at
/// most 16, each by inversion from its own uniform.
CIVICSIM_INLINE std::uint32_t block_poisson(std::uint64_t seed, std::uint64_t block, Purpose purpose,
                                            std::uint32_t day, double mean) {
  std::uint32_t total = 0;
  for (std::uint32_t j = 0; mean > 0.0; ++j) {
    const Random4 r = philox(seed, static_cast<std::uint32_t>(block), j, purpose, day);
    for (int h = 0; h < 2 && mean > 0.0; ++h) {
      const double part = mean < 16.0 ? mean : 16.0;
      total += poisson(part, u01(r.v[2 * h], r.v[2 * h + 1]));
      mean -= part;
    }
  }
  return total;
}

/// Candidate k of a block: the citizen it lands on and the four random words it carries (word 0
/// placed it).
struct Candidate {
  std::uint64_t citizen;
  Random4 r;
};
CIVICSIM_INLINE Candidate block_candidate(std::uint64_t seed, std::uint64_t block, std::uint32_t size,
                                          std::uint32_t k, Purpose purpose, std::uint32_t day) {
  Candidate c;
  c.r = philox(seed, static_cast<std::uint32_t>(block), k, purpose, day);
  c.citizen = block * kDrawBlock + ((static_cast<std::uint64_t>(c.r.v[0]) * size) >> 32);
  return c;
}

/// A uniform in (0, 1] from one 32-bit word.
CIVICSIM_INLINE double u01_32(std::uint32_t w) { return (static_cast<double>(w) + 1.0) * (1.0 / 4294967296.0); }

/// The day's demand, precomputed on the host for the day type. An agent stands for
/// `district_weight[d]` residents aged 15+ (1 / population.scale, exactly as rounded to whole
/// agents in each district) and raises the needs of all of them, so that queues see the real
/// volume of contacts at any scale; one need in `district_weight` of those is the agent's own.
struct DayDemand {
  double mean_per_citizen[2];                  // expected needs of one resident today: adult, elderly
  const double* district_factor;               // today's demand factor per district (surges; 1 = none)
  const double* district_weight;               // residents one agent stands for, per district
  double mean_max;                             // the highest mean of any agent (the thinning rate)
  double type_cumulative[2][kMaxRequestTypes];  // by age: cumulative share of each type
  double hour_cumulative[24];                   // cumulative share of each hour
  std::int32_t n_types;
  std::int32_t day;

  /// One resident's expected needs today for candidate c's agent.
  CIVICSIM_HD double resident_mean(const CitizenView& cv, const Candidate& c) const {
    return mean_per_citizen[age_of(cv.flags[c.citizen])] * district_factor[cv.district[c.citizen]];
  }
  /// Is candidate c a need (kept by thinning)? The agent's mean is its residents' together.
  CIVICSIM_HD bool keeps(const CitizenView& cv, const Candidate& c) const {
    return u01_32(c.r.v[1]) <= resident_mean(cv, c) * district_weight[cv.district[c.citizen]] / mean_max;
  }
  /// Is the kept candidate c the agent's own need? Given that it was kept, the word that kept it
  /// is uniform below the keep threshold, so testing it against the one-resident threshold marks
  /// each need as own with probability 1 / district_weight, without another draw.
  CIVICSIM_HD bool own(const CitizenView& cv, const Candidate& c) const {
    return u01_32(c.r.v[1]) <= resident_mean(cv, c) / mean_max;
  }
};

/// How many new needs each block of citizens has today.
struct CountNewRequests {
  std::uint64_t seed;
  DayDemand demand;
  CitizenView cv;
  std::uint32_t* count;  // per block
  CIVICSIM_HD void operator()(std::size_t b) const {
    const std::uint32_t size = block_size(cv.n, b), day = static_cast<std::uint32_t>(demand.day);
    const std::uint32_t candidates = block_poisson(seed, b, Purpose::DailyRequestCount, day, demand.mean_max * size);
    std::uint32_t kept = 0;
    for (std::uint32_t k = 0; k < candidates; ++k)
      kept += demand.keeps(cv, block_candidate(seed, b, size, k, Purpose::DailyRequestDetail, day));
    count[b] = kept;
  }
};

/// Writes each block's new needs (type, time of day) at its offset in today's list.
struct FillNewRequests {
  std::uint64_t seed;
  DayDemand demand;
  CitizenView cv;
  const std::uint64_t* offset;  // exclusive scan of the per-block counts
  Request* out;
  CIVICSIM_HD void operator()(std::size_t b) const {
    const std::uint32_t size = block_size(cv.n, b), day = static_cast<std::uint32_t>(demand.day);
    const std::uint32_t candidates = block_poisson(seed, b, Purpose::DailyRequestCount, day, demand.mean_max * size);
    std::uint64_t slot = offset[b];
    for (std::uint32_t k = 0; k < candidates; ++k) {
      const Candidate c = block_candidate(seed, b, size, k, Purpose::DailyRequestDetail, day);
      if (!demand.keeps(cv, c)) continue;
      const int age = age_of(cv.flags[c.citizen]);
      const double u_type = u01_32(c.r.v[2]);
      int type = 0;
      while (type + 1 < demand.n_types && u_type > demand.type_cumulative[age][type]) ++type;
      // The hour by the day's profile; the second by where the same uniform falls inside that
      // hour's share (uniform within the hour).
      const double u_time = u01_32(c.r.v[3]);
      int hour = 0;
      while (hour < 23 && u_time > demand.hour_cumulative[hour]) ++hour;
      const double lo = hour > 0 ? demand.hour_cumulative[hour - 1] : 0.0;
      const double width = demand.hour_cumulative[hour] - lo;
      Seconds second = width > 0 ? static_cast<Seconds>((u_time - lo) / width * 3600.0) : 0;
      second = second < 0 ? 0 : (second > 3599 ? 3599 : second);
      Request q{};
      q.id = (static_cast<std::uint64_t>(demand.day) << 32) | slot;
      q.citizen = static_cast<std::uint32_t>(c.citizen);
      q.time = demand.day * kSecondsPerDay + hour * 3600 + second;
      q.born = q.time;
      q.type = static_cast<std::uint8_t>(type);
      q.kind = kTokenChoose;
      q.flags = demand.own(cv, c) ? kFlagOwn : 0;
      out[slot++] = q;
    }
  }
};

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

/// Staff turnover: each employed clerk or operator leaves with the daily equivalent of the yearly
/// attrition of their district kind; a vacant post is filled after the hiring delay by a new hire
/// (new skill, tenure 0).
struct StaffDay {
  std::uint64_t seed;
  std::int32_t day;
  std::int32_t hiring_delay_days;
  double skill_sd;
  const double* quit_probability;  // per server (0 for digital-human sessions)
  const std::int32_t* server_queue;  // per server: its queue
  const std::int32_t* server_begin;  // per queue: its first server
  ServerView sv;
  CIVICSIM_HD void operator()(std::size_t s) const {
    // Draws are keyed by (queue, post within the queue), not by the server's index: an arm of a
    // sweep that adds posts to one queue leaves every other post's draws as they were.
    const std::int32_t q = server_queue[s];
    const auto queue = static_cast<std::uint32_t>(q);
    const auto post = static_cast<std::uint32_t>(static_cast<std::int32_t>(s) - server_begin[q]);
    if (sv.state[s] == kServerVacant && day >= sv.refill_day[s]) {
      sv.state[s] = kServerEmployed;
      sv.tenure_days[s] = 0;
      sv.skill[s] = draw_skill(queue, post, day);
      return;
    }
    if (sv.state[s] != kServerEmployed) return;
    if (sv.tenure_days[s] < 65535) ++sv.tenure_days[s];
    const Uniform2 u = uniform2(seed, queue, post, Purpose::StaffAttrition, static_cast<std::uint32_t>(day));
    if (u.a <= quit_probability[s]) {
      sv.state[s] = kServerVacant;
      sv.refill_day[s] = day + hiring_delay_days;
    }
  }
  CIVICSIM_HD float draw_skill(std::uint32_t queue, std::uint32_t post, int hire_day) const {
    const Uniform2 u = uniform2(seed, queue, post, Purpose::StaffSkill, static_cast<std::uint32_t>(hire_day + 1));
    const double z = pmath::normal_quantile(u.a >= 1.0 ? 0.9999999999999999 : u.a);
    const double skill = 1.0 + skill_sd * z;
    return static_cast<float>(skill < 0.3 ? 0.3 : skill);
  }
};

/// Applies the day's effects of contacts to one citizen, in time order: trust moves toward 1 after
/// a successful digital contact and toward 0 after a failed one; a finished need adds its
/// satisfaction to the citizen's running mean. Only the agent's own needs (kFlagOwn) count: the
/// others are the needs of the residents it stands for, whose experience would otherwise make one
/// agent learn 1/scale times as fast as a person. `notes` is sorted by (citizen, time, request id);
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
      if (!(r.flags & kFlagOwn)) continue;
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
enum DailyTable : int {
  kTablePopulation = 0,
  kTableAdopted,
  kTableInternet,
  kTableTrustSum,         // of trust × 65535
  kTableSatisfactionSum,  // of mean satisfaction × 65535, over citizens with a finished need
  kTableSatisfied,        // citizens with at least one finished need
  kDailyTables
};

/// The daily tables are summed in two steps, without atomics. Citizens are stored by district and
/// group, so each chunk of citizens lies inside one (district, group) segment: it writes its
/// partial sums (five branch-free running sums, which compilers vectorise), then each cell adds its
/// chunks'. On the GPU a chunk has kTableLanes interleaved lanes, so that neighbouring threads read
/// neighbouring citizens. A lane sums at most kTableLaneCitizens citizens, so 32-bit partials
/// cannot overflow.
#if defined(CIVICSIM_BACKEND_CUDA)
constexpr std::uint32_t kTableLanes = 32;
#else
constexpr std::uint32_t kTableLanes = 1;
#endif
constexpr std::uint64_t kTableLaneCitizens = 4096;
constexpr std::uint64_t kTableChunk = kTableLanes * kTableLaneCitizens;
/// Bytes the daily pass reads per citizen (flags 1, trust 2, satisfaction 2 and its count 2); it
/// writes none. Its other work (thinned draws, staff) is proportional to events and servers.
constexpr int kDailyPassBytesPerCitizen = 7;

struct CountDaily {
  CitizenView cv;
  const std::uint64_t* chunk_begin;  // first citizen of each chunk; chunk c ends at chunk_end[c]
  const std::uint64_t* chunk_end;
  std::uint32_t* partial;            // [chunk][lane][table]

  CIVICSIM_HD void operator()(std::size_t item) const {
    const std::size_t chunk = item / kTableLanes;
    const std::uint32_t lane = static_cast<std::uint32_t>(item % kTableLanes);
    std::uint32_t population = 0, adopted = 0, internet = 0, trust = 0, satisfaction = 0, satisfied = 0;
    const std::uint64_t end = chunk_end[chunk];
    for (std::uint64_t i = chunk_begin[chunk] + lane; i < end; i += kTableLanes) {
      const std::uint32_t f = cv.flags[i];
      const std::uint32_t has_need_met = cv.satisfied_n[i] != 0 ? 1u : 0u;
      population += 1;
      adopted += (f / kCitizenAdopted) & 1u;
      internet += (f / kCitizenInternet) & 1u;
      trust += cv.trust[i];
      satisfied += has_need_met;
      satisfaction += cv.satisfaction[i] & (0u - has_need_met);
    }
    std::uint32_t* out = partial + item * kDailyTables;
    out[kTablePopulation] = population;
    out[kTableAdopted] = adopted;
    out[kTableInternet] = internet;
    out[kTableTrustSum] = trust;
    out[kTableSatisfactionSum] = satisfaction;
    out[kTableSatisfied] = satisfied;
  }
};

/// Adds the partial sums of each (district, group) segment's chunks: one call per
/// (table, segment).
struct SumDailyTables {
  const std::uint32_t* partial;
  const std::int64_t* segment_chunk_begin;  // chunks of segment s: [begin[s], begin[s+1])
  std::uint64_t* tables;                    // [table][district][group] = [table][segment]
  std::int64_t segments;
  CIVICSIM_HD void operator()(std::size_t cell) const {
    const std::int64_t segment = static_cast<std::int64_t>(cell) % segments;
    const int table = static_cast<int>(static_cast<std::int64_t>(cell) / segments);
    std::uint64_t total = 0;
    for (std::int64_t c = segment_chunk_begin[segment]; c < segment_chunk_begin[segment + 1]; ++c)
      for (std::uint32_t lane = 0; lane < kTableLanes; ++lane)
        total += partial[(static_cast<std::uint64_t>(c) * kTableLanes + lane) * kDailyTables + table];
    tables[cell] = total;
  }
};

}  // namespace civicsim
