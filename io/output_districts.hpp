// /summary/district and /summary/district_kind of a run's file (MODEL.md §10, schema 2;
// docs/output.md): waits, abandonment, needs met and unmet by home district and by district kind,
// over the analysis window. Gathered from the same interval and day records as /series and /daily,
// so each district's figures add up to the run's (a test checks it).
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <vector>

#include "io/h5_scales.hpp"
#include "sim/params.hpp"

namespace civicsim::io {

/// Sums by district over the whole run and over the analysis window (days >= warmup_days).
class DistrictTally {
 public:
  /// [D][C] counts of queued contacts, and [D] needs given up.
  struct Sums {
    std::vector<std::int64_t> arrivals, served, abandoned, wait_seconds, resolved;  // [D][C], real-world
    std::vector<std::int64_t> unmet;                                                // [D], real-world
  };
  DistrictTally(std::size_t districts, int warmup_days, int report_seconds);
  /// One interval's /series record: [metric][D][G][C].
  void add_interval(int t, const std::vector<std::int64_t>& series);
  /// One day's needs given up, [D][G].
  void add_day(int day, const std::vector<std::int64_t>& unmet_needs);
  /// The window's sums when the run reached it (`window_first_day` > 0), else the whole run's.
  const Sums& sums(int window_first_day) const { return window_first_day > 0 ? window_ : all_; }

 private:
  std::size_t D_;
  int warmup_days_, report_seconds_;
  Sums all_, window_;
};

/// The scales /summary/district* are laid out over (datasets of the same file).
struct DistrictAxes {
  hid_t district_scale;
  hid_t channel_scale;
};

/// Writes /summary/district [D] (and [D, C]) and /summary/district_kind [K] (creating
/// /dims/district_kind), with the window of /summary in their attributes; the scales learn of the
/// datasets in `links`.
void write_district_summary(hid_t file, const DistrictAxes& axes, const std::vector<District>& districts,
                            const DistrictTally::Sums& sums, int window_first_day, int window_days,
                            h5::ScaleLinks& links);

}  // namespace civicsim::io
