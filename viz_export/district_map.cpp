#include "viz_export/district_map.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <numeric>
#include <stdexcept>

#include "viz_export/compare_svg.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz {
namespace {

using compare::Svg;

constexpr double kPi = 3.14159265358979323846;
constexpr int kWidth = 640;
constexpr double kMargin = 16, kTitleBand = 30, kLegendBand = 64;
constexpr double kMaxRadius = 26, kMinRadius = 3;
constexpr double kLabelFont = 11;  // px, as the page's CSS sets svg text.map-label

struct Rgb {
  double r, g, b;
};

/// Light yellow to dark red (ColorBrewer YlOrRd) and blue-white-red (RdBu, reversed so that red
/// is above 0), as stops evenly spaced over [0, 1].
constexpr Rgb kSequentialStops[] = {{255, 255, 204}, {254, 217, 118}, {253, 141, 60}, {227, 26, 28}, {128, 0, 38}};
constexpr Rgb kDivergingStops[] = {{33, 102, 172}, {146, 197, 222}, {247, 247, 247}, {244, 165, 130}, {178, 24, 43}};

std::string hex(const Rgb& c) {
  char buf[8];
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0))); };
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
  return buf;
}

/// A number's text with a true minus sign (U+2212), as the rest of the page writes it.
std::string with_minus_sign(std::string text) {
  if (!text.empty() && text[0] == '-') text.replace(0, 1, "\xE2\x88\x92");
  return text;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 9), v);
  std::string text = buf;
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);  // no "-0.0"
  return with_minus_sign(text);
}

std::string with_unit(const std::string& number, const std::string& unit) {
  return unit.empty() ? number : unit == "%" ? number + "%" : number + " " + unit;
}

/// The value's exact-enough text for a tooltip (6 significant digits).
std::string precise(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return with_minus_sign(buf);
}

std::string round_trip(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// The ends of the colour scale: [min, max] of the finite values (sequential) or [-m, m] with m
/// their largest magnitude (diverging). `empty` when no value is finite.
struct Domain {
  double low = 0, high = 0;
  bool empty = true;
  double position(double v) const { return high > low ? (v - low) / (high - low) : 0.5; }
};

Domain domain_of(const std::vector<double>& values, MapScale scale) {
  Domain d;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    d.low = d.empty ? v : std::min(d.low, v);
    d.high = d.empty ? v : std::max(d.high, v);
    d.empty = false;
  }
  if (!d.empty && scale == MapScale::kDiverging) {
    const double m = std::max(std::fabs(d.low), std::fabs(d.high));
    d.low = -m;
    d.high = m;
  }
  return d;
}

/// Where the districts go: x east, y south, in pixels of the map's box.
struct Projection {
  double lon0 = 0, lat0 = 0, cos_lat = 1, scale = 1, x0 = 0, y0 = 0;
  double x(double lon) const { return x0 + (lon - lon0) * cos_lat * scale; }
  double y(double lat) const { return y0 - (lat - lat0) * scale; }
};

/// Fits the centres (with room for the largest circle) into width × height pixels at (left, top).
Projection fit(const std::vector<const MapDistrict*>& placed, double left, double top, double width, double height) {
  Projection p;
  double lat_sum = 0;
  for (const MapDistrict* d : placed) lat_sum += d->lat;
  const double mean_lat = placed.empty() ? 0 : lat_sum / placed.size();
  p.cos_lat = std::max(0.01, std::cos(mean_lat * kPi / 180));
  double lon_low = 0, lon_high = 0, lat_low = 0, lat_high = 0;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    const MapDistrict& d = *placed[i];
    lon_low = i ? std::min(lon_low, d.lon) : d.lon;
    lon_high = i ? std::max(lon_high, d.lon) : d.lon;
    lat_low = i ? std::min(lat_low, d.lat) : d.lat;
    lat_high = i ? std::max(lat_high, d.lat) : d.lat;
  }
  const double span_x = (lon_high - lon_low) * p.cos_lat, span_y = lat_high - lat_low;
  const double inner_w = width - 2 * kMaxRadius, inner_h = height - 2 * kMaxRadius;
  if (span_x > 0 || span_y > 0) {
    p.scale = std::min(span_x > 0 ? inner_w / span_x : 1e300, span_y > 0 ? inner_h / span_y : 1e300);
  }
  p.lon0 = 0.5 * (lon_low + lon_high);
  p.lat0 = 0.5 * (lat_low + lat_high);
  p.x0 = left + width / 2;
  p.y0 = top + height / 2;
  return p;
}

/// A rectangle in pixels.
struct Box {
  double x, y, w, h;
  bool overlaps(const Box& o) const { return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h; }
};

