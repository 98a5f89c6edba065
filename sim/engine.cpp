// The engine's story: building it, and each step of a run: a day's daily pass (interventions,
// staff, adoption, today's new needs), its windows (sim/engine_windows.cpp) and its close
// (sim/engine_tables.cpp). The demand arithmetic is in sim/demand.cpp, checkpoints in
// sim/engine_archive.cpp, the summary in sim/summary.cpp.
#include "sim/engine.hpp"

#include <thrust/sequence.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "kernels/contact.hpp"
#include "kernels/adoption.hpp"
#include "kernels/burnout.hpp"
#include "kernels/demand.hpp"
#include "kernels/experience.hpp"
#include "kernels/staff.hpp"
#include "kernels/tallies.hpp"
#include "kernels/queue.hpp"

namespace civicsim {

Engine::Engine(const Params& params) : world_(params), schedule_(world_) {
  const int D = world_.district_count();
  counters_.resize(static_cast<std::size_t>(kSeriesMetrics) * D * kGroups * kChannels, 0);
  wait_histogram_.resize(static_cast<std::size_t>(kChannels) * kGroups * kWaitBins, 0);
  needs_.resize(static_cast<std::size_t>(kNeedCounters) * kGroups, 0);
  counters_view_ = CounterView{raw(counters_), raw(wait_histogram_), D};
  tables_.resize(static_cast<std::size_t>(kDailyTables) * D * kGroups, 0);
  adopter_share_.resize(D, 0.0);
  plan_table_chunks();
  plan_transitions(params);
  // Requests that leave a queue unmet come back after a retry delay: no later than the shortest
  // delay, so a window no longer than it never sees a request come back inside it.
  lookahead_ = std::numeric_limits<Seconds>::max();
  for (int c = 0; c < kChannels; ++c) lookahead_ = std::min(lookahead_, world_.constants.retry_delay[c]);
  queue_district_ = to_std(world_.queues.district);
  queue_channel_ = to_std(world_.queues.channel);
  queue_ids_.resize(static_cast<std::size_t>(world_.queues.n));
  thrust::sequence(queue_ids_.begin(), queue_ids_.end(), 0);
  refresh_employed();
  refresh_serves_later(0);
  refresh_duty(0);
  compute_daily_tables();
}

void Engine::plan_table_chunks() {
  // Chunks of the daily tables: inside one (district, group) segment each.
  const HostVector<std::uint64_t> begin = world_.districts.group_begin;
  std::vector<std::uint64_t> first, last;
  std::vector<std::int64_t> segment_first(1, 0);
  for (std::size_t s = 0; s + 1 < begin.size(); ++s) {
    for (std::uint64_t c = begin[s]; c < begin[s + 1]; c += kTableChunk) {
      first.push_back(c);
      last.push_back(std::min<std::uint64_t>(c + kTableChunk, begin[s + 1]));
    }
    segment_first.push_back(static_cast<std::int64_t>(first.size()));
  }
  table_chunk_begin_ = HostVector<std::uint64_t>(first.begin(), first.end());
  table_chunk_end_ = HostVector<std::uint64_t>(last.begin(), last.end());
  segment_chunk_begin_ = HostVector<std::int64_t>(segment_first.begin(), segment_first.end());
  table_partial_.resize(first.size() * kTableLanes * kDailyTables);
}

void Engine::plan_transitions(const Params& params) {
  std::set<int> minutes;
  for (const OpeningHours& h : params.hours) {
    for (const auto* list : {&h.weekday, &h.weekend})
      for (const auto& iv : *list) {
        minutes.insert(iv.first);
        minutes.insert(iv.second);
      }
  }
  for (int m : schedule_.transition_minutes()) minutes.insert(m);  // hall hours set by interventions
  transition_minutes_.assign(minutes.begin(), minutes.end());
  is_transition_.assign(1441, 0);
  for (int m : minutes) is_transition_[m] = 1;
}

int Engine::intervals() const { return world_.params.days * (1440 / world_.params.report_minutes); }

void Engine::start_of_day(int day) {
  const Params& p = world_.params;
  if (day > 0 && day == p.warmup_days) start_analysis_window(day);
  duty_dirty_ = true;
  schedule_.apply_day(day, world_);
  parallel_for(static_cast<std::size_t>(world_.queues.n),
               BurnoutDay{world_.queue_view(), raw(world_.queues.utilisation), raw(world_.queues.quit_factor),
                          p.burnout_gain, p.burnout_threshold, p.burnout_days});
  parallel_for(world_.servers.size(),
               StaffDay{p.seed, day, p.hiring_delay_days, p.skill_sd, raw(world_.servers.quit_probability),
                        raw(world_.servers.queue), raw(world_.queues.server_begin), world_.servers.view(),
                        raw(world_.queues.quit_factor)});
  refresh_employed();
  refresh_serves_later(day);
  const std::uint64_t blocks = draw_blocks(world_.citizens.size());
  if (p.trust_quit_rate > 0 && p.trust_quit_below > 0)  // adopters who lost trust stop (issue 17)
    parallel_for(
        blocks,
        QuitDigital{p.seed, day, p.trust_quit_rate / 365.0,
                    static_cast<std::uint16_t>(std::lround(p.trust_quit_below * 65535.0)), world_.citizens.view()},
        blocks * 4);
  parallel_for(blocks,
               Adoption{p.seed, day, p.bass_p, p.bass_q, (p.bass_p + p.bass_q * adopter_share_max_) / 365.0,
                        raw(adopter_share_), world_.citizens.view(), p.adoption_trust_weight},
               blocks * 4);

  draw_new_needs(day, blocks);
}

// ---- the model: a day is its daily pass, its windows, and its close --------------------------

bool Engine::step(EngineObserver& observer) {
  if (finished()) return false;
  if (!position_.in_day) {
    daily_pass();
  } else if (position_.time < day_end()) {
    next_window(observer);
  } else {
    close_day(observer);
  }
  return true;
}

// Phase timings include the observer's callbacks (the output file measures its own share).

void Engine::daily_pass() {
  {
    ScopedPhase phase(timings_.daily_pass_s, backend_synchronize);  // the GPU may still be working
    start_of_day(position_.day);
  }
  position_.in_day = true;
  position_.time = static_cast<Seconds>(position_.day) * kSecondsPerDay;
}

void Engine::next_window(EngineObserver& observer) {
  ScopedPhase phase(timings_.windows_s);
  const LaunchCounts before = launch_counts();
  const Seconds w1 = window(position_.time, next_boundary(position_.time), next_boundary(position_.time, true));
  ++timings_.windows;
  if (w1 % 3600 == 0) parallel_for(static_cast<std::size_t>(world_.queues.n), PublishWaits{world_.queue_view(), w1});
  if (w1 % report_seconds() == 0) observer.on_interval(interval_index_++, finish_interval(w1));
  timings_.window_launches += launch_counts().launches - before.launches;
  timings_.window_host_syncs += launch_counts().host_syncs - before.host_syncs;
  position_.time = w1;
}

void Engine::close_day(EngineObserver& observer) {
  {
    // The count of the daily tables inside it is part of the daily pass (end_of_day).
    ScopedPhase phase(timings_.end_of_day_s, backend_synchronize);
    observer.on_day(position_.day, end_of_day());
  }
  release_device_scratch();
  ++timings_.days;
  position_.time = day_end();
  ++position_.day;
  position_.in_day = false;
}

void Engine::run_day(int day, EngineObserver& observer) {
  if (day != position_.day || position_.in_day)
    throw std::logic_error("run_day(" + std::to_string(day) + "): the run is at day " + std::to_string(position_.day));
  while (position_.day == day && step(observer)) {
  }
}

bool Engine::run(EngineObserver& observer, const std::function<bool(const Position&)>& pause) {
  while (step(observer)) {
    if (pause && pause(position_)) break;
  }
  return finished();
}

}  // namespace civicsim
