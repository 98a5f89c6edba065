#include "sim/interventions.hpp"

#include <thrust/binary_search.h>
#include <thrust/copy.h>
#include <thrust/fill.h>
#include <thrust/sort.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "kernels/staff.hpp"
#include "kernels/interventions.hpp"
#include "sim/world.hpp"

namespace civicsim {

/// Host copies of the server arrays an intervention edits at its start or end, written back once.
struct ServerEdit {
  HostVector<std::uint8_t> state, remote, shift;
  HostVector<float> skill;
  HostVector<std::uint16_t> tenure;
  HostVector<std::int32_t> server_begin;
  HostVector<double> quit;
  explicit ServerEdit(const World& w)
      : state(w.servers.state), remote(w.policy.server_remote), shift(w.servers.shift_start),
        skill(w.servers.skill), tenure(w.servers.tenure_days), server_begin(w.queues.server_begin),
        quit(w.servers.quit_probability) {}
  void write(World& w) const {
    w.servers.state = state;
    w.policy.server_remote = remote;
    w.servers.shift_start = shift;
    w.servers.skill = skill;
    w.servers.tenure_days = tenure;
    w.servers.quit_probability = quit;
  }
  /// The queue that slot s belongs to.
  std::int32_t queue_of(std::int32_t s) const {
    return static_cast<std::int32_t>(std::upper_bound(server_begin.begin(), server_begin.end(), s) - server_begin.begin()) - 1;
  }
  /// The lowest-numbered unused slot of queue q, or -1.
  std::int32_t free_slot(std::int32_t q) const {
    for (std::int32_t s = server_begin[q]; s < server_begin[q + 1]; ++s)
      if (state[s] == kServerInactive) return s;
    return -1;
  }
  /// The highest-numbered employed slot of queue q that is the queue's own, or -1.
  std::int32_t last_employed(std::int32_t q) const {
    for (std::int32_t s = server_begin[q + 1] - 1; s >= server_begin[q]; --s)
      if (state[s] == kServerEmployed && !remote[s]) return s;
    return -1;
  }
  /// Moves the people (or sessions) of slots `from`, held inactive, into the unused slots of the
  /// receiving queues, in turn; records (from, to) pairs. Those with no room stay where they were.
  void place(const std::vector<std::int32_t>& from,
             const std::vector<std::pair<std::int32_t, std::int64_t>>& receivers, bool lent,
             std::vector<std::pair<std::int32_t, std::int32_t>>& pairs) {
    std::size_t next = 0;
    for (const auto& [q, n] : receivers) {
      for (std::int64_t k = 0; k < n && next < from.size(); ++k) {
        const std::int32_t to = free_slot(q);
        if (to < 0) break;
        state[from[next]] = kServerEmployed;
        move(from[next], to);
        remote[to] = lent ? 1 : 0;
        pairs.push_back({from[next], to});
        ++next;
      }
    }
    for (; next < from.size(); ++next) state[from[next]] = kServerEmployed;
  }
  /// Moves the person (or session) in slot `from` to slot `to`.
  void move(std::int32_t from, std::int32_t to) {
    state[to] = kServerEmployed;
    skill[to] = skill[from];
    tenure[to] = tenure[from];
    state[from] = kServerInactive;
  }
};

namespace {

std::vector<std::uint8_t> district_mask(const std::vector<int>& districts, int n) {
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(n), 0);
  for (int d : districts) mask[static_cast<std::size_t>(d)] = 1;
  return mask;
}

/// Extra open hall hours per day, on average over a week, of `hours` against `base`.
}  // namespace

InterventionSchedule::InterventionSchedule(const World& world)
    : interventions_(world.params.interventions), progress_(world.params.interventions.size()) {
  HostVector<std::int32_t> hall_begin = world.districts.hall_begin;
  effects_ = intervention_effects(world.params, std::vector<std::int32_t>(hall_begin.begin(), hall_begin.end()));
}

