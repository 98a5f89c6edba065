// Planning interventions from the scenario alone: where they apply, which server posts they add
// or move (so the world can reserve slots before the run), and what they are expected to cost
// (what the budget commits on their start day).
#include "sim/intervention_plan.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "sim/world.hpp"

namespace civicsim {

std::vector<int> select_districts(const Params& params, const DistrictSelector& selector) {
  std::vector<int> out;
  // A set, not a search of the list per district: both may hold a million names.
  std::unordered_set<std::string_view> named;
  if (selector.mode == DistrictSelector::Mode::Names) named.insert(selector.names.begin(), selector.names.end());
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
        take = named.count(dist.name) > 0;
        break;
    }
    if (take) out.push_back(d);
  }
  return out;
}

namespace {

/// Spreads `total` over `n` receivers as evenly as possible (the remainder to the first ones).
std::int64_t share_of(std::int64_t total, std::size_t n, std::size_t j) {
  const auto count = static_cast<std::int64_t>(n);
  return total / count + (static_cast<std::int64_t>(j) < total % count ? 1 : 0);
}

/// Talent incentive: a share of every urban hall's establishment leaves for the halls of the
/// selected rural districts, spread evenly over them.
void plan_talent(const Params& params, const std::vector<std::int32_t>& hall_begin, const Intervention& iv,
                 InterventionEffect& e) {
  std::vector<std::int32_t> to;
  for (int d : e.districts)
    if (params.districts[d].kind == kRural)
      for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) to.push_back(h);
  if (to.empty()) return;
  // move_share of each urban hall's establishment (real headcounts, as World builds them).
  std::int64_t total = 0;
  for (int d = 0; d < static_cast<int>(params.districts.size()); ++d) {
    if (params.districts[d].kind != kUrban) continue;
    const auto halls = static_cast<std::size_t>(hall_begin[d + 1] - hall_begin[d]);
    for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) {
      const std::int64_t staff = headcount_share(params.counter_staff_per_centre[kUrban], halls,
                                                 static_cast<std::size_t>(h - hall_begin[d]));
      const std::int64_t leaving = std::llround(iv.move_share * static_cast<double>(staff));
      if (leaving <= 0) continue;
      e.departures.push_back({h, leaving});
      total += leaving;
    }
  }
  if (total <= 0) return;
  for (std::size_t j = 0; j < to.size(); ++j)
    if (share_of(total, to.size(), j) > 0) e.arrivals.push_back({to[j], share_of(total, to.size(), j)});
}

}  // namespace

std::vector<InterventionEffect> intervention_effects(const Params& params,
                                                     const std::vector<std::int32_t>& hall_begin) {
  const std::int32_t halls = hall_begin.back();
  const std::int32_t hotline = halls, dh_begin = halls + 1;
  std::vector<InterventionEffect> out;
  for (const Intervention& iv : params.interventions) {
    InterventionEffect e;
    e.districts = select_districts(params, iv.districts);
    switch (iv.type) {
      case InterventionType::DigitalHumanRollout:
      case InterventionType::ComputeCapacity: {
        // Sessions per district (instances × sessions per instance) may be fractional: round(that ×
        // districts) in all, as World spreads the baseline's.
        std::int64_t deployed = 0;
        for (std::size_t j = 0; j < e.districts.size(); ++j) {
          const std::int64_t sessions =
              headcount_share(iv.instances * iv.sessions_per_instance, e.districts.size(), j);
          if (sessions > 0) e.servers.push_back({dh_begin + e.districts[j], sessions});
          deployed += std::max<std::int64_t>(0, sessions);
        }
        // Priced on the instances deployed.
        e.real_units = static_cast<double>(deployed) / iv.sessions_per_instance;
        if (iv.type == InterventionType::ComputeCapacity && iv.dispatch) {
          for (std::size_t j = 0; j < e.districts.size(); ++j) {
            const std::int64_t lent =
                headcount_share(iv.dispatch_instances * iv.sessions_per_instance, e.districts.size(), j);
            e.arrivals.push_back({dh_begin + e.districts[j], lent});
          }
          std::vector<char> borrows(params.districts.size(), 0);
          for (int d : e.districts) borrows[static_cast<std::size_t>(d)] = 1;
          for (int d : select_districts(params, iv.dispatch_from))
            if (!borrows[static_cast<std::size_t>(d)]) e.lenders.push_back(d);
        }
        break;
      }
      case InterventionType::Staffing: {
        // Real headcounts: add_counter_staff per hall may be fractional or negative (a 10% cut
        // of 12 clerks is 1.2 per hall), so round(add × halls) in all, spread over the halls.
        std::vector<std::int32_t> halls;
        for (int d : e.districts)
          for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) halls.push_back(h);
        std::int64_t clerks = 0;
        for (std::size_t j = 0; j < halls.size(); ++j) {
          const std::int64_t n = headcount_share(iv.add_counter_staff, halls.size(), j);
          if (n != 0) e.servers.push_back({halls[j], n});
          clerks += n;
        }
        const std::int64_t operators = headcount(iv.add_hotline_operators);
        if (operators != 0) e.servers.push_back({hotline, operators});
        e.real_units = static_cast<double>(clerks + operators);  // priced on the people added
        break;
      }
      case InterventionType::TalentIncentive:
        plan_talent(params, hall_begin, iv, e);
        break;
      default:
        break;
    }
    out.push_back(e);
  }
  return out;
}

