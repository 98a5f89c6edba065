// `interventions`: a list of scheduled changes. Common keys (type, start_day, end_day, districts)
// plus the keys of the intervention's own type; a key of another type is an unknown key.
#include <algorithm>
#include <limits>

#include "io/scenario_sections.hpp"
#include "sim/intervention_plan.hpp"

namespace civicsim::io::detail {

using schema::at_least;
using schema::Field;
using schema::MapReader;
using schema::Names;
using schema::Report;

namespace {

const Names kTypes = schema::names_of(kInterventionTypeNames);
constexpr long long kMaxDay = std::numeric_limits<int>::max();
const schema::Range kCost = at_least(0);


void read_instances(MapReader& m, Intervention& v) {
  m.number("instances", v.instances, schema::headcount());
  m.integer("sessions_per_instance", v.sessions_per_instance, 1, 1000);
  m.number("setup_cost_per_instance", v.setup_cost_per_instance, kCost);
  m.number("daily_cost_per_instance", v.daily_cost_per_instance, kCost);
}

void read_rollout(MapReader& m, const Params&, const DistrictNames&, Intervention& v) {
  read_instances(m, v);
  m.number("success_boost", v.success_boost, schema::unit_interval());
  m.flag("elder_care", v.elder_care);
  m.number("kiosks", v.kiosks, schema::headcount());
  m.number("kiosk_travel_minutes", v.kiosk_travel_minutes, schema::run_minutes(0));
  int users = v.kiosks_for_non_users ? 1 : 0;
  m.name("kiosk_users", "kiosk user rule", {"offline", "non_users"}, users);
  v.kiosks_for_non_users = users == 1;
  m.number("setup_cost_per_kiosk", v.setup_cost_per_kiosk, kCost);
  m.number("daily_cost_per_kiosk", v.daily_cost_per_kiosk, kCost);
}

void read_staffing(MapReader& m, const Params&, const DistrictNames&, Intervention& v) {
  m.number("add_counter_staff", v.add_counter_staff, schema::headcount_change());
  m.number("add_hotline_operators", v.add_hotline_operators, schema::headcount_change());
  const Field hours = m.field("hall_hours");
  if (hours.present && read_hours(m.report(), hours, v.hall_hours)) v.set_hall_hours = true;
  m.integer("counter_shift_hours", v.counter_shift_hours, 1, 24);
  m.number("setup_cost_per_staff", v.setup_cost_per_staff, kCost);
  m.number("daily_cost_per_staff", v.daily_cost_per_staff, kCost);
  m.number("hourly_cost_per_staff", v.hourly_cost_per_staff, kCost);
}

void read_broadband(MapReader& m, const Params&, const DistrictNames&, Intervention& v) {
  m.number("target_access", v.target_access, schema::unit_interval());
  m.integer("ramp_days", v.ramp_days, 1, 20000);
  m.flag("rural_first", v.rural_first);
  m.number("setup_cost", v.setup_cost, kCost);
  m.number("cost_per_connection", v.cost_per_connection, kCost);
  m.number("daily_cost_per_connection", v.daily_cost_per_connection, kCost);
}

void read_literacy(MapReader& m, const Params&, const DistrictNames&, Intervention& v) {
  m.number("seats_per_day", v.seats_per_day, schema::headcount());
  m.number("literacy_gain", v.literacy_gain, schema::unit_interval());
  m.flag("elderly_first", v.elderly_first);
  m.number("max_literacy", v.max_literacy, schema::Range{0, 1, true, false, false});
  m.number("setup_cost", v.setup_cost, kCost);
  m.number("cost_per_seat", v.cost_per_seat, kCost);
  m.number("daily_cost_per_district", v.daily_cost_per_district, kCost);
}

void read_talent(MapReader& m, const Params&, const DistrictNames&, Intervention& v) {
  m.number("move_share", v.move_share, schema::unit_interval());
  m.number("rural_attrition_factor", v.rural_attrition_factor, schema::unit_interval());
  m.number("setup_cost_per_move", v.setup_cost_per_move, kCost);
  m.number("bonus_per_day", v.bonus_per_day, kCost);
}

/// data_sharing.types: request types of the scenario, each once, that can then be served online.
void read_shared_types(MapReader& m, const Params& p, Intervention& v) {
  const Field f = m.field("types");
  std::vector<Field> items;
  if (!f.present || !schema::read_list(m.report(), f, items)) return;
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
    m.report().error(f.mark, f.path + ": the list is empty; name the request types that become "
                                      "completable online");
  }
  v.shared_types = out;
}

void read_data_sharing(MapReader& m, const Params& p, const DistrictNames&, Intervention& v) {
  read_shared_types(m, p, v);
  m.number("service_factor", v.service_factor, schema::Range{0, 1, true, false, false});
  m.number("incident_probability", v.incident_probability, schema::unit_interval());
  m.number("trust_drop", v.trust_drop, schema::unit_interval());
  m.number("setup_cost", v.setup_cost, kCost);
  m.number("daily_cost", v.daily_cost, kCost);
  m.number("cost_per_incident", v.cost_per_incident, kCost);
}

void read_compute(MapReader& m, const Params& p, const DistrictNames& names, Intervention& v) {
  read_instances(m, v);
  m.number("setup_cost", v.setup_cost, kCost);
  m.flag("dispatch", v.dispatch);
  read_district_selector(m.report(), m.field("dispatch_from"), names, v.dispatch_from);
  const bool lent_ok = m.number("dispatch_instances", v.dispatch_instances, schema::headcount());
  m.number("dispatch_latency_seconds", v.dispatch_latency_seconds, schema::within(0, 20000.0 * 86400));
  if (lent_ok && v.dispatch && v.dispatch_instances <= 0) {
    m.report().error(m.has("dispatch_instances") ? m.field("dispatch_instances").mark : m.key_mark("dispatch"),
                     m.path() + ": dispatch: true needs dispatch_instances > 0 (the capacity lent "
                                "to each selected district)");
  } else if (lent_ok && !v.dispatch && v.dispatch_instances > 0) {
    m.report().error(m.field("dispatch_instances").mark,
                     m.path() + ".dispatch_instances has no effect without dispatch: true");
  }
  if (v.dispatch && names.known() && !p.districts.empty()) {
    std::vector<char> borrows(p.districts.size(), 0);
    for (int d : select_districts(p, v.districts)) borrows[static_cast<std::size_t>(d)] = 1;
    bool any_lender = false;
    for (int d : select_districts(p, v.dispatch_from)) any_lender = any_lender || !borrows[static_cast<std::size_t>(d)];
    if (!any_lender) {
      m.report().error(m.has("dispatch_from") ? m.field("dispatch_from").mark : m.key_mark("dispatch"),
                       m.path() + ".dispatch_from selects no district outside `districts`: no region "
                                  "could lend capacity; name the lending districts (e.g. dispatch_from: urban)");
    }
  }
}

using TypeReader = void (*)(MapReader&, const Params&, const DistrictNames&, Intervention&);
constexpr TypeReader kTypeReaders[] = {read_rollout,  read_staffing,     read_broadband, read_literacy,
                                       read_talent,   read_data_sharing, read_compute};
static_assert(sizeof kTypeReaders / sizeof kTypeReaders[0] == kInterventionTypes);

/// -1 when absent or unknown (reported).
int read_type(Report& r, const Field& f) {
  if (!f.present) return -1;
  if (!f.node.IsScalar()) {
    r.error(f.mark, f.path + ": expected an intervention type (" + schema::join(kTypes) + "), got " +
                        schema::describe(f.node));
    return -1;
  }
  const std::string& word = f.node.Scalar();
  const auto it = std::find(kTypes.begin(), kTypes.end(), word);
  if (it != kTypes.end()) return static_cast<int>(it - kTypes.begin());
  std::string message = f.path + ": unknown intervention type '" + word + "'";
  const std::string close = schema::nearest(word, kTypes);
  if (!close.empty()) {
    message += "; did you mean '" + close + "'? Known types: ";
  } else {
    message += "; known types: ";
  }
  r.error(f.mark, message + schema::join(kTypes));
  return -1;
}

bool read_selector(Report& r, const Field& f, const DistrictNames& names, DistrictSelector& out) {
  if (!f.present) return true;
  const Names keywords = {"all", "urban", "suburban", "rural"};
  const std::string form = "expected all, urban, suburban, rural or a list of district names";
  if (f.node.IsScalar()) {
    const std::string& word = f.node.Scalar();
    const auto it = std::find(keywords.begin(), keywords.end(), word);
    if (it != keywords.end()) {
      const int k = static_cast<int>(it - keywords.begin());
      out.mode = k == 0 ? DistrictSelector::Mode::All : DistrictSelector::Mode::Kind;
      out.kind = static_cast<DistrictKind>(std::max(0, k - 1));
      return true;
    }
    std::string message = f.path + ": " + form + ", got '" + word + "'";
    if (names.contains(word)) {
      message += "; write [" + word + "] to select one district";
    } else if (const std::string close = schema::nearest(word, keywords); !close.empty()) {
      message += "; did you mean '" + close + "'?";
    }
    r.error(f.mark, message);
    return false;
  }
  std::vector<Field> items;
  if (!f.node.IsSequence()) {
    r.error(f.mark, f.path + ": " + form + ", got " + schema::describe(f.node));
    return false;
  }
  schema::read_list(r, f, items);
  if (items.empty()) {
    r.error(f.mark, f.path + ": the list is empty; it would select no district");
    return false;
  }
  DistrictSelector selector;
  selector.mode = DistrictSelector::Mode::Names;
  bool ok = true;
  for (const auto& item : items) {
    std::string name;
    if (!schema::read_text(r, item, name)) {
      ok = false;
    } else if (names.known() && !names.contains(name)) {
      r.error(item.mark, f.path + ": " + names.unknown(name));
      ok = false;
    } else {
      selector.names.push_back(name);
    }
  }
  if (ok) out = selector;
  return ok;
}

/// The type-specific keys of intervention type `type`, as its reader registers them.
Names keys_of_type(int type) {
  Report scratch("", "");
  MapReader probe(scratch, Field{});
  Intervention v;
  kTypeReaders[type](probe, Params{}, DistrictNames({}, false), v);
  return probe.known();
}

/// A key of another intervention type is an unknown key here; say whose key it is.
void report_foreign_keys(MapReader& m, int type) {
  const Names own = keys_of_type(type);
  for (int other = 0; other < static_cast<int>(kTypes.size()); ++other) {
    for (const auto& key : keys_of_type(other)) {
      if (other == type || !m.has(key) || std::find(own.begin(), own.end(), key) != own.end()) {
        continue;
      }
      m.report().error(m.key_mark(key), "unknown key '" + key + "' for a " + kTypes[type] +
                                            " intervention; it belongs to " + kTypes[other]);
      m.allow({key});
    }
  }
}

void read_intervention(Report& r, const Field& item, const Params& p, const DistrictNames& names,
                       Intervention& v) {
  MapReader m(r, item);
  if (!m.is_map()) return;
  m.require("type", " (" + schema::join(kTypes, " or ") + ")");
  const int type = read_type(r, m.field("type"));
  m.require("start_day");
  const bool start_ok = m.integer("start_day", v.start_day, 0, kMaxDay);
  const bool end_ok = m.integer("end_day", v.end_day, 1, kMaxDay);
  if (start_ok && end_ok && m.has("end_day") && v.end_day <= v.start_day) {
    r.error(m.field("end_day").mark, item.path + ".end_day (" + std::to_string(v.end_day) +
                                         ") must be after start_day (" +
                                         std::to_string(v.start_day) + ")");
  }
  read_selector(r, m.field("districts"), names, v.districts);
  if (type >= 0) {
    Intervention typed = intervention_defaults(static_cast<InterventionType>(type));
    typed.start_day = v.start_day;
    typed.end_day = v.end_day;
    typed.districts = v.districts;
    v = typed;
    kTypeReaders[type](m, p, names, v);
    report_foreign_keys(m, type);
    m.finish();
  }
  // With an unknown type there is no telling which keys belong: they are not checked.
}

}  // namespace