std::vector<int> InterventionSchedule::transition_minutes() const {
  std::set<int> minutes;
  for (const Intervention& iv : interventions_) {
    if (iv.type != InterventionType::Staffing || !iv.set_hall_hours) continue;
    for (const auto* list : {&iv.hall_hours.weekday, &iv.hall_hours.weekend})
      for (const auto& interval : *list) {
        minutes.insert(interval.first);
        minutes.insert(interval.second);
      }
  }
  return std::vector<int>(minutes.begin(), minutes.end());
}
std::vector<std::uint8_t> InterventionSchedule::queues_changed_later(int day, const World& world) const {
  const int days = world.params.days;
  const HostVector<std::int32_t> hall_begin = world.districts.hall_begin;
  std::vector<std::uint8_t> later(static_cast<std::size_t>(world.queues.n), 0);
  auto in_future = [&](int d) { return d > day && d < days; };
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    if (!in_future(iv.start_day) && !in_future(iv.end_day)) continue;
    const InterventionEffect& e = effects_[i];
    for (const auto* list : {&e.servers, &e.arrivals, &e.departures})
      for (const auto& qn : *list) later[static_cast<std::size_t>(qn.first)] |= kLaterPosts;
    for (int d : e.lenders) later[static_cast<std::size_t>(world.queues.dh_begin + d)] |= kLaterPosts;
    if (iv.type == InterventionType::Staffing && iv.set_hall_hours)
      for (int d : e.districts)
        for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) later[static_cast<std::size_t>(h)] |= kLaterPosts;
    const bool access = iv.type == InterventionType::DataSharing || iv.type == InterventionType::BroadbandExpansion ||
                        iv.type == InterventionType::LiteracyTraining ||
                        (iv.type == InterventionType::DigitalHumanRollout && iv.kiosks > 0);
    if (access)
      for (int d : e.districts) later[static_cast<std::size_t>(world.queues.dh_begin + d)] |= kLaterDigitalAccess;
  }
  return later;
}

void InterventionSchedule::apply_day(int day, World& world) {
  bool changed = false;
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    Progress& pr = progress_[i];
    if (iv.end_day == day && pr.active) {
      stop(static_cast<int>(i), world);
      changed = true;
    }
    if (iv.start_day == day) {
      start(static_cast<int>(i), day, world);
      changed = changed || pr.active;
    }
  }
  if (changed) {
    refresh_policies(world);
    refresh_attrition(world);
  }
  for (std::size_t i = 0; i < interventions_.size(); ++i)
    if (progress_[i].active) daily_work(static_cast<int>(i), day, world);
}

void InterventionSchedule::start(int i, int day, World& world) {
  const Intervention& iv = interventions_[static_cast<std::size_t>(i)];
  const InterventionEffect& e = effects_[static_cast<std::size_t>(i)];
  Progress& pr = progress_[static_cast<std::size_t>(i)];
  const Params& p = world.params;
  if (iv.type == InterventionType::BroadbandExpansion || iv.type == InterventionType::LiteracyTraining)
    order_rollout(i, world);  // who it reaches, in order: needed for the planned cost too

  // The budget funds interventions in the order they start (then in the scenario's order).
  const CostPlan plan = plan_cost(iv, e, p, pr.counts);
  pr.planned_cost = plan.total;
  pr.setup_cost = plan.setup_cost;
  pr.daily_cost = plan.daily_cost;
  if (committed_ + pr.planned_cost > p.budget.total) {
    pr.funded = false;
    pr.keys.clear();
    pr.index.clear();
    return;
  }
  committed_ += pr.planned_cost;
  pr.funded = pr.applied = pr.active = true;

  ServerEdit edit(world);
  add_posts(edit, e, day, world, pr);
  if (iv.type == InterventionType::TalentIncentive) {
    move_staff(edit, e, pr);
    // Priced on who actually moved (an urban hall may have had vacancies).
    pr.setup_cost = static_cast<double>(pr.moved) * iv.setup_cost_per_move;
    pr.daily_cost = static_cast<double>(pr.moved) * iv.bonus_per_day;
  }
  if (iv.type == InterventionType::ComputeCapacity && iv.dispatch) lend_sessions(edit, e, world, pr);
  edit.write(world);
  pr.spent += pr.setup_cost;
}

