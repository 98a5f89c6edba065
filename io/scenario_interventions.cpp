// `interventions`: a list of scheduled changes. Common keys (type, start_day, end_day, districts)
// plus the keys of the intervention's own type; a key of another type is an unknown key.
#include <algorithm>
#include <limits>

#include "io/scenario_sections.hpp"

namespace civicsim::io::detail {

using schema::at_least;
using schema::Field;
using schema::MapReader;
using schema::Names;
using schema::Report;

namespace {

const Names kTypes = schema::names_of(kInterventionTypeNames);
// Described in MODEL.md §8 but not implemented yet: named as such rather than as typos.
const Names kPlannedTypes = {"broadband_expansion", "literacy_training", "talent_incentive",
                             "data_sharing", "compute_capacity"};
constexpr long long kMaxDay = std::numeric_limits<int>::max();

void read_rollout(MapReader& m, Intervention& v) {
  m.number("instances", v.instances, at_least(0));
  m.integer("sessions_per_instance", v.sessions_per_instance, 1, 1000);
  m.number("success_boost", v.success_boost, schema::unit_interval());
  m.flag("elder_care", v.elder_care);
  m.number("setup_cost_per_instance", v.setup_cost_per_instance, at_least(0));
  m.number("daily_cost_per_instance", v.daily_cost_per_instance, at_least(0));
}

void read_staffing(MapReader& m, Intervention& v) {
  m.number("add_counter_staff", v.add_counter_staff, schema::any_number());
  m.number("add_hotline_operators", v.add_hotline_operators, schema::any_number());
  m.number("setup_cost_per_staff", v.setup_cost_per_staff, at_least(0));
  m.number("daily_cost_per_staff", v.daily_cost_per_staff, at_least(0));
}

using TypeReader = void (*)(MapReader&, Intervention&);
constexpr TypeReader kTypeReaders[] = {read_rollout, read_staffing};
static_assert(sizeof kTypeReaders / sizeof kTypeReaders[0] ==
              sizeof kInterventionTypeNames / sizeof kInterventionTypeNames[0]);

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
  if (std::find(kPlannedTypes.begin(), kPlannedTypes.end(), word) != kPlannedTypes.end()) {
    message += " (described in MODEL.md but not implemented yet); known types: ";
  } else if (!close.empty()) {
    message += "; did you mean '" + close + "'? Known types: ";
  } else {
    message += "; known types: ";
  }
  r.error(f.mark, message + schema::join(kTypes));
  return -1;
}

bool read_selector(Report& r, const Field& f, const Params& p, bool districts_known,
                   DistrictSelector& out) {
  if (!f.present) return true;
  Names district_names;
  for (const auto& d : p.districts) district_names.push_back(d.name);
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
    if (std::find(district_names.begin(), district_names.end(), word) != district_names.end()) {
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
    } else if (districts_known &&
               std::find(district_names.begin(), district_names.end(), name) == district_names.end()) {
      r.error(item.mark, f.path + ": " + schema::unknown_name("district", name, district_names));
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
  kTypeReaders[type](probe, v);
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

void read_intervention(Report& r, const Field& item, const Params& p, bool districts_known,
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
  read_selector(r, m.field("districts"), p, districts_known, v.districts);
  if (type >= 0) {
    v.type = static_cast<InterventionType>(type);
    kTypeReaders[type](m, v);
    report_foreign_keys(m, type);
    m.finish();
  }
  // With an unknown type there is no telling which keys belong: they are not checked.
}

}  // namespace

void read_interventions(MapReader& top, Params& p, bool districts_known) {
  const Field f = top.field("interventions");
  std::vector<Field> items;
  if (!schema::read_list(top.report(), f, items)) return;
  for (const auto& item : items) {
    Intervention v;
    read_intervention(top.report(), item, p, districts_known, v);
    p.interventions.push_back(v);
  }
}

}  // namespace civicsim::io::detail
