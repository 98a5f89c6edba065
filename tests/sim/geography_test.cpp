// generate_ring_city: rings, shares, areas and places of the synthetic city.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "sim/geography.hpp"

namespace civicsim {
namespace {

constexpr double kPi = 3.14159265358979323846;

double distance_km(const RingCity& c, const District& d) {
  const double dy = (d.lat - c.lat) * 111.32;
  const double dx = (d.lon - c.lon) * 111.32 * std::cos(c.lat * kPi / 180);
  return std::sqrt(dx * dx + dy * dy);
}

TEST(RingCity, DefaultCityHasThreeRingsInOrder) {
  const RingCity city;
  const auto districts = generate_ring_city(city);
  ASSERT_EQ(districts.size(), 16u);
  EXPECT_EQ(districts[0].name, "core-1");
  EXPECT_EQ(districts[3].name, "core-4");
  EXPECT_EQ(districts[4].name, "suburb-1");
  EXPECT_EQ(districts[10].name, "rural-1");
  EXPECT_EQ(districts[15].name, "rural-6");
  std::set<std::string> names;
  for (std::size_t i = 0; i < districts.size(); ++i) {
    const District& d = districts[i];
    names.insert(d.name);
    const DistrictKind kind = i < 4 ? kUrban : i < 10 ? kSuburban : kRural;
    EXPECT_EQ(d.kind, kind) << d.name;
    EXPECT_EQ(d.urban_share, kind == kUrban ? 1.0 : kind == kSuburban ? 0.85 : 0.55) << d.name;
  }
  EXPECT_EQ(names.size(), districts.size());
}

TEST(RingCity, PopulationIsSplitByShareEvenlyWithinRingsInWholeResidents) {
  RingCity city;
  city.population = 1'000'003;
  city.core_districts = 3;
  city.suburban_districts = 2;
  city.rural_districts = 4;
  city.core_share = 0.5;
  city.suburban_share = 0.3;
  const auto districts = generate_ring_city(city);
  ASSERT_EQ(districts.size(), 9u);
  double total = 0, core = 0, suburban = 0;
  for (const auto& d : districts) {
    EXPECT_EQ(d.population, std::floor(d.population)) << d.name;
    total += d.population;
    if (d.kind == kUrban) core += d.population;
    if (d.kind == kSuburban) suburban += d.population;
  }
  EXPECT_EQ(total, 1'000'003);
  EXPECT_NEAR(core, 500'001.5, 0.5);
  EXPECT_NEAR(suburban, 300'001, 0.5);
  // Even within a ring: at most one resident apart.
  EXPECT_LE(std::abs(districts[0].population - districts[2].population), 1);
  EXPECT_LE(std::abs(districts[5].population - districts[8].population), 1);
}

TEST(RingCity, AreasTileTheDiskAndPlacesSitInTheirRing) {
  RingCity city;
  city.radius_km = 40;
  const auto districts = generate_ring_city(city);
  double area = 0, core_area = 0;
  for (const auto& d : districts) {
    area += d.area_km2;
    if (d.kind == kUrban) core_area += d.area_km2;
    const double r = distance_km(city, d);
    const double inner = d.kind == kUrban ? 0 : d.kind == kSuburban ? 0.15 : 0.45;
    const double outer = d.kind == kUrban ? 0.15 : d.kind == kSuburban ? 0.45 : 1.0;
    EXPECT_GE(r, inner * city.radius_km - 1e-6) << d.name;
    EXPECT_LE(r, outer * city.radius_km + 1e-6) << d.name;
  }
  EXPECT_NEAR(area, kPi * 40 * 40, 1e-6);
  EXPECT_NEAR(core_area, kPi * 6 * 6, 1e-9);
  // Density falls from the core outwards.
  EXPECT_GT(districts[0].population / districts[0].area_km2, districts[4].population / districts[4].area_km2);
  EXPECT_GT(districts[4].population / districts[4].area_km2, districts[10].population / districts[10].area_km2);
}

TEST(RingCity, LoneCoreSitsAtTheCentreAndEmptyRingsAreSkipped) {
  RingCity city;
  city.core_districts = 1;
  city.suburban_districts = 0;
  city.rural_districts = 2;
  city.core_share = 0.7;
  city.suburban_share = 0;
  const auto districts = generate_ring_city(city);
  ASSERT_EQ(districts.size(), 3u);
  EXPECT_EQ(districts[0].lat, city.lat);
  EXPECT_EQ(districts[0].lon, city.lon);
  EXPECT_EQ(districts[1].name, "rural-1");
  EXPECT_EQ(districts[0].population + districts[1].population + districts[2].population, city.population);
}

}  // namespace
}  // namespace civicsim
