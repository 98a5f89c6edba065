#include "viz_export/geojson_export.hpp"

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "io/csv_text.hpp"
#include "io/json.hpp"
#include "io/output_names.hpp"
#include "viz_export/calendar.hpp"
#include "viz_export/district_days.hpp"
#include "viz_export/district_table.hpp"
#include "viz_export/export_common.hpp"

namespace civicsim::viz {
namespace {

namespace fs = std::filesystem;
using exporting::json_number;
using io::json_string;

constexpr char kDistricts[] = "/geography/districts";
constexpr char kHalls[] = "/geography/halls";

/// A FeatureCollection written feature by feature: one feature per line.
class FeatureFile {
 public:
  FeatureFile(const fs::path& path, bool force, const std::string& layer, ExportBatch& batch)
      : file_(path.string(), force, "GeoJSON file", batch) {
    file_.write("{\"type\": \"FeatureCollection\", \"name\": " + json_string(layer) + ", \"features\": [\n");
  }
  /// `properties` is the body of a JSON object ("\"a\": 1, \"b\": null").
  void point(std::size_t id, double lon, double lat, const std::string& properties) {
    file_.write(std::string(first_ ? "" : ",\n") + "{\"type\": \"Feature\", \"id\": " + std::to_string(id) +
                ", \"geometry\": {\"type\": \"Point\", \"coordinates\": [" + json_number(lon) + ", " +
                json_number(lat) + "]}, \"properties\": {" + properties + "}}");
    first_ = false;
  }
  void commit() {
    file_.write("\n]}\n");
    file_.commit();
  }

