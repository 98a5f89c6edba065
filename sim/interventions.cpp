#include "sim/interventions.hpp"

#include <algorithm>
#include <set>

#include "kernels/staff.hpp"
#include "sim/dispatch_groups.hpp"
#include "sim/intervention_kinds.hpp"
#include "sim/policy_edit.hpp"
#include "sim/server_edit.hpp"
#include "sim/world.hpp"

namespace civicsim {

namespace {

/// Shift patterns of the halls whose clerks work shifts (edit.shift_of_hall), from the hours the
/// edit gives them; writes world.servers.shift_start and the halls' shift lengths.
void stagger_shifts(PolicyEdit& edit, World& world) {
  // Shift patterns: a hall's posts in the establishment (employed or vacant, not slots kept for
  // interventions that have not started) start their shifts staggered evenly over its weekday
  // opening span (whole hours): post k of m starts at first + round(k × (positions − 1) / (m − 1)),
  // positions = span − shift + 1, so the first post opens the hall and the last one closes it;
  // every open hour has a clerk when m × shift covers the span. Other slots: no shift (255).
  HostVector<std::uint8_t> shift_start = world.servers.shift_start;
  const HostVector<std::int32_t> server_begin = world.queues.server_begin;
  const HostVector<std::uint8_t> state = world.servers.state;
  for (std::int32_t h = 0; h < world.queues.halls; ++h) {
    const int len = edit.shift_of_hall[static_cast<std::size_t>(h)];
    const std::int32_t sb = server_begin[h], se = server_begin[h + 1];
    std::vector<std::int32_t> posts;
    for (std::int32_t s = sb; s < se; ++s) {
      shift_start[s] = 255;
      if (state[s] != kServerInactive) posts.push_back(s);
    }
    if (len == 0 || posts.empty()) continue;
    const Hours& hh = edit.hours[h];
    int first = 0, last = 24;
    const int intervals = hh.always ? 0 : (hh.n_weekday > 0 ? hh.n_weekday : hh.n_weekend);
    if (intervals > 0) {
      const auto& list = hh.n_weekday > 0 ? hh.weekday : hh.weekend;
      first = list[0][0] / 60;
      last = (list[intervals - 1][1] + 59) / 60;
    }
    const int positions = std::max(1, last - first - len + 1);
    const auto m = static_cast<std::int64_t>(posts.size());
    edit.shift_hours[h] = static_cast<std::uint8_t>(len);
    for (std::int64_t k = 0; k < m; ++k) {
      const std::int64_t offset = m > 1 ? (2 * k * (positions - 1) + (m - 1)) / (2 * (m - 1)) : 0;  // rounded
      shift_start[posts[static_cast<std::size_t>(k)]] = static_cast<std::uint8_t>((first + offset) % 24);
    }
  }
  world.servers.shift_start = shift_start;
}

}  // namespace

InterventionSchedule::InterventionSchedule(const World& world)
    : interventions_(world.params.interventions), progress_(world.params.interventions.size()) {
  HostVector<std::int32_t> hall_begin = world.districts.hall_begin;
  effects_ = intervention_effects(world.params, std::vector<std::int32_t>(hall_begin.begin(), hall_begin.end()));
}

std::vector<int> InterventionSchedule::transition_minutes() const {
  std::set<int> minutes;
  for (const Intervention& iv : interventions_) {
    const auto set_hours = kind_of(iv.type).hall_hours;
    const OpeningHours* hall = set_hours ? set_hours(iv) : nullptr;
    const OpeningHours* kiosk =  // kiosks as service points (issue 17): their hours
        iv.type == InterventionType::DigitalHumanRollout && iv.kiosks > 0 && !iv.kiosk_hours.always ? &iv.kiosk_hours
                                                                                                   : nullptr;
    for (const OpeningHours* hours : {hall, kiosk}) {
      if (!hours) continue;
      for (const auto* list : {&hours->weekday, &hours->weekend})
        for (const auto& interval : *list) {
          minutes.insert(interval.first);
          minutes.insert(interval.second);
        }
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
    const InterventionKind& kind = kind_of(iv.type);
    if (kind.hall_hours && kind.hall_hours(iv))
      for (int d : e.districts)
        for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h)
          later[static_cast<std::size_t>(h)] |= kLaterPosts;
    if (kind.digital_access && kind.digital_access(iv))
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
  const InterventionKind& kind = kind_of(iv.type);
  InterventionRun run{i, iv, e, pr};
  if (kind.prepare) kind.prepare(run, world);  // e.g. whom a roll-out reaches: needed for its planned cost

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
  if (kind.start) kind.start(run, edit, world);
  edit.write(world);
  pr.spent += pr.setup_cost;
}

void InterventionSchedule::add_posts(ServerEdit& edit, const InterventionEffect& e, int day, const World& world,
                                     Progress& pr) const {
  const Params& p = world.params;
  const StaffDay hire{p.seed, day, p.hiring_delay_days, p.skill_sd, nullptr, nullptr, nullptr, ServerView{}, nullptr};
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
  Progress& pr = progress_[static_cast<std::size_t>(i)];
  InterventionRun run{i, iv, effects_[static_cast<std::size_t>(i)], pr};
  if (const auto daily = kind_of(iv.type).daily)
    daily(run, day, world);
  else
    pr.spent += pr.daily_cost;  // its running cost
}

void InterventionSchedule::refresh_attrition(World& world) const {
  // From scratch, whatever order interventions started and ended in: each clerk's and operator's
  // daily quit probability for the kind of their hall's district, times the factor of every active
  // talent incentive that covers that district (rural districts only).
  const Params& p = world.params;
  std::vector<double> factor(static_cast<std::size_t>(world.district_count()), 1.0);
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    const auto attrition = kind_of(iv.type).attrition;
    if (attrition && progress_[i].active) attrition(iv, effects_[i], p, factor);
  }
  const HostVector<std::int32_t> server_queue = world.servers.queue;
  const HostVector<std::uint8_t> channel = world.queues.channel;
  const HostVector<std::int32_t> district = world.queues.district;
  HostVector<double> quit(server_queue.size(), 0.0);
  for (std::size_t s = 0; s < server_queue.size(); ++s) {
    const std::int32_t q = server_queue[s];
    const int d = district[q];
    quit[s] = daily_quit_probability(p, channel[q], d) *
              (channel[q] == kInPerson ? factor[static_cast<std::size_t>(d)] : 1.0);
  }
  world.servers.quit_probability = quit;
}

void InterventionSchedule::refresh_policies(World& world) const {
  // From scratch, whatever order interventions started and ended in: the baseline, then each
  // active intervention's part, in the scenario's order.
  const Params& p = world.params;
  PolicyEdit edit(world);
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    if (!progress_[i].active) continue;
    const Intervention& iv = interventions_[i];
    if (const auto policy = kind_of(iv.type).policy)
      for (int d : effects_[i].districts) policy(iv, d, p, edit);
  }
  stagger_shifts(edit, world);
  edit.write(world);
  // Cross-region dispatch (issue 17): the groups of pools that run together.
  std::vector<DispatchGroupSpec> groups;
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    if (!progress_[i].active || iv.type != InterventionType::ComputeCapacity || !iv.dispatch) continue;
    groups.push_back({effects_[i].districts, effects_[i].lenders, dispatch_cap(iv, effects_[i].districts.size())});
  }
  write_dispatch_groups(groups, world);
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
    r.incidents = pr.incidents;
    if (const auto record = kind_of(iv.type).record) record(iv, e, pr, dispatched, r);
    out.push_back(r);
  }
  return out;
}

}  // namespace civicsim