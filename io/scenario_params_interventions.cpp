// The keys of each intervention type (io/scenario_params.hpp), in the order of docs/scenario.md.
// A key of another type is an unknown key there (io/scenario_interventions.cpp says whose it is).
// Defaults: the member initialisers of Intervention and intervention_defaults() (sim/).
#include <algorithm>

#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io::params {

using schema::Field;
using schema::headcount;
using schema::MapReader;
using schema::Range;
using schema::unit_interval;

namespace {

using Owner = Intervention;
#define AT(field) +[](Owner& o) { return &(o.field); }

Param<Intervention> cost(const char* key, double* (*at)(Intervention&), const char* unit = "CNY") {
  return number(key, at, schema::at_least(0), unit);
}

Param<Intervention> flag(const char* key, bool* (*at)(Intervention&)) {
  Param<Intervention> e;
  e.key = key;
  e.kind = Kind::Flag;
  e.flag = at;
  return e;
}

Param<Intervention> custom(const char* key, bool (*read)(MapReader&, Intervention&, const void*),
                           void (*write)(YAML::Emitter&, const Intervention&),
                           bool (*same)(const Intervention&, const Intervention&)) {
  Param<Intervention> e;
  e.key = key;
  e.kind = Kind::Custom;
  e.read = read;
  e.write = write;
  e.same = same;
  return e;
}

Param<Intervention> written_if(Param<Intervention> e, bool (*written)(const Intervention&)) {
  e.written = written;
  return e;
}

const detail::InterventionContext& context_of(const void* context) {
  return *static_cast<const detail::InterventionContext*>(context);
}

// ---- Custom keys ----------------------------------------------------------------------------

bool read_hall_hours(MapReader& m, Intervention& v, const void*) {
  const Field hours = m.field("hall_hours");
  if (hours.present && detail::read_hours(m.report(), hours, v.hall_hours)) v.set_hall_hours = true;
  return true;
}

/// digital_human_rollout.kiosk_hours (kiosks as service points, issue 17): like hall_hours.
bool read_kiosk_hours(MapReader& m, Intervention& v, const void*) {
  const Field hours = m.field("kiosk_hours");
  if (hours.present) detail::read_hours(m.report(), hours, v.kiosk_hours);
  return true;
}

/// data_sharing.types: request types of the scenario, each once, that can then be served online.
bool read_shared_types(MapReader& m, Intervention& v, const void* context) {
  const Field f = m.field("types");
  std::vector<Field> items;
  if (!f.present || !schema::read_list(m.report(), f, items)) return true;
  const Params& p = context_of(context).params;
  Names type_names;
  for (const auto& t : p.types) type_names.push_back(t.name);
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::string name;
    if (!schema::read_text(m.report(), item, name)) continue;
    const auto it = std::find(type_names.begin(), type_names.end(), name);
    if (it == type_names.end()) {
      m.report().error(item.mark, f.path + ": " + schema::unknown_name("request type", name, type_names));
    } else if (std::find(out.begin(), out.end(), name) != out.end()) {
      m.report().error(item.mark, f.path + ": request type '" + name + "' is listed twice");
    } else if (p.types[it - type_names.begin()].service_minutes[kOnline] <= 0 ||
               p.types[it - type_names.begin()].service_minutes[kDigitalHuman] <= 0) {
      m.report().error(item.mark, f.path + ": request type '" + name +
                                      "' has no online or digital_human service time; give it "
                                      "service_minutes for both before sharing its data");
    } else {
      out.push_back(name);
    }
  }
  if (out.empty() && items.empty()) {
    m.report().error(f.mark, f.path +
                                 ": the list is empty; name the request types that become "
                                 "completable online");
  }
  v.shared_types = out;
  return true;
}

void write_shared_types(YAML::Emitter& out, const Intervention& v) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& t : v.shared_types) out << YAML::DoubleQuoted << t;
  out << YAML::EndSeq;
}

bool read_dispatch_from(MapReader& m, Intervention& v, const void* context) {
  return detail::read_district_selector(m.report(), m.field("dispatch_from"), context_of(context).names,
                                        v.dispatch_from);
}

bool same_selector(const DistrictSelector& a, const DistrictSelector& b) {
  return a.mode == b.mode && a.kind == b.kind && a.names == b.names;
}

// ---- The types ------------------------------------------------------------------------------

