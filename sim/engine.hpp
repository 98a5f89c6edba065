// The engine: advances the world through days and windows. A day is the daily pass, then the
// windows of the day, then the end-of-day pass. A window is a stretch of time inside which queues
// are independent (see docs/engine.md): contacts, digital-human pools, escalations, human queues.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/parallel.hpp"
#include "sim/interventions.hpp"
#include "sim/metrics.hpp"
#include "sim/observer.hpp"
#include "sim/state_io.hpp"
#include "sim/timings.hpp"
#include "sim/world.hpp"

namespace civicsim {

/// Counts of needs that ended, by group, over the analysis window ([NeedCounter][group]).
enum NeedCounter : int {
  kNeedsEnded = 0,  // met or given up
  kNeedsMet,
  kNeedsMetFirstContact,
  kNeedsMetSeconds,      // travel + waits + services of met needs
  kNeedsElapsedSeconds,  // from the need's arising to its end, met or not (retry delays included)
  kNeedCounters
};

/// The q-quantile of the waits counted in one histogram of kWaitBins bins (kernels/views.hpp):
/// exact below an hour (1-second bins of whole-second waits), interpolated within a 1-minute bin
/// above (waits spread evenly inside it); NaN when the histogram is empty.
double wait_quantile(const std::uint64_t* histogram, double q);

/// A backend vector's contents on the host (one transfer on the GPU).
template <class T>
inline std::vector<T> to_std(const DeviceVector<T>& v) {
  count_host_sync();
#if defined(CIVICSIM_BACKEND_CUDA)
  HostVector<T> h = v;  // one transfer
  return std::vector<T>(h.begin(), h.end());
#else
  return std::vector<T>(v.begin(), v.end());  // host memory already
#endif
}

/// Run-wide totals for the closing summary line.
struct RunTotals {
  std::uint64_t requests = 0;  // needs drawn
  std::int64_t unmet = 0;
  // [group][channel], whole run
  std::array<std::int64_t, kGroups * kChannels> arrivals{}, served{}, abandoned{}, wait_seconds{};
  double cost_before_window = 0;  // CNY the interventions had spent when the analysis window began
  /// Sum over groups of a [group][channel] total.
  static std::int64_t channel_total(const std::array<std::int64_t, kGroups * kChannels>& t, int channel) {
    std::int64_t sum = 0;
    for (int g = 0; g < kGroups; ++g) sum += t[g * kChannels + channel];
    return sum;
  }
};

/// Where a run stands: the next step is the daily pass of `day` (when !in_day), the window that
/// starts at `time`, or the end of `day` (when time is the day's end). Every step boundary is a
/// point at which the whole state can be saved and the run continued exactly (sim/state_io.hpp).
struct Position {
  int day = 0;
  Seconds time = 0;
  bool in_day = false;
};

class Engine {
 public:
  explicit Engine(const Params& params);

  /// Simulates day `day` (days must be run in order from 0).
  void run_day(int day, EngineObserver& observer);
  /// Runs to the end of the run, or until `pause` (called after every step) returns true.
  /// Returns whether the run is finished.
  bool run(EngineObserver& observer, const std::function<bool(const Position&)>& pause = {});
  /// One step: a day's daily pass, one window (with the interval it may finish), or a day's end.
  /// Returns false (and does nothing) once the run is finished.
  bool step(EngineObserver& observer);
  const Position& position() const { return position_; }
  bool finished() const { return position_.day >= days(); }
  /// Saves everything that changes as the run goes on (every agent array, queues, requests in
  /// flight, accumulators, the interventions' progress and the position); load_state() into an
  /// engine built from the same parameters continues the run bit for bit.
  void save_state(StateSink& sink);
  void load_state(StateSource& source);

  int days() const { return world_.params.days; }
  int intervals() const;
  Seconds report_seconds() const { return world_.params.report_minutes * 60; }
  const World& world() const { return world_; }
  World& world() { return world_; }
  const RunTotals& totals() const { return totals_; }
  /// Seconds spent in each phase of the days run so far (observer callbacks included).
  const EngineTimings& timings() const { return timings_; }
  std::vector<InterventionRecord> intervention_records(int days_done) const {
    return schedule_.records(days_done, world_);
  }
  /// Headline figures of the days run so far (MODEL.md §10 /summary), over the analysis window
  /// (after time.warmup_days; sim/summary.cpp).
  RunSummary summary(int days_done) const;
  /// Needs still open now (pending, waiting or in service), by group.
  std::vector<std::int64_t> open_needs() const;

  // --- hooks for tests and tools ---
  /// Runs one window [w0, w1) (inside one day and one report interval) without the daily pass.
  /// [w0, w1) must lie inside one hour (as the engine's own windows do: the pending list is split
  /// on the hour).
  void advance_window(Seconds w0, Seconds w1) {
    if (w1 <= w0 || w0 / 3600 != (w1 - 1) / 3600)
      throw std::logic_error("advance_window: [" + std::to_string(w0) + ", " + std::to_string(w1) +
                             ") must be a non-empty window inside one hour");
    window(w0, w1, w1);
  }
  /// Effects recorded since the last end of day (finished needs, digital contacts).
  const DeviceVector<Request>& day_notes() const { return notes_; }
  /// The current interval's counters, [metric][district][group][channel].
  std::vector<std::uint64_t> interval_counters() const {
    HostVector<std::uint64_t> h = counters_;
    return std::vector<std::uint64_t>(h.begin(), h.end());
  }

