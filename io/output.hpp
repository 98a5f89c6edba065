// The HDF5 output file of one run (MODEL.md §10). Written under a temporary name in the target
// folder and renamed to its final name only when complete; `status` is the last thing written.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/output_error.hpp"
#include "io/output_geography.hpp"
#include "sim/metrics.hpp"

namespace civicsim::io {

struct OutputLayout {
  std::vector<std::string> districts;  // D names
  int days = 0;
  int intervals = 0;  // T
  int report_seconds = 3600;
  int warmup_days = 0;        // time.warmup_days: /summary/district covers the days after it
  GeographyLayout geography;  // /geography and /summary/district* (empty: neither is written)
};

class OutputFile {
 public:
  /// Creates the temporary file next to `final_path` (creating its folder if needed) with every
  /// dataset, the dims and the provenance (status = "running"). Refuses an existing final_path
  /// unless `force`.
  OutputFile(const std::string& final_path, bool force, const OutputLayout& layout, const RunInfo& info);
  ~OutputFile();  // an unfinished file is removed: nothing half-written remains
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write_interval(int t, const IntervalRecord& record);
  void write_day(int day, const DayRecord& record);
  /// Writes /summary: the run's headline figures (call once, before finish).
  void write_summary(const RunSummary& summary);
  /// Writes /interventions, wall_seconds and status = "complete" (last), closes and renames.
  void finish(const std::vector<InterventionRecord>& interventions, double wall_seconds);

  const std::string& final_path() const;
  const std::string& temporary_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civicsim::io
