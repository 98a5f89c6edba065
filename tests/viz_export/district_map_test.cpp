// The SVG map of districts (viz_export/district_map.hpp): colours on either side of 0, grey for no
// data, the legend, the projection's orientation, labels that never overprint, and one circle per
// district with its exact value.
#include "viz_export/district_map.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace civicsim::viz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// One drawn district: its circle's attributes.
struct DrawnCircle {
  std::string name, fill, value;
  double x = 0, y = 0, r = 0;
};

std::vector<DrawnCircle> circles_of(const std::string& svg) {
  static const std::regex circle(
      "<circle cx=\"([-0-9.]+)\" cy=\"([-0-9.]+)\" r=\"([-0-9.]+)\" fill=\"(#[0-9a-f]{6})\" class=\"district\" "
      "data-district=\"([^\"]*)\" data-kind=\"[^\"]*\" data-value=\"([^\"]*)\"");
  std::vector<DrawnCircle> found;
  for (std::sregex_iterator it(svg.begin(), svg.end(), circle), end; it != end; ++it) {
    const std::smatch& m = *it;
    found.push_back({m[5], m[4], m[6], std::stod(m[1]), std::stod(m[2]), std::stod(m[3])});
  }
  return found;
}

const DrawnCircle& named(const std::vector<DrawnCircle>& circles, const std::string& name) {
  for (const DrawnCircle& c : circles)
    if (c.name == name) return c;
  throw std::runtime_error("no circle for " + name);
}

/// The labels' boxes, estimated as the map estimates them (start-anchored text, baseline 0.95 em
/// below the top of a box 1.25 em high).
struct LabelBox {
  std::string text;
  double x, y, w, h;
};

std::vector<LabelBox> labels_of(const std::string& svg) {
  static const std::regex label(
      "<text x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" text-anchor=\"start\" class=\"map-label\">([^<]*)</text>");
  std::vector<LabelBox> found;
  for (std::sregex_iterator it(svg.begin(), svg.end(), label), end; it != end; ++it) {
    const std::smatch& m = *it;
    const double font = 11;
    found.push_back({m[3], std::stod(m[1]), std::stod(m[2]) - 0.95 * font, label_width(m[3]), 1.25 * font});
  }
  return found;
}

std::vector<MapDistrict> four_districts() {
  return {{"West", "rural", 23.1, 113.0, 100000},
          {"East", "urban", 23.1, 113.6, 400000},
          {"North", "suburban", 23.5, 113.3, 200000},
          {"South", "rural", 22.7, 113.3, 50000}};
}

int red_minus_blue(const std::string& fill) {
  return std::stoi(fill.substr(1, 2), nullptr, 16) - std::stoi(fill.substr(5, 2), nullptr, 16);
}

TEST(DistrictMap, DivergingPutsGainsAndLossesOnDifferentColours) {
  MapSpec spec{"Change in mean wait", "min", MapScale::kDiverging, 1, "effect"};
  const std::string svg = district_map_svg(four_districts(), {-4.0, 2.0, 0.0, kNaN}, spec);
  const auto circles = circles_of(svg);
  ASSERT_EQ(circles.size(), 4u);
  EXPECT_LT(red_minus_blue(named(circles, "West").fill), -40);  // below 0: blue
  EXPECT_GT(red_minus_blue(named(circles, "East").fill), 40);   // above 0: red
  EXPECT_EQ(named(circles, "North").fill, map_colour(0.5, MapScale::kDiverging));
  EXPECT_EQ(named(circles, "South").fill, kNoDataColour);
  EXPECT_EQ(named(circles, "South").value, "NaN");
  // the range is symmetric: −4 (a true minus sign, U+2212) at one end, +4 at the other, 0 in the middle
  for (const char* text :
       {">\xE2\x88\x92"
        "4.0 min</text>",
        ">4.0 min</text>", ">0</text>", ">no data</text>", ">Change in mean wait</text>", "data-scale=\"diverging\""}) {
    EXPECT_NE(svg.find(text), std::string::npos) << text;
  }
}

TEST(DistrictMap, SequentialRunsLightToDarkAndSaysNoDataOnlyWhenMissing) {
  MapSpec spec{"Mean wait", "min", MapScale::kSequential, 1, "wait"};
  const std::string svg = district_map_svg(four_districts(), {5.0, 10.0, 20.0, 7.5}, spec);
  const auto circles = circles_of(svg);
  EXPECT_EQ(named(circles, "West").fill, map_colour(0, MapScale::kSequential));
  EXPECT_EQ(named(circles, "North").fill, map_colour(1, MapScale::kSequential));
  EXPECT_NE(map_colour(0, MapScale::kSequential), map_colour(1, MapScale::kSequential));
  for (const char* text : {">5.0 min</text>", ">20.0 min</text>", "circle area"})
    EXPECT_NE(svg.find(text), std::string::npos) << text;
  EXPECT_EQ(svg.find("no data"), std::string::npos);
}

TEST(DistrictMap, TooltipsGiveTheValueAndTheDataAttributeRoundTrips) {
  MapSpec spec{"Mean wait", "min", MapScale::kSequential, 1, "wait"};
  const std::string svg = district_map_svg(four_districts(), {5.123456, 10.0, 20.0, kNaN}, spec);
  EXPECT_NE(svg.find("<title>West (rural): 5.12346 min; 100,000 residents</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>South (rural): no data; 50,000 residents</title>"), std::string::npos);
  EXPECT_EQ(std::stod(named(circles_of(svg), "West").value), 5.123456);
}

