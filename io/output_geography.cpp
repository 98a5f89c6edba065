#include "io/output_geography.hpp"

#include <cmath>
#include <numeric>
#include <string>

#include "io/h5_handle.hpp"
#include "io/h5_write.hpp"
#include "io/output_names.hpp"

namespace civicsim::io {
namespace {

constexpr double kEarthRadiusM = 6378137.0;  // WGS 84 equatorial radius
constexpr double kPi = 3.14159265358979323846;

/// A [n] dataset in `group` along the scale `scale`.
template <class T>
void column(hid_t file, const char* group, const char* name, hid_t scale, const std::vector<T>& values,
            const char* units, const char* description, h5::ScaleLinks& links) {
  h5::Handle d = h5::create_dataset(file, out::path(group, name), h5::TypeOf<T>::file(), {values.size()}, h5::Storage{},
                                    units, description);
  h5::write_all(d.get(), values);
  links.attach(d.get(), {scale});
}

void text_column(hid_t file, const char* group, const char* name, hid_t scale, const std::vector<std::string>& values,
                 const char* description, h5::ScaleLinks& links) {
  h5::Handle type = h5::utf8_string_type();
  h5::Handle d =
      h5::create_dataset(file, out::path(group, name), type.get(), {values.size()}, h5::Storage{}, "1", description);
  h5::write_all(d.get(), values);
  links.attach(d.get(), {scale});
}

template <class T, class F>
std::vector<T> per_district(const GeographyLayout& g, F&& f) {
  std::vector<T> v;
  for (const District& d : g.districts) v.push_back(f(d));
  return v;
}

void write_districts(hid_t file, hid_t scale, const GeographyLayout& g, h5::ScaleLinks& links) {
  namespace k = out::geo;
  const char* at = out::kGeographyDistricts;
  h5::create_group(file, at);
  h5::hard_link(file, out::dims(out::kDistrictDim), out::path(at, out::kDistrictDim));
  text_column(file, at, k::kName, scale, per_district<std::string>(g, [](const District& d) { return d.name; }),
              "district name (as /dims/district)", links);
  text_column(file, at, k::kNameZh, scale, per_district<std::string>(g, [](const District& d) { return d.name_zh; }),
              "Chinese name (name_zh of the districts' source; empty: none given)", links);
  text_column(file, at, k::kKind, scale,
              per_district<std::string>(g, [](const District& d) { return kDistrictKindNames[d.kind]; }),
              "district kind: urban, suburban or rural", links);
  column(file, at, k::kLat, scale, per_district<double>(g, [](const District& d) { return d.lat; }), "degrees_north",
         "latitude of the district's centre (WGS 84)", links);
  column(file, at, k::kLon, scale, per_district<double>(g, [](const District& d) { return d.lon; }), "degrees_east",
         "longitude of the district's centre (WGS 84)", links);
  column(file, at, k::kPopulation, scale, per_district<double>(g, [](const District& d) { return d.population; }), "1",
         "residents of all ages (real-world count)", links);
  column(file, at, k::kAreaKm2, scale, per_district<double>(g, [](const District& d) { return d.area_km2; }), "km2",
         "area of the district", links);
  column(file, at, k::kUrbanShare, scale, per_district<double>(g, [](const District& d) { return d.urban_share; }), "1",
         "share of residents living in urban areas", links);
  column(file, at, k::kShare60Plus, scale, g.share_60_plus, "1",
         "share of residents aged 60+ the run used (the district's own, else citizens.elderly_share)", links);
  column(file, at, k::kAgents, scale, g.agents, "agents", "citizen agents of the district in this run", links);
  std::vector<std::int32_t> halls(g.districts.size(), 0);
  for (const std::int32_t d : g.hall_district) ++halls[static_cast<std::size_t>(d)];
  column(file, at, k::kHalls, scale, halls, "1", "service halls in the district", links);
}

void write_halls(hid_t file, const GeographyLayout& g, h5::ScaleLinks& links) {
  namespace k = out::geo;
  const char* at = out::kGeographyHalls;
  const std::size_t H = g.hall_district.size();
  h5::create_group(file, at);
  std::vector<std::int64_t> index(H);
  std::iota(index.begin(), index.end(), 0);
  h5::Handle scale = h5::create_dataset(file, out::dims(out::kHallDim), h5::TypeOf<std::int64_t>::file(), {H},
                                        h5::Storage{}, "1", "hall number, from 0, by district");
  h5::write_all(scale.get(), index);
  h5::make_scale(scale.get(), out::kHallDim);
  h5::hard_link(file, out::dims(out::kHallDim), out::path(at, out::kHallDim));
  std::vector<double> lat(H), lon(H);
  for (std::size_t h = 0; h < H; ++h) {
    const District& d = g.districts[static_cast<std::size_t>(g.hall_district[h])];
    offset_position(d.lat, d.lon, g.hall_x_m[h], g.hall_y_m[h], lat[h], lon[h]);
  }
  column(file, at, k::kHallDistrict, scale.get(), g.hall_district, "1",
         "the hall's district: index into /dims/district", links);
  column(file, at, k::kLat, scale.get(), lat, "degrees_north",
         "latitude of the hall (WGS 84; the first hall of a district at its centre, the others on a ring at half its "
         "radius: a model position, not an address)",
         links);
  column(file, at, k::kLon, scale.get(), lon, "degrees_east", "longitude of the hall (WGS 84; model position)", links);
  column(file, at, k::kXm, scale.get(), g.hall_x_m, "m", "metres east of the district's centre", links);
  column(file, at, k::kYm, scale.get(), g.hall_y_m, "m", "metres north of the district's centre", links);
}

}  // namespace

void offset_position(double lat, double lon, double x_m, double y_m, double& out_lat, double& out_lon) {
  const double radians = kPi / 180.0;
  out_lat = lat + y_m / kEarthRadiusM / radians;
  out_lon = lon + x_m / (kEarthRadiusM * std::cos(lat * radians)) / radians;
}

std::string geography_problem(const GeographyLayout& g, std::size_t districts) {
  if (g.districts.empty()) return "";
  const std::size_t D = g.districts.size(), H = g.hall_district.size();
  if (D != districts)
    return "GeographyLayout has " + std::to_string(D) + " districts, the layout " + std::to_string(districts);
  if (g.share_60_plus.size() != D || g.agents.size() != D)
    return "GeographyLayout: share_60_plus and agents need one value per district";
  if (g.hall_x_m.size() != H || g.hall_y_m.size() != H)
    return "GeographyLayout: hall_x_m and hall_y_m need one value per hall";
  for (const std::int32_t d : g.hall_district) {
    if (d < 0 || static_cast<std::size_t>(d) >= D)
      return "GeographyLayout: hall_district " + std::to_string(d) + " is not a district";
  }
  return "";
}

void write_geography_group(hid_t file, hid_t district_scale, const GeographyLayout& g, h5::ScaleLinks& links) {
  if (g.districts.empty()) return;
  h5::create_group(file, out::kGeography);
  write_districts(file, district_scale, g, links);
  write_halls(file, g, links);
}

}  // namespace civicsim::io
