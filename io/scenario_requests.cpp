// `requests`: the request types and the weekly arrival profile.
#include <limits>
#include <algorithm>

#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"

namespace civicsim::io::detail {

using schema::at_least;
using schema::Field;
using schema::MapReader;
using schema::Names;
using schema::Report;

namespace {

const Names kChannelKeys = schema::names_of(kChannelNames);

bool read_type(Report& r, const Field& item, RequestType& t) {
  MapReader m(r, item);
  if (!m.is_map()) return false;
  const auto& table = params::request_type_params();
  std::vector<bool> read;
  bool ok = params::read_params(m, table, t, &read);
  const bool minutes_ok = params::read_ok(table, read, "service_minutes");
  const bool cv_ok = params::read_ok(table, read, "service_cv");
  const bool channels_ok = params::read_ok(table, read, "channels");
  const Field channels = m.field("channels");
  m.finish();

  const Field minutes = m.field("service_minutes");
  for (int c = 0; minutes_ok && channels_ok && c < kChannels; ++c) {
    if (!t.channels[c] || t.service_minutes[c] > 0) continue;
    const Field value = schema::member(minutes, kChannelKeys[c]);
    r.error(value.present ? value.mark : channels.mark,
            value.path + " must be > 0 because '" + kChannelKeys[c] + "' is in " + channels.path);
    ok = false;
  }
  if (cv_ok && t.service_distribution == ServiceDistribution::Lognormal && t.service_cv <= 0) {
    const Field cv = m.field("service_cv");
    r.error(cv.present ? cv.mark : m.field("service_distribution").mark,
            cv.path + " must be > 0 for a lognormal service distribution; got " + schema::format_number(t.service_cv));
    ok = false;
  }
  return ok && minutes_ok && cv_ok && channels_ok;
}

void read_types(Report& r, const Field& f, Params& p) {
  std::vector<Field> items;
  if (!f.present || !schema::read_list(r, f, items)) return;
  if (items.empty()) {
    r.error(f.mark, f.path + ": the list is empty; give at least one request type");
    return;
  }
  p.types.clear();
  std::vector<YAML::Mark> name_marks;
  for (const auto& item : items) {
    RequestType t;
    read_type(r, item, t);
    const Field name = schema::member(item, "name");
    for (std::size_t j = 0; name.present && j < p.types.size(); ++j) {
      if (p.types[j].name != t.name) continue;
      r.error(name.mark, "duplicate request type name '" + t.name + "'; first defined at " + r.where(name_marks[j]));
      break;
    }
    p.types.push_back(t);
    name_marks.push_back(name.mark);
  }
}

void read_profile(Report& r, const Field& f, std::array<double, 24>& out) {
  std::vector<Field> items;
  if (!f.present || !schema::read_list(r, f, items)) return;
  if (items.size() != out.size()) {
    r.error(f.mark, f.path + ": expected 24 numbers (one per hour, from 00:00), got " + std::to_string(items.size()));
    return;
  }
  std::array<double, 24> values = out;
  bool ok = true;
  for (std::size_t h = 0; h < items.size(); ++h) {
    ok = schema::read_number(r, items[h], at_least(0), values[h]) && ok;
  }
  double sum = 0;
  for (double v : values) sum += v;
  if (ok && sum <= 0) {
    r.error(f.mark, f.path + ": the 24 numbers add up to 0; at least one hour needs a positive intensity");
    ok = false;
  }
  if (ok) out = values;
}

}  // namespace

/// `channels: [...]` of a request type: known names, each once, at least one.
bool read_type_channels(Report& r, const Field& f, std::array<bool, kChannels>& out) {
  std::vector<Field> items;
  if (!f.present) return true;
  if (!schema::read_list(r, f, items)) return false;
  if (items.empty()) {
    r.error(f.mark, f.path + ": the list is empty; a request type needs at least one channel (" +
                        schema::join(kChannelKeys) + ")");
    return false;
  }
  std::array<bool, kChannels> listed{};
  bool ok = true;
  for (const auto& item : items) {
    int c = 0;
    if (!schema::read_name(r, item, "channel", kChannelKeys, c)) {
      ok = false;
    } else if (listed[c]) {
      r.error(item.mark, f.path + ": channel '" + kChannelKeys[c] + "' is listed twice");
      ok = false;
    }
    listed[c] = true;
  }
  if (ok) out = listed;
  return ok;
}

/// requests.surges: [{start_day, end_day, districts, factor}, ...]
void read_surges(Report& r, const Field& f, const DistrictNames& names, std::vector<DemandSurge>& out) {
  std::vector<Field> items;
  if (!f.present || !schema::read_list(r, f, items)) return;
  for (const auto& item : items) {
    MapReader s(r, item);
    if (!s.is_map()) continue;
    DemandSurge v;
    s.require("start_day");
    s.require("factor");
    const bool start_ok = s.integer("start_day", v.start_day, 0, std::numeric_limits<int>::max());
    const bool end_ok = s.integer("end_day", v.end_day, 1, std::numeric_limits<int>::max());
    if (start_ok && end_ok && s.has("end_day") && v.end_day <= v.start_day) {
      r.error(s.field("end_day").mark, item.path + ".end_day (" + std::to_string(v.end_day) +
                                           ") must be after start_day (" + std::to_string(v.start_day) + ")");
    }
    read_district_selector(r, s.field("districts"), names, v.districts);
    s.number("factor", v.factor, schema::within(0, 100));
    s.finish();
    out.push_back(v);
  }
}

void read_requests(MapReader& top, Params& p, bool districts_known) {
  MapReader m = top.child("requests");
  read_types(m.report(), m.field("types"), p);
  read_surges(m.report(), m.field("surges"), DistrictNames(p.districts, districts_known), p.surges);
  MapReader profile = m.child("arrival_profile");
  read_profile(m.report(), profile.field("weekday"), p.profile_weekday);
  read_profile(m.report(), profile.field("weekend"), p.profile_weekend);
  profile.finish();
  m.finish();
}

}  // namespace civicsim::io::detail
