#include "viz_export/geography.hpp"

#include <cstdint>

#include "io/data_error.hpp"
#include "io/h5_reader.hpp"
#include "io/output_names.hpp"

namespace civicsim::viz {
namespace {

namespace out = io::out;

/// Refuses unless `path` is a dataset of `n` values along one axis.
void need(const io::h5::Reader& reader, const std::string& path, hsize_t n) {
  if (!reader.is_dataset(path)) reader.refuse(path + " is missing (or is not a dataset)");
  reader.expect_shape(path, 1, {n});
}

/// A whole 1-D numeric dataset of `n` values, as doubles.
std::vector<double> doubles(const io::h5::Reader& reader, const std::string& path, hsize_t n) {
  need(reader, path, n);
  const io::h5::Numbers numbers = reader.numeric_row(path, hsize_t(-1));
  if (numbers.is_float) return numbers.floats;
  return std::vector<double>(numbers.ints.begin(), numbers.ints.end());
}

/// A whole 1-D integer dataset of `n` values, each within [low, high].
std::vector<std::int64_t> integers(const io::h5::Reader& reader, const std::string& path, hsize_t n, std::int64_t low,
                                   std::int64_t high) {
  need(reader, path, n);
  std::vector<std::int64_t> v = reader.ints_1d(path);
  for (const std::int64_t x : v) {
    if (x < low || x > high) {
      reader.refuse(path + " holds " + std::to_string(x) + "; expected " + std::to_string(low) + " to " +
                    std::to_string(high));
    }
  }
  return v;
}

std::vector<std::string> texts(const io::h5::Reader& reader, const std::string& path, hsize_t n) {
  need(reader, path, n);
  return reader.strings_1d(path);
}

/// Refuses unless `group` is a group of the file.
void require(const io::h5::Reader& reader, const std::string& group, const char* what) {
  if (!reader.exists(group) || reader.is_dataset(group)) {
    reader.refuse("it has no group " + group + " (" + what +
                  "): it was written before output schema 2, or is not a run's file; rerun it with this version");
  }
}

/// A whole-number attribute of `group` within [0, high]; refuses when missing or out of range.
int count_attribute(const io::h5::Reader& reader, const std::string& group, const char* name, double high) {
  double v = 0;
  if (!reader.double_attribute(group, name, &v)) reader.refuse(group + " has no attribute " + name);
  if (!(v >= 0 && v <= high) || v != static_cast<double>(static_cast<long long>(v))) {
    reader.refuse(group + " attribute " + name + " is not a whole number of days from 0");
  }
  return static_cast<int>(v);
}

constexpr std::int64_t kMaxHalls = 1'000'000;

}  // namespace

Geography read_geography(const std::string& h5_path) {
  const io::h5::Reader reader(h5_path);
  require(reader, out::kGeographyDistricts, "the districts");
  if (reader.exists(out::kGeographyHalls)) require(reader, out::kGeographyHalls, "the halls");
  const auto at = [](const char* name) { return out::path(out::kGeographyDistricts, name); };
  if (!reader.is_dataset(at(out::geo::kName))) reader.refuse(at(out::geo::kName) + " is missing");
  const hsize_t D = reader.expect_shape(at(out::geo::kName), 1).at(0);
  const std::vector<std::string> names = texts(reader, at(out::geo::kName), D),
                                 zh = texts(reader, at(out::geo::kNameZh), D),
                                 kinds = texts(reader, at(out::geo::kKind), D);
  const std::vector<double> lat = doubles(reader, at(out::geo::kLat), D), lon = doubles(reader, at(out::geo::kLon), D),
                            population = doubles(reader, at(out::geo::kPopulation), D),
                            area = doubles(reader, at(out::geo::kAreaKm2), D),
                            urban = doubles(reader, at(out::geo::kUrbanShare), D),
                            elderly = doubles(reader, at(out::geo::kShare60Plus), D);
  const std::vector<std::int64_t> agents = integers(reader, at(out::geo::kAgents), D, 0, INT64_MAX),
                                  halls = integers(reader, at(out::geo::kHalls), D, 0, kMaxHalls);
  Geography g;
  for (hsize_t d = 0; d < D; ++d) {
    g.districts.push_back(DistrictRow{names[d], zh[d], kinds[d], lat[d], lon[d], population[d], area[d], urban[d],
                                      elderly[d], static_cast<std::uint64_t>(agents[d]), static_cast<int>(halls[d])});
  }
  if (!reader.exists(out::kGeographyHalls)) return g;
  const auto hall = [](const char* name) { return out::path(out::kGeographyHalls, name); };
  if (!reader.is_dataset(hall(out::geo::kHallDistrict))) reader.refuse(hall(out::geo::kHallDistrict) + " is missing");
  const hsize_t H = reader.expect_shape(hall(out::geo::kHallDistrict), 1).at(0);
  const std::vector<std::int64_t> district =
      integers(reader, hall(out::geo::kHallDistrict), H, 0, static_cast<std::int64_t>(D) - 1);
  const std::vector<double> hall_lat = doubles(reader, hall(out::geo::kLat), H),
                            hall_lon = doubles(reader, hall(out::geo::kLon), H);
  for (hsize_t h = 0; h < H; ++h) g.halls.push_back(HallRow{static_cast<int>(district[h]), hall_lat[h], hall_lon[h]});
  return g;
}

const std::vector<double>& DistrictFigures::at(const std::string& figure) const {
  const auto it = values.find(figure);
  if (it == values.end()) throw io::DataError("/summary district figure '" + figure + "' is missing");
  return it->second;
}

DistrictFigures read_district_summary(const std::string& h5_path, const char* group) {
  const io::h5::Reader reader(h5_path);
  const std::string where = out::path(out::kSummary, group);
  require(reader, where.c_str(), "figures by district");
  DistrictFigures f;
  const std::string names = out::path(where.c_str(), group);
  if (!reader.is_dataset(names)) reader.refuse(names + " is missing");
  f.names = texts(reader, names, reader.expect_shape(names, 1).at(0));
  constexpr double kMaxDays = 1e7;
  f.window_first_day = count_attribute(reader, where, "window_first_day", kMaxDays);
  f.window_days = count_attribute(reader, where, "window_days", kMaxDays);
  for (const std::string& name : reader.members(where)) {
    const std::string p = out::path(where.c_str(), name.c_str());
    if (!reader.is_dataset(p) || reader.is_dimension_scale(p) || reader.shape(p).size() != 1) continue;
    f.values[name] = doubles(reader, p, f.names.size());
  }
  return f;
}

}  // namespace civicsim::viz
