// The headline figures of a run (/summary, MODEL.md §10) over the analysis window: the days after
// time.warmup_days. The engine's run-wide accumulators (totals by group and channel, the wait
// histogram, the needs that ended) are emptied when the window starts, so everything here covers
// the window; needs still open at the end are counted apart (open_needs).
#include <thrust/fill.h>

#include <cmath>
#include <limits>

#include "kernels/tallies.hpp"
#include "sim/engine.hpp"

namespace civicsim {

double wait_quantile(const std::uint64_t* histogram, double q) {
  std::uint64_t total = 0;
  for (int b = 0; b < kWaitBins; ++b) total += histogram[b];
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  const double target = q * static_cast<double>(total);
  double below = 0;  // waits in the bins before b
  for (int b = 0; b < kWaitBins; ++b) {
    const double here = static_cast<double>(histogram[b]);
    if (here > 0 && below + here >= target) {
      // Waits are whole seconds: a 1-second bin holds one value, and the open last bin gives its
      // lower edge. A 1-minute bin's waits are spread evenly over it.
      if (b < kWaitBinsFine || b == kWaitBins - 1) return wait_bin_start(b);
      const double width = static_cast<double>(wait_bin_start(b + 1) - wait_bin_start(b));
      return wait_bin_start(b) + width * (target - below) / here;
    }
    below += here;
  }
  return wait_bin_start(kWaitBins - 1);
}

void Engine::start_analysis_window(int day) {
  totals_.cost_before_window = 0;
  for (const InterventionRecord& r : schedule_.records(day, world_)) totals_.cost_before_window += r.total_cost;
  totals_.arrivals.fill(0);
  totals_.served.fill(0);
  totals_.abandoned.fill(0);
  totals_.wait_seconds.fill(0);
  thrust::fill(wait_histogram_.begin(), wait_histogram_.end(), 0);
  thrust::fill(needs_.begin(), needs_.end(), 0);
}

namespace {

double ratio(double a, double b) { return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN(); }

/// Sum of a need counter over some groups.
double sum_over(const std::vector<std::uint64_t>& needs, int counter, std::initializer_list<int> groups) {
  double s = 0;
  for (int g : groups) s += static_cast<double>(needs[static_cast<std::size_t>(counter) * kGroups + g]);
  return s;
}

/// Gaps between urban and rural residents and between the elderly and adults: mean total time of
/// met needs, share of needs unmet, and mean time from arising to end of every need that ended.
void gaps(const std::vector<std::uint64_t>& needs, RunSummary& s) {
  const auto urban = {int(kUrbanAdult), int(kUrbanElderly)}, rural = {int(kRuralAdult), int(kRuralElderly)};
  const auto elderly = {int(kUrbanElderly), int(kRuralElderly)}, adult = {int(kUrbanAdult), int(kRuralAdult)};
  auto mean = [&](int numerator, int denominator, std::initializer_list<int> groups) {
    return ratio(sum_over(needs, numerator, groups), sum_over(needs, denominator, groups));
  };
  auto unmet_share = [&](std::initializer_list<int> groups) { return 1.0 - mean(kNeedsMet, kNeedsEnded, groups); };
  s.urban_rural_total_time_ratio =
      ratio(mean(kNeedsMetSeconds, kNeedsMet, urban), mean(kNeedsMetSeconds, kNeedsMet, rural));
  s.elderly_adult_total_time_ratio =
      ratio(mean(kNeedsMetSeconds, kNeedsMet, elderly), mean(kNeedsMetSeconds, kNeedsMet, adult));
  s.urban_rural_unmet_ratio = ratio(unmet_share(urban), unmet_share(rural));
  s.elderly_adult_unmet_ratio = ratio(unmet_share(elderly), unmet_share(adult));
  s.urban_rural_elapsed_ratio =
      ratio(mean(kNeedsElapsedSeconds, kNeedsEnded, urban), mean(kNeedsElapsedSeconds, kNeedsEnded, rural));
  s.elderly_adult_elapsed_ratio =
      ratio(mean(kNeedsElapsedSeconds, kNeedsEnded, elderly), mean(kNeedsElapsedSeconds, kNeedsEnded, adult));
}

}  // namespace

RunSummary Engine::summary(int days_done) const {
  RunSummary s;
  // The accumulators were emptied at the start of day warmup_days, if the run got there.
  s.window_first_day = world_.params.warmup_days < days_done ? world_.params.warmup_days : 0;
  s.window_days = days_done - s.window_first_day;
  const std::vector<std::uint64_t> hist = to_std(wait_histogram_), needs = to_std(needs_);
  s.arrivals.assign(totals_.arrivals.begin(), totals_.arrivals.end());
  s.served.assign(totals_.served.begin(), totals_.served.end());
  s.abandoned.assign(totals_.abandoned.begin(), totals_.abandoned.end());
  for (int g = 0; g < kGroups; ++g) {
    for (int c = 0; c < kChannels; ++c) {
      const std::size_t gc = static_cast<std::size_t>(g) * kChannels + c;
      s.wait_mean_seconds.push_back(
          ratio(static_cast<double>(totals_.wait_seconds[gc]), static_cast<double>(s.served[gc])));
      s.abandonment_rate.push_back(ratio(static_cast<double>(s.abandoned[gc]), static_cast<double>(s.arrivals[gc])));
      const std::uint64_t* h = hist.data() + (static_cast<std::size_t>(c) * kGroups + g) * kWaitBins;
      s.wait_p50_seconds.push_back(wait_quantile(h, 0.5));
      s.wait_p90_seconds.push_back(wait_quantile(h, 0.9));
      s.wait_p99_seconds.push_back(wait_quantile(h, 0.99));
    }
    const auto need = [&](int counter) { return static_cast<double>(needs[counter * kGroups + g]); };
    s.needs.push_back(static_cast<std::int64_t>(need(kNeedsEnded)));
    s.resolved.push_back(static_cast<std::int64_t>(need(kNeedsMet)));
    s.unmet_needs.push_back(static_cast<std::int64_t>(need(kNeedsEnded) - need(kNeedsMet)));
    s.resolution_rate.push_back(ratio(need(kNeedsMet), need(kNeedsEnded)));
    s.first_contact_resolution.push_back(ratio(need(kNeedsMetFirstContact), need(kNeedsEnded)));
    s.total_time_mean_seconds.push_back(ratio(need(kNeedsMetSeconds), need(kNeedsMet)));
    s.elapsed_mean_seconds.push_back(ratio(need(kNeedsElapsedSeconds), need(kNeedsEnded)));
  }
  s.open_needs = open_needs();
  const std::vector<std::uint64_t> pop = table(kTablePopulation), adopted = table(kTableAdopted);
  for (int g = 0; g < kGroups; ++g) {
    std::uint64_t n = 0, a = 0;
    for (int d = 0; d < world_.district_count(); ++d) {
      n += pop[d * kGroups + g];
      a += adopted[d * kGroups + g];
    }
    s.adoption.push_back(ratio(static_cast<double>(a), static_cast<double>(n)));
  }
  gaps(needs, s);
  double resolved = 0;
  for (std::int64_t r : s.resolved) resolved += static_cast<double>(r);
  for (const InterventionRecord& r : schedule_.records(days_done, world_)) {
    s.total_cost += r.total_cost;
    if (!r.funded) ++s.unfunded_interventions;
  }
  s.budget = world_.params.budget.total;
  // Real CNY spent in the window per real need met in it (the whole run without a warm-up).
  s.cost_per_resolved_need = ratio(s.total_cost - totals_.cost_before_window, resolved);
  return s;
}

}  // namespace civicsim
