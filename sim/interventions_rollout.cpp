// The roll-outs that reach residents one by one (MODEL.md §8), their functions in the table of
// types (sim/intervention_kinds.hpp): broadband expansion (connections, up to a target share over a
// ramp) and literacy training (seats per day). Both reach residents in a fixed order of priority
// drawn on their start day (kernels/interventions.hpp).
#include <thrust/binary_search.h>
#include <thrust/sort.h>

#include <algorithm>
#include <cmath>

#include "kernels/interventions.hpp"
#include "sim/intervention_kinds.hpp"

namespace civicsim {
namespace {

/// Who the roll-out reaches, in order, and how many residents each district has, has connected
/// and can reach: needed for its planned cost too.
void order_rollout(InterventionRun& run, World& world, Rollout kind, bool prioritise) {
  const Intervention& iv = run.iv;
  InterventionProgress& pr = run.progress;
  const int D = world.district_count();
  const std::size_t N = world.citizens.size();
  DeviceVector<std::uint8_t> selected = HostVector<std::uint8_t>(district_mask(run.effect.districts, D));
  DeviceVector<std::uint64_t> population(static_cast<std::size_t>(D), 0), connected(static_cast<std::size_t>(D), 0);
  parallel_for(N, CountAccess{world.citizens.view(), raw(population), raw(connected)});
  pr.keys.resize(N);
  pr.index.resize(N);
  const double max_literacy = std::min(255.0, std::ceil(iv.max_literacy * 255.0));
  parallel_for(N, RolloutKey{world.params.seed, static_cast<std::uint32_t>(run.index), kind, prioritise,
                             static_cast<std::uint8_t>(max_literacy), raw(selected), world.citizens.view(),
                             raw(pr.keys), raw(pr.index)});
  launch(N, [&](auto pol) { thrust::stable_sort_by_key(pol, pr.keys.begin(), pr.keys.end(), pr.index.begin()); });
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

/// Reaches, in roll-out order, the first goal(d) residents of each district it applies to (at
/// most its candidates) by the end of today. Returns how many it reached today (progress.reached
/// then counts them all).
template <class Goal>
std::int64_t reach(InterventionRun& run, World& world, Rollout kind, Goal goal) {
  const Intervention& iv = run.iv;
  InterventionProgress& pr = run.progress;
  const int D = world.district_count();
  HostVector<std::int64_t> limit(static_cast<std::size_t>(D), 0);
  std::int64_t reached = 0;
  for (int d : run.effect.districts) {
    limit[d] = std::min(goal(d), pr.counts.candidates[d]);
    reached += limit[d];
  }
  const std::int64_t newly = reached - pr.reached;
  if (newly > 0) {
    DeviceVector<std::int64_t> d_limit = limit, d_begin = HostVector<std::int64_t>(pr.begin.begin(), pr.begin.end());
    const std::size_t n_candidates = static_cast<std::size_t>(pr.begin[static_cast<std::size_t>(D)]);
    parallel_for(n_candidates,
                 ReachInOrder{kind, static_cast<std::int32_t>(std::floor(iv.literacy_gain * 255.0 + 0.5)), raw(pr.keys),
                              raw(pr.index), raw(d_begin), raw(d_limit), world.citizens.view()});
    pr.reached = reached;
  }
  return newly;
}

}  // namespace

namespace broadband {

CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days) {
  CostPlan plan;
  const double per_agent = 1.0 / p.scale;  // real residents one agent stands for
  double planned = 0;                      // connections, real residents
  for (int d : e.districts) {
    const double goal = std::floor(iv.target_access * static_cast<double>(counts.population[d]) + 0.5);
    planned += std::max(0.0, goal - static_cast<double>(counts.base_connected[d])) * per_agent;
  }
  plan.setup_cost = iv.setup_cost;
  plan.daily_cost = planned * iv.daily_cost_per_connection;  // once the target is reached
  plan.total = iv.setup_cost + planned * iv.cost_per_connection + plan.daily_cost * days;
  return plan;
}

void prepare(InterventionRun& run, World& world) { order_rollout(run, world, Rollout::Broadband, run.iv.rural_first); }

void daily(InterventionRun& run, int day, World& world) {
  const Intervention& iv = run.iv;
  InterventionProgress& pr = run.progress;
  const double per_agent = 1.0 / world.params.scale;
  // How many of each district's residents are connected by the end of today: the share of the
  // ramp so far of those the target still wants.
  const double days_in = static_cast<double>(day - iv.start_day + 1);
  const std::int64_t newly = reach(run, world, Rollout::Broadband, [&](int d) {
    const double goal = std::floor(iv.target_access * static_cast<double>(pr.counts.population[d]) + 0.5);
    const double wanted = std::max(0.0, goal - static_cast<double>(pr.counts.base_connected[d]));
    const double share = std::min(1.0, days_in / iv.ramp_days);
    return static_cast<std::int64_t>(std::floor(wanted * share + 0.5));
  });
  if (newly > 0) pr.spent += static_cast<double>(newly) * per_agent * iv.cost_per_connection;
  // Running costs: the subsidy of every connection so far.
  pr.spent += static_cast<double>(pr.reached) * per_agent * iv.daily_cost_per_connection;
}

}  // namespace broadband

namespace training {

CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days) {
  CostPlan plan;
  const double n_districts = static_cast<double>(e.districts.size());
  const double per_agent = 1.0 / p.scale;                                     // real residents one agent stands for
  double planned = 0;                                                         // trainees, real residents
  const double seats = std::floor(iv.seats_per_day * p.scale * days + 1e-9);  // agents, whole run
  for (int d : e.districts) planned += std::min(static_cast<double>(counts.candidates[d]), seats) * per_agent;
  plan.setup_cost = iv.setup_cost;
  plan.daily_cost = iv.daily_cost_per_district * n_districts;
  plan.total = iv.setup_cost + planned * iv.cost_per_seat + plan.daily_cost * days;
  return plan;
}

void prepare(InterventionRun& run, World& world) { order_rollout(run, world, Rollout::Training, run.iv.elderly_first); }

void daily(InterventionRun& run, int day, World& world) {
  const Intervention& iv = run.iv;
  InterventionProgress& pr = run.progress;
  const Params& p = world.params;
  const double per_agent = 1.0 / p.scale;
  // How many of each district's residents are trained by the end of today: the seats of all days
  // so far, in agents (a running total, so that a fraction of an agent's seat per day is neither
  // lost nor rounded up to a whole agent every day).
  const double days_in = static_cast<double>(day - iv.start_day + 1);
  const auto seats_so_far = static_cast<std::int64_t>(std::floor(iv.seats_per_day * p.scale * days_in + 1e-9));
  const std::int64_t newly = reach(run, world, Rollout::Training, [&](int) { return seats_so_far; });
  if (newly > 0) pr.spent += static_cast<double>(newly) * per_agent * iv.cost_per_seat;
  // Running costs: the classrooms.
  pr.spent += pr.daily_cost;
}

}  // namespace training
}  // namespace civicsim
