// Today's demand: how many new needs each citizen raises (Poisson), of which type and at what time
// of day, from the request types' yearly rates, the weekday or weekend arrival profile, the demand
// surges of each district and the residents each agent stands for.
#include "sim/engine.hpp"

#include <thrust/scan.h>

#include <algorithm>
#include <stdexcept>

#include "kernels/demand.hpp"
#include "sim/intervention_plan.hpp"

namespace civicsim {
namespace {

/// Today's expected needs per resident by age, their split over types and over the hours of the
/// day (the district factors and weights are left to the caller).
DayDemand demand_shape(const Params& p, const std::vector<TypeParams>& types, int day) {
  const int weekday = (p.start_weekday + day) % 7;
  const bool weekend = weekday >= 5;
  const auto& profile = weekend ? p.profile_weekend : p.profile_weekday;
  double week_total = 0, today_total = 0;
  for (int h = 0; h < 24; ++h) {
    week_total += 5.0 * p.profile_weekday[h] + 2.0 * p.profile_weekend[h];
    today_total += profile[h];
  }
  DayDemand demand{};
  demand.day = day;
  demand.n_types = static_cast<std::int32_t>(p.types.size());
  const double day_factor = today_total / week_total * 7.0;  // today's share of an average day
  for (int a = 0; a < kAgeGroups; ++a) {
    double total = 0;
    for (const TypeParams& t : types) total += t.rate_per_day[a];
    demand.mean_per_citizen[a] = total * day_factor;
    double cumulative = 0;
    for (std::size_t i = 0; i < types.size(); ++i) {
      cumulative += total > 0 ? types[i].rate_per_day[a] / total : 0;
      demand.type_cumulative[a][i] = cumulative;
    }
  }
  double cumulative = 0;
  for (int h = 0; h < 24; ++h) {
    cumulative += today_total > 0 ? profile[h] / today_total : 1.0 / 24;
    demand.hour_cumulative[h] = cumulative;
  }
  return demand;
}

/// Surges: today's demand factor of each district.
std::vector<double> surge_factors(const Params& p, int day) {
  std::vector<double> factor(p.districts.size(), 1.0);
  for (const DemandSurge& surge : p.surges) {
    if (day < surge.start_day || (surge.end_day >= 0 && day >= surge.end_day)) continue;
    for (int d : select_districts(p, surge.districts)) factor[d] *= surge.factor;
  }
  return factor;
}

}  // namespace

void Engine::draw_new_needs(int day, std::uint64_t blocks) {
  const Params& p = world_.params;
  DayDemand demand = demand_shape(p, world_.host_types, day);
  const std::vector<double> factor = surge_factors(p, day);
  demand_factor_ = HostVector<double>(factor.begin(), factor.end());
  demand.district_factor = raw(demand_factor_);
  // Each agent raises the needs of the residents it stands for (the thinning rate is the highest
  // agent's).
  const std::vector<double> weight = residents_per_agent(p);
  residents_per_agent_ = HostVector<double>(weight.begin(), weight.end());
  demand.district_weight = raw(residents_per_agent_);
  double agent_max = 0;
  for (std::size_t d = 0; d < factor.size(); ++d) agent_max = std::max(agent_max, factor[d] * weight[d]);
  demand.mean_max = std::max(demand.mean_per_citizen[kAdult], demand.mean_per_citizen[kElderly]) * agent_max;
  if (blocks == 0 || !(demand.mean_max > 0)) return;  // nobody, or no demand today
  resize(block_count_, blocks);
  resize(block_offset_, blocks);
  const std::size_t work =
      static_cast<std::size_t>(demand.mean_max * static_cast<double>(world_.citizens.size())) + blocks;
  parallel_for(blocks, CountNewRequests{p.seed, demand, world_.citizens.view(), raw(block_count_)}, work);
  launch(blocks, [&](auto pol) {
    thrust::exclusive_scan(pol, block_count_.begin(), block_count_.end(), block_offset_.begin(), std::uint64_t{0});
  });
  const std::uint64_t total = static_cast<std::uint64_t>(block_offset_[blocks - 1]) + block_count_[blocks - 1];
  count_host_sync();  // the two reads: one round trip each on the CUDA build
  count_host_sync();
  if (total >= (1ull << 32)) throw std::runtime_error("more than 2^32 new requests in one day");
  const std::size_t old = world_.pending.size();
  resize(world_.pending, old + total);
  parallel_for(blocks,
               FillNewRequests{p.seed, demand, world_.citizens.view(), raw(block_offset_), raw(world_.pending) + old},
               work);
  totals_.requests += total;
}

}  // namespace civicsim