TEST(DistrictMap, EastIsRightNorthIsUpAndAreaFollowsPopulation) {
  MapSpec spec{"Mean wait", "min", MapScale::kSequential, 1, "wait"};
  const auto circles = circles_of(district_map_svg(four_districts(), {1, 2, 3, 4}, spec));
  EXPECT_GT(named(circles, "East").x, named(circles, "North").x);
  EXPECT_GT(named(circles, "North").x, named(circles, "West").x);
  EXPECT_LT(named(circles, "North").y, named(circles, "South").y);
  // East has 4 times West's residents: twice the radius
  EXPECT_NEAR(named(circles, "East").r / named(circles, "West").r, 2.0, 0.02);
}

TEST(DistrictMap, LongitudeIsScaledByTheCosineOfTheMeanLatitude) {
  // 1 degree east and 1 degree north at 60 degrees north: the east-west distance is half as long.
  const std::vector<MapDistrict> d = {{"A", "", 60, 10, 1}, {"B", "", 60, 11, 1}, {"C", "", 61, 10, 1}};
  const auto circles = circles_of(district_map_svg(d, {1, 1, 1}, MapSpec{"t", "", MapScale::kSequential, 1, "t"}));
  const double dx = named(circles, "B").x - named(circles, "A").x;
  const double dy = named(circles, "A").y - named(circles, "C").y;
  EXPECT_NEAR(dx / dy, std::cos(60.5 * 3.14159265358979 / 180), 0.01);
}

TEST(DistrictMap, DenseLabelsNeverOverlap) {
  std::vector<MapDistrict> dense;
  std::vector<double> values;
  for (int i = 0; i < 40; ++i) {  // a tight spiral of districts with long names
    const double angle = i * 0.7, radius = 0.002 * i;
    dense.push_back({"District number " + std::to_string(i), "urban", 23 + radius * std::sin(angle),
                     113 + radius * std::cos(angle), 1000.0 * (i + 1)});
    values.push_back(i);
  }
  const std::string svg = district_map_svg(dense, values, MapSpec{"Dense", "min", MapScale::kSequential, 1, "d"});
  EXPECT_EQ(circles_of(svg).size(), 40u);
  const auto labels = labels_of(svg);
  ASSERT_GE(labels.size(), 3u);
  EXPECT_LT(labels.size(), 40u);  // some had to be left out
  for (std::size_t a = 0; a < labels.size(); ++a) {
    for (std::size_t b = a + 1; b < labels.size(); ++b) {
      const LabelBox &p = labels[a], &q = labels[b];
      const bool overlap = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
      EXPECT_FALSE(overlap) << p.text << " overprints " << q.text;
    }
  }
}

TEST(DistrictMap, LabelWidthsAreUpperBoundsForWideAndNarrowNames) {
  const double font = 11;  // px: svg text.map-label
  // Arial's and Helvetica's W advance 0.944 em, DejaVu Sans's 0.989 em: 30 of them must not overprint.
  EXPECT_GE(label_width(std::string(30, 'W')), 30 * 0.99 * font);
  EXPECT_GE(label_width("MMMM"), 4 * 0.83 * font);
  EXPECT_GE(label_width("OQGD"), 4 * 0.78 * font);               // the widest round capitals
  EXPECT_GE(label_width("abcd"), 4 * 0.61 * font);               // DejaVu's lower case
  EXPECT_LT(label_width("iiii"), label_width("WWWW") / 2);       // narrow names leave room for others
  EXPECT_GE(label_width("\xE5\xAE\x9D\xE5\xAE\x89"), 2 * font);  // two CJK characters (宝安)
}

TEST(DistrictMap, IsDeterministicAndEscapesNames) {
  std::vector<MapDistrict> d = four_districts();
  d[0].name = "A<b>&\"c\"";
  const MapSpec spec{"Mean <wait>", "min", MapScale::kSequential, 1, "wait"};
  const std::string svg = district_map_svg(d, {1, 2, 3, 4}, spec);
  EXPECT_EQ(svg, district_map_svg(d, {1, 2, 3, 4}, spec));
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("data-district=\"A&lt;b&gt;&amp;&quot;c&quot;\""), std::string::npos);
  EXPECT_NE(svg.find("Mean &lt;wait&gt;"), std::string::npos);
}

TEST(DistrictMap, EdgeCases) {
  const MapSpec spec{"t", "", MapScale::kSequential, 1, "t"};
  EXPECT_THROW(district_map_svg(four_districts(), {1.0}, spec), std::invalid_argument);
  // one district, all values missing, a district without coordinates
  const std::string one = district_map_svg({{"Only", "", 23, 113, 5}}, {kNaN}, spec);
  EXPECT_EQ(circles_of(one).size(), 1u);
  EXPECT_NE(one.find("no district has a value"), std::string::npos);
  std::vector<MapDistrict> d = four_districts();
  d[2].lat = kNaN;
  const std::string missing = district_map_svg(d, {1, 2, 3, 4}, spec);
  EXPECT_EQ(circles_of(missing).size(), 3u);
  EXPECT_NE(missing.find("1 district(s) without coordinates not drawn"), std::string::npos);
  // no NaN or infinity leaks into coordinates
  EXPECT_EQ(missing.find("nan"), std::string::npos);
  EXPECT_EQ(missing.find("inf"), std::string::npos);
}

}  // namespace
}  // namespace civicsim::viz
