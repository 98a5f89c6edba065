#include "viz_export/xdmf_arrays.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "io/h5_file.hpp"
#include "io/h5_write.hpp"
#include "io/output_names.hpp"
#include "viz_export/district_days.hpp"
#include "viz_export/district_table.hpp"
#include "viz_export/export_common.hpp"

namespace civicsim::viz::xdmf {
namespace {

namespace w = io::h5;

Array companion_array(const std::string& name, const std::string& path, bool integer, std::size_t columns = 0) {
  return Array{name, false, path, integer ? "Int" : "Float", 8, columns};
}

/// Writes a [rows] (or [rows, columns]) dataset of int64 or float64 into the companion file.
void write_array(hid_t file, const Array& array, const std::vector<double>& values, const std::string& units,
                 const std::string& description) {
  const bool integer = std::string(array.number_type) == "Int";
  std::vector<hsize_t> shape{values.size() / std::max<std::size_t>(array.columns, 1)};
  if (array.columns > 0) shape.push_back(array.columns);
  w::Handle dataset =
      w::create_dataset(file, array.path, integer ? w::TypeOf<std::int64_t>::file() : w::TypeOf<double>::file(), shape,
                        w::Storage{}, units, description);
  if (integer) {
    std::vector<std::int64_t> integers;
    for (double v : values) integers.push_back(exporting::saturated_int64(v));
    w::write_all(dataset.get(), integers);
  } else {
    w::write_all(dataset.get(), values);
  }
}

/// Refuses a group or channel label that cannot be part of an HDF5 name.
void check_labels(const io::h5::Reader& file, const std::vector<std::string>& labels, const char* axis) {
  for (const std::string& label : labels) {
    if (label.find('/') != std::string::npos) {
      file.refuse(std::string("/dims/") + axis + " holds '" + label +
                  "': a label with '/' cannot name an array of the XDMF companion file");
    }
  }
}

/// The names of the per-day arrays: each figure's (DailyFigure::column_name, `_daily` appended
/// when a fixed array has it), then one per group or channel label.
void name_daily_arrays(Companion& companion, const std::vector<DailyFigure>& figures,
                       const std::vector<std::string>& groups, const std::vector<std::string>& channels,
                       const std::vector<Array>& in_run) {
  std::set<std::string> fixed;
  for (const Array& array : in_run) fixed.insert(array.name);
  for (const Array& array : companion.fixed) fixed.insert(array.name);
  for (const DailyFigure& figure : figures) {
    std::string name = figure.column_name();
    if (fixed.count(name)) name += "_daily";
    companion.daily.push_back(companion_array(name, "", figure.is_integer && !figure.is_mean));
    for (const std::string& label : figure.per_channel ? channels : groups) {
      companion.daily.push_back(companion_array(name + "_" + label, "", figure.is_integer));
    }
  }
}

/// Refuses two arrays of one name in a day's grid: XDMF readers (meshio, ParaView) keep only one.
void check_unique(const io::h5::Reader& file, const Companion& companion, const std::vector<Array>& in_run) {
  std::set<std::string> names;
  for (const auto* arrays : {&in_run, &companion.fixed, &companion.daily}) {
    for (const Array& array : *arrays) {
      if (!names.insert(array.name).second) {
        file.refuse("two arrays of the XDMF export would be named '" + array.name +
                    "' (a figure's name repeats another's with a group or channel label); readers keep only one");
      }
    }
  }
}

std::vector<double> column_of(const std::vector<double>& values, std::size_t columns, std::size_t k) {
  std::vector<double> column;
  for (std::size_t i = k; i < values.size(); i += columns) column.push_back(values[i]);
  return column;
}

}  // namespace

std::string daily_path(std::size_t day, const std::string& name) { return "/days/" + std::to_string(day) + "/" + name; }

std::vector<Array> run_file_arrays(const io::h5::Reader& file, std::size_t districts) {
  std::vector<Array> arrays;
  for (const char* group : {"/geography/districts", "/summary/district"}) {
    for (const std::string& name : exporting::metrics_of_rank(file, group, district_column_order(group), 1)) {
      const std::string path = std::string(group) + "/" + name;
      const io::h5::ElementType type = file.element_type(path);
      if (type.kind == io::h5::ElementType::kString || type.kind == io::h5::ElementType::kOther) continue;
      require_length(file, path, 0, districts, "districts");
      const char* number_type = type.kind == io::h5::ElementType::kFloat             ? "Float"
                                : type.kind == io::h5::ElementType::kUnsignedInteger ? "UInt"
                                                                                     : "Int";
      arrays.push_back(Array{name, true, path, number_type, type.bytes, 0});
    }
  }
  return arrays;
}

Companion write_companion(const io::h5::Reader& file, const std::string& path, bool force,
                          const std::vector<Array>& in_run, ExportBatch& batch) {
  const std::vector<std::string> names = district_names(file);
  const std::size_t districts = names.size();
  const std::vector<DistrictColumn> geography = geography_columns(file, districts);
  const DistrictColumn& lon = column_named(file, geography, "lon", "/geography/districts");
  const DistrictColumn& lat = column_named(file, geography, "lat", "/geography/districts");
  const std::vector<DailyFigure> figures = daily_figures(file);
  const std::vector<std::string> groups = file.strings_1d(io::out::dims(io::out::kGroupDim));
  const std::vector<std::string> channels = file.strings_1d(io::out::dims(io::out::kChannelDim));
  check_labels(file, groups, io::out::kGroupDim);
  check_labels(file, channels, io::out::kChannelDim);

  auto out = std::make_unique<w::AtomicFile>(path, force);
  const hid_t id = out->id();
  Companion companion;
  companion.points = companion_array("points", "/points", false, 3);
  companion.vertices = companion_array("vertices", "/vertices", true, 1);
  std::vector<double> points, index;
  for (std::size_t d = 0; d < districts; ++d) {
    points.insert(points.end(), {lon.numbers[d], lat.numbers[d], 0.0});
    index.push_back(static_cast<double>(d));
  }
  write_array(id, companion.points, points, "degrees", "district centres: longitude, latitude (WGS 84), 0");
  write_array(id, companion.vertices, index, "1", "one vertex per district (Polyvertex topology)");
  companion.fixed.push_back(companion_array("district_index", "/district_index", true));
  write_array(id, companion.fixed.back(), index, "1", "index into /dims/district of the run file");
  w::create_group(id, "/district");
  for (const DistrictColumn& column : figure_columns(file, "/summary/district", districts)) {
    if (column.channel.empty()) continue;  // [D] figures are read from the run file in place
    companion.fixed.push_back(companion_array(column.name, "/district/" + column.name, column.is_integer));
    write_array(id, companion.fixed.back(), column.numbers, column.units, "a /summary/district figure of one channel");
  }

  // The per-day arrays: each figure over the district's groups (channels), then one per group.
  name_daily_arrays(companion, figures, groups, channels, in_run);
  check_unique(file, companion, in_run);
  const std::vector<std::int64_t> days = file.ints_1d(io::out::dims(io::out::kDayDim));
  companion.days = days.size();
  DailyDay day(file, figures, districts);
  w::create_group(id, "/days");
  for (std::size_t i = 0; i < days.size(); ++i) {
    day.read(static_cast<std::int64_t>(i));
    w::create_group(id, "/days/" + std::to_string(i));
    std::size_t a = 0;
    for (std::size_t f = 0; f < figures.size(); ++f) {
      Array total = companion.daily[a++];
      total.path = daily_path(i, total.name);
      write_array(id, total, day.totals(f), figures[f].units,
                  "/daily/" + figures[f].name + " of the day over the district");
      const std::size_t k = figures[f].per_channel ? channels.size() : groups.size();
      for (std::size_t j = 0; j < k; ++j) {
        Array one = companion.daily[a++];
        one.path = daily_path(i, one.name);
        write_array(id, one, column_of(day.values(f), k, j), figures[f].units,
                    "/daily/" + figures[f].name + " of the day");
      }
    }
  }
  batch.hold(std::move(out));
  return companion;
}

}  // namespace civicsim::viz::xdmf
