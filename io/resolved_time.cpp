#include "io/resolved_time.hpp"

#include <yaml-cpp/yaml.h>

#include "io/calendar_date.hpp"

namespace civicsim::io {

ResolvedStart read_resolved_start(const std::string& resolved_yaml) {
  static const char* const kKeys[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  ResolvedStart start;
  try {
    const YAML::Node time = YAML::Load(resolved_yaml)["time"];
    if (!time.IsMap()) return start;
    const YAML::Node weekday = time["start_weekday"], date = time["start_date"];
    if (weekday && weekday.IsScalar()) {
      for (int d = 0; d < 7; ++d) {
        if (weekday.Scalar() == kKeys[d]) start.weekday = d;
      }
    }
    CalendarDate first;
    if (date && date.IsScalar() && parse_iso_date(date.Scalar(), first)) {
      start.start_date = date.Scalar();
      start.weekday = weekday_of(first);
    }
  } catch (const YAML::Exception&) {
  }
  return start;
}

}  // namespace civicsim::io