 private:
  /// Every piece of state that changes during a run (sim/engine_archive.cpp).
  template <class Archive>
  void archive(Archive& a);
  // --- the three kinds of step (sim/engine.cpp) ---
  /// The work over the population at the start of a day: start_of_day, timed as the daily pass.
  void daily_pass();
  /// The next window of the day, the waits it posts on the hour and the interval it may finish.
  void next_window(EngineObserver& observer);
  /// The end of the day: its effects on citizens and its record (end_of_day).
  void close_day(EngineObserver& observer);
  Seconds day_end() const { return static_cast<Seconds>(position_.day + 1) * kSecondsPerDay; }

  void plan_table_chunks();
  void plan_transitions(const Params& params);
  /// Interventions, staff, adoption and today's new needs.
  void start_of_day(int day);
  /// Today's new needs, appended to the pending list (sim/demand.cpp).
  void draw_new_needs(int day, std::uint64_t blocks);
  /// Empties the accumulators of /summary: the analysis window starts at `day` (time.warmup_days).
  void start_analysis_window(int day);
  /// Runs the window [w0, w1); when nothing happens in it, and nothing until quiet_end either,
  /// the whole stretch [w0, quiet_end) at once. Returns the end of what it ran.
  Seconds window(Seconds w0, Seconds w1, Seconds quiet_end);
  void split_pending(Seconds w0, Seconds w1);
  /// Whether queues [qa, qb) have nothing to do from the window's start to w1 without arrivals:
  /// nobody waiting, no service ending and nobody's duty changed at the start.
  bool queues_idle(std::int32_t qa, std::int32_t qb, Seconds w1);
  void contacts(Seconds w1);
  void run_queues(std::int32_t qa, std::int32_t qb, Seconds w0, Seconds w1);
  void harvest_notes(const Request* first, std::size_t n);
  /// The end of the window that starts at t; `quiet`: of a stretch in which nothing happens (only
  /// report and hour boundaries and changes of opening hours end it).
  Seconds next_boundary(Seconds t, bool quiet = false) const;
  IntervalRecord finish_interval(Seconds end);
  DayRecord end_of_day();
  /// Orders today's notes by citizen, then by request_before (the order their effects apply in).
  void sort_notes_by_citizen();
  void refresh_duty(Seconds t);
  void refresh_employed();
  /// Recomputes which queues can serve before the run ends (sim/needs_end.cpp).
  void refresh_serves_later(int day);
  void compute_daily_tables();
  /// One daily table [district][group], copied to the host.
  std::vector<std::uint64_t> table(int which) const;
  std::vector<std::int64_t> servers_by_district(bool on_duty_only);

  World world_;
  InterventionSchedule schedule_;
  CounterView counters_view_{};
  DeviceVector<std::uint64_t> counters_;
  DeviceVector<std::uint64_t> wait_histogram_;  // [channel][group][bin], whole run
  DeviceVector<std::uint64_t> needs_;           // [NeedCounter][group], whole run
  DeviceVector<Request> notes_;                 // today's effects on citizens (trust, satisfaction, unmet needs)
  DeviceVector<Request> notes_spare_;           // the notes in citizen order at the end of the day
  DeviceVector<Request> scratch_;               // arrivals of the current queue run
  DeviceVector<Request> out_;                   // requests leaving queues in the current run
  DeviceVector<std::int64_t> offsets_;          // per-queue offsets of the current queue run
  DeviceVector<std::int32_t> queue_ids_;        // 0, 1, ..., queues - 1
  // cross-region dispatch (issue 17)
  DeviceVector<std::int64_t> group_scratch_;  // per queue of the current run: output and arrival cursors
  /// A cut of the pending list: the part before `at` (from the cut before it) holds no request due
  /// before `horizon` (Engine::split_pending).
  struct PendingCut {
    Seconds horizon = -1;
    std::size_t at = 0;
  };
  PendingCut day_cut_, quarter_cut_;  // not saved: a resumed run cuts again at its first window
  Seconds horizon_ = -1;              // the hour's cut (saved with the state)
  std::size_t settled_ = 0;
  std::size_t active_ = 0;              // world_.pending[settled_, active_) holds no request due in this window
  DeviceVector<std::uint64_t> tables_;  // daily tables [DailyTable][district][group]
  DeviceVector<std::uint64_t> table_chunk_begin_, table_chunk_end_;
  DeviceVector<std::int64_t> segment_chunk_begin_;
  DeviceVector<std::uint32_t> table_partial_;
  DeviceVector<std::uint32_t> block_count_;  // today's new needs per block of citizens
  DeviceVector<std::uint64_t> block_offset_;
  DeviceVector<double> demand_factor_;        // today's demand factor per district (surges)
  DeviceVector<double> residents_per_agent_;  // per district: residents 15+ per agent (today's draw)
  DeviceVector<std::uint8_t> serves_later_;   // per queue: can serve before the run ends (derived daily)
  DeviceVector<double> adopter_share_;
  double adopter_share_max_ = 0;
  std::vector<int> transition_minutes_;       // minutes of the day at which any opening hours change
  std::vector<char> is_transition_;           // [minute of the day]: opening hours change then
  bool duty_dirty_ = true;                    // staff changed since the last duty refresh
  bool duty_changed_ = true;                  // who is on duty changed at the current window's start
  bool duty_fresh_ = false;                   // refreshed at an interval end for the next window
  Seconds duty_time_ = -1;                    // time of the last duty refresh
  std::vector<std::int32_t> queue_district_;  // host copies of the queues' districts and channels
  std::vector<std::uint8_t> queue_channel_;
  Seconds lookahead_ = 0;
  int interval_index_ = 0;
  Position position_;
  RunTotals totals_;
  EngineTimings timings_;
};

}  // namespace civicsim
