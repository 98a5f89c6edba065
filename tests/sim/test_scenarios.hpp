// Scenarios built in code for the engine tests (no YAML involved), and a recording observer.
#pragma once

#include <vector>

#include "sim/engine.hpp"
#include "sim/params.hpp"

namespace civicsim::testing {

/// One hall, always open, `servers` identical clerks; deterministic service and patience unless
/// changed; nobody retries; every service resolves. Citizens exist but no demand is drawn unless
/// a test runs whole days.
inline Params one_hall(int servers, double service_minutes, double patience_minutes) {
  Params p = default_params();
  p.name = "one-hall";
  p.days = 1;
  p.scale = 1.0;
  p.share_15_plus = 1.0;
  District d;
  d.name = "solo";
  d.kind = kUrban;
  d.population = 50;
  d.area_km2 = 1;
  d.urban_share = 1;
  p.districts = {d};
  p.centres = {1, 1, 1};
  p.counter_staff_per_centre = {double(servers), double(servers), double(servers)};
  p.hotline_operators = 0;
  p.skill_sd = 0;
  p.attrition_per_year = {0, 0, 0};
  p.hours[kInPerson] = OpeningHours{};
  p.hours[kInPerson].always = true;
  p.travel_overhead_minutes = 0;
  RequestType& t = p.types[0];
  t.service_distribution = ServiceDistribution::Deterministic;
  t.service_minutes = {service_minutes, 6, 5, 4};
  t.channels = {true, false, false, false};
  t.rate_per_year = {0, 0};
  p.patience_minutes[kInPerson] = patience_minutes;
  p.patience_deterministic = true;
  p.retry_probability = 0;
  p.resolution = {1, 1, 1, 1};
  p.dh_success_factor = 1;  // an assistant session succeeds with the type's digital_success (no Kunshan fit)
  p.elderly_share = 0;
  return p;
}

/// A small three-district city with every channel in use and both interventions.
inline Params small_city(double population = 600000, int days = 4) {
  Params p = default_params();
  p.name = "small-city";
  p.days = days;
  p.scale = 0.02;
  const char* names[3] = {"centre", "ring", "fields"};
  const DistrictKind kinds[3] = {kUrban, kSuburban, kRural};
  const double area[3] = {60, 400, 1500}, urban[3] = {1.0, 0.85, 0.5}, share[3] = {0.5, 0.3, 0.2};
  for (int i = 0; i < 3; ++i) {
    District d;
    d.name = names[i];
    d.kind = kinds[i];
    d.population = population * share[i];
    d.area_km2 = area[i];
    d.urban_share = urban[i];
    p.districts.push_back(d);
  }
  p.types[0].rate_per_year = {12.0, 10.0};
  RequestType cert;
  cert.name = "certificate";
  cert.rate_per_year = {6.0, 8.0};
  cert.complexity = 0.5;
  cert.service_minutes = {15, 12, 10, 8};
  cert.channels = {true, false, true, true};
  p.types.push_back(cert);
  p.counter_staff_per_centre = {100, 60, 30};
  p.hotline_operators = 400;
  Intervention rollout;
  rollout.type = InterventionType::DigitalHumanRollout;
  rollout.start_day = 1;
  rollout.instances = 10;
  rollout.elder_care = true;
  p.interventions.push_back(rollout);
  Intervention staffing;
  staffing.type = InterventionType::Staffing;
  staffing.start_day = 2;
  staffing.add_counter_staff = 30;
  staffing.add_hotline_operators = 100;
  p.interventions.push_back(staffing);
  return p;
}

/// An intervention of `type` from `start_day` in the districts `where` (default: all), defaults otherwise.
inline Intervention make(InterventionType type, int start_day, DistrictSelector where = {}) {
  Intervention v = intervention_defaults(type);
  v.start_day = start_day;
  v.districts = where;
  return v;
}

inline DistrictSelector named(const std::string& name) {
  DistrictSelector s;
  s.mode = DistrictSelector::Mode::Names;
  s.names = {name};
  return s;
}

inline DistrictSelector kind(DistrictKind k) {
  DistrictSelector s;
  s.mode = DistrictSelector::Mode::Kind;
  s.kind = k;
  return s;
}

/// small_city with every intervention type at once.
inline Params every_intervention(int days) {
  Params p = small_city(600000, days);
  Intervention kiosk = make(InterventionType::DigitalHumanRollout, 1, named("fields"));
  kiosk.instances = 2;
  kiosk.kiosks = 5;
  p.interventions.push_back(kiosk);
  Intervention hours = make(InterventionType::Staffing, 1, kind(kSuburban));
  hours.set_hall_hours = true;
  hours.hall_hours.weekday = {{8 * 60 + 30, 19 * 60}};
  hours.hall_hours.weekend = {{10 * 60, 15 * 60 + 30}};
  hours.counter_shift_hours = 5;
  hours.add_counter_staff = 5;
  p.interventions.push_back(hours);
  Intervention broadband = make(InterventionType::BroadbandExpansion, 0, kind(kRural));
  broadband.ramp_days = 2;
  p.interventions.push_back(broadband);
  Intervention training = make(InterventionType::LiteracyTraining, 1);
  p.interventions.push_back(training);
  Intervention talent = make(InterventionType::TalentIncentive, 1, kind(kRural));
  talent.end_day = 2;
  talent.move_share = 0.5;
  p.interventions.push_back(talent);
  Intervention sharing = make(InterventionType::DataSharing, 0);
  sharing.shared_types = {"certificate"};
  // Records: 600,000 residents x 1 type = reference_records, no security: 1 - exp(-ln 2) = 0.5 a day.
  sharing.incidents_per_year = 365 * 0.6931471805599453;
  sharing.reference_records = 600000;
  sharing.security_daily_cost = 0;
  p.interventions.push_back(sharing);
  Intervention compute = make(InterventionType::ComputeCapacity, 1, kind(kRural));
  compute.instances = 1;
  compute.dispatch = true;
  compute.dispatch_instances = 2;
  compute.end_day = 2;
  p.interventions.push_back(compute);
  return p;
}

struct Recorder : EngineObserver {
  std::vector<IntervalRecord> intervals;
  std::vector<DayRecord> days;
  void on_interval(int, const IntervalRecord& r) override { intervals.push_back(r); }
  void on_day(int, const DayRecord& r) override { days.push_back(r); }
};

inline Recorder run_all(const Params& p) {
  Engine engine(p);
  Recorder rec;
  engine.run(rec);
  return rec;
}

/// Runs p with every step on the parallel path on `threads` OpenMP threads (the CPU backend), then
/// restores the defaults.
inline Recorder run_parallel(const Params& p, int threads) {
  const std::size_t threshold = serial_below();
  set_serial_below(0);
  set_backend_threads(threads);
  Recorder rec = run_all(p);
  set_serial_below(threshold);
  set_backend_threads(0);
  return rec;
}

}  // namespace civicsim::testing
