// The plots of the comparison brief: forest plots whose figures share one axis per family, the
// mean wait over time on one y range, the urban/rural gap, and cost against effect with its
// labels in a column that never overprints. Every text is escaped by compare::Svg.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "viz_export/compare_report.hpp"
#include "viz_export/compare_svg.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz::compare {
namespace {

constexpr const char* kGroupNames[kGroupCount] = {"urban_adult", "urban_elderly", "rural_adult", "rural_elderly"};
constexpr const char* kGapFigure = "urban_rural_total_time_ratio/all";
constexpr const char* kCostFigure = "total_cost/all";
constexpr const char* kWaitFigure = "wait_mean_minutes/all";
constexpr std::size_t kLongLabel = 40;

/// Decimals that show every tick of a 1, 2 or 5 × 10^k step exactly.
int tick_decimals(const std::vector<double>& ticks) {
  if (ticks.size() < 2) return 1;
  const double step = ticks[1] - ticks[0];
  return std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
}

/// Vertical grid lines and their tick labels over [low, high] for a horizontal axis.
void x_ticks(Svg& svg, const LinearScale& x, double low, double high, double top, double bottom) {
  const std::vector<double> ticks = nice_ticks(low, high, 6);
  const int decimals = tick_decimals(ticks);
  for (double tick : ticks) {
    svg.line(x(tick), top, x(tick), bottom, "#e5e5e5");
    svg.text(x(tick), bottom + 14, readable(tick, decimals), "middle", "tick");
  }
}

/// A dot (filled when its interval excludes 0, hollow otherwise) with its whisker.
void effect_mark(Svg& svg, const LinearScale& x, double y, const Interval& show, const std::string& color,
                 const std::string& attributes, const std::string& tooltip) {
  if (std::isfinite(show.low) && std::isfinite(show.high)) {
    svg.line(x(show.low), y, x(show.high), y, color, 2);
    svg.line(x(show.low), y - 5, x(show.low), y + 5, color, 2);
    svg.line(x(show.high), y - 5, x(show.high), y + 5, color, 2);
  }
  if (!std::isfinite(show.mean)) return;
  const bool filled = excludes_zero(show);
  svg.circle(x(show.mean), y, 5, filled ? color : "#ffffff", tooltip,
             attributes + " stroke=\"" + html_escape(color) + "\" stroke-width=\"2\"");
}

}  // namespace

const std::vector<ForestFamily>& forest_families() {
  static const std::vector<ForestFamily> families = {
      {Family::kMinutes,
       "Waiting and total time",
       {"wait_mean_minutes/all", "wait_mean_minutes/urban_adult", "wait_mean_minutes/urban_elderly",
        "wait_mean_minutes/rural_adult", "wait_mean_minutes/rural_elderly", "total_time_mean_minutes/all"}},
      {Family::kPoints, "Rates and shares", {"abandonment_rate/all", "resolution_rate/all"}},
      {Family::kNeeds, "Needs left unmet", {"unmet_needs/all"}},
  };
  return families;
}

std::string forest_plot(const Comparison& c, const ForestFamily& family) {
  constexpr int kWidth = 900, kRow = 22, kTop = 40, kBottom = 48, kPlotLeft = 280, kPlotRight = 640, kTextX = 654;
  const Sweep& s = c.sweep;
  struct Row {
    std::string heading;  // a figure's label; empty for an arm's row
    const Difference* d = nullptr;
    FigureLabel label;
    Interval show;
  };
  std::vector<Row> rows;
  std::size_t effects = 0;
  for (const std::string& figure : family.figures) {
    const int f = s.figure_index(figure);
    if (f < 0) continue;
    const FigureLabel label = label_of(figure, s.units[f]);
    rows.push_back(Row{label.text, nullptr, label, {}});
    for (const Difference& d : c.differences) {
      if (d.figure != f) continue;
      rows.push_back(Row{"", &d, label, shown(d.difference, label.factor)});
      ++effects;
    }
  }
  const std::string title = family.title + " (" + family_axis(family.family) + ")";
  const int height = kTop + kRow * static_cast<int>(std::max<std::size_t>(rows.size(), 1)) + kBottom;
  Svg svg(kWidth, height, "forest", title, "data-family=\"" + family_id(family.family) + "\"");
  svg.text(8, 18, title, "start", "heading");
  if (effects == 0) {
    svg.text(kPlotLeft, kTop + kRow * 0.6,
             rows.empty() ? "none of these figures is in sweep.h5" : "only the baseline arm: nothing to compare",
             "start", "note");
    return svg.str();
  }
  Extent extent;
  extent.add(0);
  for (const Row& r : rows) {
    extent.add(r.show.mean);
    extent.add(r.show.low);
    extent.add(r.show.high);
  }
  const Extent padded = extent.padded();
  const LinearScale x{padded.low, padded.high, kPlotLeft, kPlotRight};
  const double plot_bottom = kTop + kRow * static_cast<double>(rows.size());
  x_ticks(svg, x, padded.low, padded.high, kTop, plot_bottom);
  svg.line(x(0), kTop - 4, x(0), plot_bottom, "#444", 1, "4 3");
  svg.text((kPlotLeft + kPlotRight) / 2.0, plot_bottom + 34,
           "change, arm \xE2\x88\x92 " + s.arms[c.baseline] + " (" + family_axis(family.family) + ")", "middle",
           "axis");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const double y = kTop + kRow * (i + 0.5);
    if (!r.heading.empty()) {
      svg.text(8, y + 4, shortened(r.heading, kLongLabel), "start", "figure-label", r.heading);
      continue;
    }
    const std::string arm = row_label(s, r.d->arm, r.d->point);
    svg.text(kPlotLeft - 10, y + 4, short_row_label(s, r.d->arm, r.d->point, kLongLabel), "end", "label", arm);
    effect_mark(svg, x, y, r.show, color_of(r.d->arm),
                effect_attributes(s.arms[r.d->arm], r.d->point, s.figures[r.d->figure], r.d->difference),
                r.label.text + ", " + arm + ": " + interval_sentence(r.show, r.label));
    svg.text(kTextX, y + 4, interval_cell(r.show, family.family) + " " + mark_of(r.show), "start", "value");
  }
  return svg.str();
}

