// Tidy (long-format) CSV files from a civicsim output file, for spreadsheets, R, pandas and BI
// tools: one row per (time, district, group, channel) and one column per metric (docs/export.md).
#pragma once

#include <string>
#include <vector>

#include "viz_export/export_batch.hpp"

namespace civicsim::viz {

/// Writes, into `out_dir` (created if needed), from the HDF5 output file `h5_path`:
///   run.csv            key,value: the run's metadata, its sample and its calendar
///   series.csv         time_seconds,nominal_time,district,group,channel,<each /series metric of
///                      shape [T,D,G,C]>
///   servers.csv        time_seconds,nominal_time,district,channel,<each /series metric of shape
///                      [T,D,C]> (servers_on_duty)
///   daily.csv          day,nominal_date,district,group,<each /daily metric of shape [days,D,G]>
///   staff.csv          day,nominal_date,district,channel,staff      (/daily/staff, [days,D,C])
///   interventions.csv  one row per intervention, one column per field of /interventions
///                      (written only when the file has /interventions)
///   summary.csv        figure,group,channel,value,units: every /summary figure, one row per cell
///                      (written only when the file has /summary)
///   districts.csv      /geography/districts joined with the /summary/district figures, one row per
///   district_kinds.csv district (kind); written only when the file has /geography (schema 2)
/// nominal_time and nominal_date are ISO 8601 in the nominal calendar of viz_export/calendar.hpp.
/// Metrics named in MODEL.md come first, in its order; others follow by name. Integers are written
/// as integers; floating-point values in their shortest exact form (NaN, Inf, -Inf). Text with a
/// comma, quote or line break is quoted (RFC 4180).
///
/// An existing file of csv_file_names() in `out_dir` is refused before anything is written
/// (io::OutputError 73, naming it and suggesting --force) unless `force`. Throws std::runtime_error
/// with a message naming the file when it is missing, not HDF5, not complete (root attribute
/// `status` is not "complete": the run did not finish), or lacks a part of the layout; or when a
/// CSV file cannot be written. Returns notes for the user: the tables left out and why.
///
/// Every file is written under a temporary name first: with `batch`, they join it and keep those
/// names until the caller commits it (with other exports' files); without, they are renamed
/// together at the end. An export that fails changes none of the folder's files.
std::vector<std::string> export_csv(const std::string& h5_path, const std::string& out_dir, bool force = false,
                                    ExportBatch* batch = nullptr);

/// Every file name export_csv may write.
std::vector<std::string> csv_file_names();

}  // namespace civicsim::viz
