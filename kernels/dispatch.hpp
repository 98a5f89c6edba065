// Cross-region dispatch (issue 17, MODEL.md §8 compute capacity): a dispatch group is one or more
// borrowing districts' digital-human pools and the pools of the districts that lend them capacity.
// One call runs a whole group through a window [w0, w1) in one merged event loop, with the helpers
// of QueueWindow (kernels/queue.hpp), so the group is exact whatever the window boundaries; groups
// and the other queues still run in parallel. The rules:
//  - a request of a borrower takes a free session of its own pool; if none, it waits in its line;
//  - a lender's free session serves its own line first; only when that line is empty does it take
//    the waiting borrower request that came first (ties: the borrower listed first), served
//    remotely: dispatch_latency seconds longer, counted in `dispatched`;
//  - at most `cap` sessions of the lenders serve borrowers at once (compute_capacity's
//    dispatch_instances × sessions_per_instance, summed over the group's borrowers);
//  - a borrower's sessions serve only its own line;
//  - events at the same second: service ends (by server id) before arrivals, arrivals in the
//    group's member order, each pool's in request order.
// A lender thus loses nothing while idle, and its own citizens never wait behind a dispatched
// session they could have had: only an idle session is lent, and a session already serving a
// borrower finishes that service (it is not pre-empted).
#pragma once

#include "kernels/queue.hpp"

namespace civicsim {

enum DispatchRole : std::uint8_t { kDispatchNone = 0, kDispatchBorrower = 1, kDispatchLender = 2 };

/// The groups active today (sim/dispatch_groups.cpp), per queue: the first member of the queue's
/// group (-1: in none), the next member (-1: the last; borrowers first, then lenders, each in
/// district order), the role, and (at the first member) the lent sessions usable at once.
struct DispatchView {
  const std::int32_t* lead;
  const std::int32_t* next;
  const std::uint8_t* role;
  const std::int32_t* cap;
};

/// Output slots: a group's requests may leave through any member, so each member of a group gets
/// the group's total (one thread per group writes them: its first member's).
struct GroupOutCapacity {
  DispatchView dv;
  std::int32_t qa;
  std::int64_t* cap;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::int32_t q = qa + static_cast<std::int32_t>(i);
    if (dv.lead[q] != q) return;
    std::int64_t total = 0;
    for (std::int32_t m = q; m >= 0; m = dv.next[m]) total += cap[m - qa];
    for (std::int32_t m = q; m >= 0; m = dv.next[m]) cap[m - qa] = total;
  }
};

/// Runs queue i as QueueWindow does, or, for the first member of a dispatch group, the whole group.
/// Queue ids are qa + i (the engine's queue list is 0, 1, ...). scratch: 2 entries per queue.
struct QueueOrGroup {
  QueueWindow w;
  DispatchView dv;
  std::int32_t qa;
  std::int64_t* scratch;  // [i]: output cursor; [nq + i]: arrival cursor
  std::int32_t nq;
  using Local = QueueWindow::Local;

  CIVICSIM_HD void operator()(std::size_t i) const {
    const std::int32_t q = qa + static_cast<std::int32_t>(i);
    if (dv.lead[q] < 0) {
      w(i);
    } else if (dv.lead[q] == q) {
      run_group(q);
    }
  }

