#include "sim/interventions.hpp"

#include <thrust/copy.h>

#include <algorithm>

#include "kernels/daily.hpp"
#include "sim/world.hpp"

namespace civicsim {

std::vector<int> select_districts(const Params& params, const DistrictSelector& selector) {
  std::vector<int> out;
  for (int d = 0; d < static_cast<int>(params.districts.size()); ++d) {
    const District& dist = params.districts[d];
    bool take = false;
    switch (selector.mode) {
      case DistrictSelector::Mode::All:
        take = true;
        break;
      case DistrictSelector::Mode::Kind:
        take = dist.kind == selector.kind;
        break;
      case DistrictSelector::Mode::Names:
        take = std::find(selector.names.begin(), selector.names.end(), dist.name) != selector.names.end();
        break;
    }
    if (take) out.push_back(d);
  }
  return out;
}

std::vector<InterventionEffect> intervention_effects(const Params& params,
                                                     const std::vector<std::int32_t>& hall_begin) {
  const std::int32_t halls = hall_begin.back();
  const std::int32_t hotline = halls, dh_begin = halls + 1;
  std::vector<InterventionEffect> out;
  for (const Intervention& iv : params.interventions) {
    InterventionEffect e;
    e.districts = select_districts(params, iv.districts);
    if (iv.type == InterventionType::DigitalHumanRollout) {
      const std::int64_t sessions = scaled_count(iv.instances * iv.sessions_per_instance, params.scale);
      for (int d : e.districts) e.servers.push_back({dh_begin + d, sessions});
      e.real_units = iv.instances * static_cast<double>(e.districts.size());
    } else {
      const std::int64_t clerks = scaled_count(iv.add_counter_staff, params.scale);
      std::int64_t hall_count = 0;
      for (int d : e.districts) {
        for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) {
          if (clerks != 0) e.servers.push_back({h, clerks});
          ++hall_count;
        }
      }
      const std::int64_t operators = scaled_count(iv.add_hotline_operators, params.scale);
      if (operators != 0) e.servers.push_back({hotline, operators});
      e.real_units = iv.add_counter_staff * static_cast<double>(hall_count) + iv.add_hotline_operators;
    }
    out.push_back(e);
  }
  return out;
}

std::vector<std::int64_t> intervention_slots(const Params& params,
                                             const std::vector<std::int32_t>& hall_begin) {
  const std::int32_t queues = hall_begin.back() + 1 + static_cast<std::int32_t>(params.districts.size());
  std::vector<std::int64_t> slots(static_cast<std::size_t>(queues), 0);
  for (const InterventionEffect& e : intervention_effects(params, hall_begin))
    for (const auto& [q, n] : e.servers)
      if (n > 0) slots[static_cast<std::size_t>(q)] += n;
  return slots;
}

InterventionSchedule::InterventionSchedule(const World& world)
    : interventions_(world.params.interventions), applied_(world.params.interventions.size(), false) {
  HostVector<std::int32_t> hall_begin = world.districts.hall_begin;
  effects_ = intervention_effects(world.params, std::vector<std::int32_t>(hall_begin.begin(), hall_begin.end()));
}

void InterventionSchedule::apply_day(int day, World& world) {
  bool any = false;
  for (const Intervention& iv : interventions_) any = any || iv.start_day == day || iv.end_day == day;
  if (!any) return;

  HostVector<std::uint8_t> state = world.servers.state;
  HostVector<float> skill = world.servers.skill;
  HostVector<std::uint16_t> tenure = world.servers.tenure_days;
  HostVector<std::int32_t> server_begin = world.queues.server_begin;
  HostVector<double> boost = world.queues.dh_boost;
  HostVector<std::uint8_t> elder_care = world.queues.dh_elder_care;
  const Params& p = world.params;
  const StaffDay hire{p.seed, day, p.hiring_delay_days, p.skill_sd, nullptr, ServerView{}};

  auto change = [&](std::int32_t q, std::int64_t n) {
    const bool dh = q >= world.queues.dh_begin;
    if (n > 0) {  // fill the lowest-numbered unused slots with new staff (or sessions)
      for (std::int32_t s = server_begin[q]; s < server_begin[q + 1] && n > 0; ++s) {
        if (state[s] != kServerInactive) continue;
        state[s] = kServerEmployed;
        tenure[s] = dh ? 65535 : 0;
        skill[s] = dh ? 1.0f : hire.draw_skill(static_cast<std::size_t>(s), day);
        --n;
      }
    } else {  // withdraw the highest-numbered posts (someone serving finishes first)
      for (std::int32_t s = server_begin[q + 1] - 1; s >= server_begin[q] && n < 0; --s) {
        if (state[s] == kServerInactive) continue;
        state[s] = kServerInactive;
        ++n;
      }
    }
  };

  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    const InterventionEffect& e = effects_[i];
    const bool starts = iv.start_day == day, ends = iv.end_day == day;
    if (!starts && !ends) continue;
    for (const auto& [q, n] : e.servers) change(q, starts ? n : -n);
    if (iv.type == InterventionType::DigitalHumanRollout) {
      for (int d : e.districts) {
        boost[d] = starts ? iv.success_boost : 0.0;
        elder_care[d] = starts && iv.elder_care ? 1 : 0;
      }
    }
    if (starts) applied_[i] = true;
  }
  world.servers.state = state;
  world.servers.skill = skill;
  world.servers.tenure_days = tenure;
  world.queues.dh_boost = boost;
  world.queues.dh_elder_care = elder_care;
}

std::vector<InterventionRecord> InterventionSchedule::records(int days) const {
  std::vector<InterventionRecord> out;
  for (std::size_t i = 0; i < interventions_.size(); ++i) {
    const Intervention& iv = interventions_[i];
    const InterventionEffect& e = effects_[i];
    InterventionRecord r;
    r.index = static_cast<int>(i);
    r.type = kInterventionTypeNames[static_cast<int>(iv.type)];
    r.start_day = iv.start_day;
    r.end_day = iv.end_day;
    r.districts = iv.districts.text();
    r.districts_applied = static_cast<std::int64_t>(e.districts.size());
    for (const auto& qn : e.servers) r.agents_added += qn.second;
    r.applied = applied_[i];
    const bool rollout = iv.type == InterventionType::DigitalHumanRollout;
    r.setup_cost = std::max(0.0, e.real_units) * (rollout ? iv.setup_cost_per_instance : iv.setup_cost_per_staff);
    r.daily_cost = e.real_units * (rollout ? iv.daily_cost_per_instance : iv.daily_cost_per_staff);
    const int end = iv.end_day < 0 ? days : std::min(iv.end_day, days);
    const int active_days = std::max(0, end - iv.start_day);
    r.total_cost = r.applied ? r.setup_cost + r.daily_cost * active_days : 0.0;
    r.funded = true;
    out.push_back(r);
  }
  return out;
}

}  // namespace civicsim
