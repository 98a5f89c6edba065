// The allowed range of a number in the scenario schema: used by the schema walker
// (io/yaml_schema.hpp) and by the parameter tables (io/scenario_params.hpp), without yaml-cpp.
#pragma once

#include <string>

namespace civicsim::io::schema {

/// A closed, open or half-open interval of allowed numbers; `.inf` only where `allow_inf`.
struct Range {
  double lo = -1e308, hi = 1e308;
  bool lo_open = false, hi_open = false;
  bool allow_inf = false;
  bool contains(double x) const;
  std::string text() const;  // "in [0, 1]", ">= 0", "> 0 (or .inf)"
};
Range any_number();
Range at_least(double lo);
Range above(double lo);
Range within(double lo, double hi);
Range unit_interval();
Range above_or_inf(double lo);
/// Staff, operators, instances, kiosks, seats: up to 10^8, so that the counts the world and the
/// resource plan build from them (times halls, districts, sessions) stay exact 64-bit integers.
Range headcount();
/// A change of staff (negative: fewer), within a headcount either way.
Range headcount_change();
/// A delay or travel time in minutes: at most the longest run (20000 days), so that it is a whole
/// number of 32-bit seconds.
Range run_minutes(double lo);

}  // namespace civicsim::io::schema