/// digital_human_rollout and compute_capacity: the instances per selected district.
Table<Intervention> instances() {
  return {number("instances", AT(instances), headcount(), "instances per district"),
          integer("sessions_per_instance", AT(sessions_per_instance), 1, 1000, "sessions"),
          cost("setup_cost_per_instance", AT(setup_cost_per_instance)),
          cost("daily_cost_per_instance", AT(daily_cost_per_instance), "CNY per day")};
}

Table<Intervention> rollout() {
  static const Names users = {"offline", "non_users"};
  Param<Intervention> kiosk_users;
  kiosk_users.key = "kiosk_users";
  kiosk_users.kind = Kind::Word;
  kiosk_users.what = "kiosk user rule";
  kiosk_users.names = &users;
  kiosk_users.get = [](const Intervention& v) { return v.kiosks_for_non_users ? 1 : 0; };
  kiosk_users.set = [](Intervention& v, int i) { v.kiosks_for_non_users = i == 1; };
  // assistant interfaces (issue 17): the interface of the selected districts' assistants
  static const Names interfaces = {"baseline", "text", "voice", "video"};
  Param<Intervention> interface;
  interface.key = "interface";
  interface.kind = Kind::Word;
  interface.what = "assistant interface";
  interface.names = &interfaces;
  interface.get = [](const Intervention& v) { return v.dh_interface; };
  interface.set = [](Intervention& v, int i) { v.dh_interface = i; };
  Table<Intervention> t = instances();
  t.push_back(interface);
  t.insert(t.end(),
           {number("success_boost", AT(success_boost), unit_interval(), "probability"),
            flag("elder_care", AT(elder_care)), number("kiosks", AT(kiosks), headcount(), "kiosks per district"),
            number("kiosk_travel_minutes", AT(kiosk_travel_minutes), schema::run_minutes(0), "minutes"), kiosk_users,
            cost("setup_cost_per_kiosk", AT(setup_cost_per_kiosk)),
            cost("daily_cost_per_kiosk", AT(daily_cost_per_kiosk), "CNY per day")});
  // kiosks as service points (issue 17)
  t.insert(t.end(),
           {number("kiosk_users_at_once", AT(kiosk_users_at_once), schema::within(1, 100), "seats per kiosk"),
            number("kiosk_session_factor", AT(kiosk_session_factor), schema::within(0.1, 10), "factor"),
            number("kiosk_speed_kmh", AT(kiosk_speed_kmh), schema::within(0.5, 200), "km/h"),
            custom(
                "kiosk_hours", read_kiosk_hours,
                [](YAML::Emitter& out, const Intervention& v) { detail::write_hours_value(out, v.kiosk_hours); },
                [](const Intervention& a, const Intervention& b) {
                  return a.kiosk_hours.always == b.kiosk_hours.always && a.kiosk_hours.weekday == b.kiosk_hours.weekday &&
                         a.kiosk_hours.weekend == b.kiosk_hours.weekend;
                }),
            flag("kiosk_helpers", AT(kiosk_helpers)),
            number("kiosk_helper_lift", AT(kiosk_helper_lift), unit_interval(), "share of the literacy gap"),
            cost("daily_cost_per_kiosk_helper", AT(daily_cost_per_kiosk_helper), "CNY per day")});
  return t;
}

Table<Intervention> staffing() {
  return {
      number("add_counter_staff", AT(add_counter_staff), schema::headcount_change(), "staff per hall"),
      number("add_hotline_operators", AT(add_hotline_operators), schema::headcount_change(), "operators"),
      written_if(custom(
                     "hall_hours", read_hall_hours,
                     [](YAML::Emitter& out, const Intervention& v) { detail::write_hours_value(out, v.hall_hours); },
                     [](const Intervention& a, const Intervention& b) {
                       return a.set_hall_hours == b.set_hall_hours && a.hall_hours.always == b.hall_hours.always &&
                              a.hall_hours.weekday == b.hall_hours.weekday &&
                              a.hall_hours.weekend == b.hall_hours.weekend;
                     }),
                 [](const Intervention& v) { return v.set_hall_hours; }),
      written_if(integer("counter_shift_hours", AT(counter_shift_hours), 1, 24, "hours"),
                 [](const Intervention& v) { return v.counter_shift_hours > 0; }),
      cost("setup_cost_per_staff", AT(setup_cost_per_staff)),
      cost("daily_cost_per_staff", AT(daily_cost_per_staff), "CNY per day"),
      cost("hourly_cost_per_staff", AT(hourly_cost_per_staff), "CNY per hour"),
  };
}

