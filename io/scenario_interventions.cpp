// `interventions`: a list of scheduled changes. Common keys (type, start_day, end_day, districts)
// plus the keys of the intervention's own type; a key of another type is an unknown key.
#include <algorithm>
#include <limits>

#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"
#include "sim/intervention_plan.hpp"

namespace civicsim::io::detail {

using schema::Field;
using schema::MapReader;
using schema::Names;
using schema::Report;

namespace {

const Names kTypes = schema::names_of(kInterventionTypeNames);
constexpr long long kMaxDay = std::numeric_limits<int>::max();

/// The keys of the intervention's own type, from its table; then compute_capacity's checks of
/// dispatch against the keys around it.
void read_type_keys(MapReader& m, const Params& p, const DistrictNames& names, int type, Intervention& v) {
  const auto& table = params::intervention_params(type);
  const InterventionContext context{p, names};
  std::vector<bool> ok;
  params::read_params(m, table, v, &ok, &context);
  if (type != static_cast<int>(InterventionType::ComputeCapacity)) return;
  const bool lent_ok = params::read_ok(table, ok, "dispatch_instances");
  if (lent_ok && v.dispatch && v.dispatch_instances <= 0) {
    m.report().error(m.has("dispatch_instances") ? m.field("dispatch_instances").mark : m.key_mark("dispatch"),
                     m.path() +
                         ": dispatch: true needs dispatch_instances > 0 (the capacity lent "
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
                       m.path() +
                           ".dispatch_from selects no district outside `districts`: no region "
                           "could lend capacity; name the lending districts (e.g. dispatch_from: urban)");
    }
  }
}

/// -1 when absent or unknown (reported).
int read_type(Report& r, const Field& f) {
  if (!f.present) return -1;
  if (!f.node.IsScalar()) {
    r.error(f.mark,
            f.path + ": expected an intervention type (" + schema::join(kTypes) + "), got " + schema::describe(f.node));
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

/// The type-specific keys of intervention type `type`, in the order its reader registers them.
Names keys_of_type(int type) {
  Names keys;
  for (const auto& e : params::intervention_params(type)) keys.push_back(e.key);
  return keys;
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

void read_intervention(Report& r, const Field& item, const Params& p, const DistrictNames& names, Intervention& v) {
  MapReader m(r, item);
  if (!m.is_map()) return;
  m.require("type", " (" + schema::join(kTypes, " or ") + ")");
  const int type = read_type(r, m.field("type"));
  m.require("start_day");
  const bool start_ok = m.integer("start_day", v.start_day, 0, kMaxDay);
  const bool end_ok = m.integer("end_day", v.end_day, 1, kMaxDay);
  if (start_ok && end_ok && m.has("end_day") && v.end_day <= v.start_day) {
    r.error(m.field("end_day").mark, item.path + ".end_day (" + std::to_string(v.end_day) +
                                         ") must be after start_day (" + std::to_string(v.start_day) + ")");
  }
  read_selector(r, m.field("districts"), names, v.districts);
  if (type >= 0) {
    Intervention typed = intervention_defaults(static_cast<InterventionType>(type));
    typed.start_day = v.start_day;
    typed.end_day = v.end_day;
    typed.districts = v.districts;
    v = typed;
    read_type_keys(m, p, names, type, v);
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

namespace {

/// Cross-region dispatch (issue 17): a district's assistant pool is in one dispatch group at a time,
/// so two dispatches active on a common day may not share a district (as borrower or lender).
void check_dispatch_overlap(Report& r, const std::vector<Field>& items, const Params& p) {
  std::vector<std::size_t> dispatches;
  for (std::size_t i = 0; i < p.interventions.size(); ++i)
    if (p.interventions[i].type == InterventionType::ComputeCapacity && p.interventions[i].dispatch)
      dispatches.push_back(i);
  if (dispatches.size() < 2) return;
  const auto members = [&](const Intervention& v) {
    std::vector<char> in(p.districts.size(), 0);
    for (int d : select_districts(p, v.districts)) in[static_cast<std::size_t>(d)] = 1;
    for (int d : select_districts(p, v.dispatch_from)) in[static_cast<std::size_t>(d)] = 1;
    return in;
  };
  const auto last = [](const Intervention& v) { return v.end_day < 0 ? std::numeric_limits<int>::max() : v.end_day; };
  for (std::size_t a = 0; a < dispatches.size(); ++a) {
    const Intervention& x = p.interventions[dispatches[a]];
    const std::vector<char> in_x = members(x);
    for (std::size_t b = a + 1; b < dispatches.size(); ++b) {
      const Intervention& y = p.interventions[dispatches[b]];
      if (std::max(x.start_day, y.start_day) >= std::min(last(x), last(y))) continue;  // never active together
      const std::vector<char> in_y = members(y);
      for (std::size_t d = 0; d < in_x.size(); ++d) {
        if (!(in_x[d] && in_y[d])) continue;
        r.error(items[dispatches[b]].mark,
                items[dispatches[b]].path + ": its dispatch and that of " + items[dispatches[a]].path +
                    " are active on common days and both include district '" + p.districts[d].name +
                    "'; a district may borrow or lend in one dispatch at a time (merge them into one "
                    "compute_capacity or make their days or districts disjoint)");
        break;
      }
    }
  }
}

}  // namespace

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
  if (names.known() && !p.districts.empty() && p.interventions.size() == items.size())
    check_dispatch_overlap(top.report(), items, p);
}

}  // namespace civicsim::io::detail
