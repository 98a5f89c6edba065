// A map of districts as one SVG element, for the HTML briefs of `report` and `compare`: each
// district a circle at its centre (equirectangular, longitude scaled by the cosine of the mean
// latitude), its area proportional to the residents, its colour from one value per district, a
// label where it does not overprint another, a <title> per circle with the exact value, and a
// legend with the scale's ends and units. Pure: no HDF5, the same text for the same input.
#pragma once

#include <string>
#include <vector>

namespace civicsim::viz {

/// A district as the map needs it (a subset of /geography/districts).
struct MapDistrict {
  std::string name;
  std::string kind;  // urban | suburban | rural (shown in the tooltip)
  double lat = 0, lon = 0;
  double population = 0;  // real residents: the circle's area
};

/// sequential: a level (a wait, a share), light to dark over [min, max] of the values;
/// diverging: an effect around 0, blue below and red above over a range symmetric about 0.
enum class MapScale { kSequential, kDiverging };

struct MapSpec {
  std::string title;  // heading and accessible name of the figure
  std::string unit;   // after the numbers: "min", "%", "per 1,000 residents"; "" for none
  MapScale scale = MapScale::kSequential;
  /// Decimals of the legend's and labels' numbers; the tooltips give the value to 6 significant digits.
  int decimals = 1;
  std::string id;  // data-map attribute, to find the figure in a page ("wait", "unmet")
};

/// The map as an <svg> element (data-plot="district-map"): one <circle class="district"
/// data-district="NAME" data-value="V"> per district with finite coordinates, in the order given
/// (V "NaN" and a grey fill where the value is NaN, said in the legend). `values` holds one value
/// per district; throws std::invalid_argument otherwise.
std::string district_map_svg(const std::vector<MapDistrict>& districts, const std::vector<double>& values,
                             const MapSpec& spec);

/// The fill of a value at position t in [0, 1] of the scale ("#rrggbb"); t outside is clamped.
std::string map_colour(double t, MapScale scale);

/// The fill of values with no data.
inline constexpr const char* kNoDataColour = "#bdbdbd";

/// Pixels a label of `text` takes at the map's label font, used to keep labels apart: an upper
/// estimate by character class (1 em for W and M, 0.8 for other capitals, 0.65 for lower case and
/// digits, 0.36 for i, l and punctuation; 1.2 em for a wide East Asian character).
double label_width(const std::string& text);

}  // namespace civicsim::viz