struct Circle {
  double x, y, r;
  bool overlaps(const Box& b) const {
    const double nx = std::clamp(x, b.x, b.x + b.w), ny = std::clamp(y, b.y, b.y + b.h);
    return (nx - x) * (nx - x) + (ny - y) * (ny - y) < r * r;
  }
};

/// Labels beside their circle (right, left, above, below), the most populous district first; a
/// label that would overprint another, or leave the map's box, is left out (its circle's tooltip
/// still names it). A place clear of other circles is preferred to one that only misses labels.
void place_labels(Svg& svg, const std::vector<const MapDistrict*>& placed, const std::vector<Circle>& circles,
                  const Box& frame) {
  std::vector<std::size_t> order(placed.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return placed[a]->population > placed[b]->population; });
  std::vector<Box> taken;
  for (std::size_t i : order) {
    const Circle& c = circles[i];
    const double w = label_width(placed[i]->name), h = kLabelFont * 1.25, gap = 3;
    const Box candidates[] = {{c.x + c.r + gap, c.y - h / 2, w, h},
                              {c.x - c.r - gap - w, c.y - h / 2, w, h},
                              {c.x - w / 2, c.y - c.r - gap - h, w, h},
                              {c.x - w / 2, c.y + c.r + gap, w, h}};
    const Box* chosen = nullptr;
    for (int pass = 0; pass < 2 && !chosen; ++pass) {
      for (const Box& b : candidates) {
        const bool inside =
            b.x >= frame.x && b.y >= frame.y && b.x + b.w <= frame.x + frame.w && b.y + b.h <= frame.y + frame.h;
        bool clear = inside && std::none_of(taken.begin(), taken.end(), [&](const Box& t) { return t.overlaps(b); });
        for (std::size_t j = 0; clear && pass == 0 && j < circles.size(); ++j) clear = !circles[j].overlaps(b);
        if (clear) {
          chosen = &b;
          break;
        }
      }
    }
    if (!chosen) continue;
    taken.push_back(*chosen);
    // the baseline sits about 0.8 em below the top of the box
    svg.text(chosen->x, chosen->y + kLabelFont * 0.95, placed[i]->name, "start", "map-label");
  }
}

/// The colour bar (its ends, and 0 in the middle of a diverging one), the "no data" swatch when
/// a value is missing, and what the circles' sizes mean.
void legend(Svg& svg, const Domain& domain, const MapSpec& spec, bool any_missing, double top) {
  constexpr double kBarX = kMargin, kBarW = 240, kBarH = 10;
  constexpr int kSteps = 48;
  const double bar_y = top + 8;
  if (domain.empty) {
    svg.text(kBarX, bar_y + 9, "no district has a value", "start", "map-legend");
  } else {
    for (int s = 0; s < kSteps; ++s) {
      svg.rect(kBarX + kBarW * s / kSteps, bar_y, kBarW / kSteps + 0.4, kBarH,
               map_colour((s + 0.5) / kSteps, spec.scale));
    }
    const double text_y = bar_y + kBarH + 13;
    svg.text(kBarX, text_y, with_unit(fixed(domain.low, spec.decimals), spec.unit), "start", "map-legend");
    svg.text(kBarX + kBarW, text_y, with_unit(fixed(domain.high, spec.decimals), spec.unit), "end", "map-legend");
    if (spec.scale == MapScale::kDiverging) svg.text(kBarX + kBarW / 2, text_y, "0", "middle", "map-legend");
  }
  double x = kBarX + kBarW + 24;
  if (any_missing) {
    svg.circle(x + 5, bar_y + 5, 5, kNoDataColour);
    svg.text(x + 14, bar_y + 9, "no data", "start", "map-legend");
    x += 80;
  }
  svg.text(x, bar_y + 9, "circle area \xE2\x88\x9D residents", "start", "map-legend");
}

}  // namespace

std::string map_colour(double t, MapScale scale) {
  const Rgb* stops = scale == MapScale::kDiverging ? kDivergingStops : kSequentialStops;
  constexpr int kStops = 5;
  const double at = (std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.5) * (kStops - 1);
  const int i = std::min(static_cast<int>(at), kStops - 2);
  const double f = at - i;
  const Rgb& a = stops[i];
  const Rgb& b = stops[i + 1];
  return hex({a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f});
}

namespace {

/// The advance of one character in em, at most that of common sans-serif faces (Arial, Helvetica,
/// DejaVu Sans; regular or bold): by class, since 'W' is three times as wide as 'i'.
double character_em(unsigned char c) {
  if (c == 0) return 0;  // strchr would find the terminator
  if (std::strchr("WMmw@%", c)) return 1.0;
  if (std::strchr("iljI.,:;'|!` ", c)) return 0.36;
  if (std::strchr("frt()[]{}-/\\\"", c)) return 0.45;
  if (std::isupper(c) || std::strchr("&#", c)) return 0.8;
  return 0.65;  // lower case, digits and the rest
}

}  // namespace

