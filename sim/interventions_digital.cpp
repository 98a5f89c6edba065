// The interventions on digital channels (MODEL.md §8), their functions in the table of types
// (sim/intervention_kinds.hpp): digital-human roll-outs (sessions, success boost, elder care,
// kiosks), compute capacity (sessions, and capacity dispatched between regions) and data sharing
// (shorter service, shared request types, privacy incidents).
#include <algorithm>
#include <cmath>

#include "kernels/interventions.hpp"
#include "sim/intervention_kinds.hpp"
#include "sim/kiosks.hpp"
#include "sim/policy_edit.hpp"
#include "sim/server_edit.hpp"

namespace civicsim {
namespace {

/// Digital-human sessions added to each selected district's digital-human queue; priced on the
/// instances deployed.
void plan_sessions(const std::vector<std::int32_t>& hall_begin, const Intervention& iv, InterventionEffect& e) {
  const std::int32_t dh_begin = hall_begin.back() + 1;
  // Sessions per district (instances × sessions per instance) may be fractional: round(that ×
  // districts) in all, as World spreads the baseline's.
  std::int64_t deployed = 0;
  for (std::size_t j = 0; j < e.districts.size(); ++j) {
    const std::int64_t sessions = headcount_share(iv.instances * iv.sessions_per_instance, e.districts.size(), j);
    if (sessions > 0) e.servers.push_back({dh_begin + e.districts[j], sessions});
    deployed += std::max<std::int64_t>(0, sessions);
  }
  // Priced on the instances deployed.
  e.real_units = static_cast<double>(deployed) / iv.sessions_per_instance;
}

}  // namespace

namespace digital_human {

void plan(const Params& params, const std::vector<std::int32_t>& hall_begin, const Intervention& iv,
          InterventionEffect& e) {
  plan_sessions(hall_begin, iv, e);
  kiosks::plan(params, hall_begin, iv, e);  // kiosk seats (issue 17)
}

CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params&, const RolloutCounts&, double days) {
  CostPlan plan;
  const double n_districts = static_cast<double>(e.districts.size());
  plan.setup_cost = e.real_units * iv.setup_cost_per_instance;
  plan.daily_cost = e.real_units * iv.daily_cost_per_instance;
  kiosks::add_cost(iv, n_districts, plan);  // kiosks and their helpers (issue 17)
  plan.total = plan.setup_cost + plan.daily_cost * days;
  return plan;
}

void policy(const Intervention& iv, int d, const Params& params, PolicyEdit& edit) {
  edit.boost[d] = std::max(edit.boost[d], iv.success_boost);
  if (iv.elder_care) edit.elder_care[d] = 1;
  if (iv.dh_interface > 0) edit.interface[d] = static_cast<std::uint8_t>(iv.dh_interface - 1);
  if (iv.kiosks > 0) {
    kiosks::policy(iv, d, params, edit);  // trip by density, seats' hours, session, helpers (issue 17)
    if (iv.kiosks_for_non_users) edit.kiosk_non_users[d] = 1;
  }
}

bool digital_access(const Intervention& iv) { return iv.kiosks > 0; }

}  // namespace digital_human

namespace compute {

void plan(const Params& params, const std::vector<std::int32_t>& hall_begin, const Intervention& iv,
          InterventionEffect& e) {
  plan_sessions(hall_begin, iv, e);
  if (!iv.dispatch) return;
  // The lenders keep their sessions: the districts and their lenders form a dispatch group
  // (sim/dispatch_groups.hpp) whose lenders' idle sessions serve the districts' overflow.
  std::vector<char> borrows(params.districts.size(), 0);
  for (int d : e.districts) borrows[static_cast<std::size_t>(d)] = 1;
  for (int d : select_districts(params, iv.dispatch_from))
    if (!borrows[static_cast<std::size_t>(d)]) e.lenders.push_back(d);
}

CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params&, const RolloutCounts&, double days) {
  CostPlan plan;
  // Lent capacity is paid for by the region that owns it (its own compute_capacity): it lends
  // only sessions it has idle. The borrower pays for its own instances and the dispatch set-up.
  // The scheduling platform (setup_cost) is bought only by a region that dispatches: without
  // dispatch there is nothing for it to do (issue 18).
  plan.setup_cost = (iv.dispatch ? iv.setup_cost : 0.0) + e.real_units * iv.setup_cost_per_instance;
  plan.daily_cost = e.real_units * iv.daily_cost_per_instance;
  plan.total = plan.setup_cost + plan.daily_cost * days;
  return plan;
}

