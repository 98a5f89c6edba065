// Tidy (long-format) CSV files from a civicsim output file, for spreadsheets, R, pandas and BI
// tools: one row per (time, district, group, channel) and one column per metric.
#pragma once

#include <string>

namespace civicsim::viz {

/// Writes, into `out_dir` (created if needed), from the HDF5 output file `h5_path`:
///   series.csv         time_seconds,district,group,channel,<each /series metric of shape [T,D,G,C]>
///   servers.csv        time_seconds,district,channel,<each /series metric of shape [T,D,C]>
///                      (servers_on_duty)
///   daily.csv          day,district,group,<each /daily metric of shape [days,D,G]>
///   staff.csv          day,district,channel,staff               (/daily/staff, [days,D,C])
///   interventions.csv  one row per intervention, one column per field of /interventions
///                      (written only when the file has /interventions)
/// Metrics named in MODEL.md come first, in its order; others follow by name. Integers are written
/// as integers; floating-point values in their shortest exact form (NaN, Inf, -Inf). Text with a
/// comma, quote or line break is quoted (RFC 4180). Each file is written under a temporary name and
/// renamed when complete.
///
/// Throws std::runtime_error with a message naming the file when it is missing, not HDF5, not
/// complete (root attribute `status` is not "complete": the run did not finish), or lacks a part of
/// the layout; or when a CSV file cannot be written.
void export_csv(const std::string& h5_path, const std::string& out_dir);

}  // namespace civicsim::viz
