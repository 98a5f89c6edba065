// Scenarios of the validation suite, built in code (docs/validation.md says why each is shaped so).
#pragma once

#include <cstdint>
#include <string>

#include "../sim/test_scenarios.hpp"

namespace civicsim::validation {

/// M/M/c or M/M/c+M at one hall: `servers` identical clerks always on duty, Poisson arrivals at
/// `arrivals_per_minute` (flat weekly profile, the hall the only channel, no travel), exponential
/// service with mean `service_minutes`, patience exponential with mean `patience_minutes`
/// (kInfinity: nobody abandons), no retries. Report intervals of one day.
inline Params mmc_hall(int servers, double service_minutes, double arrivals_per_minute, double patience_minutes,
                       int days, std::uint64_t seed) {
  Params p = testing::one_hall(servers, service_minutes, patience_minutes);
  p.name = "mmc-hall";
  p.seed = seed;
  p.days = days;
  constexpr double kCitizens = 10000;  // a few needs per citizen per day: far from any per-citizen limit
  p.districts[0].population = kCitizens;
  p.travel_speed_kmh = {1e9, 1e9, 1e9};  // travel rounds to 0 s: needs join the queue when they arise
  p.types[0].service_distribution = ServiceDistribution::Exponential;
  p.types[0].rate_per_year = {arrivals_per_minute * 1440.0 * 365.0 / kCitizens, 0};
  p.profile_weekday.fill(1.0);
  p.profile_weekend.fill(1.0);
  p.patience_deterministic = false;
  p.retry_probability = 0;
  p.retry_delay_minutes = {1440, 1440, 1440, 1440};  // no retries: keep windows hourly
  p.step_minutes = 60;
  p.report_minutes = 1440;
  return p;
}

}  // namespace civicsim::validation

namespace civicsim::validation {

/// A three-district city in which every queue is stationary and its time in line is known from
/// the series alone: halls (one per district) always open with patient visitors, a hotline pool
/// and a digital-human pool per district whose callers give up after a fixed, whole-second
/// patience; escalations, retries and unresolved services stay on. Demand is flat over the day
/// and the week, choice does not react to posted waits, trust and adoption are frozen, nobody
/// quits: every rate is constant in time.
inline Params little_city(int days, std::uint64_t seed) {
  Params p = testing::small_city(120'000, days);  // everyone simulated: about 100,000 agents
  p.scale = 1.0;
  p.name = "little-city";
  p.seed = seed;
  p.centres = {1, 1, 1};
  p.hours[kInPerson] = OpeningHours{};
  p.hours[kInPerson].always = true;
  p.profile_weekday.fill(1.0);
  p.profile_weekend.fill(1.0);
  p.hotline_shift_hours = 24;
  p.attrition_per_year = {0, 0, 0};
  p.interventions.clear();
  // Halls 11, 7 and 5 clerks (utilisation about 0.85), hotline 6 operators, one digital-human
  // session per district (the centre's is overloaded).
  p.counter_staff_per_centre = {11, 7, 5};
  p.hotline_operators = 6;
  p.dh_instances = 0.125;
  p.beta_time = 0;
  p.trust_learn_rate = 0;
  p.trust_satisfaction_rate = 0;  // trust and adoption stay as drawn
  p.trust_quit_rate = 0;
  p.bass_p = 0;
  p.bass_q = 0;
  p.patience_minutes = {kInfinity, 4, kInfinity, 5};
  p.patience_deterministic = true;
  p.step_minutes = 5;
  p.report_minutes = 5;
  return p;
}

}  // namespace civicsim::validation

namespace civicsim::validation {

/// Bass diffusion with nothing else going on: `districts` identical districts of `agents_each`
/// citizens, all online, all with digital literacy exactly 1 (ease 1), nobody adopted at the
/// start, no demand. (Several districts rather than one: each follows its own Bass process, and
/// the daily counts of one district would all land on the same few counters from every thread.)
inline Params bass_town(int districts, double agents_each, double p_per_year, double q_per_year, int days,
                        std::uint64_t seed) {
  Params p = testing::one_hall(1, 5, kInfinity);
  p.name = "bass-town";
  p.seed = seed;
  p.days = days;
  District d = p.districts[0];
  d.population = agents_each;
  p.districts.clear();
  for (int i = 0; i < districts; ++i) {
    d.name = "town" + std::to_string(i);
    p.districts.push_back(d);
  }
  p.internet_access = {1, 1};
  p.internet_elderly_factor = 1;
  p.literacy_mean = {1, 1};
  p.literacy_sd = {0, 0};
  p.initial_adoption = {0, 0};
  p.bass_p = p_per_year;
  p.bass_q = q_per_year;
  p.adoption_trust_weight = 0;  // ease = literacy = 1: trust does not enter adoption here
  p.trust_quit_rate = 0;        // and nobody stops
  p.step_minutes = 60;
  p.report_minutes = 1440;
  return p;
}

}  // namespace civicsim::validation

namespace civicsim::validation {

/// little_city with its event timing made as rich as the engine allows while keeping every day
/// alike (for batch means over days): halls open 09:00-12:00 and 13:00-17:00 every day (closing
/// turns the line away), the working-day demand profile every day, hotline operators on 8-hour
/// shifts, exponential patience, choice reacting to the waits posted each hour, retries after
/// 20 (hotline) and 10 (digital human) minutes, escalations.
inline Params step_city(int days, std::uint64_t seed) {
  Params p = little_city(days, seed);
  p.name = "step-city";
  p.hours[kInPerson] = OpeningHours{};
  p.hours[kInPerson].weekday = {{9 * 60, 12 * 60}, {13 * 60, 17 * 60}};
  p.hours[kInPerson].weekend = p.hours[kInPerson].weekday;
  p.profile_weekday = default_params().profile_weekday;
  p.profile_weekend = p.profile_weekday;
  p.hotline_shift_hours = 8;
  // Staffed for the peak rather than the average: 3x the halls' clerks, 5x the operators, two
  // digital-human sessions per district.
  p.counter_staff_per_centre = {33, 21, 15};
  p.hotline_operators = 30;
  p.dh_instances = 0.25;
  p.beta_time = default_params().beta_time;
  p.patience_minutes = default_params().patience_minutes;
  p.patience_deterministic = false;
  p.report_minutes = 60;
  return p;
}

}  // namespace civicsim::validation
