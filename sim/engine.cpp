#include "sim/engine.hpp"

#include <thrust/binary_search.h>
#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/fill.h>
#include <thrust/partition.h>
#include <thrust/remove.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/system/cpp/execution_policy.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "kernels/contact.hpp"
#include "kernels/adoption.hpp"
#include "kernels/demand.hpp"
#include "kernels/experience.hpp"
#include "kernels/staff.hpp"
#include "kernels/tallies.hpp"
#include "kernels/queue.hpp"
#include "sim/intervention_plan.hpp"

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
  CIVICSIM_HD bool operator()(const Request& r) const {
    return r.kind == kTokenDone || r.kind == kTokenNone;
  }
};
struct NotOwn {
  CIVICSIM_HD bool operator()(const Request& r) const { return !(r.flags & kFlagOwn); }
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
struct ByCitizenThenOrder {
  CIVICSIM_HD bool operator()(const Request& a, const Request& b) const {
    if (a.citizen != b.citizen) return a.citizen < b.citizen;
    return request_before(a, b);
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
      if (arrivals[mid].queue < q) lo = mid + 1; else hi = mid;
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

/// Marks where each citizen's notes begin (notes sorted by citizen).
struct IsFirstOfCitizen {
  const Request* notes;
  CIVICSIM_HD bool operator()(std::uint64_t i) const {
    return i == 0 || notes[i].citizen != notes[i - 1].citizen;
  }
};


/// Needs that ended today: unmet ones per district and group, and the run-wide counts by group.
struct CountEndedNeeds {
  CitizenView cv;
  const Request* notes;
  std::uint64_t* unmet;  // [D][G]
  std::uint64_t* needs;  // [NeedCounter][G]
  CIVICSIM_HD void operator()(std::size_t i) const {
    const Request& r = notes[i];
    if (!(r.note & kNoteDone)) return;
    const int g = group_of(cv.flags[r.citizen]);
    atomic_add(needs + kNeedsEnded * kGroups + g, 1);
    atomic_add(needs + kNeedsElapsedSeconds * kGroups + g, static_cast<std::uint64_t>(r.time - r.born));
    if (r.note & kNoteResolved) {
      atomic_add(needs + kNeedsMet * kGroups + g, 1);
      atomic_add(needs + kNeedsMetSeconds * kGroups + g, static_cast<std::uint64_t>(r.spent));
      if (r.attempt == 1) atomic_add(needs + kNeedsMetFirstContact * kGroups + g, 1);
    } else {
      atomic_add(unmet + cv.district[r.citizen] * kGroups + g, 1);
    }
  }
};


void append(DeviceVector<Request>& to, const DeviceVector<Request>& from, std::size_t n) {
  if (n == 0) return;
  const std::size_t old = to.size();
  to.resize(old + n);
  thrust::copy(from.begin(), from.begin() + static_cast<std::ptrdiff_t>(n), to.begin() + static_cast<std::ptrdiff_t>(old));
}

}  // namespace

Engine::Engine(const Params& params) : world_(params), schedule_(world_) {
  const int D = world_.district_count();
  counters_.resize(static_cast<std::size_t>(kSeriesMetrics) * D * kGroups * kChannels, 0);
  wait_histogram_.resize(static_cast<std::size_t>(kChannels) * kGroups * kWaitBins, 0);
  needs_.resize(static_cast<std::size_t>(kNeedCounters) * kGroups, 0);
  counters_view_ = CounterView{raw(counters_), raw(wait_histogram_), D};
  tables_.resize(static_cast<std::size_t>(kDailyTables) * D * kGroups, 0);
  adopter_share_.resize(D, 0.0);
  // Chunks of the daily tables: inside one (district, group) segment each.
  {
    const HostVector<std::uint64_t> begin = world_.districts.group_begin;
    std::vector<std::uint64_t> first, last;
    std::vector<std::int64_t> segment_first(1, 0);
    for (std::size_t s = 0; s + 1 < begin.size(); ++s) {
      for (std::uint64_t c = begin[s]; c < begin[s + 1]; c += kTableChunk) {
        first.push_back(c);
        last.push_back(std::min<std::uint64_t>(c + kTableChunk, begin[s + 1]));
      }
      segment_first.push_back(static_cast<std::int64_t>(first.size()));
    }
    table_chunk_begin_ = HostVector<std::uint64_t>(first.begin(), first.end());
    table_chunk_end_ = HostVector<std::uint64_t>(last.begin(), last.end());
    segment_chunk_begin_ = HostVector<std::int64_t>(segment_first.begin(), segment_first.end());
    table_partial_.resize(first.size() * kTableLanes * kDailyTables);
  }

  std::set<int> minutes;
  for (const OpeningHours& h : params.hours) {
    for (const auto* list : {&h.weekday, &h.weekend})
      for (const auto& iv : *list) {
        minutes.insert(iv.first);
        minutes.insert(iv.second);
      }
  }
  for (int m : schedule_.transition_minutes()) minutes.insert(m);  // hall hours set by interventions
  transition_minutes_.assign(minutes.begin(), minutes.end());
  is_transition_.assign(1441, 0);
  for (int m : minutes) is_transition_[m] = 1;
  // Requests that leave a queue unmet come back after a retry delay: no later than the shortest
  // delay, so a window no longer than it never sees a request come back inside it.
  lookahead_ = std::numeric_limits<Seconds>::max();
  for (int c = 0; c < kChannels; ++c) lookahead_ = std::min(lookahead_, world_.constants.retry_delay[c]);
  queue_district_ = to_std(world_.queues.district);
  queue_channel_ = to_std(world_.queues.channel);
  queue_ids_.resize(static_cast<std::size_t>(world_.queues.n));
  thrust::sequence(queue_ids_.begin(), queue_ids_.end(), 0);
  refresh_employed();
  refresh_serves_later(0);
  refresh_duty(0);
  compute_daily_tables();
}

// ---- saving and loading the state (checkpoints) ----------------------------------------------

namespace {

/// Writes each array (copied to the host first on the GPU).
struct StateSaver {
  static constexpr bool loading = false;
  StateSink& sink;
  template <class T>
  void array(const std::string& name, const DeviceVector<T>& v, bool = false) {
    static_assert(std::is_trivially_copyable_v<T>, "state arrays hold plain values");
#if defined(CIVICSIM_BACKEND_CUDA)
    const HostVector<T> h = v;
    sink.write(name, sizeof(T), h.size(), thrust::raw_pointer_cast(h.data()));
#else
    sink.write(name, sizeof(T), v.size(), raw(v));
#endif
  }
  template <class T>
  void array(const std::string& name, const std::vector<T>& v, bool = true) {
    static_assert(std::is_trivially_copyable_v<T>, "state arrays hold plain values");
    sink.write(name, sizeof(T), v.size(), v.data());
  }
  template <class T>
  void value(const std::string& name, const T& x) {
    static_assert(std::is_trivially_copyable_v<T>, "state values are plain values");
    sink.write(name, sizeof(T), 1, &x);
  }
};

/// Reads each array back, resizing it to the saved length.
struct StateLoader {
  static constexpr bool loading = true;
  StateSource& source;
  /// `grows`: the array's length changes as the run goes (requests, waiting lines); the others
  /// must have the length this engine gave them (a checkpoint of this very scenario has).
  template <class T>
  void array(const std::string& name, DeviceVector<T>& v, bool grows = false) {
    const std::uint64_t n = source.next(name, sizeof(T));
    if (!grows && n != v.size()) {
      throw StateError("state array '" + name + "' has " + std::to_string(n) + " values; this run has " +
                       std::to_string(v.size()));
    }
    HostVector<T> h(static_cast<std::size_t>(n));
    source.read(thrust::raw_pointer_cast(h.data()));
    v = h;
  }
  template <class T>
  void array(const std::string& name, std::vector<T>& v, bool = true) {
    v.resize(static_cast<std::size_t>(source.next(name, sizeof(T))));
    source.read(v.data());
  }
  template <class T>
  void value(const std::string& name, T& x) {
    if (source.next(name, sizeof(T)) != 1) throw StateError("state value '" + name + "' holds more than one value");
    source.read(&x);
  }
};

}  // namespace

/// Every piece of state that changes during a run, in one list that saving and loading share.
/// What is left out is derived from the parameters when the engine is built (the districts' shape,
/// the daily-table chunks, the opening-hour transitions) or scratch space refilled before use.
template <class Archive>
void Engine::archive(Archive& a) {
  // The position field by field (no padding bytes, no bool read from a raw byte), checked on load.
  std::int32_t day = position_.day;
  std::int64_t time = position_.time;
  std::uint8_t in_day = position_.in_day ? 1 : 0;
  a.value("position.day", day);
  a.value("position.time", time);
  a.value("position.in_day", in_day);
  if (Archive::loading) {
    const Seconds start = static_cast<Seconds>(day) * kSecondsPerDay;
    if (day < 0 || day > days() || in_day > 1 || (in_day && (time < start || time > start + kSecondsPerDay)) ||
        (in_day && day == days())) {
      throw StateError("the saved position (day " + std::to_string(day) + ", second " + std::to_string(time) +
                       ") is not a position of this run");
    }
    position_ = Position{day, static_cast<Seconds>(time), in_day == 1};
  }
  CitizenArrays& c = world_.citizens;
  a.array("citizens.district", c.district);
  a.array("citizens.x", c.x);
  a.array("citizens.y", c.y);
  a.array("citizens.flags", c.flags);
  a.array("citizens.literacy", c.literacy);
  a.array("citizens.trust", c.trust);
  a.array("citizens.satisfaction", c.satisfaction);
  a.array("citizens.satisfied_n", c.satisfied_n);
  ServerArrays& v = world_.servers;
  a.array("servers.skill", v.skill);
  a.array("servers.state", v.state);
  a.array("servers.tenure_days", v.tenure_days);
  a.array("servers.refill_day", v.refill_day);
  a.array("servers.shift_start", v.shift_start);
  a.array("servers.busy_until", v.busy_until);
  a.array("servers.in_service", v.in_service);
  a.array("servers.on_duty", v.on_duty);
  a.array("servers.queue", v.queue);
  a.array("servers.quit_probability", v.quit_probability);
  QueueArrays& q = world_.queues;
  a.array("queues.employed", q.employed);
  a.array("queues.on_duty", q.on_duty);
  a.array("queues.posted_wait", q.posted_wait);
  a.array("queues.hour_wait_sum", q.hour_wait_sum);
  a.array("queues.hour_served", q.hour_served);
  a.array("queues.ring", q.ring, true);
  a.array("queues.ring_base", q.ring_base);
  a.array("queues.ring_cap", q.ring_cap);
  a.array("queues.ring_head", q.ring_head);
  a.array("queues.ring_count", q.ring_count);
  a.array("queues.busy_heap", q.busy_heap);
  a.array("queues.busy_n", q.busy_n);
  a.array("queues.idle_heap", q.idle_heap);
  a.array("queues.idle_n", q.idle_n);
  PolicyArrays& pol = world_.policy;
  a.array("queues.dh_boost", pol.dh_boost);
  a.array("queues.dh_elder_care", pol.dh_elder_care);
  a.array("queues.hours", pol.hours);
  a.array("queues.shift_hours", pol.shift_hours);
  a.array("queues.server_remote", pol.server_remote);
  a.array("queues.kiosk_travel", pol.kiosk_travel);
  a.array("queues.kiosk_non_users", pol.kiosk_non_users);
  a.array("queues.shared_types", pol.shared_types);
  a.array("queues.service_factor", pol.service_factor);
  a.array("queues.dispatch_latency", pol.dispatch_latency);
  a.array("queues.dispatched", pol.dispatched);
  a.array("types", world_.types);
  a.array("pending", world_.pending, true);
  schedule_.archive(a);
  a.array("engine.counters", counters_);
  a.array("engine.wait_histogram", wait_histogram_);
  a.array("engine.needs", needs_);
  a.array("engine.notes", notes_, true);
  a.array("engine.tables", tables_);
  a.array("engine.adopter_share", adopter_share_);
  a.value("engine.adopter_share_max", adopter_share_max_);
  a.value("engine.horizon", horizon_);
  std::uint64_t settled = settled_;
  a.value("engine.settled", settled);
  settled_ = static_cast<std::size_t>(settled);
  a.value("engine.duty_dirty", duty_dirty_);
  a.value("engine.duty_changed", duty_changed_);
  a.value("engine.duty_fresh", duty_fresh_);
  a.value("engine.duty_time", duty_time_);
  a.value("engine.interval_index", interval_index_);
  a.value("engine.totals", totals_);
}

void Engine::save_state(StateSink& sink) {
  StateSaver saver{sink};
  archive(saver);
}

void Engine::load_state(StateSource& source) {
  StateLoader loader{source};
  archive(loader);
  counters_view_ = CounterView{raw(counters_), raw(wait_histogram_), world_.district_count()};
  refresh_serves_later(position_.day);  // derived from the loaded staff and the schedule
}

int Engine::intervals() const { return world_.params.days * (1440 / world_.params.report_minutes); }

Seconds Engine::next_boundary(Seconds t) const {
  const Params& p = world_.params;
  const Seconds step = p.step_minutes * 60, report = p.report_minutes * 60;
  Seconds next = (t / step + 1) * step;
  next = std::min(next, (t / report + 1) * report);
  next = std::min(next, (t / 3600 + 1) * 3600);  // posted waits change on the hour
  next = std::min(next, t + lookahead_);
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
               RefreshDuty{world_.constants, world_.servers.view(), raw(world_.servers.queue),
                           world_.queue_view(), t});
  parallel_for(static_cast<std::size_t>(world_.queues.n),
               CountOnDuty{world_.queue_view(), raw(world_.servers.on_duty)},
               world_.servers.size());
}

void Engine::refresh_employed() {
  parallel_for(static_cast<std::size_t>(world_.queues.n),
               CountEmployed{world_.queue_view(), raw(world_.servers.state)});
}

void Engine::start_of_day(int day) {
  const Params& p = world_.params;
  if (day > 0 && day == p.warmup_days) start_analysis_window(day);
  duty_dirty_ = true;
  schedule_.apply_day(day, world_);
  parallel_for(world_.servers.size(), StaffDay{p.seed, day, p.hiring_delay_days, p.skill_sd,
                                               raw(world_.servers.quit_probability), raw(world_.servers.queue),
                                               raw(world_.queues.server_begin), world_.servers.view()});
  refresh_employed();
  refresh_serves_later(day);
  const std::uint64_t blocks = draw_blocks(world_.citizens.size());
  parallel_for(blocks, Adoption{p.seed, day, p.bass_p, p.bass_q, (p.bass_p + p.bass_q * adopter_share_max_) / 365.0,
                                raw(adopter_share_), world_.citizens.view()},
               blocks * 4);

  // Today's new needs: a Poisson number per citizen, with type and time of day.
  const int weekday = (p.start_weekday + day) % 7;
  const bool weekend = weekday >= 5;
  const auto& profile = weekend ? p.profile_weekend : p.profile_weekday;
  double week_total = 0, today_total = 0;
  for (int h = 0; h < 24; ++h) {
    week_total += 5.0 * p.profile_weekday[h] + 2.0 * p.profile_weekend[h];
    today_total += profile[h];
  }
  DayDemand demand{};
  demand.day = day;
  demand.n_types = static_cast<std::int32_t>(p.types.size());
  const double day_factor = today_total / week_total * 7.0;  // today's share of an average day
  for (int a = 0; a < kAgeGroups; ++a) {
    double total = 0;
    for (const TypeParams& t : world_.host_types) total += t.rate_per_day[a];
    demand.mean_per_citizen[a] = total * day_factor;
    double cumulative = 0;
    for (std::size_t i = 0; i < world_.host_types.size(); ++i) {
      cumulative += total > 0 ? world_.host_types[i].rate_per_day[a] / total : 0;
      demand.type_cumulative[a][i] = cumulative;
    }
  }
  double cumulative = 0;
  for (int h = 0; h < 24; ++h) {
    cumulative += today_total > 0 ? profile[h] / today_total : 1.0 / 24;
    demand.hour_cumulative[h] = cumulative;
  }
  // Surges: today's demand factor of each district.
  std::vector<double> factor(static_cast<std::size_t>(world_.district_count()), 1.0);
  for (const DemandSurge& surge : p.surges) {
    if (day < surge.start_day || (surge.end_day >= 0 && day >= surge.end_day)) continue;
    for (int d : select_districts(p, surge.districts)) factor[d] *= surge.factor;
  }
  demand_factor_ = HostVector<double>(factor.begin(), factor.end());
  demand.district_factor = raw(demand_factor_);
  // Each agent raises the needs of the residents it stands for (the thinning rate is the highest
  // agent's).
  const std::vector<double> weight = residents_per_agent(p);
  residents_per_agent_ = HostVector<double>(weight.begin(), weight.end());
  demand.district_weight = raw(residents_per_agent_);
  double agent_max = 0;
  for (std::size_t d = 0; d < factor.size(); ++d) agent_max = std::max(agent_max, factor[d] * weight[d]);
  demand.mean_max = std::max(demand.mean_per_citizen[kAdult], demand.mean_per_citizen[kElderly]) * agent_max;
  if (blocks == 0 || !(demand.mean_max > 0)) return;  // nobody, or no demand today
  block_count_.resize(blocks);
  block_offset_.resize(blocks);
  const std::size_t work = static_cast<std::size_t>(demand.mean_max * static_cast<double>(world_.citizens.size())) + blocks;
  parallel_for(blocks, CountNewRequests{p.seed, demand, world_.citizens.view(), raw(block_count_)}, work);
  dispatch(blocks, [&](auto pol) { return thrust::exclusive_scan(pol, block_count_.begin(), block_count_.end(), block_offset_.begin(), std::uint64_t{0}); });
  const std::uint64_t total = static_cast<std::uint64_t>(block_offset_[blocks - 1]) + block_count_[blocks - 1];
  if (total >= (1ull << 32)) throw std::runtime_error("more than 2^32 new requests in one day");
  const std::size_t old = world_.pending.size();
  world_.pending.resize(old + total);
  parallel_for(blocks, FillNewRequests{p.seed, demand, world_.citizens.view(), raw(block_offset_), raw(world_.pending) + old}, work);
  totals_.requests += total;
}

void Engine::harvest_notes(const Request* first, std::size_t n) {
  if (n == 0) return;
  // Room for all n, then one pass (one round trip on the GPU) that says how many had a note.
  auto begin = thrust::device_pointer_cast(first);
  const std::size_t old = notes_.size();
  notes_.resize(old + n);
  auto end = dispatch(n, [&](auto pol) { return thrust::copy_if(pol, begin, begin + n, notes_.begin() + static_cast<std::ptrdiff_t>(old), HasNote{}); });
  notes_.resize(static_cast<std::size_t>(end - notes_.begin()));
}

void Engine::split_pending(Seconds w0) {
  // The pending list is [requests not due before `horizon_` | the rest]: windows only look at the
  // rest (this hour's requests and what came back since), and the whole list is split again once
  // an hour. Pending order is irrelevant: every consumer orders requests by request_before.
  DeviceVector<Request>& pending = world_.pending;
  const Seconds horizon = (w0 / 3600 + 1) * 3600;
  if (horizon != horizon_ || settled_ > pending.size()) {
    horizon_ = horizon;
    auto mid = dispatch(pending.size(), [&](auto pol) { return thrust::partition(pol, pending.begin(), pending.end(), NotBefore{horizon}); });
    settled_ = static_cast<std::size_t>(mid - pending.begin());
  }
}

void Engine::contacts(Seconds w1) {
  DeviceVector<Request>& pending = world_.pending;
  for (;;) {
    // This window's contacts go to the end of the list, the rest of the unsettled part before them.
    const auto first = pending.begin() + static_cast<std::ptrdiff_t>(settled_);
    auto mid = dispatch(pending.size() - settled_, [&](auto pol) { return thrust::partition(pol, first, pending.end(), NotActionable{w1}); });
    const std::size_t at = static_cast<std::size_t>(mid - pending.begin());
    const std::size_t n = pending.size() - at;
    if (n == 0) return;
    Request* due = raw(pending) + at;
    parallel_for(n, ContactStep{world_.constants, world_.citizens.view(), world_.districts.view(),
                                world_.queue_view(), raw(world_.types), counters_view_, raw(serves_later_), due},
                 /*work=*/n * 64);  // a contact costs ~0.2 µs: worth a thread team from ~256 contacts
    harvest_notes(due, n);
    parallel_for(n, ClearNote{due});
    auto kept = dispatch(n, [&](auto pol) { return thrust::remove_if(pol, mid, pending.end(), IsDoneOrEmpty{}); });
    pending.resize(static_cast<std::size_t>(kept - pending.begin()));
  }
}

void Engine::run_queues(std::int32_t qa, std::int32_t qb, Seconds w0, Seconds w1) {
  DeviceVector<Request>& pending = world_.pending;
  QueueArrays& Q = world_.queues;
  const std::int32_t nq = qb - qa;
  if (nq <= 0) return;

  // This window's arrivals at these queues, in queue order then arrival order.
  const auto first = pending.begin() + static_cast<std::ptrdiff_t>(settled_);
  auto mid = dispatch(pending.size() - settled_, [&](auto pol) { return thrust::partition(pol, first, pending.end(), NotJoinFor{w1, qa, qb}); });
  const std::size_t n_arrivals = static_cast<std::size_t>(pending.end() - mid);
  scratch_.resize(n_arrivals);
  dispatch(n_arrivals, [&](auto pol) { return thrust::copy(pol, mid, pending.end(), scratch_.begin()); });
  pending.resize(static_cast<std::size_t>(mid - pending.begin()));
  dispatch(n_arrivals, [&](auto pol) { thrust::sort(pol, scratch_.begin(), scratch_.end(), ByQueueThenOrder{}); return 0; });

  // Per-queue offsets: [0, nq] arrivals, [nq + 1, 2 nq + 1] output slots; the last entry says
  // whether a waiting line must grow first.
  offsets_.resize(2 * (static_cast<std::size_t>(nq) + 1) + 1);
  std::int64_t* arrival_begin = raw(offsets_);
  std::int64_t* out_begin = arrival_begin + nq + 1;
  std::int64_t* grow = out_begin + nq + 1;
  parallel_for(static_cast<std::size_t>(nq) + 1,
               ArrivalBegin{raw(scratch_), static_cast<std::int64_t>(n_arrivals), qa, arrival_begin});
  dispatch(1, [&](auto pol) { return thrust::fill_n(pol, thrust::device_pointer_cast(grow), 1, std::int64_t{0}); });
  parallel_for(static_cast<std::size_t>(nq), OutCapacity{world_.queue_view(), qa, arrival_begin, out_begin, grow});
  auto out_first = thrust::device_pointer_cast(out_begin);
  dispatch(static_cast<std::size_t>(nq) + 1, [&](auto pol) { return thrust::exclusive_scan(pol, out_first, out_first + nq + 1, out_first, std::int64_t{0}); });
  // The output slots in all and the grow flag sit side by side: one read (one round trip on the GPU).
  std::int64_t tail[2];
  thrust::copy(offsets_.end() - 2, offsets_.end(), tail);
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
  out_.resize(static_cast<std::size_t>(out_total));
  const Request empty{};
  dispatch(out_.size(), [&](auto pol) { thrust::fill(pol, out_.begin(), out_.end(), empty); return 0; });

  parallel_for(static_cast<std::size_t>(nq),
               QueueWindow{world_.constants, world_.citizens.view(), world_.queue_view(), world_.servers.view(),
                           raw(world_.types), counters_view_, raw(queue_ids_) + qa, raw(scratch_),
                           arrival_begin, raw(out_), out_begin, w0, w1, duty_changed_},
               /*work=*/static_cast<std::size_t>(out_total) * 16);  // ~16 steps per request

  // Requests that left: record their effects, keep the open ones pending.
  auto out_end = dispatch(out_.size(), [&](auto pol) { return thrust::remove_if(pol, out_.begin(), out_.end(), IsEmpty{}); });
  const std::size_t n_out = static_cast<std::size_t>(out_end - out_.begin());
  harvest_notes(raw(out_), n_out);
  parallel_for(n_out, ClearNote{raw(out_)});
  auto open_end = dispatch(n_out, [&](auto pol) { return thrust::remove_if(pol, out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(n_out), IsDoneOrEmpty{}); });
  append(pending, out_, static_cast<std::size_t>(open_end - out_.begin()));
}

void Engine::window(Seconds w0, Seconds w1) {
  QueueArrays& Q = world_.queues;
  // Who is on duty changes only on the hour (shifts), when opening hours change, and when staff
  // change (at the start of a day).
  duty_changed_ = duty_dirty_ || duty_fresh_ || w0 % 3600 == 0 ||
                  (w0 % 60 == 0 && is_transition_[(w0 % kSecondsPerDay) / 60]);
  if (duty_changed_ && (duty_dirty_ || duty_time_ != w0)) {
    refresh_duty(w0);
    duty_time_ = w0;
    duty_dirty_ = false;
  }
  duty_fresh_ = false;
  split_pending(w0);
  contacts(w1);                          // choices and online self-service
  run_queues(Q.dh_begin, Q.n, w0, w1);   // digital-human pools
  contacts(w1);                          // escalations choose a human channel
  run_queues(0, Q.dh_begin, w0, w1);     // halls and the hotline
}

std::vector<std::int64_t> Engine::servers_by_district(bool on_duty_only) {
  // From the per-queue counts (kept current by refresh_employed and refresh_duty).
  const int D = world_.district_count();
  const std::vector<std::int32_t> per_queue = to_std(on_duty_only ? world_.queues.on_duty : world_.queues.employed);
  std::vector<std::int64_t> out(static_cast<std::size_t>(D) * kChannels, 0);
  std::int64_t hotline = 0;
  for (std::size_t q = 0; q < per_queue.size(); ++q) {
    if (queue_district_[q] < 0) {
      hotline += per_queue[q];
    } else {
      out[static_cast<std::size_t>(queue_district_[q]) * kChannels + queue_channel_[q]] += per_queue[q];
    }
  }
  // The city-wide hotline pool is split evenly over districts (the remainder to the first ones).
  for (int d = 0; d < D; ++d) out[d * kChannels + kHotline] += hotline / D + (d < hotline % D ? 1 : 0);
  return out;
}

IntervalRecord Engine::finish_interval(Seconds end) {
  parallel_for(static_cast<std::size_t>(world_.queues.n),
               CountWaiting{world_.citizens.view(), world_.queue_view(), counters_view_});
  if (duty_time_ != end || duty_dirty_) {
    refresh_duty(end);
    duty_time_ = end;
    duty_dirty_ = false;
    duty_fresh_ = true;  // the next window starts here with this duty
  }
  IntervalRecord rec;
#if defined(CIVICSIM_BACKEND_CUDA)
  const HostVector<std::uint64_t> c = counters_;
  rec.series.assign(c.begin(), c.end());
#else
  rec.series.assign(counters_.begin(), counters_.end());
#endif
  rec.servers_on_duty = servers_by_district(true);
  dispatch(counters_.size(), [&](auto pol) { thrust::fill(pol, counters_.begin(), counters_.end(), 0); return 0; });

  const int D = world_.district_count();
  const std::size_t per_metric = static_cast<std::size_t>(D) * kGroups * kChannels;
  for (std::size_t i = 0; i < per_metric; ++i) {
    const int ch = static_cast<int>(i % kChannels);
    const std::size_t gc = (i / kChannels) % kGroups * kChannels + ch;
    totals_.arrivals[gc] += rec.series[kArrivals * per_metric + i];
    totals_.served[gc] += rec.series[kServed * per_metric + i];
    totals_.abandoned[gc] += rec.series[kAbandoned * per_metric + i];
    totals_.wait_seconds[gc] += rec.series[kWaitSecondsSum * per_metric + i];
  }
  return rec;
}

void Engine::compute_daily_tables() {
  auto lap = std::chrono::steady_clock::now();
  const int D = world_.district_count();
  parallel_for(table_chunk_begin_.size() * kTableLanes,
               CountDaily{world_.citizens.view(), raw(table_chunk_begin_), raw(table_chunk_end_), raw(table_partial_)},
               world_.citizens.size());
  const std::int64_t segments = static_cast<std::int64_t>(D) * kGroups;
  parallel_for(static_cast<std::size_t>(segments) * kDailyTables,
               SumDailyTables{raw(table_partial_), raw(segment_chunk_begin_), raw(tables_), segments},
               table_partial_.size());
  const std::vector<std::uint64_t> pop = table(kTablePopulation), adopted = table(kTableAdopted);
  HostVector<double> share(D, 0.0);
  adopter_share_max_ = 0;
  for (int d = 0; d < D; ++d) {
    std::uint64_t n = 0, a = 0;
    for (int g = 0; g < kGroups; ++g) {
      n += pop[d * kGroups + g];
      a += adopted[d * kGroups + g];
    }
    share[d] = n > 0 ? static_cast<double>(a) / static_cast<double>(n) : 0.0;
    adopter_share_max_ = std::max(adopter_share_max_, share[d]);
  }
  adopter_share_ = share;
  backend_synchronize();
  tables_seconds_ += lap_seconds(lap);
}

std::vector<std::uint64_t> Engine::table(int which) const {
  const std::size_t cells = static_cast<std::size_t>(world_.district_count()) * kGroups;
  HostVector<std::uint64_t> h(tables_.begin() + static_cast<std::ptrdiff_t>(which * cells),
                              tables_.begin() + static_cast<std::ptrdiff_t>((which + 1) * cells));
  return std::vector<std::uint64_t>(h.begin(), h.end());
}

DayRecord Engine::end_of_day() {
  const int D = world_.district_count();
  // Effects of today's contacts on each citizen, in time order.
  DeviceVector<std::uint64_t> unmet(static_cast<std::size_t>(D) * kGroups, 0);
  if (!notes_.empty()) {
    // Every need that ended counts (integer sums: any order); only the agents' own needs change
    // them (kFlagOwn), so only those are sorted and applied: at scale 0.02, one note in 50.
    parallel_for(notes_.size(), CountEndedNeeds{world_.citizens.view(), raw(notes_), raw(unmet), raw(needs_)});
    auto own_end = dispatch(notes_.size(), [&](auto pol) { return thrust::remove_if(pol, notes_.begin(), notes_.end(), NotOwn{}); });
    notes_.resize(static_cast<std::size_t>(own_end - notes_.begin()));
  }
  const std::size_t n = notes_.size();
  if (n > 0) {
    dispatch(n, [&](auto pol) { thrust::sort(pol, notes_.begin(), notes_.end(), ByCitizenThenOrder{}); return 0; });
    DeviceVector<std::uint64_t> first(n);
    auto end = dispatch(n, [&](auto pol) { return thrust::copy_if(pol, thrust::counting_iterator<std::uint64_t>(0), thrust::counting_iterator<std::uint64_t>(n),
                                                                first.begin(), IsFirstOfCitizen{raw(notes_)}); });
    const std::size_t n_first = static_cast<std::size_t>(end - first.begin());
    parallel_for(n_first, ApplyNotes{world_.citizens.view(), raw(world_.types), raw(notes_), raw(first), n, n_first,
                                     world_.params.trust_learn_rate});
  }
  notes_.clear();
  compute_daily_tables();

  DayRecord rec;
  const std::vector<std::uint64_t> pop = table(kTablePopulation), adopted = table(kTableAdopted),
                                   internet = table(kTableInternet), trust = table(kTableTrustSum),
                                   sat = table(kTableSatisfactionSum), satisfied = table(kTableSatisfied),
                                   un = to_std(unmet);
  const std::size_t cells = static_cast<std::size_t>(D) * kGroups;
  rec.population.resize(cells);
  rec.adopted.resize(cells);
  rec.internet_access.resize(cells);
  rec.trust_mean.resize(cells);
  rec.satisfaction_mean.resize(cells);
  rec.unmet_needs.resize(cells);
  for (std::size_t i = 0; i < cells; ++i) {
    rec.population[i] = static_cast<std::int64_t>(pop[i]);
    rec.adopted[i] = static_cast<std::int64_t>(adopted[i]);
    rec.internet_access[i] = static_cast<std::int64_t>(internet[i]);
    rec.trust_mean[i] = pop[i] > 0 ? static_cast<double>(trust[i]) / 65535.0 / static_cast<double>(pop[i])
                                   : std::numeric_limits<double>::quiet_NaN();
    rec.satisfaction_mean[i] = satisfied[i] > 0
                                   ? static_cast<double>(sat[i]) / 65535.0 / static_cast<double>(satisfied[i])
                                   : std::numeric_limits<double>::quiet_NaN();
    rec.unmet_needs[i] = static_cast<std::int64_t>(un[i]);
    totals_.unmet += rec.unmet_needs[i];
  }
  rec.staff = servers_by_district(false);
  return rec;
}

bool Engine::step(EngineObserver& observer) {
  // Phase timings include the observer's callbacks (the output file measures its own share).
  if (finished()) return false;
  Position& pos = position_;
  auto lap = std::chrono::steady_clock::now();
  const Seconds day_end = static_cast<Seconds>(pos.day + 1) * kSecondsPerDay;
  if (!pos.in_day) {
    start_of_day(pos.day);
    backend_synchronize();  // the GPU may still be working (asynchronous launches)
    timings_.daily_pass_s += lap_seconds(lap);
    pos.in_day = true;
    pos.time = static_cast<Seconds>(pos.day) * kSecondsPerDay;
  } else if (pos.time < day_end) {
    const Seconds w1 = next_boundary(pos.time);
    window(pos.time, w1);
    ++timings_.windows;
    if (w1 % 3600 == 0)
      parallel_for(static_cast<std::size_t>(world_.queues.n), PublishWaits{world_.queue_view(), w1});
    if (w1 % report_seconds() == 0) {
      const IntervalRecord rec = finish_interval(w1);
      observer.on_interval(interval_index_++, rec);
    }
    timings_.windows_s += lap_seconds(lap);
    pos.time = w1;
  } else {
    const double tables_before = tables_seconds_;
    observer.on_day(pos.day, end_of_day());
    backend_synchronize();
    const double tables = tables_seconds_ - tables_before;  // the population count, part of the daily pass
    timings_.end_of_day_s += lap_seconds(lap) - tables;
    timings_.daily_pass_s += tables;
    release_device_scratch();
    ++timings_.days;
    ++pos.day;
    pos.in_day = false;
    pos.time = day_end;
  }
  return true;
}

void Engine::run_day(int day, EngineObserver& observer) {
  if (day != position_.day || position_.in_day)
    throw std::logic_error("run_day(" + std::to_string(day) + "): the run is at day " + std::to_string(position_.day));
  while (position_.day == day && step(observer)) {
  }
}

bool Engine::run(EngineObserver& observer, const std::function<bool(const Position&)>& pause) {
  while (step(observer)) {
    if (pause && pause(position_)) break;
  }
  return finished();
}


}  // namespace civicsim