void InterventionSchedule::order_rollout(int i, World& world) {
  const Intervention& iv = interventions_[static_cast<std::size_t>(i)];
  Progress& pr = progress_[static_cast<std::size_t>(i)];
  const int D = world.district_count();
  const std::size_t N = world.citizens.size();
  const bool broadband = iv.type == InterventionType::BroadbandExpansion;
  DeviceVector<std::uint8_t> selected = HostVector<std::uint8_t>(district_mask(effects_[static_cast<std::size_t>(i)].districts, D));
  DeviceVector<std::uint64_t> population(static_cast<std::size_t>(D), 0), connected(static_cast<std::size_t>(D), 0);
  parallel_for(N, CountAccess{world.citizens.view(), raw(population), raw(connected)});
  pr.keys.resize(N);
  pr.index.resize(N);
  const double max_literacy = std::min(255.0, std::ceil(iv.max_literacy * 255.0));
  parallel_for(N, RolloutKey{world.params.seed, static_cast<std::uint32_t>(i),
                             broadband ? Rollout::Broadband : Rollout::Training,
                             broadband ? iv.rural_first : iv.elderly_first, static_cast<std::uint8_t>(max_literacy),
                             raw(selected), world.citizens.view(), raw(pr.keys), raw(pr.index)});
  dispatch(N, [&](auto pol) { thrust::stable_sort_by_key(pol, pr.keys.begin(), pr.keys.end(), pr.index.begin()); return 0; });
  // Where each district's residents begin in the order (the rest sort last).
  HostVector<std::uint64_t> firsts(static_cast<std::size_t>(D) + 1);
  for (int d = 0; d <= D; ++d) firsts[d] = d < D ? static_cast<std::uint64_t>(d) << 48 : kNotInRollout;
  DeviceVector<std::uint64_t> bounds = firsts;
  DeviceVector<std::int64_t> at(static_cast<std::size_t>(D) + 1);
  thrust::lower_bound(pr.keys.begin(), pr.keys.end(), bounds.begin(), bounds.end(), at.begin());
  const HostVector<std::int64_t> h_at = at;
  const HostVector<std::uint64_t> h_pop = population, h_conn = connected;
  pr.begin.assign(h_at.begin(), h_at.end());
  pr.counts.candidates.assign(static_cast<std::size_t>(D), 0);
  for (int d = 0; d < D; ++d) pr.counts.candidates[d] = pr.begin[d + 1] - pr.begin[d];
  pr.counts.population.assign(h_pop.begin(), h_pop.end());
  pr.counts.base_connected.assign(h_conn.begin(), h_conn.end());
}

void InterventionSchedule::add_posts(ServerEdit& edit, const InterventionEffect& e, int day, const World& world,
                                     Progress& pr) const {
  const Params& p = world.params;
  const StaffDay hire{p.seed, day, p.hiring_delay_days, p.skill_sd, nullptr, nullptr, nullptr, ServerView{}};
  for (const auto& [q, n] : e.servers) {
    const bool dh = q >= world.queues.dh_begin;
    if (n > 0) {  // fill the lowest-numbered unused slots with new staff (or sessions)
      std::int64_t left = n;
      for (std::int32_t s = edit.server_begin[q]; s < edit.server_begin[q + 1] && left > 0; ++s) {
        if (edit.state[s] != kServerInactive) continue;
        edit.state[s] = kServerEmployed;
        edit.tenure[s] = dh ? 65535 : 0;
        edit.skill[s] = dh ? 1.0f
                           : hire.draw_skill(static_cast<std::uint32_t>(q),
                                             static_cast<std::uint32_t>(s - edit.server_begin[q]), day);
        pr.added_slots.push_back(s);
        --left;
        ++pr.agents_added;
      }
    } else {  // withdraw the highest-numbered posts (someone serving finishes first)
      std::int64_t left = -n;
      for (std::int32_t s = edit.server_begin[q + 1] - 1; s >= edit.server_begin[q] && left > 0; --s) {
        if (edit.state[s] == kServerInactive || edit.remote[s]) continue;
        edit.state[s] = kServerInactive;
        pr.removed_slots.push_back(s);
        --left;
        --pr.agents_added;
      }
    }
  }
}