double label_width(const std::string& text) {
  double em = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    // CJK and other wide characters take about a whole em; accented Latin, Greek and Cyrillic
    // letters (two bytes) as much as a capital.
    em += bytes >= 3 ? 1.2 : bytes == 2 ? 0.8 : character_em(lead);
    i += bytes;
  }
  return em * kLabelFont;
}

std::string district_map_svg(const std::vector<MapDistrict>& districts, const std::vector<double>& values,
                             const MapSpec& spec) {
  if (values.size() != districts.size()) {
    throw std::invalid_argument("district map: " + std::to_string(values.size()) + " values for " +
                                std::to_string(districts.size()) + " districts");
  }
  std::vector<const MapDistrict*> placed;
  std::vector<double> placed_values;
  for (std::size_t i = 0; i < districts.size(); ++i) {
    if (!std::isfinite(districts[i].lat) || !std::isfinite(districts[i].lon)) continue;
    placed.push_back(&districts[i]);
    placed_values.push_back(values[i]);
  }
  const Domain domain = domain_of(placed_values, spec.scale);

  // The box keeps the districts' own proportions, between 240 and 440 pixels high.
  const double map_w = kWidth - 2 * kMargin;
  double map_h = 400;
  {
    const Projection unit = fit(placed, 0, 0, 1e6, 1e6);
    double x_low = 0, x_high = 0, y_low = 0, y_high = 0;
    for (std::size_t i = 0; i < placed.size(); ++i) {
      const double x = unit.x(placed[i]->lon), y = unit.y(placed[i]->lat);
      x_low = i ? std::min(x_low, x) : x;
      x_high = i ? std::max(x_high, x) : x;
      y_low = i ? std::min(y_low, y) : y;
      y_high = i ? std::max(y_high, y) : y;
    }
    if (x_high > x_low) map_h = std::clamp((y_high - y_low) / (x_high - x_low) * map_w, 240.0, 440.0);
  }
  const int height = static_cast<int>(std::lround(kTitleBand + map_h + kLegendBand));
  const std::string extra = "data-map=\"" + compare::html_escape(spec.id) + "\" data-scale=\"" +
                            (spec.scale == MapScale::kDiverging ? "diverging" : "sequential") + "\"";
  Svg svg(kWidth, height, "district-map", spec.title, extra);
  svg.text(kMargin, 20, spec.title, "start", "heading");

  const Projection proj = fit(placed, kMargin, kTitleBand, map_w, map_h);
  double max_population = 0;
  for (const MapDistrict* d : placed) {
    if (std::isfinite(d->population)) max_population = std::max(max_population, d->population);
  }
  std::vector<Circle> circles;
  bool any_missing = false;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    const MapDistrict& d = *placed[i];
    const double share = max_population > 0 && std::isfinite(d.population) && d.population > 0
                             ? std::sqrt(d.population / max_population)
                             : 0;
    circles.push_back({proj.x(d.lon), proj.y(d.lat), std::max(kMinRadius, kMaxRadius * share)});
  }
  // Large circles first, so that a small district in front of a large one stays visible.
  std::vector<std::size_t> order(placed.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return circles[a].r > circles[b].r; });
  for (std::size_t i : order) {
    const MapDistrict& d = *placed[i];
    const double v = placed_values[i];
    const bool missing = !std::isfinite(v);
    any_missing = any_missing || missing;
    const std::string fill = missing ? kNoDataColour : map_colour(domain.position(v), spec.scale);
    const std::string tooltip = d.name + (d.kind.empty() ? "" : " (" + d.kind + ")") + ": " +
                                (missing ? std::string("no data") : with_unit(precise(v), spec.unit)) + "; " +
                                compare::human_number(d.population) + " residents";
    const std::string attributes = "class=\"district\" data-district=\"" + compare::html_escape(d.name) +
                                   "\" data-kind=\"" + compare::html_escape(d.kind) + "\" data-value=\"" +
                                   round_trip(v) + "\" stroke=\"#555\" stroke-width=\"0.8\"";
    svg.circle(circles[i].x, circles[i].y, circles[i].r, fill, tooltip, attributes);
  }
  place_labels(svg, placed, circles, Box{kMargin / 2, kTitleBand - 4, kWidth - kMargin, map_h + 8});
  legend(svg, domain, spec, any_missing, kTitleBand + map_h + 6);
  if (placed.size() < districts.size()) {
    svg.text(kWidth - kMargin, height - 8,
             std::to_string(districts.size() - placed.size()) + " district(s) without coordinates not drawn", "end",
             "note");
  }
  return svg.str();
}

}  // namespace civicsim::viz
