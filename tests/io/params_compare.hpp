// Field-by-field comparison of Params for the scenario tests: the names of the fields that differ.
// Provenance (source_path, yaml_text) is never compared; the geography source (districts_file,
// generated, ring_city) only when asked, because resolved_yaml writes districts inline.
#pragma once

#include <string>
#include <vector>

#include "sim/params.hpp"

namespace civicsim::test {

struct ParamsDiff {
  bool every_name = false;  // list every field, equal or not
  std::vector<std::string> fields;
  template <typename T>
  void check(const std::string& name, const T& a, const T& b) {
    if (every_name || !(a == b)) fields.push_back(name);
  }
};

inline bool same_district(const District& a, const District& b) {
  return a.name == b.name && a.kind == b.kind && a.population == b.population &&
         a.area_km2 == b.area_km2 && a.urban_share == b.urban_share && a.lat == b.lat &&
         a.lon == b.lon;
}

inline bool same_type(const RequestType& a, const RequestType& b) {
  return a.name == b.name && a.rate_per_year == b.rate_per_year && a.complexity == b.complexity &&
         a.service_minutes == b.service_minutes &&
         a.service_distribution == b.service_distribution && a.service_cv == b.service_cv &&
         a.channels == b.channels && a.digital_success == b.digital_success &&
         a.reference_minutes == b.reference_minutes;
}

inline bool same_hours(const OpeningHours& a, const OpeningHours& b) {
  return a.always == b.always && a.weekday == b.weekday && a.weekend == b.weekend;
}

inline bool same_surge(const DemandSurge& a, const DemandSurge& b) {
  return a.start_day == b.start_day && a.end_day == b.end_day && a.districts.mode == b.districts.mode &&
         a.districts.kind == b.districts.kind && a.districts.names == b.districts.names && a.factor == b.factor;
}

inline bool same_intervention(const Intervention& a, const Intervention& b) {
  return a.type == b.type && a.start_day == b.start_day && a.end_day == b.end_day &&
         a.districts.mode == b.districts.mode && a.districts.kind == b.districts.kind &&
         a.districts.names == b.districts.names && a.instances == b.instances &&
         a.sessions_per_instance == b.sessions_per_instance && a.success_boost == b.success_boost &&
         a.elder_care == b.elder_care && a.setup_cost_per_instance == b.setup_cost_per_instance &&
         a.daily_cost_per_instance == b.daily_cost_per_instance &&
         a.add_counter_staff == b.add_counter_staff &&
         a.add_hotline_operators == b.add_hotline_operators &&
         a.setup_cost_per_staff == b.setup_cost_per_staff &&
         a.daily_cost_per_staff == b.daily_cost_per_staff && a.kiosks == b.kiosks &&
         a.kiosk_travel_minutes == b.kiosk_travel_minutes &&
         a.kiosks_for_non_users == b.kiosks_for_non_users && a.setup_cost_per_kiosk == b.setup_cost_per_kiosk &&
         a.daily_cost_per_kiosk == b.daily_cost_per_kiosk && a.set_hall_hours == b.set_hall_hours &&
         same_hours(a.hall_hours, b.hall_hours) && a.counter_shift_hours == b.counter_shift_hours &&
         a.hourly_cost_per_staff == b.hourly_cost_per_staff && a.target_access == b.target_access &&
         a.ramp_days == b.ramp_days && a.rural_first == b.rural_first && a.setup_cost == b.setup_cost &&
         a.cost_per_connection == b.cost_per_connection &&
         a.daily_cost_per_connection == b.daily_cost_per_connection && a.seats_per_day == b.seats_per_day &&
         a.literacy_gain == b.literacy_gain && a.elderly_first == b.elderly_first &&
         a.max_literacy == b.max_literacy && a.cost_per_seat == b.cost_per_seat &&
         a.daily_cost_per_district == b.daily_cost_per_district && a.move_share == b.move_share &&
         a.rural_attrition_factor == b.rural_attrition_factor && a.setup_cost_per_move == b.setup_cost_per_move &&
         a.bonus_per_day == b.bonus_per_day && a.shared_types == b.shared_types &&
         a.service_factor == b.service_factor && a.incident_probability == b.incident_probability &&
         a.trust_drop == b.trust_drop && a.daily_cost == b.daily_cost &&
         a.cost_per_incident == b.cost_per_incident && a.dispatch == b.dispatch &&
         a.dispatch_from.mode == b.dispatch_from.mode && a.dispatch_from.kind == b.dispatch_from.kind &&
         a.dispatch_from.names == b.dispatch_from.names && a.dispatch_instances == b.dispatch_instances &&
         a.dispatch_latency_seconds == b.dispatch_latency_seconds;
}

template <typename T, typename Same>
bool same_list(const std::vector<T>& a, const std::vector<T>& b, Same same) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i])) return false;
  }
  return true;
}

inline bool same_ring(const RingCity& a, const RingCity& b) {
  return a.population == b.population && a.core_districts == b.core_districts &&
         a.suburban_districts == b.suburban_districts && a.rural_districts == b.rural_districts &&
         a.core_share == b.core_share && a.suburban_share == b.suburban_share &&
         a.radius_km == b.radius_km && a.lat == b.lat && a.lon == b.lon;
}