void policy(const Intervention& iv, int d, const Params&, PolicyEdit& edit) {
  if (iv.dispatch) edit.latency[d] = static_cast<Seconds>(std::llround(iv.dispatch_latency_seconds));
}

void record(const Intervention& iv, const InterventionEffect& e, const InterventionProgress&,
            const HostVector<std::uint64_t>& dispatched, InterventionRecord& r) {
  if (iv.dispatch)
    for (int d : e.districts) r.dispatched_sessions += static_cast<std::int64_t>(dispatched[d]);
}

}  // namespace compute

namespace data_sharing {

double records(const Intervention& iv, const std::vector<int>& districts, const Params& p) {
  double residents = 0;
  for (int d : districts) residents += p.districts[static_cast<std::size_t>(d)].population;
  return residents * static_cast<double>(iv.shared_types.size());
}

double incident_probability(const Intervention& iv, const std::vector<int>& districts, const Params& p) {
  return incident_daily_probability(incident_rate_per_year(iv.incidents_per_year, records(iv, districts, p),
                                                           iv.reference_records, iv.security_daily_cost,
                                                           iv.security_half_cost));
}

double trust_drop(const Intervention& iv) {
  const double level[3] = {iv.disclosure, iv.accountability, iv.remediation};
  const double weight[3] = {iv.disclosure_mitigation, iv.accountability_mitigation, iv.remediation_mitigation};
  return incident_trust_drop(iv.max_trust_drop, iv.exposed_share, level, weight);
}

CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts&, double days) {
  CostPlan plan;
  plan.setup_cost = iv.setup_cost;
  plan.daily_cost = iv.daily_cost + iv.security_daily_cost;
  const double expected_incidents = days * incident_probability(iv, e.districts, p);
  plan.total = iv.setup_cost + days * plan.daily_cost + expected_incidents * iv.cost_per_incident;
  return plan;
}

void daily(InterventionRun& run, int day, World& world) {
  const Intervention& iv = run.iv;
  InterventionProgress& pr = run.progress;
  const double probability = incident_probability(iv, run.effect.districts, world.params);
  if (privacy_incident(world.params.seed, static_cast<std::uint32_t>(run.index), day, probability)) {
    ++pr.incidents;
    pr.spent += iv.cost_per_incident;
    DeviceVector<std::uint8_t> selected =
        HostVector<std::uint8_t>(district_mask(run.effect.districts, world.district_count()));
    parallel_for(world.citizens.size(), TrustShock{world.citizens.view(), raw(selected), 1.0 - trust_drop(iv)});
  }
  pr.spent += pr.daily_cost;
}

void policy(const Intervention& iv, int d, const Params& p, PolicyEdit& edit) {
  // The shorter service of a shared type: two exchanges that share the same type do not shorten
  // it twice (the records are shared or not); the shorter of their factors applies.
  for (std::size_t t = 0; t < p.types.size(); ++t)
    if (std::find(iv.shared_types.begin(), iv.shared_types.end(), p.types[t].name) != iv.shared_types.end()) {
      edit.shared[d] |= 1u << t;
      double& factor = edit.service[static_cast<std::size_t>(d) * kMaxRequestTypes + t];
      factor = std::min(factor, iv.service_factor);
    }
}

}  // namespace data_sharing
}  // namespace civicsim