Table<Intervention> broadband() {
  return {
      number("target_access", AT(target_access), unit_interval(), "share"),
      integer("ramp_days", AT(ramp_days), 1, 20000, "days"),
      flag("rural_first", AT(rural_first)),
      cost("setup_cost", AT(setup_cost)),
      cost("cost_per_connection", AT(cost_per_connection)),
      cost("daily_cost_per_connection", AT(daily_cost_per_connection), "CNY per day"),
  };
}

Table<Intervention> literacy() {
  return {
      number("seats_per_day", AT(seats_per_day), headcount(), "seats per district"),
      number("literacy_gain", AT(literacy_gain), unit_interval(), "literacy"),
      flag("elderly_first", AT(elderly_first)),
      number("max_literacy", AT(max_literacy), Range{0, 1, true, false, false}, "literacy"),
      cost("setup_cost", AT(setup_cost)),
      cost("cost_per_seat", AT(cost_per_seat)),
      cost("daily_cost_per_district", AT(daily_cost_per_district), "CNY per day"),
  };
}

Table<Intervention> talent() {
  return {
      number("move_share", AT(move_share), unit_interval(), "share"),
      number("rural_attrition_factor", AT(rural_attrition_factor), unit_interval(), "factor"),
      cost("setup_cost_per_move", AT(setup_cost_per_move)),
      cost("bonus_per_day", AT(bonus_per_day), "CNY per day"),
  };
}

Table<Intervention> data_sharing() {
  return {
      written_if(custom("types", read_shared_types, write_shared_types,
                        [](const Intervention& a, const Intervention& b) { return a.shared_types == b.shared_types; }),
                 [](const Intervention& v) { return !v.shared_types.empty(); }),
      number("service_factor", AT(service_factor), Range{0, 1, true, false, false}, "factor"),
      // data_sharing as a risk model (issue 17)
      number("incidents_per_year", AT(incidents_per_year), schema::at_least(0), "per year"),
      number("reference_records", AT(reference_records), schema::above(0), "records"),
      cost("security_daily_cost", AT(security_daily_cost), "CNY per day"),
      number("security_half_cost", AT(security_half_cost), schema::above(0), "CNY per day"),
      number("exposed_share", AT(exposed_share), unit_interval(), "share"),
      number("max_trust_drop", AT(max_trust_drop), unit_interval(), "share"),
      number("disclosure", AT(disclosure), unit_interval(), "level"),
      number("accountability", AT(accountability), unit_interval(), "level"),
      number("remediation", AT(remediation), unit_interval(), "level"),
      number("disclosure_mitigation", AT(disclosure_mitigation), unit_interval(), "share"),
      number("accountability_mitigation", AT(accountability_mitigation), unit_interval(), "share"),
      number("remediation_mitigation", AT(remediation_mitigation), unit_interval(), "share"),
      cost("setup_cost", AT(setup_cost)),
      cost("daily_cost", AT(daily_cost), "CNY per day"),
      cost("cost_per_incident", AT(cost_per_incident)),
  };
}

Table<Intervention> compute() {
  Table<Intervention> t = instances();
  t.insert(t.end(),
           {cost("setup_cost", AT(setup_cost)), flag("dispatch", AT(dispatch)),
            custom(
                "dispatch_from", read_dispatch_from,
                [](YAML::Emitter& out, const Intervention& v) { detail::write_selector_value(out, v.dispatch_from); },
                [](const Intervention& a, const Intervention& b) {
                  return same_selector(a.dispatch_from, b.dispatch_from);
                }),
            written_if(number("dispatch_instances", AT(dispatch_instances), headcount(), "instances per district"),
                       [](const Intervention& v) { return v.dispatch; }),
            number("dispatch_latency_seconds", AT(dispatch_latency_seconds), schema::within(0, 20000.0 * 86400),
                   "seconds")});
  return t;
}

#undef AT

}  // namespace

const Table<Intervention>& intervention_params(int type) {
  static const Table<Intervention> tables[kInterventionTypes] = {rollout(), staffing(),     broadband(), literacy(),
                                                                 talent(),  data_sharing(), compute()};
  return tables[type];
}

}  // namespace civicsim::io::params
