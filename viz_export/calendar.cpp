#include "viz_export/calendar.hpp"

#include <cstdio>

#include "io/calendar_date.hpp"
#include "io/h5_reader.hpp"
#include "io/output_names.hpp"
#include "io/resolved_time.hpp"

namespace civicsim::viz {
namespace {

constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::int64_t kSecondsPerDay = 86400;

constexpr std::int64_t k2001 = 11323;  // 2001-01-01, in days since 1970-01-01

/// Days since 2001-01-01 (a Monday) of day `day` of the run: from its start date when it has one,
/// else from the first day of 2001 on its start weekday.
std::int64_t days_since_2001(std::int64_t day, const NominalCalendar& c) {
  io::CalendarDate first;
  if (!c.start_date.empty() && io::parse_iso_date(c.start_date, first)) return io::days_from_civil(first) - k2001 + day;
  return day + c.start_weekday;
}

/// The proleptic Gregorian date `days` after 2001-01-01 (H. Hinnant's civil_from_days, shifted
/// to a 400-year era starting on 2000-03-01).
void civil_date(std::int64_t days, std::int64_t* year, int* month, int* day_of_month) {
  const std::int64_t z = days + 306;  // days since 2000-03-01
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11], March = 0
  *day_of_month = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = 2000 + yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

std::string iso_date(std::int64_t days) {
  std::int64_t year = 0;
  int month = 0, day = 0;
  civil_date(days, &year, &month, &day);
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-%02d-%02d", static_cast<long long>(year), month, day);
  return text;
}

}  // namespace

std::string NominalCalendar::date(std::int64_t day) const {
  // Beyond a billion years a day is no date (and the arithmetic would overflow): a damaged file.
  constexpr std::int64_t kFarthest = std::int64_t{1} << 40;
  if (day > kFarthest || day < -kFarthest) return "";
  return iso_date(days_since_2001(day, *this));
}

std::string NominalCalendar::date_time(std::int64_t seconds) const {
  std::int64_t day = seconds / kSecondsPerDay;
  std::int64_t rest = seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --day;
  }
  char clock[16];
  std::snprintf(clock, sizeof clock, "T%02d:%02d:%02d", static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  const std::string day_text = date(day);
  return day_text.empty() ? "" : day_text + clock;
}

std::string NominalCalendar::basis() const {
  if (!start_date.empty()) return "real: day 0 = " + date(0) + " (time.start_date), a " + kWeekdays[start_weekday];
  return std::string("nominal: the scenario gives no calendar date, so day 0 = ") + date(0) + ", the first " +
         kWeekdays[start_weekday] + " of 2001 (time.start_weekday" +
         (weekday_recorded ? "" : " could not be read from the file: Monday assumed") +
         "); weekdays are the run's, the year stands for none";
}

NominalCalendar read_calendar(const io::h5::Reader& file) {
  NominalCalendar calendar;
  calendar.weekday_recorded = false;
  const std::string path = io::out::path(io::out::kScenario, io::out::kScenarioResolved);
  if (!file.exists(path)) return calendar;
  const io::ResolvedStart start = io::read_resolved_start(file.scalar_string(path));
  if (start.weekday < 0) return calendar;
  calendar.start_weekday = start.weekday;
  calendar.weekday_recorded = true;
  calendar.start_date = start.start_date;
  return calendar;
}

}  // namespace civicsim::viz
