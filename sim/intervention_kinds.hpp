// Each intervention type (MODEL.md §8) is one entry of a table indexed by InterventionType: the
// functions that plan it, price it, start it, do its daily work, set its part of the queues'
// policies and fill its columns of /interventions. The planner (sim/intervention_plan.cpp) and the
// schedule (sim/interventions.cpp) do what every type shares and call these for the rest; the
// functions live with their group of types (sim/interventions_staffing.cpp, _digital.cpp,
// _rollout.cpp). Adding a type: its enum value and name (sim/params.hpp), its scenario keys
// (io/scenario_interventions.cpp), its entry in sim/intervention_kinds.cpp and its functions.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/interventions.hpp"
#include "sim/world.hpp"

namespace civicsim {

struct ServerEdit;  // sim/server_edit.hpp
struct PolicyEdit;  // sim/policy_edit.hpp

using InterventionProgress = InterventionSchedule::Progress;

/// One intervention during the run, as its type's functions see it.
struct InterventionRun {
  int index;  // position in the scenario: its stream of random numbers
  const Intervention& iv;
  const InterventionEffect& effect;
  InterventionProgress& progress;
};

/// The functions of one intervention type. nullptr where the type has nothing to do at that point.
struct InterventionKind {
  /// Planning, from the scenario alone: the posts it adds, moves or removes, the districts that
  /// lend, and `real_units` (the basis of its cost). `e.districts` is already set.
  void (*plan)(const Params& p, const std::vector<std::int32_t>& hall_begin, const Intervention& iv,
               InterventionEffect& e);
  /// Its costs as planned, over the `days` of the run it is planned to be active.
  CostPlan (*cost)(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
                   double days);
  /// On its start day, before it is priced (a roll-out orders whom it reaches).
  void (*prepare)(InterventionRun& run, World& world);
  /// On its start day once funded, after the posts it adds are filled (staff moved, sessions lent).
  void (*start)(InterventionRun& run, ServerEdit& edit, const World& world);
  /// Each day it is active: its work and running costs. nullptr: the planned daily cost only.
  void (*daily)(InterventionRun& run, int day, World& world);
  /// While active, for each district it applies to: its part of the queues' policies.
  void (*policy)(const Intervention& iv, int district, const Params& p, PolicyEdit& edit);
  /// While active: multiplies each district's attrition factor for clerks and operators.
  void (*attrition)(const Intervention& iv, const InterventionEffect& e, const Params& p, std::vector<double>& factor);
  /// The opening hours it sets for the halls of its districts, or nullptr.
  const OpeningHours* (*hall_hours)(const Intervention& iv);
  /// Does it change who can use digital channels in its districts (queues_changed_later)?
  bool (*digital_access)(const Intervention& iv);
  /// Its type's own columns of /interventions.
  void (*record)(const Intervention& iv, const InterventionEffect& e, const InterventionProgress& pr,
                 const HostVector<std::uint64_t>& dispatched, InterventionRecord& r);
  /// Default of its one-off programme cost (`setup_cost`), where the type has one.
  double default_setup_cost;
};

/// The table: one entry per InterventionType, in the enum's order (sim/intervention_kinds.cpp).
extern const InterventionKind kInterventionKinds[kInterventionTypes];
inline const InterventionKind& kind_of(InterventionType type) { return kInterventionKinds[static_cast<int>(type)]; }

/// 1 for each district in `districts`, 0 elsewhere (n districts).
inline std::vector<std::uint8_t> district_mask(const std::vector<int>& districts, int n) {
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(n), 0);
  for (int d : districts) mask[static_cast<std::size_t>(d)] = 1;
  return mask;
}

// The types' functions, by group (each namespace is one type).
namespace digital_human {  // sim/interventions_digital.cpp
void plan(const Params& p, const std::vector<std::int32_t>& hall_begin, const Intervention& iv, InterventionEffect& e);
CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days);
void policy(const Intervention& iv, int district, const Params& p, PolicyEdit& edit);
bool digital_access(const Intervention& iv);
}  // namespace digital_human
namespace compute {  // sim/interventions_digital.cpp
void plan(const Params& p, const std::vector<std::int32_t>& hall_begin, const Intervention& iv, InterventionEffect& e);
CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days);
void policy(const Intervention& iv, int district, const Params& p, PolicyEdit& edit);
void record(const Intervention& iv, const InterventionEffect& e, const InterventionProgress& pr,
            const HostVector<std::uint64_t>& dispatched, InterventionRecord& r);
}  // namespace compute
namespace data_sharing {  // sim/interventions_digital.cpp
/// The risk model (issue 17): records shared (residents of `districts` × shared types), the daily
/// probability of an incident, and the share of trust an incident takes.
double records(const Intervention& iv, const std::vector<int>& districts, const Params& p);
double incident_probability(const Intervention& iv, const std::vector<int>& districts, const Params& p);
double trust_drop(const Intervention& iv);
CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days);
void daily(InterventionRun& run, int day, World& world);
void policy(const Intervention& iv, int district, const Params& p, PolicyEdit& edit);
}  // namespace data_sharing
namespace staffing {  // sim/interventions_staffing.cpp
void plan(const Params& p, const std::vector<std::int32_t>& hall_begin, const Intervention& iv, InterventionEffect& e);
CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days);
void policy(const Intervention& iv, int district, const Params& p, PolicyEdit& edit);
const OpeningHours* hall_hours(const Intervention& iv);
}  // namespace staffing
namespace talent {  // sim/interventions_staffing.cpp
void plan(const Params& p, const std::vector<std::int32_t>& hall_begin, const Intervention& iv, InterventionEffect& e);
CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days);
void start(InterventionRun& run, ServerEdit& edit, const World& world);
void attrition(const Intervention& iv, const InterventionEffect& e, const Params& p, std::vector<double>& factor);
void record(const Intervention& iv, const InterventionEffect& e, const InterventionProgress& pr,
            const HostVector<std::uint64_t>& dispatched, InterventionRecord& r);
}  // namespace talent
namespace broadband {  // sim/interventions_rollout.cpp
CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days);
void prepare(InterventionRun& run, World& world);
void daily(InterventionRun& run, int day, World& world);
}  // namespace broadband
namespace training {  // sim/interventions_rollout.cpp
CostPlan cost(const Intervention& iv, const InterventionEffect& e, const Params& p, const RolloutCounts& counts,
              double days);
void prepare(InterventionRun& run, World& world);
void daily(InterventionRun& run, int day, World& world);
}  // namespace training
/// Data sharing and the roll-outs change who can use digital channels wherever they apply.
bool always_digital_access(const Intervention& iv);

}  // namespace civicsim
