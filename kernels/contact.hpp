// Contacts: a citizen with an open need chooses a channel (multinomial logit over the channels
// available to them at that moment), and online self-service attempts end. Each call moves one
// request by one event; queued channels are handled in kernels/queue.hpp.
#pragma once

#include "kernels/assistant.hpp"
#include "kernels/kiosk.hpp"
#include "kernels/service.hpp"

namespace civicsim {

/// The channel choice of one contact: which channels are available and their utilities.
struct ChoiceSet {
  bool available[kChannels];
  double utility[kChannels];
  std::int32_t queue[kChannels];  // queue joined on each channel (-1 for online)
  Seconds one_way_travel;
  Seconds kiosk_one_way;  // > 0: the digital human is reached at a kiosk, this far away
  CIVICSIM_HD bool any() const { return available[0] || available[1] || available[2] || available[3]; }
};

/// Channels on which a request of this type can be completed in district d: the type's own,
/// plus the digital channels where data_sharing made the type completable online.
CIVICSIM_INLINE std::uint32_t channels_in_district(const QueueView& qv, const TypeParams& type,
                                                   std::uint32_t type_index, int d) {
  const bool shared = ((qv.shared_types[d] >> type_index) & 1u) != 0;
  return type.channel_mask | (shared ? ((1u << kOnline) | (1u << kDigitalHuman)) : 0u);
}

/// Can citizen c reach the digital human at a kiosk? Kiosks in the district, and no home internet
/// (or, where kiosks serve non-users, no use of digital channels at home).
CIVICSIM_INLINE bool kiosk_user(const CitizenView& cv, const QueueView& qv, std::uint32_t c, bool escalated) {
  const int d = cv.district[c];
  const std::uint8_t f = cv.flags[c];
  const bool at_home = (f & kCitizenInternet) && (qv.kiosk_non_users[d] == 0 || (f & kCitizenAdopted));
  return !escalated && !at_home && qv.kiosk_travel[d] > 0;
}

/// Availability and utility of each channel for request r at time t (MODEL.md §5).
CIVICSIM_INLINE ChoiceSet choice_set(const ModelConstants& k, const CitizenView& cv, const DistrictView& dv,
                                     const QueueView& qv, const TypeParams& type, const Request& r, Seconds t) {
  ChoiceSet s{};
  const std::uint32_t c = r.citizen;
  const std::uint8_t f = cv.flags[c];
  const int d = cv.district[c];
  const bool escalated = (r.flags & kFlagEscalated) != 0;
  const bool digital_ok = !escalated && (f & kCitizenInternet) && (f & kCitizenAdopted);
  // A kiosk is an assisted public terminal: residents without home internet consider it whether
  // or not they use digital channels at home.
  const bool kiosk = kiosk_user(cv, qv, c, escalated);
  const HallTrip trip = nearest_hall(dv, cv, k, c);
  s.one_way_travel = trip.one_way;
  s.kiosk_one_way = kiosk ? kiosk_one_way(k.seed, qv, c, d) : 0;
  s.queue[kInPerson] = trip.hall;
  s.queue[kHotline] = qv.hotline;
  s.queue[kOnline] = -1;
  s.queue[kDigitalHuman] = kiosk ? kiosk_queue(qv, d) : qv.dh_begin + d;  // kiosk users queue at the kiosk

  const std::uint32_t mask = channels_in_district(qv, type, r.type, d);
  const bool allowed[kChannels] = {(mask & 1u) != 0, (mask & 2u) != 0, (mask & 4u) != 0, (mask & 8u) != 0};
  s.available[kInPerson] = allowed[kInPerson] && trip.hall >= 0 && qv.employed[trip.hall] > 0 &&
                           is_open(qv.hours[trip.hall], t + trip.one_way, k.start_weekday);
  s.available[kHotline] =
      allowed[kHotline] && qv.on_duty[qv.hotline] > 0 && is_open(qv.hours[qv.hotline], t, k.start_weekday);
  s.available[kOnline] = allowed[kOnline] && digital_ok && !(r.flags & kFlagOnlineFailed);
  const std::int32_t dq = s.queue[kDigitalHuman];
  s.available[kDigitalHuman] = allowed[kDigitalHuman] && (digital_ok || kiosk) && qv.employed[dq] > 0 &&
                               (!kiosk || is_open(qv.hours[dq], t + s.kiosk_one_way, k.start_weekday));

  const double literacy = cv.literacy[c] * (1.0 / 255.0);
  const double trust = cv.trust[c] * (1.0 / 65535.0);
  const double shorter = service_factor_for(qv, d, r.type);
  const AssistantSession a = assistant_session(qv, cv, c, d);
  for (int ch = 0; ch < kChannels; ++ch) {
    if (!s.available[ch]) continue;
    const bool human = ch == kInPerson || ch == kHotline;
    const double wait = s.queue[ch] >= 0 ? static_cast<double>(qv.posted_wait[s.queue[ch]]) : 0.0;
    const double travel = ch == kInPerson ? 2.0 * trip.one_way : ch == kDigitalHuman ? 2.0 * s.kiosk_one_way : 0.0;
    // An assistant session as long as it will take: at a kiosk, and by interface and elder care.
    const double session =
        ch == kDigitalHuman ? (kiosk ? qv.kiosk_session[d] : 1.0) * assistant_session_factor(k, a) : 1.0;
    const double service =
        type.service_seconds[ch] * shorter * session * (human && escalated ? k.escalated_service_factor : 1.0);
    double u = k.asc[ch] + ((f & kCitizenElderly) ? k.asc_elderly[ch] : 0.0) -
               k.beta_time_per_second * (travel + wait + service);
    // Effort on digital channels; with an assistant, as sensitive to literacy as its interface.
    const double sensitivity = ch == kDigitalHuman ? assistant_sensitivity(k, a) : 1.0;
    if (!human) u += k.beta_trust * trust - k.beta_effort * type.complexity * sensitivity * (1.0 - literacy);
    s.utility[ch] = u;
  }
  return s;
}

/// Logit choice probabilities over the available channels.
CIVICSIM_INLINE void choice_probabilities(const ChoiceSet& s, double p[kChannels]) {
  double best = -1e300;
  for (int ch = 0; ch < kChannels; ++ch)
    if (s.available[ch] && s.utility[ch] > best) best = s.utility[ch];
  double total = 0;
  for (int ch = 0; ch < kChannels; ++ch) {
    p[ch] = s.available[ch] ? pmath::exp(s.utility[ch] - best) : 0.0;
    total += p[ch];
  }
  for (int ch = 0; ch < kChannels; ++ch) p[ch] = total > 0 ? p[ch] / total : 0.0;
}

/// Picks a channel with probabilities p from a uniform u in (0, 1].
CIVICSIM_INLINE int pick_channel(const double p[kChannels], double u) {
  double cumulative = 0;
  int last = -1;
  for (int ch = 0; ch < kChannels; ++ch) {
    if (p[ch] <= 0) continue;
    last = ch;
    cumulative += p[ch];
    if (u <= cumulative) return ch;
  }
  return last;  // rounding left u just above the total
}

/// Could this request be served on some channel at some point before the run ends, given the
/// citizen's access? `serves_later[q]` (Engine refreshes it every day, sim/needs_end.cpp):
/// kLaterPosts when queue q has a post filled now or refilled before the end and opening hours, or
/// an intervention that starts or ends later changes its posts or hours; kLaterDigitalAccess on a
/// district's digital-human queue when a later intervention changes who can use digital channels
/// there. If nothing can, the need is unmet at once instead of waiting for a channel that will not
/// open for it, and is counted as such (docs/engine.md, "Nothing available"). Adoption that Bass
/// diffusion may bring later is not anticipated.
CIVICSIM_INLINE bool ever_available(const CitizenView& cv, const QueueView& qv, const std::uint8_t* serves_later,
                                    const TypeParams& type, const Request& r, const ChoiceSet& s) {
  const std::uint8_t f = cv.flags[r.citizen];
  const bool escalated = (r.flags & kFlagEscalated) != 0;
  const std::uint32_t mask = channels_in_district(qv, type, r.type, cv.district[r.citizen]);
  const auto serves = [&](std::int32_t q) { return (serves_later[q] & kLaterPosts) != 0; };
  if ((mask & (1u << kInPerson)) && s.queue[kInPerson] >= 0 && serves(s.queue[kInPerson])) return true;
  if ((mask & (1u << kHotline)) && serves(qv.hotline)) return true;
  if (escalated) return false;
  if (serves_later[qv.dh_begin + cv.district[r.citizen]] & kLaterDigitalAccess) return true;  // wait and see
  const bool digital_ok = (f & kCitizenInternet) && (f & kCitizenAdopted);
  if ((mask & (1u << kDigitalHuman)) && serves(s.queue[kDigitalHuman]) &&
      (digital_ok || kiosk_user(cv, qv, r.citizen, escalated)))
    return true;
  return (mask & (1u << kOnline)) && digital_ok && !(r.flags & kFlagOnlineFailed);
}

/// Nothing can serve the citizen now (e.g. a hall-only need at night): they come back at a time
/// drawn from the arrival profile over the 24 hours after the current hour, so that such needs
/// spread over the next day like other contacts instead of all arriving when the halls open.
CIVICSIM_INLINE Seconds deferred_contact_time(const ModelConstants& k, const Request& r, Seconds t) {
  const Random4 x = philox(k.seed, static_cast<std::uint32_t>(r.id), static_cast<std::uint32_t>(r.id >> 32),
                           Purpose::Defer, static_cast<std::uint32_t>(t));
  const Seconds first = (t / 3600 + 1) * 3600;
  double weight[24], total = 0;
  for (int i = 0; i < 24; ++i) {
    const Seconds at = first + i * 3600;
    weight[i] = k.profile[is_weekend(weekday_of(at, k.start_weekday)) ? 1 : 0][(at % kSecondsPerDay) / 3600];
    total += weight[i];
  }
  const double target = u01(x.v[0], x.v[1]) * total;
  double cumulative = 0;
  int hour = 23;
  for (int i = 0; i < 24; ++i) {
    cumulative += weight[i];
    if (target <= cumulative) {
      hour = i;
      break;
    }
  }
  return first + hour * 3600 + static_cast<Seconds>((static_cast<std::uint64_t>(x.v[2]) * 3600u) >> 32);
}

/// Moves one pending request (kind Choose or OnlineDone, time inside the current window) by one
/// event. Writes the interval counters of what happened.
struct ContactStep {
  ModelConstants k;
  CitizenView cv;
  DistrictView dv;
  QueueView qv;
  const TypeParams* types;
  CounterView counters;
  const std::uint8_t* serves_later;  // per queue: can serve before the run ends (ever_available)
  Request* tokens;
  std::size_t n;  // tokens in this launch

