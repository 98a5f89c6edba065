// The daily draws by thinning (kernels/thinning.hpp; demand.hpp, adoption.hpp): each citizen's new
// needs are Poisson with their own mean, independently of which block they sit in, and each
// non-adopter adopts with probability 1 - exp(-hazard). These are the distributions a draw per
// citizen would give; the tests check them on the backend kernels directly, including the last, partial block.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "kernels/adoption.hpp"
#include "kernels/demand.hpp"
#include "kernels/parallel.hpp"

namespace civicsim {
namespace {

/// A bare population of n citizens: flags[i] from `flag_of`, literacy `literacy_of`, one district.
struct Population {
  DeviceVector<std::uint16_t> district, trust, satisfaction, satisfied_n;
  DeviceVector<std::int16_t> x, y;
  DeviceVector<std::uint8_t> flags, literacy;
  template <class FlagOf, class LiteracyOf>
  Population(std::size_t n, FlagOf flag_of, LiteracyOf literacy_of)
      : district(n, 0), trust(n, 0), satisfaction(n, 0), satisfied_n(n, 0), x(n, 0), y(n, 0), flags(n), literacy(n) {
    HostVector<std::uint8_t> f(n), l(n);
    for (std::size_t i = 0; i < n; ++i) {
      f[i] = flag_of(i);
      l[i] = literacy_of(i);
    }
    flags = f;
    literacy = l;
  }
  CitizenView view() {
    return CitizenView{raw(district),     raw(x),           raw(y),         raw(flags), raw(literacy), raw(trust),
                       raw(satisfaction), raw(satisfied_n), district.size()};
  }
};

/// Demand factor 1 for every district (no surge), or one resident per agent (scale 1); kept alive
/// for the tests' DayDemands.
const double* no_surge() {
  static DeviceVector<double> one(4, 1.0);
  return raw(one);
}

DayDemand demand_for(int day, double adult_mean, double elderly_mean, const double* factor = no_surge(),
                     const double* weight = no_surge()) {
  DayDemand d{};
  d.district_factor = factor;
  d.district_weight = weight;
  d.mean_per_citizen[0] = adult_mean;
  d.mean_per_citizen[1] = elderly_mean;
  d.mean_max = std::max(adult_mean, elderly_mean);
  d.n_types = 2;
  for (int a = 0; a < 2; ++a) {
    d.type_cumulative[a][0] = 0.25;
    d.type_cumulative[a][1] = 1.0;
  }
  for (int h = 0; h < 24; ++h) d.hour_cumulative[h] = (h + 1) / 24.0;
  d.day = day;
  return d;
}

/// Draws the needs of one day on the backend, as the engine does.
std::vector<Request> draw_day(std::uint64_t seed, const DayDemand& demand, CitizenView cv) {
  const std::uint64_t blocks = draw_blocks(cv.n);
  DeviceVector<std::uint32_t> count(blocks);
  parallel_for(blocks, CountNewRequests{seed, demand, cv, raw(count)});
  DeviceVector<std::uint64_t> offset(blocks);
  thrust::exclusive_scan(count.begin(), count.end(), offset.begin(), std::uint64_t{0});
  const std::uint64_t total = static_cast<std::uint64_t>(offset[blocks - 1]) + count[blocks - 1];
  DeviceVector<Request> out(total);
  parallel_for(blocks, FillNewRequests{seed, demand, cv, raw(offset), raw(out)});
  HostVector<Request> h = out;
  return std::vector<Request>(h.begin(), h.end());
}

TEST(DailyDraws, NeedsArePoissonWithEachCitizensOwnMeanInEveryBlock) {
  // 10,000 citizens (the last block is partial), every third elderly; elderly mean 4x the adults'.
  const std::size_t n = 10000;
  Population pop(
      n, [](std::size_t i) { return static_cast<std::uint8_t>(i % 3 == 0 ? kCitizenElderly : 0); },
      [](std::size_t) { return std::uint8_t{128}; });
  const double mean[2] = {0.05, 0.2};
  const int days = 300;
  std::vector<int> per_day(n);
  double sum[2] = {0, 0}, sum2[2] = {0, 0}, zero[2] = {0, 0}, cells[2] = {0, 0};
  double last_block_sum = 0, last_block_cells = 0, edge_sum = 0, edge_cells = 0;
  std::vector<int> by_type(2, 0), by_hour(24, 0);
  for (int day = 0; day < days; ++day) {
    std::fill(per_day.begin(), per_day.end(), 0);
    const std::vector<Request> needs = draw_day(7, demand_for(day, mean[0], mean[1]), pop.view());
    std::set<std::uint64_t> ids;
    for (const Request& r : needs) {
      ASSERT_LT(r.citizen, n);
      ASSERT_EQ(r.kind, kTokenChoose);
      ASSERT_GE(r.time, day * kSecondsPerDay);
      ASSERT_LT(r.time, (day + 1) * kSecondsPerDay);
      ASSERT_TRUE(ids.insert(r.id).second) << "duplicate request id";
      ++per_day[r.citizen];
      ++by_type[r.type];
      ++by_hour[(r.time % kSecondsPerDay) / 3600];
    }
    for (std::size_t i = 0; i < n; ++i) {
      const int a = i % 3 == 0 ? 1 : 0;
      sum[a] += per_day[i];
      sum2[a] += per_day[i] * per_day[i];
      zero[a] += per_day[i] == 0;
      cells[a] += 1;
      const std::size_t at = i % kDrawBlock;
      if (a == 0 && (at < 16 || at >= kDrawBlock - 16 || i + 16 >= n)) {  // first and last citizens of blocks
        edge_sum += per_day[i];
        edge_cells += 1;
      }
      if (i >= n / kDrawBlock * kDrawBlock && a == 0) {
        last_block_sum += per_day[i];
        last_block_cells += 1;
      }
    }
  }
  for (int a = 0; a < 2; ++a) {
    const double m = sum[a] / cells[a];
    const double var = sum2[a] / cells[a] - m * m;
    const double se = std::sqrt(mean[a] / cells[a]);
    EXPECT_NEAR(m, mean[a], 5 * se) << "age " << a;
    EXPECT_NEAR(var / m, 1.0, 0.03) << "Poisson dispersion, age " << a;
    const double p0 = std::exp(-mean[a]);
    EXPECT_NEAR(zero[a] / cells[a], p0, 5 * std::sqrt(p0 * (1 - p0) / cells[a])) << "P(no need), age " << a;
  }
  // Citizens at the edges of blocks, and of the partial last block, are not favoured or neglected.
  EXPECT_NEAR(edge_sum / edge_cells, mean[0], 5 * std::sqrt(mean[0] / edge_cells));
  EXPECT_NEAR(last_block_sum / last_block_cells, mean[0], 5 * std::sqrt(mean[0] / last_block_cells));
  // Types and hours follow their cumulative shares.
  const double total = by_type[0] + by_type[1];
  EXPECT_NEAR(by_type[0] / total, 0.25, 5 * std::sqrt(0.25 * 0.75 / total));
  for (int h = 0; h < 24; ++h)
    EXPECT_NEAR(by_hour[h] / total, 1.0 / 24, 5 * std::sqrt((1.0 / 24) * (23.0 / 24) / total)) << "hour " << h;
}

TEST(DailyDraws, ASurgeMultipliesTheNeedsOfItsDistrictsOnly) {
  // Two districts of 6,000 citizens; a surge of 3 in the second. Blocks span both districts, so
  // thinning at the surge's rate must still give the first district its usual mean.
  const std::size_t n = 12000;
  Population pop(
      n, [](std::size_t) { return std::uint8_t{0}; }, [](std::size_t) { return std::uint8_t{0}; });
  {
    HostVector<std::uint16_t> district(n);
    for (std::size_t i = 0; i < n; ++i) district[i] = i < n / 2 ? 0 : 1;
    pop.district = district;
  }
  DeviceVector<double> factor(2);
  factor[0] = 1.0;
  factor[1] = 3.0;
  const double mean = 0.02;
  const int days = 200;
  double count[2] = {0, 0};
  for (int day = 0; day < days; ++day) {
    DayDemand d = demand_for(day, mean, mean, raw(factor));
    d.mean_max = 3.0 * mean;
    for (const Request& r : draw_day(3, d, pop.view())) count[r.citizen < n / 2 ? 0 : 1] += 1;
  }
  const double cells = days * (n / 2.0);
  EXPECT_NEAR(count[0] / cells, mean, 5 * std::sqrt(mean / cells));
  EXPECT_NEAR(count[1] / cells, 3 * mean, 5 * std::sqrt(3 * mean / cells));
}

TEST(DailyDraws, AnAgentRaisesTheNeedsOfTheResidentsItStandsForAndOwnsOneShare) {
  // District 0: one resident per agent (scale 1); district 1: 8 residents per agent (scale 1/8).
  // Agents of district 1 raise 8 times the needs, and one need in 8 is their own (kFlagOwn), so
  // that an agent's own needs arise at a person's rate at any scale.
  const std::size_t n = 4000;
  Population pop(
      n, [](std::size_t) { return std::uint8_t{0}; }, [](std::size_t) { return std::uint8_t{0}; });
  {
    HostVector<std::uint16_t> district(n);
    for (std::size_t i = 0; i < n; ++i) district[i] = i < n / 2 ? 0 : 1;
    pop.district = district;
  }
  DeviceVector<double> weight(2);
  weight[0] = 1.0;
  weight[1] = 8.0;
  const double mean = 0.01;
  const int days = 100;
  double needs[2] = {0, 0}, own[2] = {0, 0};
  for (int day = 0; day < days; ++day) {
    DayDemand d = demand_for(day, mean, mean, no_surge(), raw(weight));
    d.mean_max = 8.0 * mean;
    for (const Request& r : draw_day(5, d, pop.view())) {
      const int k = r.citizen < n / 2 ? 0 : 1;
      needs[k] += 1;
      own[k] += (r.flags & kFlagOwn) ? 1 : 0;
    }
  }
  const double cells = days * (n / 2.0);
  EXPECT_NEAR(needs[0] / cells, mean, 5 * std::sqrt(mean / cells));
  EXPECT_NEAR(needs[1] / cells, 8 * mean, 5 * std::sqrt(8 * mean / cells));
  EXPECT_EQ(own[0], needs[0]);  // at scale 1 every need is the agent's own
  EXPECT_NEAR(own[1] / cells, mean, 5 * std::sqrt(mean / cells));
}

TEST(DailyDraws, TheSameSeedGivesTheSameNeedsAndAnotherSeedOthers) {
  Population pop(
      5000, [](std::size_t i) { return static_cast<std::uint8_t>(i % 2); },
      [](std::size_t) { return std::uint8_t{0}; });
  const DayDemand d = demand_for(3, 0.1, 0.1);
  const std::vector<Request> a = draw_day(11, d, pop.view()), b = draw_day(11, d, pop.view()),
                             c = draw_day(12, d, pop.view());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].citizen, b[i].citizen);
    EXPECT_EQ(a[i].time, b[i].time);
  }
  bool differs = a.size() != c.size();
  for (std::size_t i = 0; !differs && i < a.size(); ++i)
    differs = a[i].citizen != c[i].citizen || a[i].time != c[i].time;
  EXPECT_TRUE(differs);
}

