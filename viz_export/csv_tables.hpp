// The CSV tables of `export --csv` beyond the long tables of /series and /daily: summary.csv and
// the district tables (docs/export.md). Internal to viz_export/.
#pragma once

#include <string>

#include "io/h5_reader.hpp"
#include "viz_export/export_batch.hpp"

namespace civicsim::viz {

/// Where `export --csv` writes, whether it may replace files there, and the batch its files join.
struct CsvFolder {
  std::string dir;
  bool force = false;
  ExportBatch* batch = nullptr;
};

/// summary.csv: figure,group,channel,value,units, one row per cell of each /summary dataset of
/// its top level (scalars have empty group and channel; [G] figures an empty channel).
void export_summary_csv(const io::h5::Reader& file, const CsvFolder& out);

/// districts.csv (`group` "district") or district_kinds.csv ("district_kind"): one row per entry,
/// the label first, then (districts only) every /geography/districts column, then each
/// /summary/<group> figure: [n] figures under their name, [n, C] figures as <name>_<channel>.
void export_district_csv(const io::h5::Reader& file, const CsvFolder& out, const std::string& group);

}  // namespace civicsim::viz
