#include "viz_export/compare_svg.hpp"

#include <cmath>
#include <cstdio>

#include "viz_export/compare_text.hpp"

namespace civicsim::viz::compare {

double LinearScale::operator()(double v) const {
  const double span = domain_high - domain_low;
  if (span == 0) return 0.5 * (range_low + range_high);
  return range_low + (v - domain_low) / span * (range_high - range_low);
}

void Extent::add(double v) {
  if (!std::isfinite(v)) return;
  if (empty) {
    low = high = v;
    empty = false;
  } else {
    low = std::fmin(low, v);
    high = std::fmax(high, v);
  }
}

Extent Extent::padded() const {
  if (empty) return Extent{0, 1, false};
  if (low == high) {
    const double margin = low == 0 ? 1.0 : std::fabs(low) * 0.1;
    return Extent{low - margin, high + margin, false};
  }
  const double margin = (high - low) * 0.05;
  return Extent{low - margin, high + margin, false};
}

std::vector<double> nice_ticks(double low, double high, int target) {
  std::vector<double> ticks;
  if (!std::isfinite(low) || !std::isfinite(high) || high <= low || target < 1) return ticks;
  const double raw = (high - low) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  const double first = std::ceil(low / step) * step;
  for (int i = 0; i < 100; ++i) {
    double tick = first + i * step;
    if (tick > high + step * 1e-9) break;
    if (std::fabs(tick) < step * 1e-9) tick = 0;  // no "-0" or "1e-17"
    ticks.push_back(tick);
  }
  return ticks;
}

std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::isfinite(v) ? v : 0.0);
  return buf;
}

Svg::Svg(int width, int height, const std::string& plot, const std::string& label, const std::string& extra) {
  body_ = "<svg class=\"plot\" data-plot=\"" + html_escape(plot) + "\" width=\"" + std::to_string(width) +
          "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
          std::to_string(height) + "\" role=\"img\" aria-label=\"" + html_escape(label) + "\"" +
          (extra.empty() ? "" : " " + extra) + "><title>" + html_escape(label) + "</title>\n";
}

void Svg::line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
               const std::string& dash) {
  body_ += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\" stroke=\"" +
           html_escape(stroke) + "\" stroke-width=\"" + px(width) + "\"" +
           (dash.empty() ? "" : " stroke-dasharray=\"" + html_escape(dash) + "\"") + "/>\n";
}

void Svg::circle(double x, double y, double r, const std::string& fill, const std::string& tooltip,
                 const std::string& extra) {
  body_ += "<circle cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(r) + "\" fill=\"" + html_escape(fill) + "\"" +
           (extra.empty() ? "" : " " + extra);
  body_ += tooltip.empty() ? "/>\n" : "><title>" + html_escape(tooltip) + "</title></circle>\n";
}

void Svg::rect(double x, double y, double w, double h, const std::string& fill) {
  body_ += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(w) + "\" height=\"" + px(h) + "\" fill=\"" +
           html_escape(fill) + "\"/>\n";
}

void Svg::text(double x, double y, const std::string& text, const std::string& anchor, const std::string& css_class,
               const std::string& tooltip) {
  body_ += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + html_escape(anchor) + "\"" +
           (css_class.empty() ? "" : " class=\"" + html_escape(css_class) + "\"") + ">" +
           (tooltip.empty() ? "" : "<title>" + html_escape(tooltip) + "</title>") + html_escape(text) + "</text>\n";
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, const std::string& stroke, double width) {
  if (points.empty()) return;
  std::string coordinates;
  for (const auto& [x, y] : points) coordinates += px(x) + "," + px(y) + " ";
  coordinates.pop_back();
  body_ += "<polyline fill=\"none\" stroke=\"" + html_escape(stroke) + "\" stroke-width=\"" + px(width) +
           "\" points=\"" + coordinates + "\"/>\n";
}

}  // namespace civicsim::viz::compare
