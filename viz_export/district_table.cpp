#include "viz_export/district_table.hpp"

#include <limits>
#include <string>
#include <utility>

#include "io/output_names.hpp"
#include "viz_export/export_common.hpp"

namespace civicsim::viz {
namespace {

constexpr char kDistricts[] = "/geography/districts";

/// The columns in the order of docs/output.md (MODEL.md §10); others follow by name.
const std::vector<std::string> kGeographyOrder = {"name_zh",  "kind",        "lat",           "lon",    "population",
                                                  "area_km2", "urban_share", "share_60_plus", "agents", "halls"};
const std::vector<std::string> kFigureOrder = {
    "needs_met", "unmet_needs", "unmet_share", "needs_met_per_1000_residents", "wait_mean_seconds", "abandonment_rate",
    "arrivals",  "served",      "abandoned",   "wait_mean_seconds_by_channel"};

/// Entry k of every `per_row` values (row-major [rows, per_row]) as one numeric column.
DistrictColumn numeric_column(const std::string& name, const std::string& units, const io::h5::Numbers& values,
                              std::size_t rows, std::size_t per_row, std::size_t k) {
  DistrictColumn column;
  column.name = name;
  column.units = units;
  column.is_integer = !values.is_float;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t i = r * per_row + k;
    column.numbers.push_back(values.is_float ? values.floats[i] : static_cast<double>(values.ints[i]));
  }
  return column;
}

/// A whole 1-D numeric dataset. Unsigned 64-bit integers (/geography/districts/agents), which
/// Reader::numeric_row refuses as counts, are read as the text Reader::table_1d gives them.
io::h5::Numbers numbers_1d(const io::h5::Reader& file, const std::string& path) {
  const io::h5::ElementType type = file.element_type(path);
  if (type.kind != io::h5::ElementType::kUnsignedInteger || type.bytes < 8) return file.numeric_row(path, hsize_t(-1));
  io::h5::Numbers numbers;
  for (const std::string& cell : file.strings_1d(path)) {
    const unsigned long long value = std::stoull(cell);
    if (value > static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max())) {
      file.refuse(path + " holds " + cell + ", beyond the signed 64-bit counts it is read as");
    }
    numbers.ints.push_back(static_cast<std::int64_t>(value));
  }
  return numbers;
}

}  // namespace

const std::vector<std::string>& district_column_order(const std::string& group) {
  return group == kDistricts ? kGeographyOrder : kFigureOrder;
}

std::string DistrictColumn::number_text(std::size_t r) const {
  if (is_integer) return exporting::integer_text(numbers[r]);
  return io::h5::format_double(numbers[r]);
}

std::vector<std::string> district_names(const io::h5::Reader& file) {
  std::vector<std::string> names = axis_labels(file, kDistricts, io::out::kDistrictDim);
  const std::string dims = io::out::dims(io::out::kDistrictDim);
  if (file.exists(dims)) file.expect_shape(dims, 1, {names.size()});  // the /daily and /series axis
  return names;
}

std::vector<std::string> axis_labels(const io::h5::Reader& file, const std::string& group, const char* name) {
  const std::string linked = group + "/" + name;
  return file.strings_1d(file.exists(linked) ? linked : io::out::dims(name));
}

void require_length(const io::h5::Reader& file, const std::string& path, std::size_t axis, std::size_t length,
                    const char* what) {
  const std::vector<hsize_t> shape = file.shape(path);
  if (shape.size() <= axis || shape[axis] != length) {
    file.refuse(path + ": axis " + std::to_string(axis) + " has " +
                (shape.size() <= axis ? std::string("no extent") : std::to_string(shape[axis])) +
                " entries; expected " + std::to_string(length) + " (" + what + ")");
  }
}

std::vector<DistrictColumn> geography_columns(const io::h5::Reader& file, std::size_t rows) {
  const std::string name_path = std::string(kDistricts) + "/name";
  const std::vector<std::string> names = exporting::ordered_metrics(
      file, kDistricts, kGeographyOrder,
      [&](const std::string& path) { return exporting::is_metric(file, path) && path != name_path; });
  std::vector<DistrictColumn> columns;
  for (const std::string& name : names) {
    const std::string path = std::string(kDistricts) + "/" + name;
    file.expect_shape(path, 1);
    require_length(file, path, 0, rows, "districts");
    if (file.element_type(path).kind == io::h5::ElementType::kString) {
      DistrictColumn column;
      column.name = name;
      column.units = exporting::units_of(file, path);
      column.is_text = true;
      column.texts = file.strings_1d(path);
      columns.push_back(std::move(column));
    } else {
      columns.push_back(numeric_column(name, exporting::units_of(file, path), numbers_1d(file, path), rows, 1, 0));
    }
  }
  return columns;
}

std::vector<DistrictColumn> figure_columns(const io::h5::Reader& file, const std::string& group, std::size_t rows) {
  std::vector<DistrictColumn> columns;
  const std::vector<std::string> channels = axis_labels(file, group, io::out::kChannelDim);
  for (std::size_t rank : {std::size_t{1}, std::size_t{2}}) {
    for (const std::string& name : exporting::metrics_of_rank(file, group, kFigureOrder, rank)) {
      const std::string path = group + "/" + name;
      require_length(file, path, 0, rows, "entries");
      if (rank == 2) require_length(file, path, 1, channels.size(), "channels");
      const io::h5::Numbers values = file.numeric_row(path, hsize_t(-1));
      const std::size_t per_row = rank == 2 ? channels.size() : 1;
      for (std::size_t k = 0; k < per_row; ++k) {
        const std::string column = rank == 2 ? name + "_" + channels[k] : name;
        columns.push_back(numeric_column(column, exporting::units_of(file, path), values, rows, per_row, k));
        if (rank == 2) columns.back().channel = channels[k];
      }
    }
  }
  return columns;
}

const DistrictColumn& column_named(const io::h5::Reader& file, const std::vector<DistrictColumn>& columns,
                                   const std::string& name, const std::string& group, bool text) {
  for (const DistrictColumn& column : columns) {
    if (column.name != name) continue;
    if (column.is_text != text)
      file.refuse(group + "/" + name + (text ? " holds numbers; expected text" : " holds text; expected numbers"));
    return column;
  }
  file.refuse("missing " + group + "/" + name);
}

}  // namespace civicsim::viz