void InterventionSchedule::move_staff(ServerEdit& edit, const InterventionEffect& e, Progress& pr) const {
  // Staff leave the urban halls (the last-hired posts first) for the rural halls' reserved posts.
  std::vector<std::int32_t> leaving;
  for (const auto& [h, n] : e.departures) {
    for (std::int64_t k = 0; k < n; ++k) {
      const std::int32_t s = edit.last_employed(h);
      if (s < 0) break;
      edit.state[s] = kServerInactive;  // not picked twice
      leaving.push_back(s);
    }
  }
  edit.place(leaving, e.arrivals, false, pr.moved_slots);
  pr.moved = static_cast<std::int64_t>(pr.moved_slots.size());
  pr.agents_added = pr.moved;
  // Attrition falls in the selected rural districts' halls: refresh_attrition, while active.
}

void InterventionSchedule::lend_sessions(ServerEdit& edit, const InterventionEffect& e, const World& world,
                                         Progress& pr) const {
  // Lenders set aside sessions (their last ones first, taking turns) for the region's overflow.
  std::int64_t wanted = 0;
  for (const auto& qn : e.arrivals) wanted += qn.second;
  std::vector<std::int32_t> lent;
  for (bool any = true; any && static_cast<std::int64_t>(lent.size()) < wanted;) {
    any = false;
    for (int d : e.lenders) {
      if (static_cast<std::int64_t>(lent.size()) >= wanted) break;
      const std::int32_t s = edit.last_employed(world.queues.dh_begin + d);
      if (s < 0) continue;
      edit.state[s] = kServerInactive;  // not picked twice
      lent.push_back(s);
      any = true;
    }
  }
  edit.place(lent, e.arrivals, true, pr.moved_slots);
  pr.agents_added += static_cast<std::int64_t>(pr.moved_slots.size());
}

void InterventionSchedule::stop(int i, World& world) {
  Progress& pr = progress_[static_cast<std::size_t>(i)];
  pr.active = false;
  ServerEdit edit(world);
  // The posts it added are withdrawn: exactly those (someone serving finishes first). A session of
  // them lent to another region is called back from there first.
  for (const std::int32_t s : pr.added_slots) {
    for (Progress& other : progress_) {
      for (auto it = other.moved_slots.begin(); it != other.moved_slots.end(); ++it) {
        if (it->first != s || !edit.remote[it->second]) continue;
        edit.state[it->second] = kServerInactive;
        edit.remote[it->second] = 0;
        other.moved_slots.erase(it);
        break;
      }
    }
    edit.state[s] = kServerInactive;
  }
  pr.added_slots.clear();
  // The posts it removed come back (if still unused).
  for (const std::int32_t s : pr.removed_slots)
    if (edit.state[s] == kServerInactive) edit.state[s] = kServerEmployed;
  pr.removed_slots.clear();
  // Moved staff and lent sessions go back: to the post they left, or, if it has been filled since,
  // to another unused post of the same queue; with none, the person leaves with the reserved post.
  for (auto it = pr.moved_slots.rbegin(); it != pr.moved_slots.rend(); ++it) {
    const auto [home, away] = *it;
    const bool present = edit.state[away] != kServerInactive;
    edit.remote[away] = 0;
    if (present) {
      const std::int32_t to = edit.state[home] == kServerInactive ? home : edit.free_slot(edit.queue_of(home));
      if (to >= 0) edit.move(away, to);
    }
    edit.state[away] = kServerInactive;
  }
  pr.moved_slots.clear();
  pr.keys.clear();
  pr.index.clear();
  edit.write(world);
}