 private:
  exporting::TextFile file_;
  bool first_ = true;
};

/// Refuses (DataError) a position that is no place on Earth: a damaged file's NaN or 1e300.
void check_position(const io::h5::Reader& file, const std::string& group, std::size_t i, double lon, double lat) {
  if (std::isfinite(lon) && std::isfinite(lat) && std::fabs(lon) <= 180 && std::fabs(lat) <= 90) return;
  file.refuse(group + "/lon, lat [" + std::to_string(i) + "] = " + io::h5::format_double(lon) + ", " +
              io::h5::format_double(lat) + ": not a position (degrees, WGS 84)");
}

void add_property(std::string& properties, const std::string& name, const std::string& json) {
  properties += (properties.empty() ? "" : ", ") + json_string(name) + ": " + json;
}

/// `wait_mean_seconds` → `wait_mean_minutes`; a name without `_seconds` gets `_minutes` appended.
std::string minutes_name(const std::string& name) {
  const std::size_t at = name.find("_seconds");
  return at == std::string::npos ? name + "_minutes" : name.substr(0, at) + "_minutes" + name.substr(at + 8);
}

std::string json_cell(const DistrictColumn& column, std::size_t r) {
  if (column.is_text) return json_string(column.texts[r]);
  return column.is_integer ? column.number_text(r) : exporting::json_real(column.numbers[r]);
}

/// Where the map layers go: the folder, whether files there may be replaced, and the export's batch.
struct Layers {
  fs::path dir;
  bool force = false;
  ExportBatch& batch;
};

void write_districts(const io::h5::Reader& file, const std::vector<std::string>& names, const Layers& out) {
  const std::vector<DistrictColumn> geography = geography_columns(file, names.size());
  const std::vector<DistrictColumn> figures = figure_columns(file, "/summary/district", names.size());
  const DistrictColumn& lon = column_named(file, geography, "lon", kDistricts);
  const DistrictColumn& lat = column_named(file, geography, "lat", kDistricts);
  FeatureFile layer(out.dir / "districts.geojson", out.force, "districts", out.batch);
  for (std::size_t d = 0; d < names.size(); ++d) {
    std::string properties;
    add_property(properties, "name", json_string(names[d]));
    add_property(properties, "district_index", std::to_string(d));
    for (const DistrictColumn& column : geography) add_property(properties, column.name, json_cell(column, d));
    for (const DistrictColumn& column : figures) {
      add_property(properties, column.name, json_cell(column, d));
      if (column.units == "s")
        add_property(properties, minutes_name(column.name), exporting::json_real(column.numbers[d] / 60));
    }
    check_position(file, kDistricts, d, lon.numbers[d], lat.numbers[d]);
    layer.point(d, lon.numbers[d], lat.numbers[d], properties);
  }
  layer.commit();
}

/// halls.geojson; a layer without features for a file without /geography/halls (a city without halls).
void write_halls(const io::h5::Reader& file, const std::vector<std::string>& names, const Layers& out) {
  const std::string group = kHalls;
  FeatureFile layer(out.dir / "halls.geojson", out.force, "halls", out.batch);
  if (!file.exists(group)) {
    layer.commit();
    return;
  }
  const hsize_t halls = file.expect_shape(group + "/district", 1).at(0);
  for (const char* axis : {"lat", "lon"}) file.expect_shape(group + "/" + axis, 1, {halls});
  const std::vector<std::int64_t> district = file.ints_1d(group + "/district");
  const std::vector<double> lat = exporting::read_doubles(file, group + "/lat");
  const std::vector<double> lon = exporting::read_doubles(file, group + "/lon");
  const std::vector<DistrictColumn> geography = geography_columns(file, names.size());
  const DistrictColumn& kind = column_named(file, geography, "kind", kDistricts, /*text=*/true);
  for (std::size_t h = 0; h < halls; ++h) {
    const std::int64_t d = district[h];
    if (d < 0 || static_cast<std::size_t>(d) >= names.size()) {
      file.refuse(group + "/district[" + std::to_string(h) + "] = " + std::to_string(d) +
                  " is not a district index (0 to " + std::to_string(names.size() - 1) + ")");
    }
    std::string properties;
    add_property(properties, "hall", std::to_string(h));
    add_property(properties, "district", json_string(names[d]));
    add_property(properties, "district_index", std::to_string(d));
    add_property(properties, "kind", json_cell(kind, static_cast<std::size_t>(d)));
    check_position(file, group, h, lon[h], lat[h]);
    layer.point(h, lon[h], lat[h], properties);
  }
  layer.commit();
}

/// district_days.csv and its .csvt (GDAL's column types, which QGIS reads too).
void write_district_days(const io::h5::Reader& file, const std::vector<std::string>& names, const Layers& out) {
  const std::vector<DailyFigure> figures = daily_figures(file);
  const std::vector<std::int64_t> days = file.ints_1d(io::out::dims(io::out::kDayDim));
  const NominalCalendar calendar = read_calendar(file);
  exporting::TextFile csv((out.dir / "district_days.csv").string(), out.force, "CSV file", out.batch);
  exporting::TextFile csvt((out.dir / "district_days.csvt").string(), out.force, "CSV types file", out.batch);
  std::string header = "district,day,nominal_date", types = "\"String\",\"Integer\",\"Date\"";
  for (const DailyFigure& figure : figures) {
    header += "," + figure.column_name();
    types += figure.is_integer && !figure.is_mean ? ",\"Integer64\"" : ",\"Real\"";
  }
  csv.line(header);
  csvt.line(types);
  DailyDay day(file, figures, names.size());
  for (std::size_t i = 0; i < days.size(); ++i) {
    day.read(static_cast<std::int64_t>(i));
    for (std::size_t d = 0; d < names.size(); ++d) {
      std::string line = io::csv_field(names[d]) + "," + std::to_string(days[i]) + "," + calendar.date(days[i]);
      for (std::size_t f = 0; f < figures.size(); ++f) {
        const double v = day.totals(f)[d];
        line += ",";
        if (!std::isfinite(v)) continue;  // an empty cell: GDAL's null
        line += figures[f].is_integer && !figures[f].is_mean ? exporting::integer_text(v) : io::h5::format_double(v);
      }
      csv.line(line);
    }
  }
  csv.commit();
  csvt.commit();
}

}  // namespace

std::vector<std::string> geojson_file_names() {
  return {"districts.geojson", "halls.geojson", "district_days.csv", "district_days.csvt"};
}

void check_map_export(const std::string& h5_path) {
  const io::h5::Reader file(h5_path);
  exporting::require_complete_run(file);
  exporting::require_geography(file, "a map or viewer export");
}

void export_geojson(const std::string& h5_path, const std::string& out_dir, bool force, ExportBatch* batch) {
  ExportBatch own;
  const io::h5::Reader file(h5_path);
  exporting::require_complete_run(file);
  exporting::require_geography(file, "a map export");
  for (const std::string& name : geojson_file_names()) {
    io::check_replaceable((fs::path(out_dir) / name).string(), force, "GeoJSON export file");
  }
  const std::vector<std::string> names = district_names(file);
  exporting::create_folder(out_dir);
  const Layers out{out_dir, force, batch ? *batch : own};
  write_districts(file, names, out);
  write_halls(file, names, out);
  write_district_days(file, names, out);
  if (!batch) own.commit();
}

}  // namespace civicsim::viz
