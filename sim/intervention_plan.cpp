// Planning interventions from the scenario alone: where they apply, which server posts they add
// or move (so the world can reserve slots before the run), and what they are expected to cost
// (what the budget commits on their start day). What differs by type is in the table of types
// (sim/intervention_kinds.hpp).
#include "sim/intervention_plan.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "sim/intervention_kinds.hpp"

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

std::vector<InterventionEffect> intervention_effects(const Params& params,
                                                     const std::vector<std::int32_t>& hall_begin) {
  std::vector<InterventionEffect> out;
  for (const Intervention& iv : params.interventions) {
    InterventionEffect e;
    e.districts = select_districts(params, iv.districts);
    if (const auto plan = kind_of(iv.type).plan) plan(params, hall_begin, iv, e);
    out.push_back(e);
  }
  return out;
}

std::vector<std::int64_t> intervention_slots(const Params& params, const std::vector<std::int32_t>& hall_begin) {
  const std::int32_t queues = hall_begin.back() + 1 + 2 * static_cast<std::int32_t>(params.districts.size());
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

}  // namespace

CostPlan plan_cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts) {
  return kind_of(iv.type).cost(iv, e, p, counts, planned_days(iv, p.days));
}

}  // namespace civicsim
