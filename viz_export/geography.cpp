// PLACEHOLDER until the main session's viz_export/geography.cpp lands on main (issue 20).
#include "viz_export/geography.hpp"

#include "io/h5_reader.hpp"

namespace civicsim::viz {
namespace {

std::vector<double> doubles(const io::h5::Reader& r, const std::string& path) {
  const io::h5::Numbers n = r.numeric_row(path, hsize_t(-1));
  if (n.is_float) return n.floats;
  return std::vector<double>(n.ints.begin(), n.ints.end());
}

}  // namespace

Geography read_geography(const std::string& h5_path) {
  const io::h5::Reader r(h5_path);
  const std::string g = "/geography/districts/";
  if (!r.exists("/geography/districts")) r.refuse("no /geography/districts (written by an older civicsim?)");
  Geography geo;
  const auto names = r.strings_1d(g + "name");
  const auto kinds = r.strings_1d(g + "kind");
  const auto lat = doubles(r, g + "lat"), lon = doubles(r, g + "lon"), pop = doubles(r, g + "population");
  for (std::size_t i = 0; i < names.size(); ++i) {
    DistrictRow d;
    d.name = names[i];
    d.kind = kinds.at(i);
    d.lat = lat.at(i);
    d.lon = lon.at(i);
    d.population = pop.at(i);
    geo.districts.push_back(d);
  }
  return geo;
}

DistrictFigures read_district_summary(const std::string& h5_path, const char* group) {
  const io::h5::Reader r(h5_path);
  const std::string g = std::string("/summary/") + group;
  if (!r.exists(g)) r.refuse("no " + g);
  DistrictFigures f;
  f.names = r.strings_1d(g + "/" + (std::string(group) == "district" ? "district" : "district_kind"));
  for (const std::string& name : r.members(g)) {
    const std::string p = g + "/" + name;
    if (!r.is_dataset(p) || r.is_dimension_scale(p) || r.shape(p).size() != 1 || name == "district" ||
        name == "district_kind")
      continue;
    f.values[name] = doubles(r, p);
  }
  return f;
}

}  // namespace civicsim::viz
