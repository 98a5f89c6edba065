// The windows of a day: who is on duty, the contacts (choices, online self-service, escalations)
// and the queues (digital-human pools, then halls and the hotline), and where the next window ends.
#include "sim/engine.hpp"

#include <thrust/copy.h>
#include <thrust/fill.h>
#include <thrust/partition.h>
#include <thrust/remove.h>
#include <thrust/scan.h>
#include <thrust/sort.h>
#include <thrust/transform_reduce.h>

#include <algorithm>

#include "kernels/contact.hpp"
#include "kernels/dispatch.hpp"
#include "kernels/queue.hpp"

namespace civicsim {
namespace {

// --- predicates and orders over requests (named functors: usable on every backend) ---
struct NotActionable {
  Seconds w1;
  CIVICSIM_HD bool operator()(const Request& r) const {
    return !((r.kind == kTokenChoose || r.kind == kTokenOnlineDone) && r.time < w1);
  }
};

struct NotJoinFor {
  Seconds w1;
  std::int32_t qa, qb;
  CIVICSIM_HD bool operator()(const Request& r) const {
    return !(r.kind == kTokenJoin && r.time < w1 && r.queue >= qa && r.queue < qb);
  }
};

struct NotBefore {
  Seconds horizon;
  CIVICSIM_HD bool operator()(const Request& r) const { return r.time >= horizon; }
};

struct HasNote {
  CIVICSIM_HD bool operator()(const Request& r) const { return r.note != 0; }
};

struct IsDoneOrEmpty {
  CIVICSIM_HD bool operator()(const Request& r) const { return r.kind == kTokenDone || r.kind == kTokenNone; }
};

struct IsEmpty {
  CIVICSIM_HD bool operator()(const Request& r) const { return r.kind == kTokenNone; }
};

struct ClearNote {
  Request* r;
  CIVICSIM_HD void operator()(std::size_t i) const { r[i].note = 0; }
};

struct ByQueueThenOrder {
  CIVICSIM_HD bool operator()(const Request& a, const Request& b) const {
    return a.queue != b.queue ? a.queue < b.queue : request_before(a, b);
  }
};

/// arrival_begin[i] = first arrival of queue qa + i (arrivals sorted by queue), for i in [0, n].
struct ArrivalBegin {
  const Request* arrivals;
  std::int64_t n_arrivals;
  std::int32_t qa;
  std::int64_t* begin;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::int32_t q = qa + static_cast<std::int32_t>(i);
    std::int64_t lo = 0, hi = n_arrivals;
    while (lo < hi) {
      const std::int64_t mid = (lo + hi) / 2;
      if (arrivals[mid].queue < q)
        lo = mid + 1;
      else
        hi = mid;
    }
    begin[i] = lo;
  }
};

/// Upper bound on the requests queue qa + i can release in one window; raises `grow` when a
/// waiting line could outgrow its ring.
struct OutCapacity {
  QueueView qv;
  std::int32_t qa;
  const std::int64_t* arrival_begin;
  std::int64_t* cap;
  std::int64_t* grow;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::int32_t q = qa + static_cast<std::int32_t>(i);
    const std::int64_t arrivals = arrival_begin[i + 1] - arrival_begin[i];
    const std::int64_t waiting = qv.ring_count[2 * q] + qv.ring_count[2 * q + 1] + arrivals;
    cap[i] = waiting + qv.busy_n[q];
    if (waiting > qv.ring_cap[2 * q] || waiting > qv.ring_cap[2 * q + 1]) *grow = 1;  // benign race: all write 1
  }
};

struct CountEmployed {
  QueueView qv;
  const std::uint8_t* state;
  CIVICSIM_HD void operator()(std::size_t q) const {
    std::int32_t n = 0;
    for (std::int32_t s = qv.server_begin[q]; s < qv.server_begin[q + 1]; ++s)
      if (state[s] == kServerEmployed) ++n;
    qv.employed[q] = n;
  }
};

struct CountOnDuty {
  QueueView qv;
  const std::uint8_t* on_duty;
  CIVICSIM_HD void operator()(std::size_t q) const {
    std::int32_t n = 0;
    for (std::int32_t s = qv.server_begin[q]; s < qv.server_begin[q + 1]; ++s) n += on_duty[s];
    qv.on_duty[q] = n;
  }
};

void append(DeviceVector<Request>& to, const DeviceVector<Request>& from, std::size_t n) {
  if (n == 0) return;
  const std::size_t old = to.size();
  resize(to, old + n);
  launch(n, [&](auto pol) {
    thrust::copy(pol, from.begin(), from.begin() + static_cast<std::ptrdiff_t>(n),
                 to.begin() + static_cast<std::ptrdiff_t>(old));
  });
}