TEST(DailyDraws, AdoptionProbabilityIsOneMinusExpOfEachCitizensHazard) {
  // 200,000 citizens online and not adopted; literacy 255 (ease 1) or 64 (ease ~0.25); a tenth
  // have no internet and must never adopt. One day at a high hazard.
  const std::size_t n = 200000;
  auto flag_of = [](std::size_t i) { return static_cast<std::uint8_t>(i % 10 == 9 ? 0 : kCitizenInternet); };
  auto literacy_of = [](std::size_t i) { return static_cast<std::uint8_t>(i % 2 == 0 ? 255 : 64); };
  Population pop(n, flag_of, literacy_of);
  const double p = 20.0, q = 30.0, share = 0.5;  // hazard (p + q share) ease / 365
  DeviceVector<double> adopter_share(1, share);
  const double hazard_max = (p + q * share) / 365.0;
  parallel_for(draw_blocks(n), Adoption{5, 0, p, q, hazard_max, raw(adopter_share), pop.view(), 0.0});
  HostVector<std::uint8_t> flags = pop.flags;
  double adopted[2] = {0, 0}, eligible[2] = {0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 10 == 9) {
      ASSERT_FALSE(flags[i] & kCitizenAdopted) << "citizen " << i << " adopted without internet";
      continue;
    }
    const int k = i % 2;
    eligible[k] += 1;
    adopted[k] += (flags[i] & kCitizenAdopted) ? 1 : 0;
  }
  for (int k = 0; k < 2; ++k) {
    const double ease = (k == 0 ? 255 : 64) / 255.0;
    const double expected = 1.0 - std::exp(-(p + q * share) * ease / 365.0);
    EXPECT_NEAR(adopted[k] / eligible[k], expected, 5 * std::sqrt(expected * (1 - expected) / eligible[k]))
        << "ease " << ease;
  }
}

}  // namespace
}  // namespace civicsim