DistrictNames::DistrictNames(const std::vector<District>& districts, bool known)
    : districts_(districts), known_(known) {
  if (!known) return;
  names_.reserve(districts.size());
  for (const District& d : districts) names_.insert(d.name);
}

std::string DistrictNames::unknown(const std::string& name) const {
  constexpr std::size_t kSuggestFrom = 2000;  // an edit distance to each name, and a list of them
  if (districts_.size() > kSuggestFrom) {
    return "unknown district '" + schema::excerpt(name) + "' (none of the " + std::to_string(districts_.size()) +
           " districts has this name)";
  }
  Names list;
  for (const District& d : districts_) list.push_back(d.name);
  return schema::unknown_name("district", name, list);
}

bool read_district_selector(Report& r, const Field& f, const DistrictNames& names, DistrictSelector& out) {
  return read_selector(r, f, names, out);
}

void read_interventions(MapReader& top, Params& p, bool districts_known) {
  const Field f = top.field("interventions");
  std::vector<Field> items;
  if (!schema::read_list(top.report(), f, items)) return;
  const DistrictNames names(p.districts, districts_known);  // p.districts stays as it is below
  for (const auto& item : items) {
    Intervention v;
    read_intervention(top.report(), item, p, names, v);
    p.interventions.push_back(v);
  }
}

}  // namespace civicsim::io::detail