DispatchView dispatch_view(PolicyArrays& P) {
  return DispatchView{raw(P.dispatch_lead), raw(P.dispatch_next), raw(P.dispatch_role), raw(P.dispatch_cap)};
}

}  // namespace

Seconds Engine::next_boundary(Seconds t, bool quiet) const {
  const Params& p = world_.params;
  const Seconds step = p.step_minutes * 60, report = p.report_minutes * 60;
  Seconds next = (t / report + 1) * report;
  next = std::min(next, (t / 3600 + 1) * 3600);  // posted waits change on the hour
  if (!quiet) {  // where nothing happens, no request can come back and there is nothing to pause for
    next = std::min(next, (t / step + 1) * step);
    next = std::min(next, t + lookahead_);
  }
  const Seconds day_start = (t / kSecondsPerDay) * kSecondsPerDay;
  for (int m : transition_minutes_) {
    const Seconds at = day_start + m * 60;
    if (at > t) {
      next = std::min(next, at);
      break;
    }
  }
  return next;
}

void Engine::refresh_duty(Seconds t) {
  parallel_for(world_.servers.size(),
               RefreshDuty{world_.constants, world_.servers.view(), raw(world_.servers.queue), world_.queue_view(), t});
  parallel_for(static_cast<std::size_t>(world_.queues.n), CountOnDuty{world_.queue_view(), raw(world_.servers.on_duty)},
               world_.servers.size());
}

void Engine::refresh_employed() {
  parallel_for(static_cast<std::size_t>(world_.queues.n),
               CountEmployed{world_.queue_view(), raw(world_.servers.state)});
}

Seconds Engine::window(Seconds w0, Seconds w1, Seconds quiet_end) {
  QueueArrays& Q = world_.queues;
  // Who is on duty changes only on the hour (shifts), when opening hours change, and when staff
  // change (at the start of a day).
  duty_changed_ =
      duty_dirty_ || duty_fresh_ || w0 % 3600 == 0 || (w0 % 60 == 0 && is_transition_[(w0 % kSecondsPerDay) / 60]);
  if (duty_changed_ && (duty_dirty_ || duty_time_ != w0)) {
    refresh_duty(w0);
    duty_time_ = w0;
    duty_dirty_ = false;
  }
  duty_fresh_ = false;
  split_pending(w0, w1);
  if (active_ == world_.pending.size() && queues_idle(0, Q.n, w1)) {  // nothing due, no queue event
    // Nothing happens before w1; perhaps nothing before quiet_end either: then one step skips the
    // whole stretch.
    Seconds end = w1;
    if (quiet_end > w1) {
      split_pending(w0, quiet_end);
      if (active_ == world_.pending.size() && queues_idle(0, Q.n, quiet_end)) end = quiet_end;
    }
    parallel_for(static_cast<std::size_t>(Q.n), AddDutySeconds{world_.queue_view(), end - w0, 0});
    ++timings_.windows_quiet;
    return end;
  }
  contacts(w1);                         // choices and online self-service
  run_queues(Q.dh_begin, Q.n, w0, w1);  // digital-human pools
  contacts(w1);                         // escalations choose a human channel
  run_queues(0, Q.dh_begin, w0, w1);    // halls and the hotline
  return w1;
}

bool Engine::queues_idle(std::int32_t qa, std::int32_t qb, Seconds w1) {
  // Who is on duty changed: the idle heaps must be rebuilt by the queues, so they run.
  if (duty_changed_) return false;
  const std::size_t nq = static_cast<std::size_t>(qb - qa);
  const QueueBusyBefore busy{world_.queue_view(), raw(world_.servers.busy_until), w1, qa};
  const int active = dispatch(nq, [&](auto pol) {
    return thrust::transform_reduce(pol, thrust::counting_iterator<std::size_t>(0),
                                    thrust::counting_iterator<std::size_t>(nq), busy, 0, thrust::plus<int>());
  });
  return active == 0;
}

void Engine::harvest_notes(const Request* first, std::size_t n) {
  if (n == 0) return;
  // Room for all n, then one pass (one round trip on the GPU) that says how many had a note.
  auto begin = thrust::device_pointer_cast(first);
  const std::size_t old = notes_.size();
  resize(notes_, old + n);
  auto end = dispatch(n, [&](auto pol) {
    return thrust::copy_if(pol, begin, begin + n, notes_.begin() + static_cast<std::ptrdiff_t>(old), HasNote{});
  });
  resize(notes_, static_cast<std::size_t>(end - notes_.begin()));
}

