// The arrival process the queue tests rely on (MODEL.md §4): each citizen's needs are Poisson with
// rate_per_year, spread over the week by the hourly profile (normalised so that the yearly total
// is rate_per_year) and uniformly within each hour. Counted where they join a hall with no travel
// and no waiting, from the 5-minute series:
//   - the total over four whole weeks against its Poisson expectation (z test);
//   - counts per hour of the day, working days and weekends apart, against the profile (chi-square
//     with 24 degrees of freedom each; expected counts from the parameters, none fitted);
//   - counts per 5-minute slot of the hour, all hours pooled, against uniform (chi-square, 11
//     degrees of freedom).
// Chi-square limits are the kZ-sigma upper quantile (Wilson-Hilferty), so each check has the
// same false-alarm rate as a kZ-sigma normal test.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "validation_scenarios.hpp"
#include "validation_support.hpp"

namespace civicsim::validation {
namespace {

/// Upper quantile of chi-square with k degrees of freedom at the normal quantile z.
double chi_square_limit(int k, double z) {
  const double a = 2.0 / (9.0 * k);
  const double c = 1.0 - a + z * std::sqrt(a);
  return k * c * c * c;
}

TEST(ValidationArrivals, PoissonWithTheConfiguredRateProfileAndUniformWithinTheHour) {
  const double per_minute = 10.0;                                 // average over the week
  Params p = mmc_hall(100, 1.0, per_minute, kInfinity, 28, 601);  // capacity 100/min: nobody waits
  p.profile_weekday = default_params().profile_weekday;
  p.profile_weekend = default_params().profile_weekend;
  p.start_weekday = 0;
  p.step_minutes = 5;
  p.report_minutes = 5;
  const testing::Recorder rec = testing::run_all(p);
  const std::size_t per_hour = 60 / p.report_minutes, per_day = 24 * per_hour;

  std::array<double, 24> weekday{}, weekend{};
  std::array<double, 12> slot{};
  double total = 0;
  for (std::size_t t = 0; t < rec.intervals.size(); ++t) {
    const double a = static_cast<double>(cell_sum(rec.intervals[t], kArrivals, 1, kInPerson));
    const int day = static_cast<int>(t / per_day), hour = static_cast<int>((t % per_day) / per_hour);
    const bool is_weekend = (p.start_weekday + day) % 7 >= 5;
    (is_weekend ? weekend : weekday)[hour] += a;
    slot[t % per_hour] += a;
    total += a;
  }

  // Expected: yearly rate per citizen / 365 per average day; a day type's share of the week
  // follows its profile total.
  const double per_day_mean = per_minute * 1440.0;
  double week_total = 0, wd_total = 0, we_total = 0;
  for (int h = 0; h < 24; ++h) {
    wd_total += p.profile_weekday[h];
    we_total += p.profile_weekend[h];
  }
  week_total = 5 * wd_total + 2 * we_total;
  const double expected_total = per_day_mean * p.days;
  expect_within("arrivals total over 4 weeks", total, expected_total, kZ * std::sqrt(expected_total),
                "Poisson sd sqrt(expected), z 4");
  const int weeks = p.days / 7;
  double chi_wd = 0, chi_we = 0;
  for (int h = 0; h < 24; ++h) {
    const double e_wd = per_day_mean * 7.0 * weeks * 5 * p.profile_weekday[h] / week_total;
    const double e_we = per_day_mean * 7.0 * weeks * 2 * p.profile_weekend[h] / week_total;
    chi_wd += (weekday[h] - e_wd) * (weekday[h] - e_wd) / e_wd;
    chi_we += (weekend[h] - e_we) * (weekend[h] - e_we) / e_we;
  }
  expect_within("arrivals by hour, working days: chi-square (24 df)", chi_wd, 24, chi_square_limit(24, kZ) - 24,
                "limit = upper z=4 quantile");
  expect_within("arrivals by hour, weekends: chi-square (24 df)", chi_we, 24, chi_square_limit(24, kZ) - 24,
                "limit = upper z=4 quantile");
  double chi_slot = 0;
  for (double s : slot) chi_slot += (s - total / 12) * (s - total / 12) / (total / 12);
  std::cout << "[validation] arrivals per 5-minute slot of the hour:";
  for (double s : slot) std::cout << ' ' << s;
  std::cout << std::endl;
  expect_within("arrivals by 5-minute slot of the hour: chi-square (11 df)", chi_slot, 11,
                chi_square_limit(11, kZ) - 11, "limit = upper z=4 quantile");
}

}  // namespace
}  // namespace civicsim::validation
