// The records of the run: an interval's series and who was on duty, the end of a day (effects of
// today's contacts on citizens, needs that ended, the daily tables over the population) and the
// counts of staff by district and channel.
#include "sim/engine.hpp"

#include <thrust/copy.h>
#include <thrust/fill.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/remove.h>
#include <thrust/sort.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "kernels/experience.hpp"
#include "kernels/tallies.hpp"
#include "kernels/queue.hpp"

namespace civicsim {
namespace {

struct NotOwn {
  CIVICSIM_HD bool operator()(const Request& r) const { return !(r.flags & kFlagOwn); }
};

/// Sort keys of the notes: first by request id (key_of_id), then, stably, by (citizen, time): the
/// order (citizen, time, id) of request_before within each citizen, by two radix sorts of 64-bit
/// keys instead of a comparison sort of 40-byte records.
struct NoteIdKey {
  const Request* notes;
  std::uint64_t* key;
  std::uint32_t* order;
  CIVICSIM_HD void operator()(std::size_t i) const {
    key[i] = notes[i].id;
    order[i] = static_cast<std::uint32_t>(i);
  }
};

struct NoteCitizenTimeKey {
  const Request* notes;
  const std::uint32_t* order;
  std::uint64_t* key;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const Request& r = notes[order[i]];
    key[i] = (static_cast<std::uint64_t>(r.citizen) << 32) | static_cast<std::uint32_t>(r.time);
  }
};

struct GatherNotes {
  const Request* notes;
  const std::uint32_t* order;
  Request* sorted;
  CIVICSIM_HD void operator()(std::size_t i) const { sorted[i] = notes[order[i]]; }
};

/// Marks where each citizen's notes begin (notes sorted by citizen).
struct IsFirstOfCitizen {
  const Request* notes;
  CIVICSIM_HD bool operator()(std::uint64_t i) const { return i == 0 || notes[i].citizen != notes[i - 1].citizen; }
};

/// Needs that ended today: unmet ones per district and group, and the run-wide counts by group.
struct CountEndedNeeds {
  CitizenView cv;
  const Request* notes;
  std::uint64_t* unmet;  // [D][G]
  std::uint64_t* needs;  // [NeedCounter][G]
  CIVICSIM_HD void operator()(std::size_t i) const {
    const Request& r = notes[i];
    if (!(r.note & kNoteDone)) return;
    const int g = group_of(cv.flags[r.citizen]);
    atomic_add(needs + kNeedsEnded * kGroups + g, 1);
    atomic_add(needs + kNeedsElapsedSeconds * kGroups + g, static_cast<std::uint64_t>(r.time - r.born));
    if (r.note & kNoteResolved) {
      atomic_add(needs + kNeedsMet * kGroups + g, 1);
      atomic_add(needs + kNeedsMetSeconds * kGroups + g, static_cast<std::uint64_t>(r.spent));
      if (r.attempt == 1) atomic_add(needs + kNeedsMetFirstContact * kGroups + g, 1);
    } else {
      atomic_add(unmet + cv.district[r.citizen] * kGroups + g, 1);
    }
  }
};

}  // namespace

std::vector<std::int64_t> Engine::servers_by_district(bool on_duty_only) {
  // From the per-queue counts (kept current by refresh_employed and refresh_duty).
  const int D = world_.district_count();
  const std::vector<std::int32_t> per_queue = to_std(on_duty_only ? world_.queues.on_duty : world_.queues.employed);
  std::vector<std::int64_t> out(static_cast<std::size_t>(D) * kChannels, 0);
  std::int64_t hotline = 0;
  for (std::size_t q = 0; q < per_queue.size(); ++q) {
    if (queue_district_[q] < 0) {
      hotline += per_queue[q];
    } else {
      out[static_cast<std::size_t>(queue_district_[q]) * kChannels + queue_channel_[q]] += per_queue[q];
    }
  }
  // The city-wide hotline pool is split evenly over districts (the remainder to the first ones).
  for (int d = 0; d < D; ++d) out[d * kChannels + kHotline] += hotline / D + (d < hotline % D ? 1 : 0);
  return out;
}