std::vector<std::int64_t> intervention_slots(const Params& params,
                                             const std::vector<std::int32_t>& hall_begin) {
  const std::int32_t queues = hall_begin.back() + 1 + static_cast<std::int32_t>(params.districts.size());
  std::vector<std::int64_t> slots(static_cast<std::size_t>(queues), 0);
  for (const InterventionEffect& e : intervention_effects(params, hall_begin)) {
    for (const auto& [q, n] : e.servers)
      if (n > 0) slots[static_cast<std::size_t>(q)] += n;
    for (const auto& [q, n] : e.arrivals) slots[static_cast<std::size_t>(q)] += n;
  }
  return slots;
}

namespace {

int planned_days(const Intervention& iv, int run_days) {
  const int end = iv.end_day < 0 ? run_days : std::min(iv.end_day, run_days);
  return std::max(0, end - iv.start_day);
}

double extra_hours_per_day(const OpeningHours& hours, const OpeningHours& base) {
  auto weekly = [](const OpeningHours& h) {
    if (h.always) return 7.0 * 24.0;
    double minutes = 0;
    for (const auto& iv : h.weekday) minutes += 5.0 * (iv.second - iv.first);
    for (const auto& iv : h.weekend) minutes += 2.0 * (iv.second - iv.first);
    return minutes / 60.0;
  };
  return std::max(0.0, (weekly(hours) - weekly(base)) / 7.0);
}

}  // namespace

CostPlan plan_cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts) {
  CostPlan plan;
  const double days = planned_days(iv, p.days);
  const double n_districts = static_cast<double>(e.districts.size());
  const double per_agent = 1.0 / p.scale;  // real residents one agent stands for (staff are real)
  switch (iv.type) {
    case InterventionType::DigitalHumanRollout:
      plan.setup_cost = e.real_units * iv.setup_cost_per_instance + iv.kiosks * n_districts * iv.setup_cost_per_kiosk;
      plan.daily_cost = e.real_units * iv.daily_cost_per_instance + iv.kiosks * n_districts * iv.daily_cost_per_kiosk;
      plan.total = plan.setup_cost + plan.daily_cost * days;
      return plan;
    case InterventionType::Staffing: {
      plan.setup_cost = std::max(0.0, e.real_units) * iv.setup_cost_per_staff;
      plan.daily_cost = e.real_units * iv.daily_cost_per_staff;
      if (iv.set_hall_hours && iv.counter_shift_hours == 0) {  // the same clerks work longer
        double clerks = 0;
        for (int d : e.districts)
          clerks += p.centres[p.districts[d].kind] *
                    (p.counter_staff_per_centre[p.districts[d].kind] + iv.add_counter_staff);
        plan.daily_cost += extra_hours_per_day(iv.hall_hours, p.hours[kInPerson]) * clerks * iv.hourly_cost_per_staff;
      }
      plan.total = plan.setup_cost + plan.daily_cost * days;
      return plan;
    }
    case InterventionType::BroadbandExpansion: {
      double planned = 0;  // connections, real residents
      for (int d : e.districts) {
        const double goal = std::floor(iv.target_access * static_cast<double>(counts.population[d]) + 0.5);
        planned += std::max(0.0, goal - static_cast<double>(counts.base_connected[d])) * per_agent;
      }
      plan.setup_cost = iv.setup_cost;
      plan.daily_cost = planned * iv.daily_cost_per_connection;  // once the target is reached
      plan.total = iv.setup_cost + planned * iv.cost_per_connection + plan.daily_cost * days;
      return plan;
    }
    case InterventionType::LiteracyTraining: {
      double planned = 0;  // trainees, real residents
      const double seats = std::floor(iv.seats_per_day * p.scale * days + 1e-9);  // agents, whole run
      for (int d : e.districts)
        planned += std::min(static_cast<double>(counts.candidates[d]), seats) * per_agent;
      plan.setup_cost = iv.setup_cost;
      plan.daily_cost = iv.daily_cost_per_district * n_districts;
      plan.total = iv.setup_cost + planned * iv.cost_per_seat + plan.daily_cost * days;
      return plan;
    }
    case InterventionType::TalentIncentive: {
      double moving = 0;
      for (const auto& qn : e.arrivals) moving += static_cast<double>(qn.second);  // real staff
      plan.setup_cost = moving * iv.setup_cost_per_move;
      plan.daily_cost = moving * iv.bonus_per_day;
      plan.total = plan.setup_cost + plan.daily_cost * days;
      return plan;
    }
    case InterventionType::DataSharing:
      plan.setup_cost = iv.setup_cost;
      plan.daily_cost = iv.daily_cost;
      plan.total = iv.setup_cost + days * (iv.daily_cost + iv.incident_probability * iv.cost_per_incident);
      return plan;
    case InterventionType::ComputeCapacity: {
      // Lent capacity is paid for by the region that owns it (its own compute_capacity); the
      // borrower pays for its own instances and the dispatch set-up.
      plan.setup_cost = iv.setup_cost + e.real_units * iv.setup_cost_per_instance;
      plan.daily_cost = e.real_units * iv.daily_cost_per_instance;
      plan.total = plan.setup_cost + plan.daily_cost * days;
      return plan;
    }
  }
  return plan;
}


}  // namespace civicsim