void Engine::split_pending(Seconds w0, Seconds w1) {
  // The pending list is [not due today | today, not this quarter of the day | this quarter, not
  // this hour | this hour, not in this window | this window]: each cut is made over the part after
  // the one before, when its boundary moves (once a day, a quarter, an hour, a window), and a
  // window's contacts and queues only look at the last part (what is due in it, and what comes
  // back during it). Requests added since a cut sit at the end, so each part holds no request due
  // before its boundary. Pending order is irrelevant: every consumer orders by request_before.
  DeviceVector<Request>& pending = world_.pending;
  const auto cut = [&](std::size_t from, Seconds boundary) {
    const auto first = pending.begin() + static_cast<std::ptrdiff_t>(from);
    auto mid = dispatch(pending.size() - from,
                        [&](auto pol) { return thrust::partition(pol, first, pending.end(), NotBefore{boundary}); });
    return static_cast<std::size_t>(mid - pending.begin());
  };
  const auto next = [&](Seconds period) { return (w0 / period + 1) * period; };
  PendingCut hour{horizon_, settled_};  // the hour's cut is saved with the state (engine_archive.cpp)
  PendingCut* levels[] = {&day_cut_, &quarter_cut_, &hour};
  const Seconds boundaries[] = {next(kSecondsPerDay), next(6 * 3600), next(3600)};
  std::size_t from = 0;
  bool again = false;  // a cut made anew invalidates those after it
  for (int level = 0; level < 3; ++level) {
    PendingCut& c = *levels[level];
    if (again || c.horizon != boundaries[level] || c.at > pending.size() || c.at < from) {
      c = PendingCut{boundaries[level], cut(from, boundaries[level])};
      again = true;
    }
    from = c.at;
  }
  horizon_ = hour.horizon;
  settled_ = hour.at;
  active_ = cut(from, w1);
}

void Engine::contacts(Seconds w1) {
  DeviceVector<Request>& pending = world_.pending;
  for (;;) {
    // This window's contacts go to the end of the list, the rest of the unsettled part before them.
    const auto first = pending.begin() + static_cast<std::ptrdiff_t>(active_);
    auto mid = dispatch(pending.size() - active_,
                        [&](auto pol) { return thrust::partition(pol, first, pending.end(), NotActionable{w1}); });
    const std::size_t at = static_cast<std::size_t>(mid - pending.begin());
    const std::size_t n = pending.size() - at;
    if (n == 0) return;
    Request* due = raw(pending) + at;
    timings_.events += n;
    parallel_for(n,
                 ContactStep{world_.constants, world_.citizens.view(), world_.districts.view(), world_.queue_view(),
                             raw(world_.types), counters_view_, raw(serves_later_), due, n},
                 /*work=*/n * 64);  // a contact costs ~0.2 µs: worth a thread team from ~256 contacts
    harvest_notes(due, n);
    parallel_for(n, ClearNote{due});
    auto kept = dispatch(n, [&](auto pol) { return thrust::remove_if(pol, mid, pending.end(), IsDoneOrEmpty{}); });
    resize(pending, static_cast<std::size_t>(kept - pending.begin()));
  }
}