  // --- per-member state kept between events ---
  CIVICSIM_HD Local local(std::int32_t q) const {
    Local L;
    L.q = q;
    L.channel = w.qv.channel[q];
    L.sb = w.qv.server_begin[q];
    L.out = w.out + w.out_begin[q - qa];
    L.n_out = scratch[q - qa];
    return L;
  }
  CIVICSIM_HD void keep(const Local& L) const { scratch[L.q - qa] = L.n_out; }
  CIVICSIM_HD std::int64_t& cursor(std::int32_t q) const { return scratch[nq + (q - qa)]; }
  CIVICSIM_HD std::int32_t* busy(std::int32_t q) const { return w.qv.busy_heap + w.qv.server_begin[q]; }
  CIVICSIM_HD std::int32_t* idle(std::int32_t q) const { return w.qv.idle_heap + w.qv.server_begin[q]; }
  CIVICSIM_HD bool lender(std::int32_t q) const { return dv.role[q] == kDispatchLender; }
  CIVICSIM_HD void run_group(std::int32_t lead) const {
    const ByFreeTime by_free{w.sv.busy_until};
    const ByServerId by_id{w.qv.server_remote};
    std::int64_t in_use = 0;  // lenders' sessions serving borrowers now
    for (std::int32_t q = lead; q >= 0; q = dv.next[q]) {
      scratch[q - qa] = 0;
      cursor(q) = w.arrival_begin[q - qa];
      Local L = local(q);
      // On-duty server-seconds of the window, as QueueWindow counts them (staff burnout).
      w.qv.duty_seconds[q] += static_cast<std::int64_t>(w.qv.on_duty[q]) * (w.w1 - w.w0);
      if (!is_open(w.qv.hours[q], w.w0, w.k.start_weekday))
        for (int cls = 0; cls < 2; ++cls)
          while (w.ring_size(q, cls) > 0) w.abandon(L, w.ring_pop(q, cls), w.w0);
      std::int32_t* id = idle(q);
      std::int32_t& n_idle = w.qv.idle_n[q];
      if (w.rebuild_idle) {
        n_idle = 0;
        for (std::int32_t s = L.sb; s < w.qv.server_begin[q + 1]; ++s)
          if (w.sv.on_duty[s] && w.sv.busy_until[s] == kServerIdle) heap_push(id, n_idle, s, by_id);
      }
      while (n_idle > 0 && w.waiting(q) > 0) {
        const std::int32_t s = heap_pop(id, n_idle, by_id);
        if (!w.try_serve(L, s, w.w0)) {
          heap_push(id, n_idle, s, by_id);
          break;
        }
        heap_push(busy(q), w.qv.busy_n[q], s, by_free);
      }
      if (lender(q))
        for (std::int32_t j = 0; j < w.qv.busy_n[q]; ++j) in_use += w.sv.in_service[busy(q)[j]].queue != q;
      keep(L);
    }
    balance(lead, w.w0, in_use);
    for (;;) {
      // The next arrival (member order breaks ties) and the next end of service (server id does).
      Seconds ta = kNever, tf = kNever;
      std::int32_t qa_next = -1, s_next = -1, qs_next = -1;
      for (std::int32_t q = lead; q >= 0; q = dv.next[q]) {
        const std::int64_t a = cursor(q);
        if (a < w.arrival_begin[q - qa + 1] && w.arrivals[a].time < ta) {
          ta = w.arrivals[a].time;
          qa_next = q;
        }
        if (w.qv.busy_n[q] > 0) {
          const std::int32_t s = busy(q)[0];
          if (s_next < 0 || by_free(s, s_next)) {
            s_next = s;
            qs_next = q;
          }
        }
      }
      if (s_next >= 0) tf = w.sv.busy_until[s_next];
      if (ta >= w.w1 && tf >= w.w1) break;
      if (tf <= ta) {
        end_service(lead, qs_next, tf, in_use);
      } else {
        Request r = w.arrivals[cursor(qa_next)++];
        Local L = local(qa_next);
        w.arrive(L, r, ta);
        std::int32_t& n_idle = w.qv.idle_n[qa_next];
        if (n_idle > 0) {  // a free own session implies an empty own line
          const std::int32_t s = heap_pop(idle(qa_next), n_idle, by_id);
          w.start_service(L, s, r, ta);
          heap_push(busy(qa_next), w.qv.busy_n[qa_next], s, by_free);
        } else {
          w.ring_push(qa_next, (r.flags & kFlagEscalated) ? 0 : 1, r);
        }
        keep(L);
        if (dv.role[qa_next] == kDispatchBorrower) balance(lead, ta, in_use);
      }
    }
    for (std::int32_t q = lead; q >= 0; q = dv.next[q]) {
      Local L = local(q);
      for (int cls = 0; cls < 2; ++cls) w.sweep_abandoned(L, cls);
      keep(L);
    }
  }

