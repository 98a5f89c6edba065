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
  return a.name == b.name && a.name_zh == b.name_zh && a.kind == b.kind && a.population == b.population && a.area_km2 == b.area_km2 &&
         a.urban_share == b.urban_share && a.lat == b.lat && a.lon == b.lon && a.share_60_plus == b.share_60_plus &&
         a.counter_staff_per_centre == b.counter_staff_per_centre;
}

inline bool same_hours(const OpeningHours& a, const OpeningHours& b) {
  return a.always == b.always && a.weekday == b.weekday && a.weekend == b.weekend;
}

inline bool same_surge(const DemandSurge& a, const DemandSurge& b) {
  return a.start_day == b.start_day && a.end_day == b.end_day && a.districts.mode == b.districts.mode &&
         a.districts.kind == b.districts.kind && a.districts.names == b.districts.names && a.factor == b.factor;
}

/// Every entry of `table` (recursively), named `prefix` + its key.
template <typename Owner>
void check_table(ParamsDiff& d, const std::string& prefix, const io::params::Table<Owner>& table, const Owner& a_const,
                 const Owner& b_const) {
  using io::params::Kind;
  Owner& a = const_cast<Owner&>(a_const);  // the accessors are only read through here
  Owner& b = const_cast<Owner&>(b_const);
  for (const auto& e : table) {
    if (!e.compared) continue;
    const std::string name = prefix + e.key;
    const std::size_t n = e.names ? e.names->size() : 0;
    switch (e.kind) {
      case Kind::Number:
        d.check(name, *e.number(a), *e.number(b));
        break;
      case Kind::Integer:
        d.check(name, *e.integer(a), *e.integer(b));
        break;
      case Kind::Flag:
        d.check(name, *e.flag(a), *e.flag(b));
        break;
      case Kind::Text:
        d.check(name, *e.text(a), *e.text(b));
        break;
      case Kind::Seed:
        d.check(name, *e.seed(a), *e.seed(b));
        break;
      case Kind::Word:
        d.check(name, e.get(a), e.get(b));
        break;
      case Kind::Numbers:
        d.check(name, std::vector<double>(e.number(a), e.number(a) + n),
                std::vector<double>(e.number(b), e.number(b) + n));
        break;
      case Kind::Integers:
        d.check(name, std::vector<int>(e.integer(a), e.integer(a) + n),
                std::vector<int>(e.integer(b), e.integer(b) + n));
        break;
      case Kind::Map:
        check_table(d, name + ".", e.entries(), a_const, b_const);
        break;
      case Kind::Custom:
        d.check(name, e.same(a_const, b_const), true);
        break;
    }
  }
}

inline bool same_type(const RequestType& a, const RequestType& b) {
  ParamsDiff d;
  check_table(d, "", io::params::request_type_params(), a, b);
  return d.fields.empty();
}

inline bool same_selector(const DistrictSelector& a, const DistrictSelector& b) {
  return a.mode == b.mode && a.kind == b.kind && a.names == b.names;
}

/// The common keys, then the keys of every type's table (a field shared by types is compared once
/// per type that has it).
inline bool same_intervention(const Intervention& a, const Intervention& b) {
  ParamsDiff d;
  d.check("type", a.type, b.type);
  d.check("start_day", a.start_day, b.start_day);
  d.check("end_day", a.end_day, b.end_day);
  d.check("districts", same_selector(a.districts, b.districts), true);
  for (int type = 0; type < kInterventionTypes; ++type) {
    check_table(d, "", io::params::intervention_params(type), a, b);
  }
  return d.fields.empty();
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
  ParamsDiff d;
  check_table(d, "", io::params::ring_city_params(), a, b);
  return d.fields.empty();
}

/// The model parameters that differ, by YAML path; with `every_name`, all of them.
inline std::vector<std::string> param_differences(const Params& a, const Params& b, bool with_geography_source = false,
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
    d.check(std::string("channels.") + kChannelNames[c] + ".hours", same_hours(a.hours[c], b.hours[c]), true);
  }
  // The whole array, as before the tables: its online and digital_human slots have no key.
  d.check("channels.resolution", a.resolution, b.resolution);
  d.check("interventions", same_list(a.interventions, b.interventions, same_intervention), true);
  d.check("requests.surges", same_list(a.surges, b.surges, same_surge), true);
  return d.fields;
}

}  // namespace civicsim::test
