// The interventions on staff (MODEL.md §8), their functions in the table of types
// (sim/intervention_kinds.hpp): staffing (clerks and operators added or cut, hall hours, staggered
// shifts) and talent incentives (urban clerks move to rural halls, for a bonus and lower attrition).
#include <algorithm>
#include <cmath>

#include "sim/intervention_kinds.hpp"
#include "sim/policy_edit.hpp"
#include "sim/server_edit.hpp"

namespace civicsim {
namespace {

/// Extra open hall hours per day, on average over a week, of `hours` against `base`.
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

/// Spreads `total` over `n` receivers as evenly as possible (the remainder to the first ones).
std::int64_t share_of(std::int64_t total, std::size_t n, std::size_t j) {
  const auto count = static_cast<std::int64_t>(n);
  return total / count + (static_cast<std::int64_t>(j) < total % count ? 1 : 0);
}

}  // namespace

namespace staffing {

void plan(const Params&, const std::vector<std::int32_t>& hall_begin, const Intervention& iv, InterventionEffect& e) {
  const std::int32_t hotline = hall_begin.back();
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
}

CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts&, double days) {
  CostPlan plan;
  plan.setup_cost = std::max(0.0, e.real_units) * iv.setup_cost_per_staff;
  plan.daily_cost = e.real_units * iv.daily_cost_per_staff;
  if (iv.set_hall_hours && iv.counter_shift_hours == 0) {  // the same clerks work longer
    double clerks = 0;
    for (int d : e.districts)
      clerks += p.centres[p.districts[d].kind] * (district_counter_staff(p, d) + iv.add_counter_staff);
    plan.daily_cost += extra_hours_per_day(iv.hall_hours, p.hours[kInPerson]) * clerks * iv.hourly_cost_per_staff;
  }
  plan.total = plan.setup_cost + plan.daily_cost * days;
  return plan;
}

void policy(const Intervention& iv, int d, const Params&, PolicyEdit& edit) {
  for (std::int32_t h = edit.hall_begin[d]; h < edit.hall_begin[d + 1]; ++h) {
    if (iv.set_hall_hours) edit.hours[h] = device_hours(iv.hall_hours);
    if (iv.counter_shift_hours > 0) edit.shift_of_hall[static_cast<std::size_t>(h)] = iv.counter_shift_hours;
  }
}

const OpeningHours* hall_hours(const Intervention& iv) { return iv.set_hall_hours ? &iv.hall_hours : nullptr; }

}  // namespace staffing

namespace talent {

/// A share of every urban hall's establishment leaves for the halls of the selected rural
/// districts, spread evenly over them.
void plan(const Params& params, const std::vector<std::int32_t>& hall_begin, const Intervention& iv,
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
      const std::int64_t staff =
          headcount_share(district_counter_staff(params, d), halls, static_cast<std::size_t>(h - hall_begin[d]));
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

CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params&, const RolloutCounts&, double days) {
  CostPlan plan;
  double moving = 0;
  for (const auto& qn : e.arrivals) moving += static_cast<double>(qn.second);  // real staff
  plan.setup_cost = moving * iv.setup_cost_per_move;
  plan.daily_cost = moving * iv.bonus_per_day;
  plan.total = plan.setup_cost + plan.daily_cost * days;
  return plan;
}

void start(InterventionRun& run, ServerEdit& edit, const World&) {
  const InterventionEffect& e = run.effect;
  InterventionProgress& pr = run.progress;
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
  // Attrition falls in the selected rural districts' halls: attrition(), while active.
  // Priced on who actually moved (an urban hall may have had vacancies).
  pr.setup_cost = static_cast<double>(pr.moved) * run.iv.setup_cost_per_move;
  pr.daily_cost = static_cast<double>(pr.moved) * run.iv.bonus_per_day;
}

void attrition(const Intervention& iv, const InterventionEffect& e, const Params& p, std::vector<double>& factor) {
  for (int d : e.districts)
    if (p.districts[d].kind == kRural) factor[static_cast<std::size_t>(d)] *= iv.rural_attrition_factor;
}

void record(const Intervention&, const InterventionEffect&, const InterventionProgress& pr,
            const HostVector<std::uint64_t>&, InterventionRecord& r) {
  r.staff_moved = pr.moved;
}

}  // namespace talent
}  // namespace civicsim