void InterventionSchedule::daily_work(int i, int day, World& world) {
  const Intervention& iv = interventions_[static_cast<std::size_t>(i)];
  const InterventionEffect& e = effects_[static_cast<std::size_t>(i)];
  Progress& pr = progress_[static_cast<std::size_t>(i)];
  const Params& p = world.params;
  const int D = world.district_count();
  const double per_agent = 1.0 / p.scale;
  const bool broadband = iv.type == InterventionType::BroadbandExpansion;
  if (broadband || iv.type == InterventionType::LiteracyTraining) {
    // How many of each district's residents are reached by the end of today. Training: the seats
    // of all days so far, in agents (a running total, so that a fraction of an agent's seat per
    // day is neither lost nor rounded up to a whole agent every day).
    const double days_in = static_cast<double>(day - iv.start_day + 1);
    const auto seats_so_far = static_cast<std::int64_t>(std::floor(iv.seats_per_day * p.scale * days_in + 1e-9));
    HostVector<std::int64_t> limit(static_cast<std::size_t>(D), 0);
    std::int64_t reached = 0;
    for (int d : e.districts) {
      std::int64_t n;
      if (broadband) {
        const double goal = std::floor(iv.target_access * static_cast<double>(pr.counts.population[d]) + 0.5);
        const double wanted = std::max(0.0, goal - static_cast<double>(pr.counts.base_connected[d]));
        const double share = std::min(1.0, days_in / iv.ramp_days);
        n = static_cast<std::int64_t>(std::floor(wanted * share + 0.5));
      } else {
        n = seats_so_far;
      }
      limit[d] = std::min(n, pr.counts.candidates[d]);
      reached += limit[d];
    }
    const std::int64_t newly = reached - pr.reached;
    if (newly > 0) {
      DeviceVector<std::int64_t> d_limit = limit, d_begin = HostVector<std::int64_t>(pr.begin.begin(), pr.begin.end());
      const std::size_t n_candidates = static_cast<std::size_t>(pr.begin[static_cast<std::size_t>(D)]);
      parallel_for(n_candidates,
                   ReachInOrder{broadband ? Rollout::Broadband : Rollout::Training,
                                static_cast<std::int32_t>(std::floor(iv.literacy_gain * 255.0 + 0.5)), raw(pr.keys),
                                raw(pr.index), raw(d_begin), raw(d_limit), world.citizens.view()});
      pr.spent += static_cast<double>(newly) * per_agent * (broadband ? iv.cost_per_connection : iv.cost_per_seat);
      pr.reached = reached;
    }
    // Running costs: the subsidy of every connection so far, or the classrooms.
    pr.spent += broadband ? static_cast<double>(pr.reached) * per_agent * iv.daily_cost_per_connection
                          : pr.daily_cost;
    return;
  }
  if (iv.type == InterventionType::DataSharing &&
      privacy_incident(p.seed, static_cast<std::uint32_t>(i), day, iv.incident_probability)) {
    ++pr.incidents;
    pr.spent += iv.cost_per_incident;
    DeviceVector<std::uint8_t> selected = HostVector<std::uint8_t>(district_mask(e.districts, D));
    parallel_for(world.citizens.size(), TrustShock{world.citizens.view(), raw(selected), 1.0 - iv.trust_drop});
  }
  pr.spent += pr.daily_cost;
}

