// The nominal calendar of the exported tables (viz_export/calendar.hpp): known dates across month,
// leap-year and century ends, the start weekday, times of day, and days no calendar holds.
#include "viz_export/calendar.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace civicsim::viz {
namespace {

TEST(NominalCalendar, DayZeroIsTheFirstStartWeekdayOf2001) {
  NominalCalendar monday;
  EXPECT_EQ(monday.date(0), "2001-01-01");
  NominalCalendar wednesday;
  wednesday.start_weekday = 2;
  EXPECT_EQ(wednesday.date(0), "2001-01-03");
  NominalCalendar sunday;
  sunday.start_weekday = 6;
  EXPECT_EQ(sunday.date(0), "2001-01-07");
  EXPECT_EQ(sunday.date(1), "2001-01-08");
}

TEST(NominalCalendar, DatesCrossMonthsLeapYearsAndCenturies) {
  const NominalCalendar c;
  EXPECT_EQ(c.date(58), "2001-02-28");
  EXPECT_EQ(c.date(59), "2001-03-01");
  EXPECT_EQ(c.date(1154), "2004-02-29");
  EXPECT_EQ(c.date(36218), "2100-03-01");  // 2100 is no leap year: 02-28 is followed by 03-01
  EXPECT_EQ(c.date(36524), "2101-01-01");
  EXPECT_EQ(c.date(146000), "2400-09-26");
  EXPECT_EQ(c.date(-1), "2000-12-31");
}

TEST(NominalCalendar, TimesAreLocalDateAndTimeOfTheIntervalEnd) {
  NominalCalendar c;
  c.start_weekday = 2;
  EXPECT_EQ(c.date_time(3600), "2001-01-03T01:00:00");
  EXPECT_EQ(c.date_time(86400), "2001-01-04T00:00:00");
  EXPECT_EQ(c.date_time(2 * 86400 + 3661), "2001-01-05T01:01:01");
  EXPECT_EQ(c.date_time(-1), "2001-01-02T23:59:59");
}

TEST(NominalCalendar, ADayBeyondAnyCalendarHasNoDate) {
  const NominalCalendar c;
  EXPECT_EQ(c.date(std::int64_t{1} << 41), "");
  EXPECT_EQ(c.date(INT64_MAX), "");
  EXPECT_EQ(c.date(INT64_MIN), "");
  EXPECT_EQ(c.date_time(INT64_MAX), "");
}

TEST(NominalCalendar, TheBasisSaysTheDateIsNominalAndWhy) {
  NominalCalendar c;
  c.start_weekday = 2;
  EXPECT_EQ(c.basis(),
            "nominal: the scenario gives no calendar date, so day 0 = 2001-01-03, the first Wednesday of 2001 "
            "(time.start_weekday); weekdays are the run's, the year stands for none");
  c.weekday_recorded = false;
  EXPECT_NE(c.basis().find("could not be read from the file: Monday assumed"), std::string::npos);
}

TEST(NominalCalendar, AStartDateGivesRealDates) {
  NominalCalendar c;
  c.start_date = "2024-02-28";  // a Wednesday, in a leap year
  c.start_weekday = 2;
  EXPECT_EQ(c.date(0), "2024-02-28");
  EXPECT_EQ(c.date(1), "2024-02-29");
  EXPECT_EQ(c.date(2), "2024-03-01");
  EXPECT_EQ(c.date_time(3600), "2024-02-28T01:00:00");
  EXPECT_EQ(c.basis(), "real: day 0 = 2024-02-28 (time.start_date), a Wednesday");
}

}  // namespace
}  // namespace civicsim::viz
