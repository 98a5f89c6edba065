// Plain views of the world state (raw pointers into backend memory, passed to functors by value)
// and the constants the behaviour rules read. Owned by sim/world.hpp.
#pragma once

#include <cstdint>

#include "kernels/assistant_params.hpp"
#include "kernels/atomic.hpp"
#include "kernels/config.hpp"
#include "kernels/request.hpp"
#include "kernels/rng.hpp"
#include "kernels/schedule.hpp"

namespace civicsim {

constexpr int kMaxRequestTypes = 32;

/// Channels, in the normative order of MODEL.md §5.
enum Channel : int { kInPerson = 0, kHotline = 1, kOnline = 2, kDigitalHuman = 3 };
constexpr int kChannels = 4;

/// Reporting groups, in the normative order of MODEL.md §3.
enum Group : int { kUrbanAdult = 0, kUrbanElderly = 1, kRuralAdult = 2, kRuralElderly = 3 };
constexpr int kGroups = 4;

/// /series/<metric>, shape [T, D, G, C] (names and units in sim/metrics.hpp).
enum SeriesMetric : int {
  kArrivals = 0,       // contacts that chose the channel (for halls: on arrival at the hall)
  kServed,             // service started
  kServedImmediately,  // service started with zero wait
  kCompleted,          // service finished
  kResolved,           // service finished and the need was met
  kAbandoned,          // left the queue (patience ran out, or the hall closed)
  kEscalated,          // digital-human sessions handed to a human channel
  kWaitSecondsSum,     // sum of waits over served
  kServiceSecondsSum,  // sum of service times over served
  kTravelSecondsSum,   // sum of round-trip travel over in-person arrivals
  kQueueLength,        // waiting at interval end
  kSeriesMetrics
};

/// Citizen bit flags. group = 2 * rural + elderly, in the normative group order.
enum CitizenFlag : std::uint8_t {
  kCitizenElderly = 1,
  kCitizenRural = 2,
  kCitizenInternet = 4,
  kCitizenAdopted = 8,
  kCitizenTrained = 16,  // took a literacy_training course (trained once)
};
CIVICSIM_INLINE int group_of(std::uint8_t flags) { return flags & 3; }
CIVICSIM_INLINE int age_of(std::uint8_t flags) { return flags & kCitizenElderly; }

/// Citizen state, 14 bytes per agent (struct of arrays).
struct CitizenView {
  std::uint16_t* district;  // home district
  std::int16_t* x;          // home position, fraction of the district radius × 32767
  std::int16_t* y;
  std::uint8_t* flags;          // CitizenFlag bits
  std::uint8_t* literacy;       // digital literacy × 255
  std::uint16_t* trust;         // trust in digital channels × 65535
  std::uint16_t* satisfaction;  // running mean satisfaction × 65535
  std::uint16_t* satisfied_n;   // number of needs in that mean (saturates)
  std::uint64_t n;
};
constexpr int kCitizenBytes = 2 + 2 + 2 + 1 + 1 + 2 + 2 + 2;

struct DistrictView {
  const std::uint8_t* kind;  // DistrictKind
  const double* radius_m;
  const std::int32_t* hall_begin;  // halls of district d: [hall_begin[d], hall_begin[d+1]); hall = queue
  const double* hall_x_m;          // hall position relative to the district centre
  const double* hall_y_m;
  std::int32_t n;
};

struct TypeParams {
  double rate_per_day[2];  // adult, elderly (average day)
  double complexity;
  double service_seconds[kChannels];
  std::int32_t distribution;    // 0 exponential, 1 lognormal, 2 deterministic (ServiceDistribution)
  LognormalShape service_unit;  // lognormal: mean 1 and the type's service_cv (its shape, drawn once)
  std::uint32_t channel_mask;   // bit c: can be completed on channel c
  double digital_success;
  double reference_seconds;
};

/// Servers: counter clerks, hotline operators and digital-human sessions, grouped by queue.
enum ServerState : std::uint8_t {
  kServerInactive = 0,  // slot not in the establishment (added later by an intervention)
  kServerEmployed = 1,
  kServerVacant = 2,  // someone left; refilled after the hiring delay
};
constexpr Seconds kServerIdle = -1;

struct ServerView {
  float* skill;         // service-time multiplier
  std::uint8_t* state;  // ServerState
  std::uint16_t* tenure_days;
  std::int32_t* refill_day;   // vacant: day the post is filled again
  std::uint8_t* shift_start;  // hotline: first hour of the daily shift; 255 = whenever open
  Seconds* busy_until;        // kServerIdle when not serving
  Request* in_service;
  std::uint8_t* on_duty;  // for the current window
};

/// The policies interventions set (sim/interventions.cpp), per queue, per server or per district;
/// the baseline values change nothing. Owned by PolicyArrays (sim/world.hpp).
struct PolicyView {
  // digital-human pool settings per district
  const double* dh_boost;
  const std::uint8_t* dh_elder_care;
  const Hours* hours;                   // per queue: opening hours (staffing.hall_hours)
  const std::uint8_t* shift_hours;      // per queue: length of a shift (servers with a shift start)
  const std::uint8_t* server_remote;    // per server: 1 = lent by another region (overflow only)
  const Seconds* kiosk_travel;          // per district: one-way trip to a kiosk; 0 = no kiosks
  const std::uint8_t* kiosk_non_users;  // per district: kiosks also serve connected non-adopters
  const std::uint32_t* shared_types;    // per district: bit t = type t completable on digital channels
  const double* service_factor;         // per district (of the citizen) × kMaxRequestTypes: multiplies service times
  const Seconds* dispatch_latency;      // per district (of the pool): added to a remote session
  std::uint64_t* dispatched;            // per district (of the pool): sessions served remotely
  // assistant interfaces and elder care (issue 17)
  const std::uint8_t* dh_interface;  // per district: AssistantInterface of its digital-human pool
  // kiosks as service points (issue 17), per district (kernels/kiosk.hpp)
  const double* kiosk_reach_s;  // travel seconds per unit of sqrt(-ln u): the Rayleigh scale / speed
  const double* kiosk_session;  // kiosk session time / digital-human service time
  const double* kiosk_lift;     // on-site helpers: literacy + lift × (1 - literacy); 0 = none
};

/// data_sharing (issue 17): the shorter service applies only to a request type whose records are
/// shared in district d (the citizen's); 1 for every other type. Kept per district and type, so
/// that two exchanges sharing different types each shorten only their own.
CIVICSIM_INLINE double service_factor_for(const PolicyView& pv, int d, std::uint32_t type_index) {
  return pv.service_factor[static_cast<std::int64_t>(d) * kMaxRequestTypes + type_index];
}

/// Queues: one per hall (in_person), one city-wide hotline pool, one digital-human pool per
/// district. Waiting lines are two FIFO rings per queue (0: escalated, 1: normal). The queue rules
/// read the policies that govern the queues through the same view (its PolicyView base).
struct QueueView : PolicyView {
  std::int32_t n;
  std::int32_t hotline;   // index of the hotline queue (= number of halls)
  std::int32_t dh_begin;  // digital-human pool of district d is dh_begin + d
  const std::uint8_t* channel;
  const std::int32_t* district;      // -1 for the hotline
  const std::int32_t* server_begin;  // servers of q: [server_begin[q], server_begin[q+1])
  std::int32_t* employed;            // servers employed (DH: sessions), refreshed daily
  std::int32_t* on_duty;             // servers on duty in the current window
  Seconds* posted_wait;              // mean wait published at the last hour boundary
  std::int64_t* hour_wait_sum;       // waits of services started this hour
  std::int32_t* hour_served;
  // waiting rings, index 2q + class
  Request* ring;
  const std::int64_t* ring_base;
  const std::int32_t* ring_cap;
  std::int32_t* ring_head;
  std::int32_t* ring_count;
  // per-queue heaps over the queue's servers (storage at server_begin[q])
  std::int32_t* busy_heap;
  std::int32_t* busy_n;
  std::int32_t* idle_heap;
  std::int32_t* idle_n;
  // hall closing and staff burnout (issue 17): per queue, this day's busy and on-duty server-seconds
  std::int64_t* busy_seconds;
  std::int64_t* duty_seconds;
  // kiosks as service points (issue 17)
  std::int32_t kiosk_begin;  // kiosk queue of district d is kiosk_begin + d (after the digital-human pools)
};

/// Bits of the per-queue "serves later" flags (kernels/contact.hpp ever_available).
enum ServesLaterBit : std::uint8_t {
  kLaterPosts = 1,          // the queue can serve before the run ends
  kLaterDigitalAccess = 2,  // (digital-human queue of a district) digital access there changes later
};

/// Scalar model constants.
struct ModelConstants {
  std::uint64_t seed;
  std::int32_t start_weekday;
  std::int32_t n_types;
  double patience_seconds[kChannels];   // +inf = never abandons
  std::int32_t patience_deterministic;  // 1: patience is exactly the mean (else exponential)
  double retry_probability;
  Seconds retry_delay[kChannels];
  double resolution[kChannels];  // human channels: probability a service resolves
  double escalated_service_factor;
  double dh_elderly_factor;
  double asc[kChannels];
  double beta_time_per_second;
  double beta_effort;
  double beta_trust;
  double speed_mps[3];  // travel speed by district kind
  double travel_overhead_s;
  std::int32_t newcomer_days;
  double newcomer_slowdown;
  std::int32_t hotline_shift_hours;
  double trust_learn_rate;
  Hours hours[kChannels];
  double profile[2][24];  // arrival profile: [weekday, weekend][hour], relative
  // channel constants by age group (issue 17)
  double asc_elderly[kChannels];  // added to asc for citizens aged 60+
  // hall closing and patience with the trip (issue 17)
  std::int32_t serve_queued_at_closing;  // 1: clerks on duty at closing serve the hall's line to its end
  double patience_trip_factor;           // mean patience at a hall or kiosk += factor × round trip
  // assistant interfaces and elder care (issue 17)
  AssistantConstants assistant;
};

/// Waits are also counted in a run-wide histogram per (channel, group) for percentiles: one-second
/// bins below an hour, one-minute bins up to 48 hours, and a last bin for longer waits.
constexpr int kWaitBinsFine = 3600;
constexpr int kWaitBins = kWaitBinsFine + 47 * 60 + 1;
CIVICSIM_INLINE int wait_bin(Seconds wait) {
  if (wait < kWaitBinsFine) return wait < 0 ? 0 : wait;
  const int minutes = (wait - kWaitBinsFine) / 60;
  return minutes < kWaitBins - kWaitBinsFine - 1 ? kWaitBinsFine + minutes : kWaitBins - 1;
}
/// Lower edge of a wait bin in seconds.
CIVICSIM_INLINE Seconds wait_bin_start(int bin) {
  return bin < kWaitBinsFine ? bin : kWaitBinsFine + (bin - kWaitBinsFine) * 60;
}

/// Counters of the current report interval, [metric][district][group][channel], and the run-wide
/// wait histogram [channel][group][bin].
struct CounterView {
  std::uint64_t* interval;
  std::uint64_t* wait_histogram;
  std::int32_t districts;
  CIVICSIM_INLINE void count_wait(int channel, int group, Seconds wait) const {
    atomic_add(wait_histogram + (static_cast<std::int64_t>(channel) * kGroups + group) * kWaitBins + wait_bin(wait), 1);
  }
  CIVICSIM_INLINE std::uint64_t* at(int metric, int district, int group, int channel) const {
    return interval + ((static_cast<std::int64_t>(metric) * districts + district) * kGroups + group) * kChannels +
           channel;
  }
};

}  // namespace civicsim
