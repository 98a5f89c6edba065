#include "viz_export/export_common.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "io/data_error.hpp"
#include "io/output_error.hpp"
#include "io/output_names.hpp"

namespace civicsim::viz::exporting {

namespace fs = std::filesystem;

void require_complete_run(const io::h5::Reader& file) {
  std::string status;
  if (!file.string_attribute("/", "status", &status)) {
    file.fail("no root attribute 'status': not a civicsim output file, or one whose run never started writing");
  }
  if (status != "complete") {
    file.fail("the run did not finish (status = '" + status + "', expected 'complete'); its series are incomplete");
  }
  for (const char* group : {io::out::kDims, io::out::kSeries, io::out::kDaily}) {
    if (!file.exists(group)) file.fail(std::string("missing ") + group);
  }
}

void require_geography(const io::h5::Reader& file, const std::string& what) {
  if (file.exists("/geography/districts") && file.exists("/summary/district")) return;
  throw io::DataError("'" + file.file_path() + "' has no /geography: it was written by an older civicsim (schema 1), " +
                      "before output files placed their districts; " + what +
                      " needs them: run its scenario again with this version");
}

void create_folder(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw io::OutputError(io::kExitCantCreate,
                          "cannot create the folder '" + dir + "'" +
                              (ec ? ": " + ec.message() : ": " + io::what_is_at(dir) + " is there"));
  }
}

std::string number_text(const io::h5::Numbers& numbers, std::size_t i) {
  if (numbers.is_single) return io::h5::format_float(static_cast<float>(numbers.floats[i]));
  if (numbers.is_float) return io::h5::format_double(numbers.floats[i]);
  return std::to_string(numbers.ints[i]);
}

std::string units_of(const io::h5::Reader& file, const std::string& path) {
  std::string units;
  file.string_attribute(path, "units", &units);
  return units;
}

bool counts_agents(const io::h5::Reader& file, const std::string& path) { return units_of(file, path) == "agents"; }

bool is_metric(const io::h5::Reader& file, const std::string& path) {
  return file.is_dataset(path) && !file.is_dimension_scale(path);
}

std::vector<std::string> metrics_of_rank(const io::h5::Reader& file, const std::string& group,
                                         const std::vector<std::string>& known, std::size_t rank) {
  return ordered_metrics(file, group, known, [&](const std::string& path) {
    return is_metric(file, path) && file.shape(path).size() == rank;
  });
}

std::vector<double> read_doubles(const io::h5::Reader& file, const std::string& path) {
  io::h5::Numbers numbers = file.numeric_row(path, hsize_t(-1));
  if (numbers.is_float) return std::move(numbers.floats);
  return std::vector<double>(numbers.ints.begin(), numbers.ints.end());
}

namespace {
constexpr double kInt64Bound = 9223372036854775808.0;  // 2^63: the first double beyond int64
bool fits_int64(double value) { return value >= -kInt64Bound && value < kInt64Bound; }
}  // namespace

std::string integer_text(double value) {
  return fits_int64(value) ? std::to_string(static_cast<std::int64_t>(value)) : io::h5::format_double(value);
}

std::int64_t saturated_int64(double value) {
  if (std::isnan(value)) return 0;
  if (!fits_int64(value)) {
    return value < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  }
  return static_cast<std::int64_t>(value);
}

std::string json_number(double value) { return std::isfinite(value) ? io::h5::format_double(value) : "null"; }

std::string json_real(double value) {
  std::string text = json_number(value);
  if (std::isfinite(value) && text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

}  // namespace civicsim::viz::exporting