void InterventionSchedule::refresh_attrition(World& world) const {
  // From scratch, whatever order interventions started and ended in: each clerk's and operator's
  // daily quit probability for the kind of their hall's district, times the factor of every active
  // talent incentive that covers that district (rural districts only).
  const Params& p = world.params;
  std::vector<double> factor(static_cast<std::size_t>(world.district_count()), 1.0);
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    if (iv.type != InterventionType::TalentIncentive || !progress_[i].active) continue;
    for (int d : effects_[i].districts)
      if (p.districts[d].kind == kRural) factor[static_cast<std::size_t>(d)] *= iv.rural_attrition_factor;
  }
  const HostVector<std::int32_t> server_queue = world.servers.queue;
  const HostVector<std::uint8_t> channel = world.queues.channel;
  const HostVector<std::int32_t> district = world.queues.district;
  HostVector<double> quit(server_queue.size(), 0.0);
  for (std::size_t s = 0; s < server_queue.size(); ++s) {
    const std::int32_t q = server_queue[s];
    const int d = district[q];
    quit[s] = daily_quit_probability(p, channel[q], d) * (channel[q] == kInPerson ? factor[static_cast<std::size_t>(d)] : 1.0);
  }
  world.servers.quit_probability = quit;
}

void InterventionSchedule::refresh_policies(World& world) const {
  const Params& p = world.params;
  const int D = world.district_count();
  QueueArrays& Q = world.queues;
  PolicyArrays& P = world.policy;
  HostVector<double> boost(static_cast<std::size_t>(D), 0.0), service(static_cast<std::size_t>(D), 1.0);
  HostVector<std::uint8_t> elder_care(static_cast<std::size_t>(D), 0);
  HostVector<Seconds> kiosk(static_cast<std::size_t>(D), 0), latency(static_cast<std::size_t>(D), 0);
  HostVector<std::uint8_t> kiosk_non_users(static_cast<std::size_t>(D), 0);
  HostVector<std::uint32_t> shared(static_cast<std::size_t>(D), 0);
  HostVector<std::int32_t> hall_begin = world.districts.hall_begin;
  HostVector<Hours> hours = P.hours;
  HostVector<std::uint8_t> shift_hours = P.shift_hours;
  std::vector<int> shift_of_hall(static_cast<std::size_t>(Q.halls), 0);
  for (std::int32_t h = 0; h < Q.halls; ++h) {
    hours[h] = world.constants.hours[kInPerson];
    shift_hours[h] = 24;
  }
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    if (!progress_[i].active) continue;
    const Intervention& iv = interventions_[i];
    for (int d : effects_[i].districts) {
      switch (iv.type) {
        case InterventionType::DigitalHumanRollout:
          boost[d] = std::max(boost[d], iv.success_boost);
          if (iv.elder_care) elder_care[d] = 1;
          if (iv.kiosks > 0) {
            const Seconds trip = std::max<Seconds>(1, static_cast<Seconds>(std::llround(iv.kiosk_travel_minutes * 60.0)));
            kiosk[d] = kiosk[d] > 0 ? std::min(kiosk[d], trip) : trip;
            if (iv.kiosks_for_non_users) kiosk_non_users[d] = 1;
          }
          break;
        case InterventionType::DataSharing:
          service[d] *= iv.service_factor;
          for (std::size_t t = 0; t < p.types.size(); ++t)
            if (std::find(iv.shared_types.begin(), iv.shared_types.end(), p.types[t].name) != iv.shared_types.end())
              shared[d] |= 1u << t;
          break;
        case InterventionType::ComputeCapacity:
          if (iv.dispatch) latency[d] = static_cast<Seconds>(std::llround(iv.dispatch_latency_seconds));
          break;
        case InterventionType::Staffing:
          for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) {
            if (iv.set_hall_hours) hours[h] = device_hours(iv.hall_hours);
            if (iv.counter_shift_hours > 0) shift_of_hall[static_cast<std::size_t>(h)] = iv.counter_shift_hours;
          }
          break;
        default:
          break;
      }
    }
  }
  // Shift patterns: a hall's posts in the establishment (employed or vacant, not slots kept for
  // interventions that have not started) start their shifts staggered evenly over its weekday
  // opening span (whole hours): post k of m starts at first + round(k × (positions − 1) / (m − 1)),
  // positions = span − shift + 1, so the first post opens the hall and the last one closes it;
  // every open hour has a clerk when m × shift covers the span. Other slots: no shift (255).
  HostVector<std::uint8_t> shift_start = world.servers.shift_start;
  const HostVector<std::int32_t> server_begin = Q.server_begin;
  const HostVector<std::uint8_t> state = world.servers.state;
  for (std::int32_t h = 0; h < Q.halls; ++h) {
    const int len = shift_of_hall[static_cast<std::size_t>(h)];
    const std::int32_t sb = server_begin[h], se = server_begin[h + 1];
    std::vector<std::int32_t> posts;
    for (std::int32_t s = sb; s < se; ++s) {
      shift_start[s] = 255;
      if (state[s] != kServerInactive) posts.push_back(s);
    }
    if (len == 0 || posts.empty()) continue;
    const Hours& hh = hours[h];
    int first = 0, last = 24;
    const int intervals = hh.always ? 0 : (hh.n_weekday > 0 ? hh.n_weekday : hh.n_weekend);
    if (intervals > 0) {
      const auto& list = hh.n_weekday > 0 ? hh.weekday : hh.weekend;
      first = list[0][0] / 60;
      last = (list[intervals - 1][1] + 59) / 60;
    }
    const int positions = std::max(1, last - first - len + 1);
    const auto m = static_cast<std::int64_t>(posts.size());
    shift_hours[h] = static_cast<std::uint8_t>(len);
    for (std::int64_t k = 0; k < m; ++k) {
      const std::int64_t offset = m > 1 ? (2 * k * (positions - 1) + (m - 1)) / (2 * (m - 1)) : 0;  // rounded
      shift_start[posts[static_cast<std::size_t>(k)]] = static_cast<std::uint8_t>((first + offset) % 24);
    }
  }
  P.dh_boost = boost;
  P.dh_elder_care = elder_care;
  P.kiosk_travel = kiosk;
  P.kiosk_non_users = kiosk_non_users;
  P.shared_types = shared;
  P.service_factor = service;
  P.dispatch_latency = latency;
  P.hours = hours;
  P.shift_hours = shift_hours;
  world.servers.shift_start = shift_start;
}