  /// Server s of member q ends its service at t, then takes its next request.
  CIVICSIM_HD void end_service(std::int32_t lead, std::int32_t q, Seconds t, std::int64_t& in_use) const {
    const ByFreeTime by_free{w.sv.busy_until};
    const ByServerId by_id{w.qv.server_remote};
    const std::int32_t s = heap_pop(busy(q), w.qv.busy_n[q], by_free);
    const std::int32_t from = w.sv.in_service[s].queue;
    const bool remote = from != q;
    // Its output goes through the request's own pool when that is in the group.
    Local L = local(remote && from >= qa && from < qa + nq && dv.lead[from] == lead ? from : q);
    w.complete(L, s, t);
    keep(L);
    if (remote && lender(q)) --in_use;
    if (!w.sv.on_duty[s]) return;
    Local own = local(q);
    const bool served = w.try_serve(own, s, t);
    keep(own);
    if (served) {
      heap_push(busy(q), w.qv.busy_n[q], s, by_free);
    } else if (!(lender(q) && in_use < cap(lead) && serve_borrower(lead, s, t, in_use))) {
      heap_push(idle(q), w.qv.idle_n[q], s, by_id);
    } else {
      heap_push(busy(q), w.qv.busy_n[q], s, by_free);
    }
    balance(lead, t, in_use);  // a session freed under the cap may let another lender take one
  }

  CIVICSIM_HD std::int64_t cap(std::int32_t lead) const { return dv.cap[lead]; }

  /// While the cap allows, idle lender sessions (lowest server id first) take waiting borrower
  /// requests (earliest first).
  CIVICSIM_HD void balance(std::int32_t lead, Seconds t, std::int64_t& in_use) const {
    const ByFreeTime by_free{w.sv.busy_until};
    const ByServerId by_id{w.qv.server_remote};
    while (in_use < cap(lead)) {
      std::int32_t from = -1;
      for (std::int32_t q = lead; q >= 0; q = dv.next[q])
        if (lender(q) && w.qv.idle_n[q] > 0 && (from < 0 || idle(q)[0] < idle(from)[0])) from = q;
      if (from < 0) return;
      const std::int32_t s = heap_pop(idle(from), w.qv.idle_n[from], by_id);
      if (!serve_borrower(lead, s, t, in_use)) {
        heap_push(idle(from), w.qv.idle_n[from], s, by_id);
        return;
      }
      heap_push(busy(from), w.qv.busy_n[from], s, by_free);
    }
  }

  /// The lender's free session s takes the borrower request that has waited longest (escalated
  /// first; ties: the borrower listed first), if any; those whose patience ran out leave first.
  CIVICSIM_HD bool serve_borrower(std::int32_t lead, std::int32_t s, Seconds t, std::int64_t& in_use) const {
    std::int32_t best = -1;
    int best_cls = 2;
    Seconds best_time = kNever;
    for (std::int32_t q = lead; q >= 0; q = dv.next[q]) {
      if (dv.role[q] != kDispatchBorrower) continue;
      Local L = local(q);
      for (int cls = 0; cls < 2; ++cls) {
        while (w.ring_size(q, cls) > 0 && w.ring_at(q, cls, 0).deadline < t) {
          const Request gone = w.ring_pop(q, cls);
          w.abandon(L, gone, gone.deadline);
        }
        if (w.ring_size(q, cls) == 0) continue;
        const Seconds since = w.ring_at(q, cls, 0).time;
        if (cls < best_cls || (cls == best_cls && since < best_time)) {
          best = q;
          best_cls = cls;
          best_time = since;
        }
        break;
      }
      keep(L);
    }
    if (best < 0) return false;
    Local L = local(best);
    const Request r = w.ring_pop(best, best_cls);
    w.start_service(L, s, r, t);
    keep(L);
    // Served remotely: the dispatch latency adds to its service.
    const Seconds latency = w.qv.dispatch_latency[w.qv.district[best]];
    Request& in = w.sv.in_service[s];
    in.deadline += latency;
    in.spent += latency;
    w.sv.busy_until[s] += latency;
    w.count(kServiceSecondsSum, in, L.channel, static_cast<std::uint64_t>(latency));
    // The busy time (latency included) is the lending pool's, whose session serves it.
    const Seconds busy = w.sv.busy_until[s] - t;
    w.qv.busy_seconds[best] -= busy - latency;
    for (std::int32_t q = lead; q >= 0; q = dv.next[q])
      if (s >= w.qv.server_begin[q] && s < w.qv.server_begin[q + 1]) w.qv.busy_seconds[q] += busy;
    atomic_add(w.qv.dispatched + w.qv.district[best], 1);
    ++in_use;
    return true;
  }
};

}  // namespace civicsim
