// What the engine tells the outside world as a run goes on (kept apart from sim/engine.hpp so that
// host-only code, such as the output writer, can implement it without the backend's headers).
#pragma once

#include "sim/metrics.hpp"

namespace civicsim {

/// Receives results as the run produces them (the output file, progress, tests).
class EngineObserver {
 public:
  virtual ~EngineObserver() = default;
  virtual void on_interval(int /*interval*/, const IntervalRecord& /*record*/) {}
  virtual void on_day(int /*day*/, const DayRecord& /*record*/) {}
};

}  // namespace civicsim