std::vector<InterventionRecord> InterventionSchedule::records(int days, const World& world) const {
  std::vector<InterventionRecord> out;
  const HostVector<std::uint64_t> dispatched = world.policy.dispatched;
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    const InterventionEffect& e = effects_[i];
    const Progress& pr = progress_[i];
    InterventionRecord r;
    r.index = static_cast<int>(i);
    r.type = kInterventionTypeNames[static_cast<int>(iv.type)];
    r.start_day = iv.start_day;
    r.end_day = iv.end_day;
    r.districts = iv.districts.text();
    r.districts_applied = static_cast<std::int64_t>(e.districts.size());
    r.agents_added = pr.agents_added;
    r.applied = pr.applied && iv.start_day < days;
    r.funded = pr.funded;
    r.setup_cost = pr.setup_cost;
    r.daily_cost = pr.daily_cost;
    r.total_cost = r.applied ? pr.spent : 0.0;
    r.planned_cost = pr.planned_cost;
    r.citizens_reached = pr.reached;
    r.staff_moved = iv.type == InterventionType::TalentIncentive ? pr.moved : 0;
    r.incidents = pr.incidents;
    if (iv.type == InterventionType::ComputeCapacity && iv.dispatch)
      for (int d : e.districts) r.dispatched_sessions += static_cast<std::int64_t>(dispatched[d]);
    out.push_back(r);
  }
  return out;
}

}  // namespace civicsim