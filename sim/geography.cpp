#include "sim/geography.hpp"

#include <cmath>
#include <string>

namespace civicsim {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kKmPerDegreeLatitude = 111.32;

struct Ring {
  const char* prefix;
  DistrictKind kind;
  int districts;
  double inner, outer;  // radii as fractions of the city radius
  double urban_share;   // share of residents living in urban areas
  double residents;     // whole residents of the ring
};

}  // namespace

std::vector<District> generate_ring_city(const RingCity& city) {
  const double total = std::round(city.population);
  const double core = std::round(city.population * city.core_share);
  const double suburban = std::round(city.population * city.suburban_share);
  const double rural = total - core - suburban > 0 ? total - core - suburban : 0;
  const Ring rings[] = {
      {"core", kUrban, city.core_districts, 0.0, 0.15, 1.0, core},
      {"suburb", kSuburban, city.suburban_districts, 0.15, 0.45, 0.85, suburban},
      {"rural", kRural, city.rural_districts, 0.45, 1.0, 0.55, rural},
  };
  const double km_per_degree_lon = kKmPerDegreeLatitude * std::cos(city.lat * kPi / 180.0);

  std::vector<District> districts;
  for (int r = 0; r < 3; ++r) {
    const Ring& ring = rings[r];
    if (ring.districts <= 0) continue;
    const double n = ring.districts;
    const double inner_km = ring.inner * city.radius_km, outer_km = ring.outer * city.radius_km;
    const double area = kPi * (outer_km * outer_km - inner_km * inner_km) / n;
    // Whole residents: every district gets the floor of an even share; the first few take the rest.
    const double base = std::floor(ring.residents / n);
    const double remainder = ring.residents - base * n;
    // A lone core district sits at the centre; otherwise districts sit mid-ring, each ring turned
    // by half a step against the one inside so that neighbours interleave.
    const double place_km = (r == 0 && ring.districts == 1) ? 0.0 : 0.5 * (inner_km + outer_km);
    for (int i = 0; i < ring.districts; ++i) {
      const double angle = 2.0 * kPi * (i + 0.5 * r) / n;
      District d;
      d.name = std::string(ring.prefix) + "-" + std::to_string(i + 1);
      d.kind = ring.kind;
      d.population = base + (i < remainder ? 1.0 : 0.0);
      d.area_km2 = area;
      d.urban_share = ring.urban_share;
      d.share_60_plus = city.share_60_plus[static_cast<std::size_t>(r)];
      d.lat = city.lat + place_km * std::sin(angle) / kKmPerDegreeLatitude;
      d.lon = city.lon + place_km * std::cos(angle) / km_per_degree_lon;
      districts.push_back(d);
    }
  }
  return districts;
}

}  // namespace civicsim