double wait_plot_high(const Comparison& c) {
  const WaitByDay& w = c.wait;
  Extent extent;
  extent.add(0);
  for (double v : w.minutes) extent.add(v);
  return extent.high * 1.08;
}

std::string wait_plot(const Comparison& c, int point, int group, double y_high) {
  constexpr int kWidth = 430, kHeight = 260, kLeft = 52, kRight = 14, kTop = 30, kBottom = 42;
  const Sweep& s = c.sweep;
  const WaitByDay& w = c.wait;
  const std::string who = scope_text(kGroupNames[group]);
  Svg svg(kWidth, kHeight, "wait-over-time", "Mean wait per day, " + who + ", " + point_text(s, point),
          "data-group=\"" + std::string(kGroupNames[group]) + "\" data-grid-point=\"" + std::to_string(point) + "\"");
  svg.text(8, 18, "Mean wait per day, " + who + " (min)", "start", "heading");
  bool any = false;
  for (int a = 0; a < w.arms; ++a) {
    for (int d = 0; d < w.days; ++d) any = any || std::isfinite(w.at(a, point, d, group));
  }
  if (w.days == 0 || !any || !(y_high > 0)) {
    svg.text(kLeft, kTop + 30, w.days == 0 ? "no run series were read" : "nobody was served", "start", "note");
    return svg.str();
  }
  const LinearScale x{w.days > 1 ? 0.0 : -0.5, w.days > 1 ? w.days - 1.0 : 0.5, kLeft, kWidth - kRight};
  const LinearScale y{0, y_high, kHeight - kBottom, kTop};
  const std::vector<double> y_ticks = nice_ticks(0, y_high, 5);
  for (double tick : y_ticks) {
    svg.line(kLeft, y(tick), kWidth - kRight, y(tick), "#e5e5e5");
    svg.text(kLeft - 6, y(tick) + 4, readable(tick, tick_decimals(y_ticks)), "end", "tick");
  }
  for (double tick : nice_ticks(0, std::max(1, w.days - 1), 6)) {
    if (tick != std::floor(tick) || tick > w.days - 1) continue;
    svg.line(x(tick), kHeight - kBottom, x(tick), kHeight - kBottom + 4, "#444");
    svg.text(x(tick), kHeight - kBottom + 16, readable(tick, 0), "middle", "tick");
  }
  svg.line(kLeft, kHeight - kBottom, kWidth - kRight, kHeight - kBottom, "#444");
  svg.text((kLeft + kWidth - kRight) / 2.0, kHeight - 8, "day", "middle", "axis");
  for (int a = 0; a < w.arms; ++a) {
    std::vector<std::pair<double, double>> segment;
    for (int d = 0; d <= w.days; ++d) {
      const double v = d < w.days ? w.at(a, point, d, group) : kNaN;
      if (std::isfinite(v)) {
        segment.emplace_back(x(d), y(v));
        if (w.days <= 60) {
          svg.circle(x(d), y(v), 2.5, color_of(a),
                     s.arms[a] + ", day " + std::to_string(d) + ": " + readable(v, decimals_for_value(v)) + " min");
        }
      } else {
        svg.polyline(segment, color_of(a));
        segment.clear();
      }
    }
  }
  return svg.str();
}

