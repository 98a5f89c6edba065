// /geography and /summary/district* of a run's file (MODEL.md §10 schema 2, docs/output.md): the
// districts and halls a map draws, and the figures it colours them by.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace civicsim::viz {

/// One row of /geography/districts.
struct DistrictRow {
  std::string name, name_zh, kind;  // kind: urban, suburban or rural
  double lat = 0, lon = 0, population = 0, area_km2 = 0, urban_share = 0, share_60_plus = 0;
  std::uint64_t agents = 0;
  int halls = 0;
};

/// One row of /geography/halls.
struct HallRow {
  int district = 0;  // index into Geography::districts
  double lat = 0, lon = 0;
};

struct Geography {
  std::vector<DistrictRow> districts;
  std::vector<HallRow> halls;
};

/// Reads /geography; throws io::DataError naming the file when it is missing (a file written
/// before schema 2: "rerun it with this version") or malformed.
Geography read_geography(const std::string& h5_path);

/// The one-dimensional figures of /summary/district (`group` "district", one value per district)
/// or /summary/district_kind ("district_kind", per kind), as doubles, with the window they cover.
struct DistrictFigures {
  int window_first_day = 0, window_days = 0;
  std::vector<std::string> names;                     // the districts (or kinds), in order
  std::map<std::string, std::vector<double>> values;  // figure -> one value per name
  const std::vector<double>& at(const std::string& figure) const;
};

/// Reads /summary/<group>; throws io::DataError when it is missing or malformed.
DistrictFigures read_district_summary(const std::string& h5_path, const char* group = "district");

}  // namespace civicsim::viz
