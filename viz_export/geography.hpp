// PLACEHOLDER until the main session's viz_export/geography.hpp lands on main (issue 20): the
// interface of /tmp/issue20/layout.md, so that the run brief builds. Replaced by main's on merge.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace civicsim::viz {

struct DistrictRow {
  std::string name, name_zh, kind;
  double lat = 0, lon = 0, population = 0, area_km2 = 0, urban_share = 0, share_60_plus = 0;
  std::uint64_t agents = 0;
  int halls = 0;
};
struct HallRow {
  int district = 0;
  double lat = 0, lon = 0;
};
struct Geography {
  std::vector<DistrictRow> districts;
  std::vector<HallRow> halls;
};
Geography read_geography(const std::string& h5_path);

struct DistrictFigures {
  int window_first_day = 0, window_days = 0;
  std::vector<std::string> names;
  std::map<std::string, std::vector<double>> values;
};
DistrictFigures read_district_summary(const std::string& h5_path, const char* group = "district");

}  // namespace civicsim::viz