  /// Contacts are latency-bound: each reads six citizen arrays at a random citizen. On the host the
  /// citizen a few contacts ahead is fetched while this one is worked out.
  static constexpr std::size_t kAhead = 4;

  CIVICSIM_HD void operator()(std::size_t i) const {
    if (i + kAhead < n) prefetch_citizen(tokens[i + kAhead].citizen);
    Request& r = tokens[i];
    r.note = 0;
    if (r.kind == kTokenOnlineDone) {
      online_done(r);
    } else {
      choose(r);
    }
  }

  CIVICSIM_HD void prefetch_citizen(std::uint32_t c) const {
    prefetch(cv.flags + c);
    prefetch(cv.district + c);
    prefetch(cv.x + c);
    prefetch(cv.y + c);
    prefetch(cv.literacy + c);
    prefetch(cv.trust + c);
  }

  CIVICSIM_HD void count(int metric, const Request& r, int channel, std::uint64_t v = 1) const {
    const std::uint32_t c = r.citizen;
    atomic_add(counters.at(metric, cv.district[c], group_of(cv.flags[c]), channel), v);
  }

  CIVICSIM_HD void choose(Request& r) const {
    const TypeParams& type = types[r.type];
    const Seconds t = r.time;
    const ChoiceSet s = choice_set(k, cv, dv, qv, type, r, t);
    if (!s.any()) {
      if (r.attempt >= kMaxAttempts) {
        r.kind = kTokenDone;
        r.note |= kNoteDone;
      } else if (ever_available(cv, qv, serves_later, type, r, s)) {
        r.time = deferred_contact_time(k, r, t);
      } else if (r.flags & kFlagOnlineFailed) {
        // Online failed and it is the only channel left for this need: tried again after the
        // online retry delay (or given up), like any contact that did not resolve.
        retry_or_give_up(k, r, t, kOnline);
      } else {  // nothing will serve it before the run ends: unmet now, not open forever
        r.kind = kTokenDone;
        r.note |= kNoteDone;
      }
      return;
    }
    r.attempt = static_cast<std::uint8_t>(r.attempt + 1);
    double p[kChannels];
    choice_probabilities(s, p);
    const int ch = pick_channel(p, request_uniform(k, r, Purpose::Choice));
    r.channel = static_cast<std::uint8_t>(ch);
    if (ch == kOnline) {
      const double shorter = service_factor_for(qv, cv.district[r.citizen], r.type);
      const Seconds svc = service_seconds(type, ch, shorter, request_uniform(k, r, Purpose::Service));
      count(kArrivals, r, ch);
      count(kServed, r, ch);
      count(kServedImmediately, r, ch);
      counters.count_wait(ch, group_of(cv.flags[r.citizen]), 0);
      count(kServiceSecondsSum, r, ch, static_cast<std::uint64_t>(svc));
      r.kind = kTokenOnlineDone;
      r.time = t + svc;
      r.spent += svc;
      return;
    }
    r.kind = kTokenJoin;
    r.queue = s.queue[ch];
    if (ch == kInPerson) {
      r.time = t + s.one_way_travel;
      r.spent += 2 * s.one_way_travel;
      r.deadline = 2 * s.one_way_travel;                      // carried to the hall, which counts it on arrival
    } else if (ch == kDigitalHuman && s.kiosk_one_way > 0) {  // to the kiosk and back
      r.flags |= kFlagKiosk;
      r.time = t + s.kiosk_one_way;
      r.spent += 2 * s.kiosk_one_way;
      r.deadline = 2 * s.kiosk_one_way;
    } else {
      r.deadline = 0;
    }
  }

  CIVICSIM_HD void online_done(Request& r) const {
    const TypeParams& type = types[r.type];
    const double literacy = cv.literacy[r.citizen] * (1.0 / 255.0);
    const double p = type.digital_success * (1.0 - type.complexity * (1.0 - literacy));
    count(kCompleted, r, kOnline);
    if (request_uniform(k, r, Purpose::Outcome) <= p) {
      count(kResolved, r, kOnline);
      r.kind = kTokenDone;
      r.note |= kNoteTrustUp | kNoteDone | kNoteResolved;
    } else {
      r.kind = kTokenChoose;  // choose again at once, without online this time
      r.flags |= kFlagOnlineFailed;
      r.note |= kNoteTrustDown;
    }
  }
};

}  // namespace civicsim
