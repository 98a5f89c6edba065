// Calendar dates of the proleptic Gregorian calendar (ISO 8601, "2025-01-06"): parsing, days
// since 1970-01-01, weekdays. For `time.start_date` (docs/scenario.md) and the dates of exports.
#pragma once

#include <cstdint>
#include <string>

namespace civicsim::io {

struct CalendarDate {
  int year = 1970, month = 1, day = 1;
};

/// Days from 1970-01-01 to `d` (negative before it; H. Hinnant's days_from_civil).
inline std::int64_t days_from_civil(const CalendarDate& d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                                   // [0, 399]
  const std::int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                           // [0, 146096]
  return era * 146097 + doe - 719468;
}

/// The weekday of `d`, Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
inline int weekday_of(const CalendarDate& d) {
  const std::int64_t days = days_from_civil(d);
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

/// Parses exactly "YYYY-MM-DD" with a year 1900-9999 and a day that exists in its month; false
/// otherwise.
inline bool parse_iso_date(const std::string& text, CalendarDate& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const auto number = [&](int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; ++i) v = 10 * v + (text[i] - '0');
    return v;
  };
  CalendarDate d{number(0, 4), number(5, 2), number(8, 2)};
  if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int days_in_month[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.day > days_in_month[d.month - 1]) return false;
  out = d;
  return true;
}

}  // namespace civicsim::io
