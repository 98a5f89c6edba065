// The calendar of the exported tables (docs/export.md, "Dates"). A scenario with `time.start_date`
// has real dates: day 0 is that date. One with only `time.start_weekday` has nominal dates: day 0
// is the first day of 2001 that falls on the run's start weekday (2001-01-01 was a Monday), which
// gives every date its run's weekday (halls close at weekends) while the year says plainly that it
// stands for no real one.
#pragma once

#include <cstdint>
#include <string>

namespace civicsim::io::h5 {
class Reader;
}

namespace civicsim::viz {

struct NominalCalendar {
  int start_weekday = 0;         // time.start_weekday: monday = 0 ... sunday = 6
  bool weekday_recorded = true;  // false: no weekday could be read from /scenario/resolved; Monday assumed
  std::string start_date;        // time.start_date (ISO date of day 0); "" = nominal dates

  /// Day `day` of the run as an ISO 8601 date, "2001-01-03"; "" for a day beyond 2^40 either way
  /// (only a damaged file has one).
  std::string date(std::int64_t day) const;
  /// `seconds` after the start of day 0 as an ISO 8601 local date and time, "2001-01-03T01:00:00".
  std::string date_time(std::int64_t seconds) const;
  /// The sentence that says so (run.csv, the docs): "nominal: day 0 = 2001-01-03, a Wednesday, ...".
  std::string basis() const;
};

/// The calendar of a run: its start weekday from /scenario/resolved.
NominalCalendar read_calendar(const io::h5::Reader& file);

}  // namespace civicsim::viz
