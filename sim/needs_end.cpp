// How needs end (docs/engine.md, "Nothing available"): which queues can still serve before the run
// ends, so that a need no channel will ever serve is unmet when it arises rather than open
// forever; and the needs still open when the run stops (/summary/open_needs).
#include <thrust/fill.h>

#include "kernels/views.hpp"
#include "sim/engine.hpp"

namespace civicsim {
namespace {

/// Can queue q serve at some point from now to the end of the run? It has a post filled now or
/// refilled before the end and opening hours, or an intervention that starts or ends later
/// changes it.
struct ServesLater {
  QueueView qv;
  const std::uint8_t* state;
  const std::int32_t* refill_day;
  std::int32_t days;
  const std::uint8_t* changed_later;
  std::uint8_t* out;
  CIVICSIM_HD void operator()(std::size_t q) const {
    bool posts = false;
    for (std::int32_t s = qv.server_begin[q]; s < qv.server_begin[q + 1] && !posts; ++s)
      posts = state[s] == kServerEmployed || (state[s] == kServerVacant && refill_day[s] < days);
    const Hours& h = qv.hours[q];
    const bool opens = h.always || h.n_weekday > 0 || h.n_weekend > 0;
    const bool serves = (posts && opens) || (changed_later[q] & kLaterPosts);
    out[q] = static_cast<std::uint8_t>((serves ? kLaterPosts : 0) | (changed_later[q] & kLaterDigitalAccess));
  }
};

/// Needs open at the end, by group: requests pending (a choice, a trip to a queue, an online
/// attempt), waiting in a queue's rings, or in service.
struct CountOpen {
  CitizenView cv;
  std::uint64_t* open;  // [group]
  CIVICSIM_HD void add(const Request& r) const {
    if (r.kind == kTokenNone || r.kind == kTokenDone) return;
    atomic_add(open + group_of(cv.flags[r.citizen]), 1);
  }
};
struct CountOpenPending {
  CountOpen c;
  const Request* pending;
  CIVICSIM_HD void operator()(std::size_t i) const { c.add(pending[i]); }
};
struct CountOpenInQueues {
  CountOpen c;
  QueueView qv;
  const Seconds* busy_until;
  const Request* in_service;
  CIVICSIM_HD void operator()(std::size_t q) const {
    for (int cls = 0; cls < 2; ++cls) {
      const std::size_t r = 2 * q + cls;
      for (std::int32_t j = 0; j < qv.ring_count[r]; ++j)
        c.add(qv.ring[qv.ring_base[r] + (qv.ring_head[r] + j) % qv.ring_cap[r]]);
    }
    for (std::int32_t s = qv.server_begin[q]; s < qv.server_begin[q + 1]; ++s)
      if (busy_until[s] != kServerIdle) c.add(in_service[s]);
  }
};

}  // namespace

void Engine::refresh_serves_later(int day) {
  const std::vector<std::uint8_t> later = schedule_.queues_changed_later(day, world_);
  DeviceVector<std::uint8_t> changed = HostVector<std::uint8_t>(later.begin(), later.end());
  serves_later_.resize(static_cast<std::size_t>(world_.queues.n));
  parallel_for(static_cast<std::size_t>(world_.queues.n),
               ServesLater{world_.queue_view(), raw(world_.servers.state), raw(world_.servers.refill_day),
                           world_.params.days, raw(changed), raw(serves_later_)});
}

std::vector<std::int64_t> Engine::open_needs() const {
  World& w = const_cast<World&>(world_);  // views are mutable; nothing is written
  DeviceVector<std::uint64_t> open(kGroups, 0);
  const CountOpen count{w.citizens.view(), raw(open)};
  parallel_for(w.pending.size(), CountOpenPending{count, raw(w.pending)});
  parallel_for(static_cast<std::size_t>(w.queues.n),
               CountOpenInQueues{count, w.queue_view(), raw(w.servers.busy_until), raw(w.servers.in_service)});
  const HostVector<std::uint64_t> h = open;
  return std::vector<std::int64_t>(h.begin(), h.end());
}

}  // namespace civicsim