std::string gap_plot(const Comparison& c) {
  constexpr int kWidth = 900, kRow = 24, kTop = 34, kBottom = 44, kPlotLeft = 280, kPlotRight = 640, kTextX = 654;
  const Sweep& s = c.sweep;
  const int f = s.figure_index(kGapFigure);
  const std::string title = "Urban \xC3\xB7 rural mean total time of a met need, each arm's own level (1 = no gap)";
  const int arms = static_cast<int>(s.arms.size()), points = static_cast<int>(s.grid_points.size());
  const int rows = f < 0 ? 1 : arms * points;
  Svg svg(kWidth, kTop + kRow * rows + kBottom, "urban-rural-gap", title,
          "data-figure=\"" + std::string(kGapFigure) + "\"");
  svg.text(8, 18, title, "start", "heading");
  if (f < 0) {
    svg.text(kPlotLeft, kTop + kRow * 0.6, "urban_rural_total_time_ratio/all is not in sweep.h5", "start", "note");
    return svg.str();
  }
  Extent extent;
  extent.add(1.0);
  for (const Level& l : c.levels) {
    if (l.figure != f) continue;
    extent.add(l.value.low);
    extent.add(l.value.high);
    extent.add(l.value.mean);
  }
  const Extent padded = extent.padded();
  const LinearScale x{padded.low, padded.high, kPlotLeft, kPlotRight};
  const double bottom = kTop + kRow * static_cast<double>(rows);
  x_ticks(svg, x, padded.low, padded.high, kTop, bottom);
  svg.line(x(1.0), kTop - 4, x(1.0), bottom, "#444", 1, "4 3");
  svg.text((kPlotLeft + kPlotRight) / 2.0, bottom + 34, "urban \xC3\xB7 rural, mean over replicates with 95% CI",
           "middle", "axis");
  int row = 0;
  for (int a = 0; a < arms; ++a) {
    for (int p = 0; p < points; ++p, ++row) {
      const Interval& v = c.level(a, p, f).value;
      const double y = kTop + kRow * (row + 0.5);
      const std::string label = row_label(s, a, p);
      svg.text(kPlotLeft - 10, y + 4, short_row_label(s, a, p, kLongLabel), "end", "label", label);
      if (std::isfinite(v.low) && std::isfinite(v.high)) svg.line(x(v.low), y, x(v.high), y, color_of(a), 2);
      if (std::isfinite(v.mean)) svg.circle(x(v.mean), y, 4.5, color_of(a), label);
      svg.text(kTextX, y + 4, interval_cell(v, Family::kRatio, /*signed_=*/false), "start", "value");
    }
  }
  return svg.str();
}

namespace {

/// Positions for labels that want the heights `want`, at least `gap` apart, inside [top, bottom]
/// when they fit there (below `bottom` otherwise), each as near its wish as the others allow.
std::vector<double> spread(const std::vector<double>& want, double gap, double top, double bottom) {
  std::vector<std::size_t> order(want.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return want[a] < want[b]; });
  std::vector<double> at(want.size());
  double previous = top - gap;
  for (std::size_t i : order) previous = at[i] = std::max(std::max(want[i], top), previous + gap);
  double next = std::max(bottom, top + gap * (static_cast<double>(want.size()) - 1)) + gap;
  for (auto it = order.rbegin(); it != order.rend(); ++it) next = at[*it] = std::min(at[*it], next - gap);
  return at;
}

/// An arm at a grid point in the cost chart: its mean cost and its change in mean wait (0 for the baseline).
struct CostPoint {
  int arm, point;
  double cost;
  Interval effect;
};

std::vector<CostPoint> cost_points(const Comparison& c, int cost, int wait) {
  const Sweep& s = c.sweep;
  std::vector<CostPoint> points;
  for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
    for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p) {
      CostPoint pt{a, p, c.level(a, p, cost).value.mean, Interval{}};
      if (a == c.baseline) {
        pt.effect.n = c.level(a, p, wait).value.n;
        pt.effect.mean = 0;
      } else {
        for (const Difference& d : c.differences) {
          if (d.arm == a && d.point == p && d.figure == wait) pt.effect = d.difference;
        }
      }
      if (std::isfinite(pt.cost) && std::isfinite(pt.effect.mean)) points.push_back(pt);
    }
  }
  return points;
}

/// The chart's frame: where the points go.
struct CostFrame {
  LinearScale x, y;
  double unit;  // CNY per unit of the x axis
  double label_x, top, bottom;
};