void Engine::run_queues(std::int32_t qa, std::int32_t qb, Seconds w0, Seconds w1) {
  DeviceVector<Request>& pending = world_.pending;
  QueueArrays& Q = world_.queues;
  const std::int32_t nq = qb - qa;
  if (nq <= 0) return;

  // This window's arrivals at these queues, in queue order then arrival order.
  const auto first = pending.begin() + static_cast<std::ptrdiff_t>(active_);
  auto mid = dispatch(pending.size() - active_, [&](auto pol) {
    return thrust::partition(pol, first, pending.end(), NotJoinFor{w1, qa, qb});
  });
  const std::size_t n_arrivals = static_cast<std::size_t>(pending.end() - mid);
  if (n_arrivals == 0 && queues_idle(qa, qb, w1)) {  // only their on-duty time passes
    parallel_for(static_cast<std::size_t>(nq), AddDutySeconds{world_.queue_view(), w1 - w0, qa});
    return;
  }
  ensure_size(scratch_, n_arrivals);  // scratch buffers: used to their first elements
  launch(n_arrivals, [&](auto pol) { thrust::copy(pol, mid, pending.end(), scratch_.begin()); });
  resize(pending, static_cast<std::size_t>(mid - pending.begin()));
  const auto arrivals_end = scratch_.begin() + static_cast<std::ptrdiff_t>(n_arrivals);
  launch(n_arrivals, [&](auto pol) { thrust::sort(pol, scratch_.begin(), arrivals_end, ByQueueThenOrder{}); });

  // Per-queue offsets: [0, nq] arrivals, [nq + 1, 2 nq + 1] output slots; the last entry says
  // whether a waiting line must grow first.
  const std::size_t n_offsets = 2 * (static_cast<std::size_t>(nq) + 1) + 1;
  ensure_size(offsets_, n_offsets);
  std::int64_t* arrival_begin = raw(offsets_);
  std::int64_t* out_begin = arrival_begin + nq + 1;
  std::int64_t* grow = out_begin + nq + 1;
  parallel_for(static_cast<std::size_t>(nq) + 1,
               ArrivalBegin{raw(scratch_), static_cast<std::int64_t>(n_arrivals), qa, arrival_begin});
  launch(1, [&](auto pol) { thrust::fill_n(pol, thrust::device_pointer_cast(grow), 1, std::int64_t{0}); });
  parallel_for(static_cast<std::size_t>(nq), OutCapacity{world_.queue_view(), qa, arrival_begin, out_begin, grow});
  const DispatchView groups = dispatch_view(world_.policy);
  parallel_for(static_cast<std::size_t>(nq), GroupOutCapacity{groups, qa, out_begin});
  auto out_first = thrust::device_pointer_cast(out_begin);
  launch(static_cast<std::size_t>(nq) + 1,
         [&](auto pol) { thrust::exclusive_scan(pol, out_first, out_first + nq + 1, out_first, std::int64_t{0}); });
  // The output slots in all and the grow flag sit side by side: one read (one round trip on the GPU).
  std::int64_t tail[2];
  const auto offsets_end = offsets_.begin() + static_cast<std::ptrdiff_t>(n_offsets);
  thrust::copy(offsets_end - 2, offsets_end, tail);
  count_host_sync();
  const std::int64_t out_total = tail[0];
  if (tail[1] != 0) {  // rare: room in the waiting lines for everyone who might wait
    const std::vector<std::int64_t> offsets = to_std(offsets_);
    const std::vector<std::int32_t> count = to_std(Q.ring_count);
    std::vector<std::int64_t> need(static_cast<std::size_t>(Q.n));
    for (std::int32_t q = 0; q < Q.n; ++q) {
      need[q] = count[2 * q] + count[2 * q + 1];
      if (q >= qa && q < qb) need[q] += offsets[q - qa + 1] - offsets[q - qa];
    }
    Q.ensure_ring_capacity(need);
  }
  const std::size_t n_slots = static_cast<std::size_t>(out_total);
  ensure_size(out_, n_slots);
  const auto slots_end = out_.begin() + static_cast<std::ptrdiff_t>(n_slots);
  const Request empty{};
  launch(n_slots, [&](auto pol) { thrust::fill(pol, out_.begin(), slots_end, empty); });

  // Each queue alone, or (cross-region dispatch) a whole group in the call of its first member.
  ensure_size(group_scratch_, 2 * static_cast<std::size_t>(nq));
  const QueueWindow queue{world_.constants,
                          world_.citizens.view(),
                          world_.queue_view(),
                          world_.servers.view(),
                          raw(world_.types),
                          counters_view_,
                          raw(queue_ids_) + qa,
                          raw(scratch_),
                          arrival_begin,
                          raw(out_),
                          out_begin,
                          w0,
                          w1,
                          duty_changed_};
  parallel_for(static_cast<std::size_t>(nq), QueueOrGroup{queue, groups, qa, raw(group_scratch_), nq},
               /*work=*/static_cast<std::size_t>(out_total) * 16);  // ~16 steps per request

  // Requests that left: record their effects, keep the open ones pending.
  auto out_end =
      dispatch(n_slots, [&](auto pol) { return thrust::remove_if(pol, out_.begin(), slots_end, IsEmpty{}); });
  const std::size_t n_out = static_cast<std::size_t>(out_end - out_.begin());
  timings_.events += n_arrivals + n_out;
  harvest_notes(raw(out_), n_out);
  parallel_for(n_out, ClearNote{raw(out_)});
  auto open_end = dispatch(n_out, [&](auto pol) {
    return thrust::remove_if(pol, out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(n_out), IsDoneOrEmpty{});
  });
  append(pending, out_, static_cast<std::size_t>(open_end - out_.begin()));
}

}  // namespace civicsim
