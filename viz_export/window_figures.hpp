// An analysis window chosen after the run (`civicsim summary FILE --days A:B`, `civicsim compare
// DIR --days A:B`): the figures that can be recomputed exactly from /series and /daily over whole
// days A..B. One implementation, shared by summary and compare (docs/output.md "Windows after the
// run").
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/exit_status.hpp"
#include "viz_export/summary_values.hpp"

namespace civicsim::viz {

/// A failure the user can act on, with the program's exit code: 64 (bad --days syntax, or days
/// outside the file's /dims/day), 66 (the file is missing, incomplete or lacks a dataset).
class WindowError : public io::UserError {
 public:
  using io::UserError::UserError;
};

/// --days as given: "A:B", "A:", ":B" or "A" (the one day A); -1 marks an end left open.
struct DayRange {
  std::int64_t first = -1, last = -1;
  std::string text;  // as the user wrote it, for messages
};

/// Parses --days; throws WindowError(64) with what was expected.
DayRange parse_day_range(const std::string& text);

/// The days A..B of a run of `days` days (open ends: 0 and days − 1). Throws WindowError(64) when
/// a day is outside 0 … days − 1 or A > B; `file` names the file in the message.
struct DayWindow {
  std::int64_t first = 0, last = 0;
  std::int64_t days() const { return last - first + 1; }
};
DayWindow resolve_days(const DayRange& range, std::int64_t days, const std::string& file);

/// The /summary figures that /series and /daily give exactly over whole days: the rest are
/// absent from the result (`SummaryValues::has` is false). Exact because every met need is
/// resolved by exactly one service (/series/resolved), and needs that end unmet are counted in
/// /daily/unmet_needs.
inline const std::vector<std::string>& window_recomputed() {
  static const std::vector<std::string> names = {
      "arrivals", "served",   "abandoned",   "wait_mean_seconds", "abandonment_rate",  // [G, C]
      "needs",    "resolved", "unmet_needs", "resolution_rate",   "adoption"};         // [G]
  return names;
}

/// The /summary figures of the run's own analysis window (time.warmup_days) that a window after
/// the run cannot give, and why, in one line.
const std::vector<std::string>& window_not_recomputed();
const char* window_not_recomputed_reason();

/// The summary of a complete output file over days A..B: scenario, status and sample as in
/// /summary; the figures of window_recomputed() from /series (an interval belongs to day
/// (time_seconds − 1) div 86400) and /daily; the run-wide total_cost, budget and
/// unfunded_interventions from /summary; `window` says which days. Throws WindowError.
SummaryValues read_window_summary(const std::string& h5_path, const DayRange& range, DayWindow* window = nullptr);

}  // namespace civicsim::viz
