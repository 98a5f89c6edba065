#include "viz_export/line_chart.hpp"

#include <algorithm>
#include <cmath>

#include "viz_export/compare_svg.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/readable.hpp"

namespace civicsim::viz {
namespace {

using compare::LinearScale;
using compare::Svg;

constexpr double kLeft = 56, kRight = 14, kTop = 58, kBottom = 40;

/// The longest line's number of days.
std::size_t days_of(const std::vector<ChartLine>& lines) {
  std::size_t days = 0;
  for (const ChartLine& line : lines) days = std::max(days, line.values.size());
  return days;
}

/// The legend: a swatch and the label of each line, in rows under the title.
void legend(Svg& svg, const std::vector<ChartLine>& lines, int width) {
  double x = 8, y = 38;
  for (const ChartLine& line : lines) {
    const double w = 22 + 6.8 * static_cast<double>(line.label.size());
    if (x + w > width - 8 && x > 8) {
      x = 8;
      y += 16;
    }
    svg.line(x, y - 4, x + 14, y - 4, line.colour, 3);
    svg.text(x + 18, y, line.label, "start", "legend");
    x += w + 10;
  }
}

/// An axis tick: a whole number with thousands separators ("5,000" as "10,000"), else as short as
/// it reads ("0.25").
std::string tick_text(double tick) {
  return tick == std::floor(tick) && std::fabs(tick) < 1e15 ? count_text(tick) : compare::human_number(tick);
}

void axes(Svg& svg, const LinearScale& x, const LinearScale& y, double top, std::size_t days, const ChartSpec& spec) {
  const double plot_right = spec.width - kRight, plot_bottom = spec.height - kBottom;
  for (double tick : compare::nice_ticks(0, top, 5)) {
    svg.line(kLeft, y(tick), plot_right, y(tick), "#e5e5e5");
    svg.text(kLeft - 6, y(tick) + 4, tick_text(tick), "end", "tick");
  }
  for (double tick : compare::nice_ticks(0, std::max<double>(1, days - 1.0), 7)) {
    if (tick != std::floor(tick) || tick > days - 1.0) continue;
    svg.line(x(tick), plot_bottom, x(tick), plot_bottom + 4, "#444");
    svg.text(x(tick), plot_bottom + 16, tick_text(tick), "middle", "tick");
  }
  svg.line(kLeft, plot_bottom, plot_right, plot_bottom, "#444");
  svg.text((kLeft + plot_right) / 2, spec.height - 6, "day", "middle", "axis");
  svg.text(kLeft - 6, kTop - 6, spec.unit, "end", "axis");
}

/// Warm-up shading and the markers' dashed lines.
void backdrop(Svg& svg, const LinearScale& x, std::size_t days, const ChartSpec& spec) {
  const double plot_bottom = spec.height - kBottom;
  if (spec.shaded_days > 0 && days > 0) {
    const double right = x(std::min<double>(spec.shaded_days - 0.5, days - 1.0));
    svg.rect(kLeft, kTop, std::max(0.0, right - kLeft), plot_bottom - kTop, "#f0f0f0");
    svg.text(kLeft + 4, kTop + 12, "warm-up", "start", "note");
  }
  for (const ChartMarker& m : spec.markers) {
    if (m.day < 0 || m.day > days - 1.0) continue;
    svg.line(x(m.day), kTop, x(m.day), plot_bottom, "#555", 1, "4 3");
    svg.text(x(m.day), kTop - 4, m.label, "middle", "marker", m.tooltip);
  }
}

void draw_line(Svg& svg, const LinearScale& x, const LinearScale& y, const ChartLine& line, const ChartSpec& spec) {
  std::vector<std::pair<double, double>> segment;
  const std::size_t days = line.values.size();
  for (std::size_t d = 0; d <= days; ++d) {
    const double v = d < days ? line.values[d] : NAN;
    if (std::isfinite(v)) {
      segment.emplace_back(x(static_cast<double>(d)), y(v));
      if (days <= 120) {  // points to hover over; a long run would be a wall of dots
        svg.circle(x(static_cast<double>(d)), y(v), 2, line.colour,
                   line.label + ", day " + std::to_string(d) + ": " + number_text(v, spec.decimals) + " " + spec.unit);
      }
    } else {
      if (segment.size() == 1) svg.circle(segment[0].first, segment[0].second, 2.5, line.colour);
      svg.polyline(segment, line.colour, 2);
      segment.clear();
    }
  }
}

}  // namespace

double largest_value(const std::vector<ChartLine>& lines) {
  double top = 0;
  for (const ChartLine& line : lines)
    for (double v : line.values)
      if (std::isfinite(v)) top = std::max(top, v);
  return top;
}

std::string line_chart_svg(const std::vector<ChartLine>& lines, const ChartSpec& spec) {
  Svg svg(spec.width, spec.height, "line-chart", spec.title, "data-chart=\"" + compare::html_escape(spec.id) + "\"");
  svg.text(8, 18, spec.title, "start", "heading");
  legend(svg, lines, spec.width);
  const std::size_t days = days_of(lines);
  const double largest = spec.y_top > 0 ? spec.y_top : largest_value(lines);
  if (days == 0 || !(largest > 0)) {
    svg.text(kLeft, kTop + 40, days == 0 ? "no days in the file" : "nothing to show: every value is 0 or missing",
             "start", "note");
    return svg.str();
  }
  const double top = largest * 1.05;
  const LinearScale x{days > 1 ? 0.0 : -0.5, days > 1 ? days - 1.0 : 0.5, kLeft, spec.width - kRight};
  const LinearScale y{0, top, spec.height - kBottom, kTop};
  backdrop(svg, x, days, spec);
  axes(svg, x, y, top, days, spec);
  for (const ChartLine& line : lines) draw_line(svg, x, y, line, spec);
  return svg.str();
}

}  // namespace civicsim::viz
