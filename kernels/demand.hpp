// Demand (MODEL.md §4, §7): each day's new needs of the citizens, drawn by the daily pass at midnight.
#pragma once

#include "kernels/thinning.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// The day's demand, precomputed on the host for the day type. An agent stands for
/// `district_weight[d]` residents aged 15+ (1 / population.scale, exactly as rounded to whole
/// agents in each district) and raises the needs of all of them, so that queues see the real
/// volume of contacts at any scale; one need in `district_weight` of those is the agent's own.
struct DayDemand {
  double mean_per_citizen[2];                   // expected needs of one resident today: adult, elderly
  const double* district_factor;                // today's demand factor per district (surges; 1 = none)
  const double* district_weight;                // residents one agent stands for, per district
  double mean_max;                              // the highest mean of any agent (the thinning rate)
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

}  // namespace civicsim