IntervalRecord Engine::finish_interval(Seconds end) {
  parallel_for(static_cast<std::size_t>(world_.queues.n),
               CountWaiting{world_.citizens.view(), world_.queue_view(), counters_view_});
  if (duty_time_ != end || duty_dirty_) {
    refresh_duty(end);
    duty_time_ = end;
    duty_dirty_ = false;
    duty_fresh_ = true;  // the next window starts here with this duty
  }
  IntervalRecord rec;
  count_host_sync();  // the interval's counters, to the host
#if defined(CIVICSIM_BACKEND_CUDA)
  const HostVector<std::uint64_t> c = counters_;
  rec.series.assign(c.begin(), c.end());
#else
  rec.series.assign(counters_.begin(), counters_.end());
#endif
  rec.servers_on_duty = servers_by_district(true);
  launch(counters_.size(), [&](auto pol) { thrust::fill(pol, counters_.begin(), counters_.end(), 0); });

  const int D = world_.district_count();
  const std::size_t per_metric = static_cast<std::size_t>(D) * kGroups * kChannels;
  for (std::size_t i = 0; i < per_metric; ++i) {
    const int ch = static_cast<int>(i % kChannels);
    const std::size_t gc = (i / kChannels) % kGroups * kChannels + ch;
    totals_.arrivals[gc] += rec.series[kArrivals * per_metric + i];
    totals_.served[gc] += rec.series[kServed * per_metric + i];
    timings_.events += rec.series[kServed * per_metric + i];  // services started
    totals_.abandoned[gc] += rec.series[kAbandoned * per_metric + i];
    totals_.wait_seconds[gc] += rec.series[kWaitSecondsSum * per_metric + i];
  }
  return rec;
}

void Engine::compute_daily_tables() {
  const int D = world_.district_count();
  parallel_for(table_chunk_begin_.size() * kTableLanes,
               CountDaily{world_.citizens.view(), raw(table_chunk_begin_), raw(table_chunk_end_), raw(table_partial_)},
               world_.citizens.size());
  const std::int64_t segments = static_cast<std::int64_t>(D) * kGroups;
  parallel_for(static_cast<std::size_t>(segments) * kDailyTables,
               SumDailyTables{raw(table_partial_), raw(segment_chunk_begin_), raw(tables_), segments},
               table_partial_.size());
  const std::vector<std::uint64_t> pop = table(kTablePopulation), adopted = table(kTableAdopted);
  HostVector<double> share(D, 0.0);
  adopter_share_max_ = 0;
  for (int d = 0; d < D; ++d) {
    std::uint64_t n = 0, a = 0;
    for (int g = 0; g < kGroups; ++g) {
      n += pop[d * kGroups + g];
      a += adopted[d * kGroups + g];
    }
    share[d] = n > 0 ? static_cast<double>(a) / static_cast<double>(n) : 0.0;
    adopter_share_max_ = std::max(adopter_share_max_, share[d]);
  }
  adopter_share_ = share;
}

std::vector<std::uint64_t> Engine::table(int which) const {
  const std::size_t cells = static_cast<std::size_t>(world_.district_count()) * kGroups;
  HostVector<std::uint64_t> h(tables_.begin() + static_cast<std::ptrdiff_t>(which * cells),
                              tables_.begin() + static_cast<std::ptrdiff_t>((which + 1) * cells));
  return std::vector<std::uint64_t>(h.begin(), h.end());
}

