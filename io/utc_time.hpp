// The current moment as the files record it: "2026-03-01T09:30:00Z" (UTC, to the second).
#pragma once

#include <ctime>
#include <string>

namespace civicsim::io {

inline std::string utc_now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace civicsim::io
