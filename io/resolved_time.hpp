// Day 0 of a run as its resolved scenario (/scenario/resolved) states it: read straight from the
// YAML, so that a file written by another version, whose scenario this build would not accept,
// still says on which weekday and date it started.
#pragma once

#include <string>

namespace civicsim::io {

struct ResolvedStart {
  int weekday = -1;        // time.start_weekday, Monday = 0; -1: none could be read
  std::string start_date;  // time.start_date when it is a valid ISO date; "" otherwise
};

/// `time.start_weekday` and `time.start_date` of resolved scenario text (a valid start_date gives
/// the weekday). Never throws on bad text: it then returns what it could read.
ResolvedStart read_resolved_start(const std::string& resolved_yaml);

}  // namespace civicsim::io