void Engine::sort_notes_by_citizen() {
  const std::size_t n = notes_.size();
  if (n >= (1ull << 32)) throw std::runtime_error("more than 2^32 notes in one day");
  DeviceVector<std::uint64_t> key(n);
  DeviceVector<std::uint32_t> order(n);
  parallel_for(n, NoteIdKey{raw(notes_), raw(key), raw(order)});
  launch(n, [&](auto pol) { thrust::stable_sort_by_key(pol, key.begin(), key.end(), order.begin()); });
  parallel_for(n, NoteCitizenTimeKey{raw(notes_), raw(order), raw(key)});
  launch(n, [&](auto pol) { thrust::stable_sort_by_key(pol, key.begin(), key.end(), order.begin()); });
  // Into the spare buffer, which then trades places with the notes: both keep their capacity
  // from day to day (sim/plan.cpp counts them).
  resize(notes_spare_, n);
  parallel_for(n, GatherNotes{raw(notes_), raw(order), raw(notes_spare_)});
  notes_.swap(notes_spare_);
}

DayRecord Engine::end_of_day() {
  const int D = world_.district_count();
  // Effects of today's contacts on each citizen, in time order.
  DeviceVector<std::uint64_t> unmet(static_cast<std::size_t>(D) * kGroups, 0);
  if (!notes_.empty()) {
    // Every need that ended counts (integer sums: any order); only the agents' own needs change
    // them (kFlagOwn), so only those are sorted and applied: at scale 0.02, one note in 50.
    parallel_for(notes_.size(), CountEndedNeeds{world_.citizens.view(), raw(notes_), raw(unmet), raw(needs_)});
    auto own_end = dispatch(notes_.size(),
                            [&](auto pol) { return thrust::remove_if(pol, notes_.begin(), notes_.end(), NotOwn{}); });
    resize(notes_, static_cast<std::size_t>(own_end - notes_.begin()));
  }
  const std::size_t n = notes_.size();
  if (n > 0) {
    sort_notes_by_citizen();
    DeviceVector<std::uint64_t> first(n);
    auto end = dispatch(n, [&](auto pol) {
      return thrust::copy_if(pol, thrust::counting_iterator<std::uint64_t>(0),
                             thrust::counting_iterator<std::uint64_t>(n), first.begin(), IsFirstOfCitizen{raw(notes_)});
    });
    const std::size_t n_first = static_cast<std::size_t>(end - first.begin());
    parallel_for(n_first, ApplyNotes{world_.citizens.view(), raw(world_.types), raw(notes_), raw(first), n, n_first,
                                     world_.params.trust_learn_rate, world_.params.trust_satisfaction_rate});
  }
  notes_.clear();
  {
    ScopedPhase phase(timings_.daily_pass_s, backend_synchronize);  // the population count: part of the daily pass
    compute_daily_tables();
  }

  DayRecord rec;
  const std::vector<std::uint64_t> pop = table(kTablePopulation), adopted = table(kTableAdopted),
                                   internet = table(kTableInternet), trust = table(kTableTrustSum),
                                   sat = table(kTableSatisfactionSum), satisfied = table(kTableSatisfied),
                                   un = to_std(unmet);
  const std::size_t cells = static_cast<std::size_t>(D) * kGroups;
  rec.population.resize(cells);
  rec.adopted.resize(cells);
  rec.internet_access.resize(cells);
  rec.trust_mean.resize(cells);
  rec.satisfaction_mean.resize(cells);
  rec.unmet_needs.resize(cells);
  for (std::size_t i = 0; i < cells; ++i) {
    rec.population[i] = static_cast<std::int64_t>(pop[i]);
    rec.adopted[i] = static_cast<std::int64_t>(adopted[i]);
    rec.internet_access[i] = static_cast<std::int64_t>(internet[i]);
    rec.trust_mean[i] = pop[i] > 0 ? static_cast<double>(trust[i]) / 65535.0 / static_cast<double>(pop[i])
                                   : std::numeric_limits<double>::quiet_NaN();
    rec.satisfaction_mean[i] = satisfied[i] > 0
                                   ? static_cast<double>(sat[i]) / 65535.0 / static_cast<double>(satisfied[i])
                                   : std::numeric_limits<double>::quiet_NaN();
    rec.unmet_needs[i] = static_cast<std::int64_t>(un[i]);
    totals_.unmet += rec.unmet_needs[i];
  }
  rec.staff = servers_by_district(false);
  return rec;
}

}  // namespace civicsim