/// Each point with its whisker, and its label in the column at `frame.label_x`, joined by a line.
void draw_cost_points(Svg& svg, const Comparison& c, const std::vector<CostPoint>& points, const CostFrame& frame) {
  constexpr double kLabelGap = 16;
  std::vector<double> want;
  for (const CostPoint& pt : points) want.push_back(frame.y(pt.effect.mean));
  const std::vector<double> at = spread(want, kLabelGap, frame.top, frame.bottom);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const CostPoint& pt = points[i];
    const std::string color = color_of(pt.arm);
    const double px = frame.x(pt.cost / frame.unit), py = frame.y(pt.effect.mean);
    if (std::isfinite(pt.effect.low) && std::isfinite(pt.effect.high)) {
      svg.line(px, frame.y(pt.effect.low), px, frame.y(pt.effect.high), color, 2);
    }
    const std::string label = row_label(c.sweep, pt.arm, pt.point);
    const bool base = pt.arm == c.baseline;
    const std::string effect =
        base ? "baseline" : readable(pt.effect.mean, decimals_for(pt.effect, Family::kMinutes), true) + " min";
    svg.circle(px, py, 5, color,
               label + ": cost " + readable(pt.cost, 0) + " CNY, change in mean wait " +
                   (base ? "0 (the baseline)" : interval_cell(pt.effect, Family::kMinutes) + " min"));
    svg.line(px + 6, py, frame.label_x - 4, at[i] - 4, "#bbbbbb", 1);
    svg.text(frame.label_x, at[i], short_row_label(c.sweep, pt.arm, pt.point, 28) + ": " + effect, "start",
             "label cost-label", label);
  }
}

}  // namespace

std::string cost_effect_plot(const Comparison& c) {
  constexpr int kWidth = 900, kLeft = 80, kRight = 300, kTop = 56, kBottom = 52, kLabelGap = 16;
  const Sweep& s = c.sweep;
  const int cost = s.figure_index(kCostFigure), wait = s.figure_index(kWaitFigure);
  const std::string title = "Intervention cost against the change in mean wait (everyone)";
  const std::vector<CostPoint> points = cost >= 0 && wait >= 0 ? cost_points(c, cost, wait) : std::vector<CostPoint>{};
  const int height = std::max(460, kTop + kLabelGap * static_cast<int>(points.size()) + kBottom);
  Svg svg(kWidth, height, "cost-effect", title);
  svg.text(8, 18, title, "start", "heading");
  if (cost < 0 || wait < 0) {
    svg.text(kLeft, kTop + 30, std::string(cost < 0 ? kCostFigure : kWaitFigure) + " is not in sweep.h5", "start",
             "note");
    return svg.str();
  }
  Extent xs, ys;
  ys.add(0);
  for (const CostPoint& pt : points) {
    xs.add(pt.cost);
    ys.add(pt.effect.mean);
    ys.add(pt.effect.low);
    ys.add(pt.effect.high);
  }
  const double reach = std::max(std::fabs(xs.low), std::fabs(xs.high));
  const double unit = reach >= 1e6 ? 1e6 : reach >= 1e4 ? 1e3 : 1.0;
  const std::string unit_name = unit == 1e6 ? "million CNY" : unit == 1e3 ? "thousand CNY" : "CNY";
  Extent scaled;
  if (!xs.empty) {
    scaled.add(xs.low / unit);
    scaled.add(xs.high / unit);
  }
  const Extent px_extent = scaled.padded(), py_extent = ys.padded();
  const double plot_right = kWidth - kRight, bottom = height - kBottom;
  const CostFrame frame{LinearScale{px_extent.low, px_extent.high, kLeft, plot_right},
                        LinearScale{py_extent.low, py_extent.high, bottom, kTop},
                        unit,
                        plot_right + 24,
                        kTop,
                        bottom};
  x_ticks(svg, frame.x, px_extent.low, px_extent.high, kTop, bottom);
  const std::vector<double> y_ticks = nice_ticks(py_extent.low, py_extent.high, 6);
  for (double tick : y_ticks) {
    svg.line(kLeft, frame.y(tick), plot_right, frame.y(tick), "#e5e5e5");
    svg.text(kLeft - 6, frame.y(tick) + 4, readable(tick, tick_decimals(y_ticks)), "end", "tick");
  }
  svg.line(kLeft, frame.y(0), plot_right, frame.y(0), "#444", 1, "4 3");
  svg.text((kLeft + plot_right) / 2.0, height - 12,
           "intervention cost over the run, mean over replicates (" + unit_name + ")", "middle", "axis");
  svg.text(kLeft - 40, kTop - 14, "change in mean wait vs " + s.arms[c.baseline] + " (min)", "start", "axis");
  draw_cost_points(svg, c, points, frame);
  return svg.str();
}

}  // namespace civicsim::viz::compare
