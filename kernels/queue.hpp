// Multi-server queues with exact event times (MODEL.md §5): first come, first served within a
// priority class (escalated first), ties by arrival time then citizen then request id; patience,
// abandonment at the exact moment the wait would exceed it, and service by the lowest-numbered
// free server. One call runs one queue through one window [w0, w1) of the engine; queues are
// independent inside a window, so they run in parallel.
#pragma once

#include "kernels/assistant.hpp"
#include "kernels/kiosk.hpp"
#include "kernels/service.hpp"

namespace civicsim {

/// Whether a queue of `channel` serves those already queued when it closes (halls under
/// channels.in_person.at_closing: serve_queued; everything else turns its line away).
CIVICSIM_INLINE bool serves_queued_at_closing(const ModelConstants& k, int channel) {
  return channel == kInPerson && k.serve_queued_at_closing != 0;
}

/// Mean patience (seconds) of a request joining a queue of `channel` after a round trip of
/// `round_trip` seconds (hall or kiosk; 0 otherwise): the sunk cost of the trip makes people wait
/// longer, mean = patience_minutes × 60 + patience_trip_factor × round trip. +inf stays +inf.
CIVICSIM_INLINE double mean_patience(const ModelConstants& k, int channel, Seconds round_trip) {
  const double base = k.patience_seconds[channel];
  if (base >= 1.0e300 || round_trip <= 0) return base;
  return base + k.patience_trip_factor * static_cast<double>(round_trip);
}

/// Min-heap of server indices stored at heap[0..n); `before(a, b)` orders them.
template <class Before>
CIVICSIM_INLINE void heap_push(std::int32_t* heap, std::int32_t& n, std::int32_t s, const Before& before) {
  std::int32_t i = n++;
  while (i > 0) {
    const std::int32_t parent = (i - 1) / 2;
    if (!before(s, heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = s;
}

template <class Before>
CIVICSIM_INLINE std::int32_t heap_pop(std::int32_t* heap, std::int32_t& n, const Before& before) {
  const std::int32_t top = heap[0];
  const std::int32_t last = heap[--n];
  std::int32_t i = 0;
  for (;;) {
    std::int32_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && before(heap[child + 1], heap[child])) ++child;
    if (!before(heap[child], last)) break;
    heap[i] = heap[child];
    i = child;
  }
  if (n > 0) heap[i] = last;
  return top;
}

/// Free servers in the order they take work: the queue's own before those lent by another region
/// (so lent sessions serve only overflow), then by id.
struct ByServerId {
  const std::uint8_t* remote;
  CIVICSIM_HD bool operator()(std::int32_t a, std::int32_t b) const {
    return remote[a] != remote[b] ? remote[a] < remote[b] : a < b;
  }
};
struct ByFreeTime {
  const Seconds* busy_until;
  CIVICSIM_HD bool operator()(std::int32_t a, std::int32_t b) const {
    return busy_until[a] != busy_until[b] ? busy_until[a] < busy_until[b] : a < b;
  }
};

/// Runs queue `queues[i]` through the window [w0, w1).
///   arrivals[arrival_begin[i] .. arrival_begin[i+1]): Join tokens for this queue, sorted by
///   request_before, all with time in [w0, w1).
///   out[out_begin[i] ..): requests that leave the queue in this window (met, given up, retrying,
///   escalated); slots not used stay kTokenNone.
struct QueueWindow {
  ModelConstants k;
  CitizenView cv;
  QueueView qv;
  ServerView sv;
  const TypeParams* types;
  CounterView counters;
  const std::int32_t* queues;
  const Request* arrivals;
  const std::int64_t* arrival_begin;
  Request* out;
  const std::int64_t* out_begin;
  Seconds w0, w1;
  bool rebuild_idle;  // servers' duty changed since the last window: rebuild the idle heaps

  struct Local {  // per-call cursor state
    std::int32_t q;
    int channel;
    std::int32_t sb;
    Request* out;
    std::int64_t n_out;
  };

  CIVICSIM_HD void operator()(std::size_t i) const {
    Local L;
    L.q = queues[i];
    L.channel = qv.channel[L.q];
    L.sb = qv.server_begin[L.q];
    L.out = out + out_begin[i];
    L.n_out = 0;
    const std::int32_t se = qv.server_begin[L.q + 1];
    std::int32_t* busy = qv.busy_heap + L.sb;
    std::int32_t* idle = qv.idle_heap + L.sb;
    std::int32_t& n_busy = qv.busy_n[L.q];
    std::int32_t& n_idle = qv.idle_n[L.q];
    const ByFreeTime by_free{sv.busy_until};
    const ByServerId by_id{qv.server_remote};

    // On-duty server-seconds of the day (staff burnout): those on duty now, for the whole window;
    // a clerk who goes home inside it gives back the rest (off_duty).
    qv.duty_seconds[L.q] += static_cast<std::int64_t>(qv.on_duty[L.q]) * (w1 - w0);

    // Nothing arrives, nobody waits, no service ends and no server came on duty: nothing happens.
    if (arrival_begin[i] == arrival_begin[i + 1] && waiting(L.q) == 0 && !rebuild_idle &&
        (n_busy == 0 || sv.busy_until[busy[0]] >= w1))
      return;

    const bool overtime = at_closing(L);
    // Servers on duty and free at the window start (pushed in id order: no work when none is lent).
    // When no duty changed, the heap left by the previous window holds exactly these servers.
    if (rebuild_idle) {
      n_idle = 0;
      for (std::int32_t s = L.sb; s < se; ++s)
        if (sv.on_duty[s] && sv.busy_until[s] == kServerIdle) heap_push(idle, n_idle, s, by_id);
    }
    while (n_idle > 0 && waiting(L.q) > 0) {
      const std::int32_t s = heap_pop(idle, n_idle, by_id);
      if (!try_serve(L, s, w0)) {
        heap_push(idle, n_idle, s, by_id);
        break;
      }
      heap_push(busy, n_busy, s, by_free);
    }
    if (overtime) {  // clerks with nobody left to serve after closing go home now
      while (n_idle > 0) off_duty(L, heap_pop(idle, n_idle, by_id), w0);
    }

    std::int64_t a = arrival_begin[i];
    const std::int64_t a_end = arrival_begin[i + 1];
    for (;;) {
      const Seconds ta = a < a_end ? arrivals[a].time : kNever;
      const Seconds tf = n_busy > 0 ? sv.busy_until[busy[0]] : kNever;
      if (ta >= w1 && tf >= w1) break;
      if (tf <= ta) {  // a service ends (before an arrival at the same second)
        const std::int32_t s = heap_pop(busy, n_busy, by_free);
        complete(L, s, tf);
        if (sv.on_duty[s]) {
          if (try_serve(L, s, tf)) {
            heap_push(busy, n_busy, s, by_free);
          } else if (overtime) {  // the line is empty after closing: home
            off_duty(L, s, tf);
          } else {
            heap_push(idle, n_idle, s, by_id);
          }
        }
      } else {
        Request r = arrivals[a++];
        arrive(L, r, ta);
        if (n_idle > 0) {  // free servers imply an empty line: serve at once
          const std::int32_t s = heap_pop(idle, n_idle, by_id);
          start_service(L, s, r, ta);
          heap_push(busy, n_busy, s, by_free);
        } else {
          ring_push(L.q, (r.flags & kFlagEscalated) ? 0 : 1, r);
        }
      }
    }
    // Whoever runs out of patience before the window ends leaves at that moment.
    for (int cls = 0; cls < 2; ++cls) sweep_abandoned(L, cls);
  }

  // --- waiting line (ring buffers) ---
  CIVICSIM_HD std::int32_t ring_size(std::int32_t q, int cls) const { return qv.ring_count[2 * q + cls]; }
  CIVICSIM_HD std::int32_t waiting(std::int32_t q) const { return ring_size(q, 0) + ring_size(q, 1); }
  CIVICSIM_HD Request& ring_at(std::int32_t q, int cls, std::int32_t j) const {
    const int r = 2 * q + cls;
    return qv.ring[qv.ring_base[r] + (qv.ring_head[r] + j) % qv.ring_cap[r]];
  }
  CIVICSIM_HD void ring_push(std::int32_t q, int cls, const Request& req) const {
    const int r = 2 * q + cls;
    qv.ring[qv.ring_base[r] + (qv.ring_head[r] + qv.ring_count[r]) % qv.ring_cap[r]] = req;
    ++qv.ring_count[r];
  }
  CIVICSIM_HD Request ring_pop(std::int32_t q, int cls) const {
    const int r = 2 * q + cls;
    const Request req = qv.ring[qv.ring_base[r] + qv.ring_head[r]];
    qv.ring_head[r] = (qv.ring_head[r] + 1) % qv.ring_cap[r];
    --qv.ring_count[r];
    return req;
  }

  // --- events ---
  CIVICSIM_HD void count(int metric, const Request& r, int channel, std::uint64_t v = 1) const {
    atomic_add(counters.at(metric, cv.district[r.citizen], group_of(cv.flags[r.citizen]), channel), v);
  }

  CIVICSIM_HD void emit(Local& L, const Request& r) const { L.out[L.n_out++] = r; }

  /// A closed queue turns its waiting line away at the closing time, unless it is a hall that
  /// serves those already queued (channels.in_person.at_closing): then the clerks on duty at
  /// closing (RefreshDuty) serve the line to its end and go home when it is empty (returns true).
  /// Opening hours change only at window boundaries, so this holds for the whole window.
  CIVICSIM_HD bool at_closing(Local& L) const {
    if (is_open(qv.hours[L.q], w0, k.start_weekday)) return false;
    if (serves_queued_at_closing(k, L.channel)) return true;
    for (int cls = 0; cls < 2; ++cls)
      while (ring_size(L.q, cls) > 0) abandon(L, ring_pop(L.q, cls), w0);
    return false;
  }

  /// Server s (on duty after closing) goes home at t in this window.
  CIVICSIM_HD void off_duty(Local& L, std::int32_t s, Seconds t) const {
    sv.on_duty[s] = 0;
    --qv.on_duty[L.q];
    qv.duty_seconds[L.q] -= w1 - t;
  }

  CIVICSIM_HD void arrive(Local& L, Request& r, Seconds t) const {
    count(kArrivals, r, L.channel);
    if (L.channel == kInPerson || (r.flags & kFlagKiosk))  // round trip to the hall or the kiosk
      count(kTravelSecondsSum, r, L.channel, static_cast<std::uint64_t>(r.deadline));
    const Seconds trip = (L.channel == kInPerson || (r.flags & kFlagKiosk)) ? r.deadline : 0;
    const double patience = mean_patience(k, L.channel, trip);
    Seconds deadline = kNever;
    if (patience < 1.0e300) {
      const double p =
          k.patience_deterministic ? patience : exponential(patience, request_uniform(k, r, Purpose::Patience));
      const double d = static_cast<double>(t) + p;  // whole seconds: a wait of p.x s may reach p s
      deadline = d < 2.0e9 ? static_cast<Seconds>(d) : kNever;
    }
    r.kind = kTokenJoin;
    r.time = t;
    r.deadline = deadline;
    r.note = 0;
  }

  /// The free server s takes the first waiting request whose patience has not run out.
  CIVICSIM_HD bool try_serve(Local& L, std::int32_t s, Seconds t) const {
    for (int cls = 0; cls < 2; ++cls) {
      while (ring_size(L.q, cls) > 0) {
        const Request r = ring_pop(L.q, cls);
        if (r.deadline < t) {  // its wait would exceed its patience: it left at its deadline
          abandon(L, r, r.deadline);
          continue;
        }
        start_service(L, s, r, t);
        return true;
      }
    }
    return false;
  }

  CIVICSIM_HD void start_service(Local& L, std::int32_t s, Request r, Seconds t) const {
    const Seconds wait = t - r.time;
    const TypeParams& type = types[r.type];
    const bool human = L.channel == kInPerson || L.channel == kHotline;
    double multiplier = sv.skill[s];
    if (human && sv.tenure_days[s] < k.newcomer_days) multiplier *= k.newcomer_slowdown;
    if (human && (r.flags & kFlagEscalated)) multiplier *= k.escalated_service_factor;
    multiplier *= service_factor_for(qv, cv.district[r.citizen], r.type);
    if (L.channel == kDigitalHuman)  // the interface, and guided sessions for the elderly in elder-care mode
      multiplier *= assistant_session_factor(k, assistant_session(qv, cv, r.citizen, cv.district[r.citizen]));
    if (is_kiosk_queue(qv, L.q)) multiplier *= qv.kiosk_session[qv.district[L.q]];  // kiosk session (issue 17)
    Seconds svc = service_seconds(type, L.channel, multiplier, request_uniform(k, r, Purpose::Service));
    if (qv.server_remote[s]) {  // a session dispatched to another region: its latency adds up
      const int d = qv.district[L.q];
      svc += qv.dispatch_latency[d];
      atomic_add(qv.dispatched + d, 1);
    }
    count(kServed, r, L.channel);
    if (wait == 0) count(kServedImmediately, r, L.channel);
    count(kWaitSecondsSum, r, L.channel, static_cast<std::uint64_t>(wait));
    counters.count_wait(L.channel, group_of(cv.flags[r.citizen]), wait);
    count(kServiceSecondsSum, r, L.channel, static_cast<std::uint64_t>(svc));
    qv.busy_seconds[L.q] += svc;  // busy server-seconds of the day the service starts (staff burnout)
    qv.hour_wait_sum[L.q] += wait;
    qv.hour_served[L.q] += 1;
    r.spent += wait + svc;
    r.deadline = t + svc;
    sv.in_service[s] = r;
    sv.busy_until[s] = t + svc;
  }

  CIVICSIM_HD void complete(Local& L, std::int32_t s, Seconds t) const {
    Request r = sv.in_service[s];
    sv.busy_until[s] = kServerIdle;
    const TypeParams& type = types[r.type];
    count(kCompleted, r, L.channel);
    r.time = t;
    r.note = 0;
    const double u = request_uniform(k, r, Purpose::Outcome);
    if (L.channel == kDigitalHuman) {
      const std::uint32_t c = r.citizen;
      const AssistantSession a = assistant_session(qv, cv, c, cv.district[c]);
      const double literacy = kiosk_literacy(qv, L.q, cv.literacy[c] * (1.0 / 255.0));  // kiosk helpers
      if (u <= assistant_success(k, type, literacy, a)) {
        count(kResolved, r, L.channel);
        r.kind = kTokenDone;
        r.note = kNoteTrustUp | kNoteDone | kNoteResolved;
      } else {  // escalated: handed to a human channel now, with priority and its context
        count(kEscalated, r, L.channel);
        r.kind = kTokenChoose;
        r.flags = static_cast<std::uint8_t>(kFlagEscalated | (r.flags & kFlagOwn));
        r.note = kNoteTrustDown;
        if (assistant_warm_handoff(k, qv, type, a, t)) {  // elder care: joins the hotline at once
          r.kind = kTokenJoin;
          r.queue = qv.hotline;
          r.channel = static_cast<std::uint8_t>(kHotline);
          r.attempt = static_cast<std::uint8_t>(r.attempt + 1);
          r.deadline = 0;
        }
      }
    } else if (u <= k.resolution[L.channel]) {
      count(kResolved, r, L.channel);
      r.kind = kTokenDone;
      r.note = kNoteDone | kNoteResolved;
    } else {
      retry_or_give_up(k, r, t, L.channel);
    }
    emit(L, r);
  }

  CIVICSIM_HD void abandon(Local& L, Request r, Seconds t) const {
    count(kAbandoned, r, L.channel);
    r.spent += t - r.time;
    r.note = 0;
    retry_or_give_up(k, r, t, L.channel);
    emit(L, r);
  }

  /// Removes (in order) the requests whose deadline falls before the window end.
  CIVICSIM_HD void sweep_abandoned(Local& L, int cls) const {
    const std::int32_t n = ring_size(L.q, cls);
    std::int32_t kept = 0;
    for (std::int32_t j = 0; j < n; ++j) {
      const Request r = ring_at(L.q, cls, j);
      if (r.deadline < w1) {
        abandon(L, r, r.deadline);
      } else {
        if (kept != j) ring_at(L.q, cls, kept) = r;
        ++kept;
      }
    }
    qv.ring_count[2 * L.q + cls] = kept;
  }
};

/// 1 when queue q has something to do in [w0, w1) even without arrivals: someone waiting (who may
/// be served, give up or be turned away) or a service that ends inside the window; else 0.
struct QueueBusyBefore {
  QueueView qv;
  const Seconds* busy_until;
  Seconds w1;
  std::int32_t first;  // queue of item 0
  CIVICSIM_HD int operator()(std::size_t i) const {
    const std::size_t q = static_cast<std::size_t>(first) + i;
    if (qv.ring_count[2 * q] + qv.ring_count[2 * q + 1] > 0) return 1;
    return qv.busy_n[q] > 0 && busy_until[qv.busy_heap[qv.server_begin[q]]] < w1 ? 1 : 0;
  }
};

/// A window in which nothing happens still counts its on-duty server-seconds (staff burnout), as
/// QueueWindow does.
struct AddDutySeconds {
  QueueView qv;
  Seconds seconds;
  std::int32_t first;  // queue of item 0
  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::size_t q = static_cast<std::size_t>(first) + i;
    qv.duty_seconds[q] += static_cast<std::int64_t>(qv.on_duty[q]) * seconds;
  }
};

/// Counts the requests waiting in each queue at a report-interval end.
struct CountWaiting {
  CitizenView cv;
  QueueView qv;
  CounterView counters;
  CIVICSIM_HD void operator()(std::size_t q) const {
    const int channel = qv.channel[q];
    for (int cls = 0; cls < 2; ++cls) {
      const int r = 2 * static_cast<int>(q) + cls;
      for (std::int32_t j = 0; j < qv.ring_count[r]; ++j) {
        const Request& req = qv.ring[qv.ring_base[r] + (qv.ring_head[r] + j) % qv.ring_cap[r]];
        atomic_add(counters.at(kQueueLength, cv.district[req.citizen], group_of(cv.flags[req.citizen]), channel), 1);
      }
    }
  }
};

/// At each hour boundary a queue publishes the mean wait of the services it started in the past
/// hour (or, if it started none, how long its oldest waiting request has waited). Citizens see it.
struct PublishWaits {
  QueueView qv;
  Seconds now;
  CIVICSIM_HD void operator()(std::size_t q) const {
    Seconds posted = 0;
    if (qv.hour_served[q] > 0) {
      posted = static_cast<Seconds>(qv.hour_wait_sum[q] / qv.hour_served[q]);
    } else {
      for (int cls = 0; cls < 2; ++cls) {
        const int r = 2 * static_cast<int>(q) + cls;
        if (qv.ring_count[r] > 0) {
          const Request& head = qv.ring[qv.ring_base[r] + qv.ring_head[r]];
          const Seconds waited = now - head.time;
          if (waited > posted) posted = waited;
        }
      }
    }
    qv.posted_wait[q] = posted;
    qv.hour_wait_sum[q] = 0;
    qv.hour_served[q] = 0;
  }
};

/// Which servers are on duty in the window starting at w0: employed, their queue open, and
/// (hotline operators; clerks under a staffing shift pattern) inside their daily shift.
struct RefreshDuty {
  ModelConstants k;
  ServerView sv;
  const std::int32_t* server_queue;
  QueueView qv;
  Seconds w0;
  CIVICSIM_HD void operator()(std::size_t s) const {
    const std::int32_t q = server_queue[s];
    const bool open = is_open(qv.hours[q], w0, k.start_weekday);
    bool on = sv.state[s] == kServerEmployed && open;
    if (on && sv.shift_start[s] < 24) {
      const int hour = (w0 % kSecondsPerDay) / 3600;
      const int since = (hour - sv.shift_start[s] + 24) % 24;
      on = since < qv.shift_hours[q];
    }
    // After closing, a clerk who was on duty stays on while serving or while the hall's line is not
    // empty (everyone in it may still be served: the last window removed those whose patience ran
    // out before w0); QueueWindow::off_duty sends them home when both are over.
    if (!open && sv.on_duty[s] && sv.state[s] == kServerEmployed && serves_queued_at_closing(k, qv.channel[q]))
      on = sv.busy_until[s] != kServerIdle || qv.ring_count[2 * q] + qv.ring_count[2 * q + 1] > 0;
    sv.on_duty[s] = on ? 1 : 0;
  }
};

}  // namespace civicsim