/// The model parameters that differ, by YAML path; with `every_name`, all of them.
inline std::vector<std::string> param_differences(const Params& a, const Params& b,
                                                  bool with_geography_source = false,
                                                  bool every_name = false) {
  ParamsDiff d;
  d.every_name = every_name;
  d.check("civicsim", a.schema_version, b.schema_version);
  d.check("name", a.name, b.name);
  d.check("seed", a.seed, b.seed);
  d.check("time.days", a.days, b.days);
  d.check("time.step_minutes", a.step_minutes, b.step_minutes);
  d.check("time.report_minutes", a.report_minutes, b.report_minutes);
  d.check("time.start_weekday", a.start_weekday, b.start_weekday);
  d.check("population.scale", a.scale, b.scale);
  d.check("population.share_15_plus", a.share_15_plus, b.share_15_plus);
  d.check("geography.districts", same_list(a.districts, b.districts, same_district), true);
  if (with_geography_source) {
    d.check("geography.districts_file", a.districts_file, b.districts_file);
    d.check("geography.generated", a.generated, b.generated);
    d.check("geography.generate.ring_city", same_ring(a.ring_city, b.ring_city), true);
  }
  d.check("geography.centres", a.centres, b.centres);
  d.check("geography.travel_speed_kmh", a.travel_speed_kmh, b.travel_speed_kmh);
  d.check("geography.travel_overhead_minutes", a.travel_overhead_minutes, b.travel_overhead_minutes);
  d.check("citizens.elderly_share", a.elderly_share, b.elderly_share);
  d.check("citizens.internet_access", a.internet_access, b.internet_access);
  d.check("citizens.internet_access.elderly_factor", a.internet_elderly_factor,
          b.internet_elderly_factor);
  d.check("citizens.digital_literacy.mean", a.literacy_mean, b.literacy_mean);
  d.check("citizens.digital_literacy.sd", a.literacy_sd, b.literacy_sd);
  d.check("citizens.initial_adoption", a.initial_adoption, b.initial_adoption);
  d.check("citizens.adoption.p", a.bass_p, b.bass_p);
  d.check("citizens.adoption.q", a.bass_q, b.bass_q);
  d.check("citizens.trust.initial", a.initial_trust, b.initial_trust);
  d.check("citizens.trust.learn_rate", a.trust_learn_rate, b.trust_learn_rate);
  d.check("citizens.patience_minutes", a.patience_minutes, b.patience_minutes);
  d.check("citizens.patience_distribution", a.patience_deterministic, b.patience_deterministic);
  d.check("citizens.retry.probability", a.retry_probability, b.retry_probability);
  d.check("citizens.retry.delay_minutes", a.retry_delay_minutes, b.retry_delay_minutes);
  d.check("requests.types", same_list(a.types, b.types, same_type), true);
  d.check("requests.arrival_profile.weekday", a.profile_weekday, b.profile_weekday);
  d.check("requests.arrival_profile.weekend", a.profile_weekend, b.profile_weekend);
  for (int c = 0; c < kChannels; ++c) {
    d.check(std::string("channels.") + kChannelNames[c] + ".hours", same_hours(a.hours[c], b.hours[c]),
            true);
  }
  d.check("channels.resolution", a.resolution, b.resolution);
  d.check("channels.digital_human.escalated_service_factor", a.escalated_service_factor,
          b.escalated_service_factor);
  d.check("channels.digital_human.elderly_factor", a.dh_elderly_factor, b.dh_elderly_factor);
  d.check("channels.digital_human.instances", a.dh_instances, b.dh_instances);
  d.check("channels.digital_human.sessions_per_instance", a.dh_sessions_per_instance,
          b.dh_sessions_per_instance);
  d.check("choice.asc", a.asc, b.asc);
  d.check("choice.beta_time", a.beta_time, b.beta_time);
  d.check("choice.beta_effort", a.beta_effort, b.beta_effort);
  d.check("choice.beta_trust", a.beta_trust, b.beta_trust);
  d.check("staff.counter_staff_per_centre", a.counter_staff_per_centre, b.counter_staff_per_centre);
  d.check("staff.hotline_operators", a.hotline_operators, b.hotline_operators);
  d.check("staff.hotline_shift_hours", a.hotline_shift_hours, b.hotline_shift_hours);
  d.check("staff.skill_sd", a.skill_sd, b.skill_sd);
  d.check("staff.attrition_per_year", a.attrition_per_year, b.attrition_per_year);
  d.check("staff.hiring_delay_days", a.hiring_delay_days, b.hiring_delay_days);
  d.check("staff.newcomer_days", a.newcomer_days, b.newcomer_days);
  d.check("staff.newcomer_slowdown", a.newcomer_slowdown, b.newcomer_slowdown);
  d.check("interventions", same_list(a.interventions, b.interventions, same_intervention), true);
  d.check("requests.surges", same_list(a.surges, b.surges, same_surge), true);
  d.check("budget.total", a.budget.total, b.budget.total);
  d.check("output.path", a.output_path, b.output_path);
  return d.fields;
}

}  // namespace civicsim::test
