#include "viz_export/geography.hpp"

#include "io/data_error.hpp"
#include "io/h5_reader.hpp"
#include "io/output_names.hpp"

namespace civicsim::viz {
namespace {

namespace out = io::out;

/// A whole 1-D numeric dataset of `n` values, as doubles.
std::vector<double> doubles(const io::h5::Reader& reader, const std::string& path, hsize_t n) {
  reader.expect_shape(path, 1, {n});
  const io::h5::Numbers numbers = reader.numeric_row(path, hsize_t(-1));
  if (numbers.is_float) return numbers.floats;
  return std::vector<double>(numbers.ints.begin(), numbers.ints.end());
}

std::vector<std::string> texts(const io::h5::Reader& reader, const std::string& path, hsize_t n) {
  reader.expect_shape(path, 1, {n});
  return reader.strings_1d(path);
}

void require(const io::h5::Reader& reader, const char* group, const char* what) {
  if (!reader.exists(group)) {
    reader.refuse(std::string("it has no ") + group + " (" + what +
                  "): it was written before output schema 2, or is not a run's file; rerun it with this version");
  }
}

}  // namespace

Geography read_geography(const std::string& h5_path) {
  const io::h5::Reader reader(h5_path);
  require(reader, out::kGeographyDistricts, "the districts");
  const auto at = [](const char* name) { return out::path(out::kGeographyDistricts, name); };
  const hsize_t D = reader.expect_shape(at(out::geo::kName), 1).at(0);
  const std::vector<std::string> names = texts(reader, at(out::geo::kName), D),
                                 zh = texts(reader, at(out::geo::kNameZh), D),
                                 kinds = texts(reader, at(out::geo::kKind), D);
  const std::vector<double> lat = doubles(reader, at(out::geo::kLat), D), lon = doubles(reader, at(out::geo::kLon), D),
                            population = doubles(reader, at(out::geo::kPopulation), D),
                            area = doubles(reader, at(out::geo::kAreaKm2), D),
                            urban = doubles(reader, at(out::geo::kUrbanShare), D),
                            elderly = doubles(reader, at(out::geo::kShare60Plus), D),
                            agents = doubles(reader, at(out::geo::kAgents), D),
                            halls = doubles(reader, at(out::geo::kHalls), D);
  Geography g;
  for (hsize_t d = 0; d < D; ++d) {
    g.districts.push_back(DistrictRow{names[d], zh[d], kinds[d], lat[d], lon[d], population[d], area[d], urban[d],
                                      elderly[d], static_cast<std::uint64_t>(agents[d]), static_cast<int>(halls[d])});
  }
  if (!reader.exists(out::kGeographyHalls)) return g;
  const auto hall = [](const char* name) { return out::path(out::kGeographyHalls, name); };
  const hsize_t H = reader.expect_shape(hall(out::geo::kHallDistrict), 1).at(0);
  const std::vector<double> district = doubles(reader, hall(out::geo::kHallDistrict), H),
                            hall_lat = doubles(reader, hall(out::geo::kLat), H),
                            hall_lon = doubles(reader, hall(out::geo::kLon), H);
  for (hsize_t h = 0; h < H; ++h) {
    if (district[h] < 0 || district[h] >= static_cast<double>(D)) {
      reader.refuse(hall(out::geo::kHallDistrict) + " has " + std::to_string(district[h]) + ", not a district");
    }
    g.halls.push_back(HallRow{static_cast<int>(district[h]), hall_lat[h], hall_lon[h]});
  }
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
  f.names = reader.strings_1d(out::path(where.c_str(), group));
  double first = 0, days = 0;
  reader.double_attribute(where, "window_first_day", &first);
  reader.double_attribute(where, "window_days", &days);
  f.window_first_day = static_cast<int>(first);
  f.window_days = static_cast<int>(days);
  for (const std::string& name : reader.members(where)) {
    const std::string p = out::path(where.c_str(), name.c_str());
    if (!reader.is_dataset(p) || reader.is_dimension_scale(p) || reader.shape(p).size() != 1) continue;
    f.values[name] = doubles(reader, p, f.names.size());
  }
  return f;
}

}  // namespace civicsim::viz
