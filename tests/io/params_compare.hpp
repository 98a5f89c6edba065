// Field-by-field comparison of Params for the scenario tests: the names of the fields that differ.
// The regular parameters are walked from the tables of io/scenario_params.hpp (by YAML path); the
// lists (districts, request types, surges, interventions) and the opening hours are compared here.
// Provenance (source_path, yaml_text) is never compared; the geography source (districts_file,
// generated, ring_city) only when asked, because resolved_yaml writes districts inline.
#pragma once

#include <string>
#include <vector>

#include "io/scenario_params.hpp"
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

/// Every entry of `table` (recursively), named `prefix` + its key.
template <typename Owner>
void check_table(ParamsDiff& d, const std::string& prefix, const io::params::Table<Owner>& table,
                 const Owner& a_const, const Owner& b_const) {
  using io::params::Kind;
  Owner& a = const_cast<Owner&>(a_const);  // the accessors are only read through here
  Owner& b = const_cast<Owner&>(b_const);
  for (const auto& e : table) {
    if (!e.compared) continue;
    const std::string name = prefix + e.key;
    const std::size_t n = e.names ? e.names->size() : 0;
    switch (e.kind) {
      case Kind::Number: d.check(name, *e.number(a), *e.number(b)); break;
      case Kind::Integer: d.check(name, *e.integer(a), *e.integer(b)); break;
      case Kind::Flag: d.check(name, *e.flag(a), *e.flag(b)); break;
      case Kind::Text: d.check(name, *e.text(a), *e.text(b)); break;
      case Kind::Seed: d.check(name, *e.seed(a), *e.seed(b)); break;
      case Kind::Word: d.check(name, e.get(a), e.get(b)); break;
      case Kind::Numbers:
        d.check(name, std::vector<double>(e.number(a), e.number(a) + n),
                std::vector<double>(e.number(b), e.number(b) + n));
        break;
      case Kind::Integers:
        d.check(name, std::vector<int>(e.integer(a), e.integer(a) + n),
                std::vector<int>(e.integer(b), e.integer(b) + n));
        break;
      case Kind::Map: check_table(d, name + ".", e.entries(), a_const, b_const); break;
    }
  }
}

inline bool same_ring(const RingCity& a, const RingCity& b) {
  ParamsDiff d;
  check_table(d, "", io::params::ring_city_params(), a, b);
  return d.fields.empty();
}

/// The model parameters that differ, by YAML path; with `every_name`, all of them.
inline std::vector<std::string> param_differences(const Params& a, const Params& b,
                                                  bool with_geography_source = false,
                                                  bool every_name = false) {
  ParamsDiff d;
  d.every_name = every_name;
  d.check("civicsim", a.schema_version, b.schema_version);
  for (const auto& section : io::params::sections()) {
    check_table(d, section.path.empty() ? "" : section.path + ".", *section.entries, a, b);
  }
  d.check("geography.districts", same_list(a.districts, b.districts, same_district), true);
  if (with_geography_source) {
    d.check("geography.districts_file", a.districts_file, b.districts_file);
    d.check("geography.generated", a.generated, b.generated);
    d.check("geography.generate.ring_city", same_ring(a.ring_city, b.ring_city), true);
  }
  d.check("requests.types", same_list(a.types, b.types, same_type), true);
  d.check("requests.arrival_profile.weekday", a.profile_weekday, b.profile_weekday);
  d.check("requests.arrival_profile.weekend", a.profile_weekend, b.profile_weekend);
  for (int c = 0; c < kChannels; ++c) {
    d.check(std::string("channels.") + kChannelNames[c] + ".hours", same_hours(a.hours[c], b.hours[c]),
            true);
  }
  // The whole array, as before the tables: its online and digital_human slots have no key.
  d.check("channels.resolution", a.resolution, b.resolution);
  d.check("interventions", same_list(a.interventions, b.interventions, same_intervention), true);
  d.check("requests.surges", same_list(a.surges, b.surges, same_surge), true);
  return d.fields;
}

}  // namespace civicsim::test
