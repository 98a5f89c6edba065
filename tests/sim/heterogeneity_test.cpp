// Heterogeneity from data (issue 17, docs/ODD.md "Heterogeneity"): each district's 60+ share
// (share_60_plus) among its agents, digital literacy by residence and age, and the determinism and
// scale invariance of both. The channel constants by age group: tests/kernels/age_choice_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "sim/age_structure.hpp"
#include "sim/world.hpp"
#include "test_scenarios.hpp"

namespace civicsim {
namespace {

/// small_city without demand; the centre is 5% 60+, the fields 25%, the ring keeps elderly_share.
Params aged_city(double scale) {
  Params p = testing::small_city(600000, 1);
  p.interventions.clear();
  p.scale = scale;
  p.districts[0].share_60_plus = 0.05;
  p.districts[2].share_60_plus = 0.25;
  return p;
}

/// Elderly agents and all agents of district d, counted from the citizens' own flags.
std::pair<double, double> elderly_count(const World& w, int d) {
  const HostVector<std::uint64_t> begin = w.districts.citizen_begin;
  const HostVector<std::uint8_t> flags = w.citizens.flags;
  double old = 0;
  for (std::uint64_t i = begin[d]; i < begin[d + 1]; ++i) old += (flags[i] & kCitizenElderly) ? 1 : 0;
  return {old, static_cast<double>(begin[d + 1] - begin[d])};
}

TEST(Heterogeneity, EachDistrictHasItsOwnSixtyPlusShareAmongAgents) {
  const Params p = aged_city(0.02);
  const World w(p);
  // Agents are residents aged 15+, so the 60+ share among them is share_60_plus / share_15_plus
  // (0.8613 by default). The allocation is deterministic (rounded per urban/rural group), so the
  // count is within 1 agent per group of n * q: far inside the binomial band 4 sqrt(n q (1-q)).
  const double q[3] = {0.05 / p.share_15_plus, p.elderly_share / p.share_15_plus, 0.25 / p.share_15_plus};
  for (int d = 0; d < 3; ++d) {
    const auto [old, n] = elderly_count(w, d);
    ASSERT_GT(n, 1000);
    EXPECT_NEAR(elderly_agent_share(p, d), q[d], 1e-15) << d;
    EXPECT_LE(std::fabs(old - n * q[d]), 2.0) << p.districts[d].name;
    EXPECT_LE(std::fabs(old - n * q[d]), 4 * std::sqrt(n * q[d] * (1 - q[d]))) << p.districts[d].name;
  }
  const double centre = elderly_count(w, 0).first / elderly_count(w, 0).second;
  const double fields = elderly_count(w, 2).first / elderly_count(w, 2).second;
  EXPECT_GT(fields - centre, 0.2);  // 0.25 / 0.8613 - 0.05 / 0.8613 = 0.232
}

TEST(Heterogeneity, DistrictSixtyPlusSharesDoNotDependOnTheScale) {
  const World small(aged_city(0.005)), large(aged_city(0.02));
  for (int d = 0; d < 3; ++d) {
    const auto [old_s, n_s] = elderly_count(small, d);
    const auto [old_l, n_l] = elderly_count(large, d);
    // Both are n q rounded per group (at most 1 agent per group away), so they agree within 2/n each.
    EXPECT_NEAR(old_s / n_s, old_l / n_l, 2.0 / n_s + 2.0 / n_l) << d;
  }
}

/// Mean literacy of the citizens of one group (urban/rural × adult/elderly) over the whole city.
double mean_literacy(const World& w, int group, double& n) {
  const HostVector<std::uint8_t> flags = w.citizens.flags, literacy = w.citizens.literacy;
  double sum = 0;
  n = 0;
  for (std::size_t i = 0; i < flags.size(); ++i) {
    if (group_of(flags[i]) != group) continue;
    sum += literacy[i] / 255.0;
    n += 1;
  }
  return n > 0 ? sum / n : 0;
}

TEST(Heterogeneity, LiteracyMeansByResidenceAndAge) {
  Params p = aged_city(0.05);
  p.literacy_mean = {0.7, 0.4};
  p.literacy_sd = {0.1, 0.1};
  p.literacy_mean_rural = {0.5, 0.2};
  p.literacy_sd_rural = {0.1, 0.05};
  const World w(p);
  // literacy = clamp(mean + sd z, 0, 1), stored in steps of 1/255 (rounding: mean error < 1e-3 with
  // the steps' symmetric rounding). The means are >= 3 sd from 0 and 1, so clamping moves a mean by
  // less than sd * E[(Z - 3)+] < 4e-5. Band: 4 sd / sqrt(n) + 2e-3.
  const double mean[kGroups] = {0.7, 0.4, 0.5, 0.2}, sd[kGroups] = {0.1, 0.1, 0.1, 0.05};
  for (int g = 0; g < kGroups; ++g) {
    double n = 0;
    const double got = mean_literacy(w, g, n);
    ASSERT_GT(n, 500) << g;
    EXPECT_NEAR(got, mean[g], 4 * sd[g] / std::sqrt(n) + 2e-3) << "group " << g;
  }
}

TEST(Heterogeneity, RuralLiteracyDefaultsToTheUrbanValues) {
  Params p = aged_city(0.05);
  p.literacy_mean = {0.6, 0.3};
  p.literacy_sd = {0.1, 0.1};
  ASSERT_LT(p.literacy_mean_rural[0], 0);  // not given
  const World w(p);
  for (int g : {kRuralAdult, kRuralElderly}) {
    double n = 0;
    const double got = mean_literacy(w, g, n);
    ASSERT_GT(n, 500);
    EXPECT_NEAR(got, p.literacy_mean[g == kRuralAdult ? kAdult : kElderly], 4 * 0.1 / std::sqrt(n) + 2e-3);
  }
}

TEST(Heterogeneity, DeterministicAcrossThreads) {
  Params p = testing::small_city(600000, 2);
  p.districts[0].share_60_plus = 0.05;
  p.districts[2].share_60_plus = 0.25;
  p.literacy_mean_rural = {0.5, 0.2};
  p.literacy_sd_rural = {0.12, 0.08};
  p.asc_elderly = {0.6, 0.2, -0.4, -0.3};
  const testing::Recorder one = testing::run_parallel(p, 1);
  const testing::Recorder two = testing::run_parallel(p, 2);
  ASSERT_EQ(one.intervals.size(), two.intervals.size());
  for (std::size_t t = 0; t < one.intervals.size(); ++t)
    ASSERT_EQ(one.intervals[t].series, two.intervals[t].series) << "interval " << t;
  ASSERT_EQ(one.days.size(), two.days.size());
  for (std::size_t d = 0; d < one.days.size(); ++d) {
    EXPECT_EQ(one.days[d].population, two.days[d].population);
    EXPECT_EQ(0, std::memcmp(one.days[d].trust_mean.data(), two.days[d].trust_mean.data(),
                             one.days[d].trust_mean.size() * sizeof(double)));
  }
}

}  // namespace
}  // namespace civicsim
