// The tables of a synthetic run file that the comparison brief reads besides /series (schema 2,
// docs/output.md and /tmp layout of issue 20): the root attribute `question`, /scenario/yaml,
// /interventions, /summary (resolved, served, wait_mean_seconds), /geography/districts and halls,
// /summary/district and /summary/district_kind, with values chosen by the test.
#pragma once

#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "tests/viz_export/synthetic_h5.hpp"

namespace civicsim::test {

struct SyntheticIntervention {
  std::string type, districts;
  std::int64_t start_day = 0;
  double total_cost = 0;
  bool funded = true;
  std::int64_t agents_added = 0;  // /interventions/agents_added
  bool applied = true;            // false: its start day is after the run (funded rows only)
};

struct SyntheticBrief {
  bool tables = false;        // write /interventions, /summary, /geography and /summary/district(_kind)
  std::string question;       // root attribute `question` of the run files ("": not written)
  std::string yaml;           // their /scenario/yaml ("": not written)
  std::string resolved_yaml;  // their /scenario/resolved ("": not written)
  std::vector<std::string> districts = {"centre", "ring", "fields"};
  std::vector<std::string> kinds = {"urban", "suburban", "rural"};  // of each district
  std::function<std::vector<SyntheticIntervention>(int)> interventions = [](int) {
    return std::vector<SyntheticIntervention>{};
  };
  /// Of (arm, point, replicate, group): needs met (/summary/resolved), the mean wait in seconds at
  /// every queued channel and the services started at each channel (/summary/wait_mean_seconds, served).
  std::function<double(int, int, int, int)> resolved = [](int, int, int, int) { return 100.0; };
  std::function<double(int, int, int, int)> group_wait_seconds = [](int, int, int, int) { return 60.0; };
  std::function<std::int64_t(int, int, int, int)> served = [](int, int, int, int) { return std::int64_t{10}; };
  /// A [K] figure of /summary/district_kind at kind k (urban, suburban, rural) of (arm, point, replicate).
  std::function<double(int, int, int, int, const std::string&)> kind_value = [](int, int, int, int,
                                                                                const std::string&) { return 0.5; };
  /// /summary/district/wait_mean_seconds of district d of (arm, point, replicate).
  std::function<double(int, int, int, int)> district_wait_seconds = [](int, int, int, int) { return 120.0; };
};

namespace synthetic_detail {

inline void scale(hid_t file, const std::string& path, const char* name) {
  hid_t ds = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  check(ds >= 0 && H5DSset_scale(ds, name) >= 0, "scale " + path);
  H5Dclose(ds);
}

inline void doubles(hid_t file, const std::string& path, const std::vector<hsize_t>& shape,
                    const std::vector<double>& values) {
  numbers(file, path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, shape, values.data());
}

inline void int64s(hid_t file, const std::string& path, const std::vector<hsize_t>& shape,
                   const std::vector<std::int64_t>& values) {
  numbers(file, path, H5T_STD_I64LE, H5T_NATIVE_INT64, shape, values.data());
}

inline void write_interventions(hid_t file, const std::vector<SyntheticIntervention>& rows) {
  const hsize_t n = rows.size();
  std::vector<std::string> type, districts;
  std::vector<std::int64_t> index, start, end, added;
  std::vector<double> cost;
  std::vector<std::int8_t> funded, applied;
  for (const SyntheticIntervention& row : rows) {
    index.push_back(static_cast<std::int64_t>(index.size()));
    type.push_back(row.type);
    districts.push_back(row.districts);
    start.push_back(row.start_day);
    end.push_back(-1);
    cost.push_back(row.funded ? row.total_cost : 0.0);
    funded.push_back(row.funded ? 1 : 0);
    applied.push_back(row.funded && row.applied ? 1 : 0);
    added.push_back(row.agents_added);
  }
  int64s(file, "/interventions/intervention", {n}, index);
  strings(file, "/interventions/type", type);
  strings(file, "/interventions/districts", districts);
  int64s(file, "/interventions/start_day", {n}, start);
  int64s(file, "/interventions/end_day", {n}, end);
  int64s(file, "/interventions/districts_applied", {n}, std::vector<std::int64_t>(n, 1));
  doubles(file, "/interventions/total_cost", {n}, cost);
  numbers(file, "/interventions/funded", H5T_STD_I8LE, H5T_NATIVE_INT8, {n}, funded.data());
  numbers(file, "/interventions/applied", H5T_STD_I8LE, H5T_NATIVE_INT8, {n}, applied.data());
  int64s(file, "/interventions/agents_added", {n}, added);
}

inline void write_geography(hid_t file, const SyntheticBrief& b) {
  const hsize_t d = b.districts.size();
  std::vector<double> lat, lon, population, area, urban, elderly, hall_x;
  std::vector<std::int64_t> agents;
  std::vector<std::int32_t> halls, hall_district;
  std::vector<std::int64_t> hall_index;
  for (hsize_t i = 0; i < d; ++i) {
    lat.push_back(23.1 + 0.1 * static_cast<double>(i));
    lon.push_back(113.2 + 0.12 * static_cast<double>(i));
    population.push_back(1e6 / static_cast<double>(i + 1));
    area.push_back(100.0 * static_cast<double>(i + 1));
    urban.push_back(b.kinds[i] == "rural" ? 0.4 : 1.0);
    elderly.push_back(0.15);
    agents.push_back(static_cast<std::int64_t>(1000 + i));
    halls.push_back(1);
    hall_district.push_back(static_cast<std::int32_t>(i));
    hall_index.push_back(static_cast<std::int64_t>(i));
    hall_x.push_back(0.0);
  }
  strings(file, "/geography/districts/district", b.districts);
  scale(file, "/geography/districts/district", "district");
  strings(file, "/geography/districts/name", b.districts);
  strings(file, "/geography/districts/name_zh", std::vector<std::string>(d, ""));
  strings(file, "/geography/districts/kind", b.kinds);
  doubles(file, "/geography/districts/lat", {d}, lat);
  doubles(file, "/geography/districts/lon", {d}, lon);
  doubles(file, "/geography/districts/population", {d}, population);
  doubles(file, "/geography/districts/area_km2", {d}, area);
  doubles(file, "/geography/districts/urban_share", {d}, urban);
  doubles(file, "/geography/districts/share_60_plus", {d}, elderly);
  int64s(file, "/geography/districts/agents", {d}, agents);
  numbers(file, "/geography/districts/halls", H5T_STD_I32LE, H5T_NATIVE_INT32, {d}, halls.data());
  int64s(file, "/geography/halls/hall", {d}, hall_index);
  scale(file, "/geography/halls/hall", "hall");
  numbers(file, "/geography/halls/district", H5T_STD_I32LE, H5T_NATIVE_INT32, {d}, hall_district.data());
  doubles(file, "/geography/halls/lat", {d}, lat);
  doubles(file, "/geography/halls/lon", {d}, lon);
  doubles(file, "/geography/halls/x_m", {d}, hall_x);
  doubles(file, "/geography/halls/y_m", {d}, hall_x);
}

/// /summary/<group>: the [N] figures of the layout, `value(i, figure)` for each, and [N, 4] counts.
inline void write_place_summary(hid_t file, const std::string& group, const char* axis,
                                const std::vector<std::string>& names,
                                const std::function<double(int, const std::string&)>& value) {
  const hsize_t n = names.size();
  const std::string at = "/summary/" + group + "/";
  strings(file, at + axis, names);
  scale(file, at + axis, axis);
  for (const char* figure : {"unmet_share", "needs_met_per_1000_residents", "wait_mean_seconds", "abandonment_rate"}) {
    std::vector<double> values;
    for (hsize_t i = 0; i < n; ++i) values.push_back(value(static_cast<int>(i), figure));
    doubles(file, at + figure, {n}, values);
  }
  for (const char* figure : {"needs_met", "unmet_needs"}) {
    std::vector<std::int64_t> values;
    for (hsize_t i = 0; i < n; ++i) values.push_back(static_cast<std::int64_t>(value(static_cast<int>(i), figure)));
    int64s(file, at + figure, {n}, values);
  }
  for (const char* figure : {"arrivals", "served", "abandoned"})
    int64s(file, at + figure, {n, 4}, std::vector<std::int64_t>(n * 4, 10));
  doubles(file, at + "wait_mean_seconds_by_channel", {n, 4}, std::vector<double>(n * 4, 60.0));
  hid_t g = H5Gopen2(file, ("/summary/" + group).c_str(), H5P_DEFAULT);
  int_attribute(g, "window_first_day", 0);
  int_attribute(g, "window_days", 2);
  string_attribute(g, "window", "days 0 to 1 (the whole run)");
  H5Gclose(g);
}

}  // namespace synthetic_detail

/// Writes the brief's tables into an open run file of (arm a, point p, replicate rep).
inline void write_brief_tables(hid_t file, const SyntheticBrief& b, int a, int p, int rep) {
  using namespace synthetic_detail;
  if (!b.question.empty()) string_attribute(file, "question", b.question);
  for (const auto& [path, value] :
       {std::make_pair("/scenario/yaml", &b.yaml), {"/scenario/resolved", &b.resolved_yaml}}) {
    if (value->empty()) continue;
    hid_t type = utf8(), space = H5Screate(H5S_SCALAR), lcpl = link_plist();
    hid_t ds = H5Dcreate2(file, path, type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    const char* text = value->c_str();
    check(ds >= 0 && H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) >= 0, path);
    H5Dclose(ds);
    H5Pclose(lcpl);
    H5Sclose(space);
    H5Tclose(type);
  }
  if (!b.tables) return;
  write_interventions(file, b.interventions(a));
  std::vector<std::int64_t> resolved, served;
  std::vector<double> wait;
  for (int g = 0; g < 4; ++g) {
    resolved.push_back(static_cast<std::int64_t>(b.resolved(a, p, rep, g)));
    for (int c = 0; c < 4; ++c) {
      served.push_back(b.served(a, p, rep, g));
      wait.push_back(c == 2 ? 1e9 : b.group_wait_seconds(a, p, rep, g));  // online (2) is not a queue: ignored
    }
  }
  int64s(file, "/summary/resolved", {4}, resolved);
  int64s(file, "/summary/served", {4, 4}, served);
  doubles(file, "/summary/wait_mean_seconds", {4, 4}, wait);
  hid_t summary = H5Gopen2(file, "/summary", H5P_DEFAULT);
  string_attribute(summary, "window", "days 0 to 1 (the whole run)");
  H5Gclose(summary);
  write_geography(file, b);
  write_place_summary(file, "district_kind", "district_kind", {"urban", "suburban", "rural"},
                      [&](int k, const std::string& figure) { return b.kind_value(a, p, rep, k, figure); });
  write_place_summary(file, "district", "district", b.districts, [&](int d, const std::string& figure) {
    return figure == "wait_mean_seconds" ? b.district_wait_seconds(a, p, rep, d) : 1.0;
  });
}

}  // namespace civicsim::test
