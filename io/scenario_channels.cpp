// `channels`: opening hours and per-channel parameters. Online self-service and digital humans are
// always open: their `hours` may only say "24/7".
#include <cctype>
#include <cstdio>

#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"

namespace civicsim::io::detail {

using schema::Field;
using schema::MapReader;
using schema::Report;

namespace {

constexpr int kMinutesPerDay = 1440;
const char* const kHoursForm = "\"24/7\" or {weekday: [...], weekend: [...]} of \"HH:MM-HH:MM\"";

std::string clock(int minutes) {
  char s[32];
  std::snprintf(s, sizeof s, "%02d:%02d", minutes / 60, minutes % 60);
  return s;
}

/// "H:MM" or "HH:MM" at `pos`; minutes since midnight, or -1.
int parse_clock(const std::string& s, std::size_t& pos) {
  auto digit = [&](std::size_t k) { return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])); };
  if (!digit(pos)) return -1;
  int hours = s[pos++] - '0';
  if (digit(pos)) hours = hours * 10 + (s[pos++] - '0');
  if (pos >= s.size() || s[pos] != ':' || !digit(pos + 1) || !digit(pos + 2)) return -1;
  const int minutes = (s[pos + 1] - '0') * 10 + (s[pos + 2] - '0');
  pos += 3;
  if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return -2;
  return hours * 60 + minutes;
}

bool parse_interval(Report& r, const Field& f, std::pair<int, int>& out) {
  const std::string form = "expected \"HH:MM-HH:MM\" (e.g. \"09:00-12:00\")";
  if (!f.node.IsScalar()) {
    r.error(f.mark, f.path + ": " + form + ", got " + schema::describe(f.node));
    return false;
  }
  const std::string& s = f.node.Scalar();
  std::size_t pos = 0;
  const int begin = parse_clock(s, pos);
  while (pos < s.size() && s[pos] == ' ') ++pos;
  const bool dash = pos < s.size() && s[pos] == '-';
  pos += dash ? 1 : 0;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  const int end = dash ? parse_clock(s, pos) : -1;
  const std::string quoted = "'" + s + "'";
  if (begin == -2 || end == -2) {
    r.error(f.mark, f.path + ": " + quoted + " has a time outside 00:00-24:00 (minutes 00-59)");
  } else if (begin < 0 || end < 0 || pos != s.size()) {
    r.error(f.mark, f.path + ": bad interval " + quoted + "; " + form);
  } else if (begin == kMinutesPerDay) {
    r.error(f.mark, f.path + ": " + quoted + " starts at 24:00; 24:00 can only end an interval");
  } else if (begin >= end) {
    r.error(f.mark, f.path + ": interval " + quoted + " must end after it starts");
  } else {
    out = {begin, end};
    return true;
  }
  return false;
}

/// A list of intervals of one day type: each well formed, in time order, none overlapping.
bool read_intervals(Report& r, const Field& f, std::vector<std::pair<int, int>>& out) {
  std::vector<Field> items;
  if (!f.present) return true;
  if (!schema::read_list(r, f, items)) return false;
  std::vector<std::pair<int, int>> intervals;
  bool ok = true;
  for (const auto& item : items) {
    std::pair<int, int> interval;
    if (!parse_interval(r, item, interval)) {
      ok = false;
      continue;
    }
    if (!intervals.empty()) {
      const auto& previous = intervals.back();
      const std::string both = "'" + format_interval(interval) + "' and '" + format_interval(previous) + "'";
      if (interval.first < previous.second && previous.first < interval.second) {
        r.error(item.mark, f.path + ": intervals " + both + " overlap");
        ok = false;
      } else if (interval.first < previous.first) {
        r.error(item.mark,
                f.path + ": intervals " + both + " are out of order; list the intervals of a day in time order");
        ok = false;
      }
    }
    intervals.push_back(interval);
  }
  if (ok) out = intervals;
  return ok;
}

void read_always_open(Report& r, const Field& f, const char* channel) {
  if (!f.present || (f.node.IsScalar() && f.node.Scalar() == "24/7")) return;
  r.error(f.mark, f.path + ": " + channel + " is always open; only hours: \"24/7\" is accepted here");
}

}  // namespace

std::string format_interval(const std::pair<int, int>& interval) {
  return clock(interval.first) + "-" + clock(interval.second);
}

bool read_hours(Report& r, const Field& f, OpeningHours& out) {
  if (!f.present) return true;
  if (f.node.IsScalar() && f.node.Scalar() == "24/7") {
    out = OpeningHours{};
    out.always = true;
    return true;
  }
  if (!f.node.IsMap()) {
    r.error(f.mark, f.path + ": expected " + kHoursForm + ", got " + schema::describe(f.node));
    return false;
  }
  MapReader m(r, f);
  OpeningHours hours;  // a day type that is not listed is closed
  bool ok = read_intervals(r, m.field("weekday"), hours.weekday);
  ok = read_intervals(r, m.field("weekend"), hours.weekend) && ok;
  m.finish();
  if (ok) out = hours;
  return ok;
}

void read_channels(MapReader& top, Params& p) {
  MapReader channels = top.child("channels");
  for (int c = 0; c < kChannels; ++c) {
    MapReader m = channels.child(kChannelNames[c]);
    if (c == kInPerson || c == kHotline) {
      read_hours(m.report(), m.field("hours"), p.hours[c]);
    } else {
      read_always_open(m.report(), m.field("hours"), kChannelNames[c]);
    }
    params::read_params(m, params::channel_params(c), p);
    m.finish();
  }
  channels.finish();
}

}  // namespace civicsim::io::detail
