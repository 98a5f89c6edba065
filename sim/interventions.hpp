// Interventions (MODEL.md §8): what each one changes, on which days, what it costs, and whether
// the scenario's budget funds it. The per-citizen rules are in kernels/interventions.hpp; the
// choices of docs/scenario.md ("Interventions: how they act") are made here.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "kernels/parallel.hpp"
#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace civicsim {

struct World;

/// Indices of the districts a selector names.
std::vector<int> select_districts(const Params& params, const DistrictSelector& selector);

/// What one intervention does to the server establishment while it is active (planned from the
/// scenario alone, so that the world can reserve server slots before the run).
struct InterventionEffect {
  std::vector<std::pair<std::int32_t, std::int64_t>> servers;  // (queue, scaled servers added; < 0 removes)
  std::vector<std::pair<std::int32_t, std::int64_t>> arrivals; // talent / dispatch: (queue, slots to receive)
  std::vector<std::pair<std::int32_t, std::int64_t>> departures;  // talent: (urban hall, staff leaving)
  std::vector<int> districts;                                  // districts it applies to
  std::vector<int> lenders;                                    // compute dispatch: districts that lend
  double real_units = 0;  // real-world instances or staff it adds, the basis of its cost
};

/// Effects of every intervention, given the halls of each district (queue layout of World).
std::vector<InterventionEffect> intervention_effects(const Params& params,
                                                     const std::vector<std::int32_t>& hall_begin);

/// Server slots to reserve per queue for the additions interventions will make.
std::vector<std::int64_t> intervention_slots(const Params& params,
                                             const std::vector<std::int32_t>& hall_begin);

/// Applies interventions on their start and end days, does their daily work, decides what the
/// budget funds and keeps their cost records.
class InterventionSchedule {
 public:
  explicit InterventionSchedule(const World& world);
  /// Applies what starts or ends at the midnight that begins `day`, then the day's work of those
  /// active (roll-outs, incidents, running costs).
  void apply_day(int day, World& world);
  /// The /interventions table after `days` simulated days.
  std::vector<InterventionRecord> records(int days) const;
  /// Minutes of the day at which hall hours set by interventions open or close.
  std::vector<int> transition_minutes() const;

  /// Per intervention, what the run has done so far (public for tests).
  struct Progress {
    bool funded = true, applied = false, active = false;
    double planned_cost = 0, setup_cost = 0, daily_cost = 0, spent = 0;
    std::int64_t reached = 0, moved = 0, incidents = 0, agents_added = 0;
    // roll-outs (broadband, training): residents in order, per-district ranges
    DeviceVector<std::uint64_t> keys;
    DeviceVector<std::uint32_t> index;
    std::vector<std::int64_t> begin, candidates, base_connected, population;
    // talent and dispatch: (slot left, slot taken) pairs, restored at the end
    std::vector<std::pair<std::int32_t, std::int32_t>> moved_slots;
    std::vector<std::pair<std::int32_t, double>> saved_quit;
  };
  const Progress& progress(int i) const { return progress_[static_cast<std::size_t>(i)]; }

 private:
  double planned_cost(int i, const World& world, Progress& pr) const;
  void start(int i, int day, World& world);
  void stop(int i, World& world);
  void daily_work(int i, int day, World& world);
  void refresh_policies(World& world) const;

  const World* world_;
  std::vector<InterventionEffect> effects_;
  std::vector<Intervention> interventions_;
  std::vector<Progress> progress_;
  double committed_ = 0;  // planned cost of what the budget has funded so far
};

}  // namespace civicsim
