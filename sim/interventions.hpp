// Interventions (MODEL.md §8): what each one changes, on which days, and what it costs.
// v1 has digital_human_rollout and staffing.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace civicsim {

struct World;

/// Indices of the districts a selector names.
std::vector<int> select_districts(const Params& params, const DistrictSelector& selector);

/// What one intervention does to the queues while it is active.
struct InterventionEffect {
  std::vector<std::pair<std::int32_t, std::int64_t>> servers;  // (queue, scaled servers added; < 0 removes)
  std::vector<int> districts;                                  // districts it applies to
  double real_units = 0;  // real-world instances or staff it adds, the basis of its cost
};

/// Effects of every intervention, given the halls of each district (queue layout of World).
std::vector<InterventionEffect> intervention_effects(const Params& params,
                                                     const std::vector<std::int32_t>& hall_begin);

/// Server slots to reserve per queue for the additions interventions will make.
std::vector<std::int64_t> intervention_slots(const Params& params,
                                             const std::vector<std::int32_t>& hall_begin);

/// Applies interventions on their start and end days and keeps their cost records.
class InterventionSchedule {
 public:
  explicit InterventionSchedule(const World& world);
  /// Applies what starts or ends at the midnight that begins `day`.
  void apply_day(int day, World& world);
  /// The /interventions table after `days` simulated days.
  std::vector<InterventionRecord> records(int days) const;

 private:
  std::vector<InterventionEffect> effects_;
  std::vector<Intervention> interventions_;
  std::vector<bool> applied_;
};

}  // namespace civicsim
