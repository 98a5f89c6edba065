// Planning interventions from the scenario alone (MODEL.md §8): where they apply, which server
// posts they add or move (so that the world reserves slots before the run), and what they are
// expected to cost (what a budget commits on their start day).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/params.hpp"

namespace civicsim {

/// Indices of the districts a selector names.
std::vector<int> select_districts(const Params& params, const DistrictSelector& selector);

/// What one intervention does to the server establishment while it is active.
struct InterventionEffect {
  std::vector<std::pair<std::int32_t, std::int64_t>> servers;     // (queue, servers added, real headcount; < 0 removes)
  std::vector<std::pair<std::int32_t, std::int64_t>> arrivals;    // talent: (queue, slots to receive)
  std::vector<std::pair<std::int32_t, std::int64_t>> departures;  // talent: (urban hall, staff leaving)
  std::vector<int> districts;                                     // districts it applies to
  std::vector<int> lenders;                                       // compute dispatch: districts that lend
  double real_units = 0;  // real-world instances or staff it adds, the basis of its cost
};

/// Effects of every intervention, given the halls of each district (queue layout of World).
std::vector<InterventionEffect> intervention_effects(const Params& params, const std::vector<std::int32_t>& hall_begin);

/// Server slots to reserve per queue for the additions interventions will make.
std::vector<std::int64_t> intervention_slots(const Params& params, const std::vector<std::int32_t>& hall_begin);

/// Per district, the residents a roll-out (broadband, training) may reach, counted on its start day.
struct RolloutCounts {
  std::vector<std::int64_t> population, base_connected, candidates;
};

/// An intervention's costs as planned (CNY): set-up, running cost per day at full extent, and the
/// total the budget commits (set-up + running costs to its end or the run's end + expected
/// per-person and incident costs).
struct CostPlan {
  double setup_cost = 0, daily_cost = 0, total = 0;
};
CostPlan plan_cost(const Intervention& iv, const InterventionEffect& effect, const Params& params,
                   const RolloutCounts& counts);

}  // namespace civicsim
