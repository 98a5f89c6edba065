// Bass diffusion (MODEL.md §7, §11): with ease 1 for everyone and no other dynamics, the adopter
// share follows the Bass curve F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}), t in years.
//
// The engine draws adoption once a day with hazard (p + q F_{d-1}) / 365, F_{d-1} the share at the
// end of the previous day: the discrete Bass recursion
//   F_d = F_{d-1} + (1 - F_{d-1}) (1 - exp(-(p + q F_{d-1}) / 365)),   F_{-1} = 0,
// whose value after day d differs from the continuous curve at t = (d + 1) / 365 by a computed
// discretisation difference delta_d. Each district's share is a binomial process around the
// recursion; the share of all agents (equal, independent districts) has standard deviation
// sigma_d for N agents in all from the linear-noise approximation:
// v_d = f'(F_{d-1})^2 v_{d-1} + (1 - F_{d-1}) h (1 - h) / N, h the day's adoption probability,
// f the recursion map (checked against 40 replicate runs when the test was written: their spread
// was 0.85-1.04 times sigma_d; a spread from 40 runs is itself uncertain by +-11%). Two checks per day:
//   |F_sim - F(t)|   <= |delta_d| + kZ sigma_d   (the curve, with the discretisation allowed for)
//   |F_sim - F_d|    <= kZ sigma_d               (the discrete model itself)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "validation_scenarios.hpp"
#include "validation_support.hpp"

namespace civicsim::validation {
namespace {

double bass_curve(double p, double q, double t) {
  const double e = std::exp(-(p + q) * t);
  return (1.0 - e) / (1.0 + (q / p) * e);
}

TEST(ValidationBass, AdopterShareFollowsTheBassCurve) {
  const int districts = 4;
  const double each = 500'000, N = districts * each;
  const double p = 1.0, q = 12.0;  // take-off at ln(q/p)/(p+q) = 0.19 years (70 days)
  const int days = 150;
  const Params params = bass_town(districts, each, p, q, days, 401);
  const testing::Recorder rec = testing::run_all(params);
  ASSERT_EQ(rec.days.size(), static_cast<std::size_t>(days));

  double F = 0, v = 0;  // discrete recursion and its linear-noise variance
  double overall = 0, max_dev = 0, max_allowed = 0, max_delta = 0, max_sigma = 0, max_dev_disc = 0;
  int worst_day = 0;
  for (int d = 0; d < days; ++d) {
    std::int64_t n = 0, a = 0;
    for (std::size_t cell = 0; cell < rec.days[d].population.size(); ++cell) {
      n += rec.days[d].population[cell];
      a += rec.days[d].adopted[cell];
    }
    ASSERT_EQ(n, static_cast<std::int64_t>(N));
    const double rate = (p + q * F) / 365.0;
    const double h = 1.0 - std::exp(-rate);
    const double slope = 1.0 - h + (1.0 - F) * (q / 365.0) * std::exp(-rate);  // f'(F)
    v = slope * slope * v + (1.0 - F) * h * (1.0 - h) / N;
    F += (1.0 - F) * h;
    const double sigma = std::sqrt(v);
    const double sim = static_cast<double>(a) / static_cast<double>(n);
    const double curve = bass_curve(p, q, (d + 1) / 365.0);
    const double delta = F - curve;
    const double dev = std::fabs(sim - curve), allowed = std::fabs(delta) + kZ * sigma;
    EXPECT_LE(dev, allowed) << "day " << d << ": simulated " << sim << ", curve " << curve;
    EXPECT_LE(std::fabs(sim - F), kZ * sigma) << "day " << d << ": simulated " << sim << ", recursion " << F;
    if (d == 0 || dev / allowed > max_dev / max_allowed) {
      worst_day = d;
      max_dev = dev;
      max_allowed = allowed;
    }
    overall = std::max(overall, dev);
    max_delta = std::max(max_delta, std::fabs(delta));
    max_sigma = std::max(max_sigma, sigma);
    max_dev_disc = std::max(max_dev_disc, std::fabs(sim - F) / sigma);
  }
  std::cout << "[validation] Bass p=" << p << " q=" << q << " N=" << N << " over " << days
            << " days: max |F_sim - F(t)| " << overall << "; max discretisation |delta| " << max_delta
            << "; max sampling sigma " << max_sigma << "; max |F_sim - F_d| / sigma " << max_dev_disc << std::endl;
  expect_within("Bass max deviation from the curve", overall, 0.0, max_delta + kZ * max_sigma,
                "max |delta_d| + z max sigma_d");
  expect_within("Bass tightest day (" + std::to_string(worst_day) + ") deviation", max_dev, 0.0, max_allowed,
                "|delta_d| + z sigma_d that day");
  expect_within("Bass max |F_sim - F_d| / sigma_d (discrete recursion)", max_dev_disc, 0.0, kZ, "z");
}

}  // namespace
}  // namespace civicsim::validation
