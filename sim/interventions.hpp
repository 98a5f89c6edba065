// Interventions (MODEL.md §8) during a run: what each one changes on which days, what it spends,
// and whether the scenario's budget funds it. This is what every type shares; what differs by type
// is one entry of the table of types (sim/intervention_kinds.hpp). Planning is in
// sim/intervention_plan.*, the per-citizen rules in kernels/interventions.hpp; docs/engine.md
// ("Interventions") says how each acts.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kernels/parallel.hpp"
#include "sim/intervention_plan.hpp"
#include "sim/metrics.hpp"

namespace civicsim {

struct World;
struct ServerEdit;  // host copies of the server arrays, sim/server_edit.hpp

/// Applies interventions on their start and end days, does their daily work, decides what the
/// budget funds and keeps their cost records.
class InterventionSchedule {
 public:
  explicit InterventionSchedule(const World& world);
  /// Applies what starts or ends at the midnight that begins `day`, then the day's work of those
  /// active (roll-outs, incidents, running costs).
  void apply_day(int day, World& world);
  /// The /interventions table after `days` simulated days of `world`.
  std::vector<InterventionRecord> records(int days, const World& world) const;
  /// Minutes of the day at which hall hours set by interventions open or close.
  std::vector<int> transition_minutes() const;
  /// Per queue, what interventions that start or end after `day` (and before the run's end) will
  /// change: kLaterPosts where they change the queue's posts or hours (it may serve later even if
  /// it cannot now); kLaterDigitalAccess on a district's digital-human queue where they change who
  /// can use digital channels there (data sharing, kiosks, broadband, literacy).
  std::vector<std::uint8_t> queues_changed_later(int day, const World& world) const;

  /// Per intervention, what the run has done so far (public for tests).
  struct Progress {
    bool funded = true, applied = false, active = false;
    double planned_cost = 0, setup_cost = 0, daily_cost = 0, spent = 0;
    std::int64_t reached = 0, moved = 0, incidents = 0, agents_added = 0;
    // roll-outs (broadband, training): residents in order, per-district ranges
    DeviceVector<std::uint64_t> keys;
    DeviceVector<std::uint32_t> index;
    std::vector<std::int64_t> begin;
    RolloutCounts counts;
    // talent and dispatch: (slot left, slot taken) pairs, restored at the end
    std::vector<std::pair<std::int32_t, std::int32_t>> moved_slots;
    // staffing and capacity: the exact posts it added and removed, undone at the end
    std::vector<std::int32_t> added_slots, removed_slots;
  };
  const Progress& progress(int i) const { return progress_[static_cast<std::size_t>(i)]; }

  /// Saves or loads the progress of every intervention (Engine::save_state and load_state).
  template <class Archive>
  void archive(Archive& a) {
    a.value("interventions.committed", committed_);
    for (std::size_t i = 0; i < progress_.size(); ++i) {
      Progress& p = progress_[i];
      const std::string n = "interventions." + std::to_string(i) + ".";
      a.value(n + "funded", p.funded);
      a.value(n + "applied", p.applied);
      a.value(n + "active", p.active);
      a.value(n + "planned_cost", p.planned_cost);
      a.value(n + "setup_cost", p.setup_cost);
      a.value(n + "daily_cost", p.daily_cost);
      a.value(n + "spent", p.spent);
      a.value(n + "reached", p.reached);
      a.value(n + "moved", p.moved);
      a.value(n + "incidents", p.incidents);
      a.value(n + "agents_added", p.agents_added);
      a.array(n + "keys", p.keys, true);
      a.array(n + "index", p.index, true);
      a.array(n + "begin", p.begin);
      a.array(n + "counts.population", p.counts.population);
      a.array(n + "counts.base_connected", p.counts.base_connected);
      a.array(n + "counts.candidates", p.counts.candidates);
      // std::pair is not trivially copyable: the slots travel as a flat list of (left, taken).
      std::vector<std::int32_t> moved;
      for (const auto& m : p.moved_slots) moved.insert(moved.end(), {m.first, m.second});
      a.array(n + "moved_slots", moved);
      if (Archive::loading) {
        p.moved_slots.clear();
        for (std::size_t k = 0; k + 1 < moved.size(); k += 2) p.moved_slots.emplace_back(moved[k], moved[k + 1]);
      }
      a.array(n + "added_slots", p.added_slots);
      a.array(n + "removed_slots", p.removed_slots);
    }
  }

 private:
  void start(int i, int day, World& world);
  void add_posts(ServerEdit& edit, const InterventionEffect& e, int day, const World& world, Progress& pr) const;
  void stop(int i, World& world);
  void daily_work(int i, int day, World& world);
  void refresh_policies(World& world) const;
  void refresh_attrition(World& world) const;

  std::vector<InterventionEffect> effects_;
  std::vector<Intervention> interventions_;
  std::vector<Progress> progress_;
  double committed_ = 0;  // planned cost of what the budget has funded so far
};

}  // namespace civicsim
