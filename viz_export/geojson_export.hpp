// Map layers from a civicsim output file, for QGIS and anything else that reads with GDAL
// (docs/export.md): GeoJSON (RFC 7946: WGS 84 longitude, latitude; no crs member) and a per-day
// attribute table to join to the districts by name.
#pragma once

#include <string>
#include <vector>

#include "viz_export/export_batch.hpp"

namespace civicsim::viz {

/// Writes, into `out_dir` (created if needed), from the output file `h5_path` (schema 2):
///   districts.geojson   one Point per district at its centre (/geography/districts lon, lat),
///                       with its /geography/districts columns and its /summary/district figures
///                       ([D] under their name, [D, C] as <name>_<channel>; each figure in seconds
///                       also in minutes, `_seconds` → `_minutes`)
///   halls.geojson       one Point per service hall: hall, district, district_index, kind (no
///                       features for a file without /geography/halls)
///   district_days.csv   district,day,nominal_date and each /daily figure over the district's
///   district_days.csvt  groups (channels for staff) day by day; .csvt: GDAL's column types
/// Numbers are written so that they read back exactly; NaN (and infinities) as null. Text that is
/// not valid UTF-8 (a damaged name) has each invalid sequence replaced by U+FFFD.
///
/// An existing file of geojson_file_names() is refused before anything is written (OutputError 73,
/// naming it and suggesting --force) unless `force`. Throws io::DataError (65) for a file without
/// /geography (written before schema 2), std::runtime_error for a file that is not a complete run.
/// The files are renamed together at the end, or, with `batch`, when the caller commits it.
void export_geojson(const std::string& h5_path, const std::string& out_dir, bool force = false,
                    ExportBatch* batch = nullptr);

/// The check export_geojson and export_xdmf make first, for a caller that runs several exports and
/// wants none written when one of them cannot be: throws io::DataError (65) unless `h5_path` is a
/// complete run with /geography (schema 2), std::runtime_error when it is not a complete run.
void check_map_export(const std::string& h5_path);

/// Every file name export_geojson writes.
std::vector<std::string> geojson_file_names();

}  // namespace civicsim::viz
