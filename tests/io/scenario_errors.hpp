// Every problem of a loaded scenario as text, one per line, for test failure messages.
#pragma once

#include <string>

#include "io/scenario.hpp"

namespace civicsim::io {

inline std::string errors_of(const ScenarioResult& r) {
  std::string s;
  for (const auto& d : r.errors) s += d.str() + "\n";
  return s;
}

}  // namespace civicsim::io
