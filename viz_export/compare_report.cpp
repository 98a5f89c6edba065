// report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
// paired differences of the key figures, the mean wait over time, the urban/rural gap, cost
// against effect, and the whole comparison table. Every text that comes from the sweep is escaped.
#include <cmath>
#include <string>

#include "civicsim_version.hpp"
#include "viz_export/compare_data.hpp"
#include "viz_export/compare_svg.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz::compare {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr const char* kGroupNames[kGroupCount] = {"urban_adult", "urban_elderly", "rural_adult", "rural_elderly"};
/// The figures of the forest plots, in the order of the page.
constexpr const char* kForestFigures[] = {"wait_mean_minutes/all",
                                          "abandonment_rate/all",
                                          "resolution_rate/all",
                                          "unmet_needs/all",
                                          "total_time_mean_minutes/all",
                                          "wait_mean_minutes/urban_adult",
                                          "wait_mean_minutes/urban_elderly",
                                          "wait_mean_minutes/rural_adult",
                                          "wait_mean_minutes/rural_elderly"};
constexpr const char* kGapFigure = "urban_rural_total_time_ratio/all";
constexpr const char* kCostFigure = "total_cost/all";
constexpr const char* kWaitFigure = "wait_mean_minutes/all";
constexpr std::size_t kLongLabel = 34;

std::string color_of(int arm) { return kPalette[arm % 10]; }

/// "arm" or "arm · g1" when the sweep has a grid.
std::string row_label(const Sweep& s, int arm, int point) {
  return s.grid_points.size() > 1 ? s.arms[arm] + " \xC2\xB7 g" + std::to_string(point) : s.arms[arm];
}
std::string point_text(const Sweep& s, int point) {
  return "g" + std::to_string(point) + (s.grid_points[point].empty() ? "" : ": " + s.grid_points[point]);
}
std::string units_of(const Sweep& s, int figure) {
  return figure < 0 || s.units[figure].empty() || s.units[figure] == "1" ? "" : " (" + s.units[figure] + ")";
}

/// "−1.5 [−2.1, −0.9]", "3 (n < 2)" or "no pairs".
std::string interval_text(const Interval& i) {
  if (i.n == 0) return "no pairs";
  if (i.n < 2 || !std::isfinite(i.low)) return human_number(i.mean) + " (n < 2)";
  return human_number(i.mean) + " [" + human_number(i.low) + ", " + human_number(i.high) + "]";
}

const Difference* find_difference(const Comparison& c, int arm, int point, int figure) {
  for (const Difference& d : c.differences) {
    if (d.arm == arm && d.point == point && d.figure == figure) return &d;
  }
  return nullptr;
}

/// One row of a dot-and-whisker plot.
struct Row {
  std::string label;
  std::string color;
  Interval value;
};

/// Rows of means with their intervals on a horizontal axis, a dashed reference line, and the
/// interval written at the right. `message` replaces the rows when there are none.
std::string dot_whisker(const std::string& plot, const std::string& title, const std::string& extra,
                        const std::vector<Row>& rows, double reference, const std::string& axis_label,
                        const std::string& message) {
  constexpr int kWidth = 880, kRow = 24, kTop = 34, kBottom = 44, kPlotLeft = 250, kPlotRight = 620, kTextX = 632;
  const int height = kTop + kRow * static_cast<int>(std::max<std::size_t>(rows.size(), 1)) + kBottom;
  Svg svg(kWidth, height, plot, title, extra);
  svg.text(8, 18, title, "start", "heading");
  if (rows.empty()) {
    svg.text(kPlotLeft, kTop + kRow * 0.6, message, "start", "note");
    return svg.str();
  }
  Extent extent;
  extent.add(reference);
  for (const Row& r : rows) {
    extent.add(r.value.mean);
    extent.add(r.value.low);
    extent.add(r.value.high);
  }
  const Extent padded = extent.padded();
  const LinearScale x{padded.low, padded.high, kPlotLeft, kPlotRight};
  const double plot_bottom = kTop + kRow * static_cast<double>(rows.size());
  for (double tick : nice_ticks(padded.low, padded.high, 6)) {
    svg.line(x(tick), kTop, x(tick), plot_bottom, "#e5e5e5");
    svg.text(x(tick), plot_bottom + 14, human_number(tick), "middle", "tick");
  }
  svg.line(x(reference), kTop - 4, x(reference), plot_bottom, "#444", 1, "4 3");
  svg.text((kPlotLeft + kPlotRight) / 2.0, plot_bottom + 34, axis_label, "middle", "axis");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const double y = kTop + kRow * (i + 0.5);
    svg.text(kPlotLeft - 10, y + 4, shortened(r.label, kLongLabel), "end", "label", r.label);
    const std::string summary = interval_text(r.value);
    if (std::isfinite(r.value.low) && std::isfinite(r.value.high)) {
      svg.line(x(r.value.low), y, x(r.value.high), y, r.color, 2);
      svg.line(x(r.value.low), y - 5, x(r.value.low), y + 5, r.color, 2);
      svg.line(x(r.value.high), y - 5, x(r.value.high), y + 5, r.color, 2);
    }
    if (std::isfinite(r.value.mean)) svg.circle(x(r.value.mean), y, 4.5, r.color, r.label + ": " + summary);
    svg.text(kTextX, y + 4, summary + (r.value.n > 0 ? "  n=" + std::to_string(r.value.n) : ""), "start", "value");
  }
  return svg.str();
}

std::string forest_plot(const Comparison& c, const std::string& figure_scope) {
  const Sweep& s = c.sweep;
  const int f = s.figure_index(figure_scope);
  std::vector<Row> rows;
  if (f >= 0) {
    for (const Difference& d : c.differences) {
      if (d.figure == f) rows.push_back(Row{row_label(s, d.arm, d.point), color_of(d.arm), d.difference});
    }
  }
  const std::string message = f < 0 ? "not in sweep.h5" : "only the baseline arm: nothing to compare";
  return dot_whisker("forest", figure_scope + units_of(s, f), "data-figure=\"" + html_escape(figure_scope) + "\"", rows,
                     0.0, "difference, arm \xE2\x88\x92 " + s.arms[c.baseline] + units_of(s, f), message);
}

std::string gap_plot(const Comparison& c) {
  const Sweep& s = c.sweep;
  const int f = s.figure_index(kGapFigure);
  std::vector<Row> rows;
  if (f >= 0) {
    for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
      for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p) {
        rows.push_back(Row{row_label(s, a, p), color_of(a), c.level(a, p, f).value});
      }
    }
  }
  return dot_whisker("urban-rural-gap", "Urban/rural gap: mean total time, urban \xC3\xB7 rural",
                     "data-figure=\"" + html_escape(kGapFigure) + "\"", rows, 1.0,
                     "urban_rural_total_time_ratio (1 = no gap), mean over replicates with 95% CI",
                     "urban_rural_total_time_ratio/all is not in sweep.h5");
}

/// The days and minutes of one arm, group and grid point, split where nothing was served.
std::string wait_plot(const Comparison& c, int point, int group) {
  constexpr int kWidth = 430, kHeight = 260, kLeft = 52, kRight = 14, kTop = 30, kBottom = 42;
  const Sweep& s = c.sweep;
  const WaitByDay& w = c.wait;
  const std::string group_name = kGroupNames[group];
  Svg svg(kWidth, kHeight, "wait-over-time", "Mean wait per day, " + group_name + ", " + point_text(s, point),
          "data-group=\"" + group_name + "\" data-grid-point=\"" + std::to_string(point) + "\"");
  svg.text(8, 18, group_name + " (min)", "start", "heading");
  Extent y_extent;
  y_extent.add(0);
  for (int a = 0; a < w.arms; ++a) {
    for (int d = 0; d < w.days; ++d) y_extent.add(w.at(a, point, d, group));
  }
  if (w.days == 0 || y_extent.high == y_extent.low) {
    svg.text(kLeft, kTop + 30, w.days == 0 ? "no run series were read" : "nothing was served", "start", "note");
    return svg.str();
  }
  const double y_high = y_extent.high * 1.08;
  const LinearScale x{w.days > 1 ? 0.0 : -0.5, w.days > 1 ? w.days - 1.0 : 0.5, kLeft, kWidth - kRight};
  const LinearScale y{0, y_high, kHeight - kBottom, kTop};
  for (double tick : nice_ticks(0, y_high, 5)) {
    svg.line(kLeft, y(tick), kWidth - kRight, y(tick), "#e5e5e5");
    svg.text(kLeft - 6, y(tick) + 4, human_number(tick), "end", "tick");
  }
  for (double tick : nice_ticks(0, std::max(1, w.days - 1), 6)) {
    if (tick != std::floor(tick) || tick > w.days - 1) continue;
    svg.line(x(tick), kHeight - kBottom, x(tick), kHeight - kBottom + 4, "#444");
    svg.text(x(tick), kHeight - kBottom + 16, human_number(tick), "middle", "tick");
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
                     s.arms[a] + ", day " + std::to_string(d) + ": " + human_number(v) + " min");
        }
      } else {
        svg.polyline(segment, color_of(a));
        segment.clear();
      }
    }
  }
  return svg.str();
}

std::string cost_effect_plot(const Comparison& c) {
  constexpr int kWidth = 880, kHeight = 460, kLeft = 80, kRight = 190, kTop = 56, kBottom = 52;
  const Sweep& s = c.sweep;
  const int cost = s.figure_index(kCostFigure), wait = s.figure_index(kWaitFigure);
  const std::string title = "Cost against effect: mean total cost and the difference in mean wait";
  Svg svg(kWidth, kHeight, "cost-effect", title);
  svg.text(8, 18, title, "start", "heading");
  if (cost < 0 || wait < 0) {
    svg.text(kLeft, kTop + 30, std::string(cost < 0 ? kCostFigure : kWaitFigure) + " is not in sweep.h5", "start",
             "note");
    return svg.str();
  }
  struct Point {
    int arm, point;
    double cost;
    Interval effect;
  };
  std::vector<Point> points;
  Extent xs, ys;
  ys.add(0);
  for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
    for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p) {
      Point pt{a, p, c.level(a, p, cost).value.mean, Interval{}};
      if (a == c.baseline) {
        pt.effect.n = c.level(a, p, wait).value.n;
        pt.effect.mean = 0;
      } else if (const Difference* d = find_difference(c, a, p, wait)) {
        pt.effect = d->difference;
      }
      xs.add(pt.cost);
      ys.add(pt.effect.mean);
      ys.add(pt.effect.low);
      ys.add(pt.effect.high);
      points.push_back(pt);
    }
  }
  const Extent px_extent = xs.padded(), py_extent = ys.padded();
  const LinearScale x{px_extent.low, px_extent.high, kLeft, kWidth - kRight};
  const LinearScale y{py_extent.low, py_extent.high, kHeight - kBottom, kTop};
  for (double tick : nice_ticks(px_extent.low, px_extent.high, 6)) {
    svg.line(x(tick), kTop, x(tick), kHeight - kBottom, "#e5e5e5");
    svg.text(x(tick), kHeight - kBottom + 16, human_number(tick), "middle", "tick");
  }
  for (double tick : nice_ticks(py_extent.low, py_extent.high, 6)) {
    svg.line(kLeft, y(tick), kWidth - kRight, y(tick), "#e5e5e5");
    svg.text(kLeft - 6, y(tick) + 4, human_number(tick), "end", "tick");
  }
  svg.line(kLeft, y(0), kWidth - kRight, y(0), "#444", 1, "4 3");
  svg.text((kLeft + kWidth - kRight) / 2.0, kHeight - 12, "mean total cost" + units_of(s, cost), "middle", "axis");
  svg.text(kLeft - 40, kTop - 14, "difference in mean wait" + units_of(s, wait) + " vs " + s.arms[c.baseline], "start",
           "axis");
  for (const Point& pt : points) {
    if (!std::isfinite(pt.cost) || !std::isfinite(pt.effect.mean)) continue;
    const std::string color = color_of(pt.arm);
    if (std::isfinite(pt.effect.low) && std::isfinite(pt.effect.high)) {
      svg.line(x(pt.cost), y(pt.effect.low), x(pt.cost), y(pt.effect.high), color, 2);
    }
    const std::string label = row_label(s, pt.arm, pt.point);
    svg.circle(x(pt.cost), y(pt.effect.mean), 5, color,
               label + ": cost " + human_number(pt.cost) + ", wait difference " + interval_text(pt.effect));
    svg.text(x(pt.cost) + 8, y(pt.effect.mean) - 6, shortened(label, kLongLabel), "start", "label", label);
  }
  return svg.str();
}

std::string legend(const Sweep& s, int baseline) {
  std::string html = "<ul class=\"legend\">";
  for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
    html += "<li><span class=\"swatch\" style=\"background:" + color_of(a) + "\"></span>" + html_escape(s.arms[a]) +
            (a == baseline ? " (baseline)" : "") + "</li>";
  }
  return html + "</ul>\n";
}

std::string run_list(const Sweep& s, const std::string& status) {
  std::string ids;
  int count = 0;
  for (std::size_t r = 0; r < s.runs(); ++r) {
    if (s.run_status[r] != status) continue;
    if (count < 200) ids += (count ? ", " : "") + html_escape(s.run_id[r]);
    ++count;
  }
  if (count == 0) return "";
  if (count > 200) ids += ", \xE2\x80\xA6";
  return "<details class=\"warning\"><summary>" + std::to_string(count) + " " + status + " run" +
         (count == 1 ? "" : "s") + " (left out of the comparison)</summary><p>" + ids + "</p></details>\n";
}

std::string header(const Comparison& c) {
  const Sweep& s = c.sweep;
  int done = 0, failed = 0, missing = 0;
  for (std::size_t r = 0; r < s.runs(); ++r) {
    done += s.run_status[r] == "done";
    failed += s.run_status[r] == "failed";
    missing += s.run_status[r] != "done" && s.run_status[r] != "failed";
  }
  const std::string name = s.scenario_name.empty() ? "(unnamed scenario)" : s.scenario_name;
  std::string html = "<header>\n<h1>Sweep comparison: " + html_escape(name) + "</h1>\n";
  html += std::string("<p class=\"") + (c.samples.uniform ? "sample" : "sample warning") + "\" id=\"sample\">" +
          html_escape(c.samples.statement) + ".</p>\n";
  if (c.days.on) {  // compare --days: which figures cover which days
    html += "<p class=\"sample\" id=\"window\" data-days=\"" + c.days.label() + "\">" + html_escape(c.days.statement) +
            (c.days.problems.empty() ? ""
                                     : " (" + std::to_string(c.days.problems.size()) +
                                           " run file(s) unreadable: their recomputed figures are left out)") +
            ".</p>\n";
  }
  html += "<p class=\"meta\">Baseline arm <b>" + html_escape(s.arms[c.baseline]) + "</b> \xC2\xB7 " +
          std::to_string(s.runs()) + " runs: <span id=\"runs-done\">" + std::to_string(done) +
          "</span> done, <span id=\"runs-failed\">" + std::to_string(failed) +
          "</span> failed, <span id=\"runs-missing\">" + std::to_string(missing) + "</span> missing \xC2\xB7 " +
          std::to_string(s.replicates) + " replicate" + (s.replicates == 1 ? "" : "s") + " \xC2\xB7 " +
          std::to_string(s.arms.size()) + " arms \xC2\xB7 " + std::to_string(s.grid_points.size()) + " grid point" +
          (s.grid_points.size() == 1 ? "" : "s") +
          (s.status.empty() ? "" : " \xC2\xB7 sweep " + html_escape(s.status)) + "</p>\n";
  html += legend(s, c.baseline);
  if (s.grid_points.size() > 1) {
    html += "<ul class=\"grid\">";
    for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p)
      html += "<li>" + html_escape(point_text(s, p)) + "</li>";
    html += "</ul>\n";
  }
  html += run_list(s, "failed") + run_list(s, "missing");
  if (!c.wait.problems.empty()) {
    html += "<details class=\"warning\"><summary>" + std::to_string(c.wait.problems.size()) +
            " done run(s) whose series could not be read (left out of the wait over time)</summary><ul>";
    for (const std::string& problem : c.wait.problems) html += "<li>" + html_escape(problem) + "</li>";
    html += "</ul></details>\n";
  }
  std::size_t single = 0, none = 0;
  for (const Difference& d : c.differences) {
    single += d.difference.n == 1;
    none += d.difference.n == 0;
  }
  if (single > 0) {
    html += "<p class=\"warning\">" + std::to_string(single) + " comparison" + (single == 1 ? " has" : "s have") +
            " a single paired replicate (n < 2): no interval, shown as \xE2\x80\x9Cn < 2\xE2\x80\x9D "
            "(NaN in compare.csv).</p>\n";
  }
  if (none > 0) {
    html += "<p class=\"method\">" + std::to_string(none) + " comparison" + (none == 1 ? " has" : "s have") +
            " no pairs: the figure is undefined in one of the arms in every replicate (for example the wait "
            "on a channel an arm does not have), or the runs are not done.</p>\n";
  }
  html +=
      "<p class=\"method\">Differences are paired: replicate <i>r</i> of every arm ran with the same seed, "
      "so <i>d<sub>r</sub></i> = arm<sub>r</sub> \xE2\x88\x92 baseline<sub>r</sub> over the replicates where "
      "both runs are done and both values defined; the interval is mean \xC2\xB1 "
      "t<sub>0.975, n\xE2\x88\x92"
      "1</sub> \xC2\xB7 sd / \xE2\x88\x9An.</p>\n</header>\n";
  return html;
}

std::string table(const Comparison& c) {
  const Sweep& s = c.sweep;
  std::string html =
      "<table class=\"comparison\" id=\"comparison-table\"><thead><tr><th>figure</th><th>scope</th><th>arm</th>"
      "<th>grid point</th><th>units</th><th>n</th><th>baseline</th><th>arm</th><th>difference</th>"
      "<th>95% CI</th><th>relative</th></tr></thead><tbody>\n";
  for (const Difference& d : c.differences) {
    const auto [figure, scope] = split_figure(s.figures[d.figure]);
    const Interval& i = d.difference;
    const std::string ci = i.n == 0 ? "no pairs"
                           : i.n < 2 || !std::isfinite(i.low)
                               ? "n < 2"
                               : "[" + human_number(i.low) + ", " + human_number(i.high) + "]";
    const std::string relative =
        std::isfinite(d.relative_difference) ? human_number(100 * d.relative_difference) + "%" : "n/a";
    html += "<tr><td>" + html_escape(figure) + "</td><td>" + html_escape(scope) + "</td><td>" +
            html_escape(s.arms[d.arm]) + "</td><td title=\"" + html_escape(s.grid_points[d.point]) + "\">g" +
            std::to_string(d.point) + "</td><td>" + html_escape(s.units[d.figure]) + "</td><td>" + std::to_string(i.n) +
            "</td><td>" + human_number(d.baseline_mean) + "</td><td>" + human_number(d.arm_mean) + "</td><td>" +
            human_number(i.mean) + "</td><td>" + ci + "</td><td>" + relative + "</td></tr>\n";
  }
  return html + "</tbody></table>\n";
}

constexpr const char* kStyle = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1140px;color:#222;padding:0 16px}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#444}.method{color:#555;font-size:.92em}.warning{color:#8a4b00}
.legend,.grid{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px 18px}
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;border-radius:2px;vertical-align:-1px}
svg.plot{display:block;margin:10px 0;background:#fff}
svg text{font-size:12px;fill:#222}svg text.heading{font-weight:600;font-size:13px}
svg text.tick{fill:#666;font-size:11px}svg text.note{fill:#8a4b00}svg text.value{fill:#333}
.small-multiples{display:flex;flex-wrap:wrap;gap:8px}
table.comparison{border-collapse:collapse;font-size:.85em;width:100%}
table.comparison th,table.comparison td{border-bottom:1px solid #eee;padding:3px 6px;text-align:right;white-space:nowrap}
table.comparison td:nth-child(-n+5),table.comparison th:nth-child(-n+5){text-align:left}
</style>
)";

}  // namespace

std::string write_report_html(const Comparison& c, const std::string& out_dir) {
  const Sweep& s = c.sweep;
  AtomicText file(out_dir, "report.html");
  const std::string name = s.scenario_name.empty() ? "sweep" : s.scenario_name;
  file.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>civicsim compare: " +
             html_escape(name) + "</title>\n" + kStyle + "</head>\n<body>\n");
  file.write(header(c));

  file.write(
      "<section id=\"differences\">\n<h2>Differences from the baseline</h2>\n"
      "<p>Mean paired difference (arm \xE2\x88\x92 baseline) with its 95% confidence interval.</p>\n");
  for (const char* figure : kForestFigures) file.write(forest_plot(c, figure));
  file.write("</section>\n");

  file.write(
      "<section id=\"wait-over-time\">\n<h2>Mean wait over time</h2>\n"
      "<p>Mean wait of each day (in person, hotline, digital human; all districts), pooled over the "
      "replicates done in every arm (the same seeds in each line), per group and arm.</p>\n");
  if (c.wait.runs_unpaired > 0) {
    file.write("<p class=\"note\">" + std::to_string(c.wait.runs_unpaired) +
               " done run(s) left out of these plots: their replicate is not done in every arm.</p>\n");
  }
  file.write(legend(s, c.baseline));
  for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p) {
    if (s.grid_points.size() > 1) file.write("<h3>" + html_escape(point_text(s, p)) + "</h3>\n");
    file.write("<div class=\"small-multiples\">\n");
    for (int g = 0; g < kGroupCount; ++g) file.write(wait_plot(c, p, g));
    file.write("</div>\n");
  }
  file.write("</section>\n");

  file.write("<section id=\"urban-rural-gap\">\n<h2>Urban/rural gap</h2>\n" + gap_plot(c) + "</section>\n");
  file.write(
      "<section id=\"cost-effect\">\n<h2>Cost against effect</h2>\n"
      "<p>The baseline sits at zero; below zero, an arm shortens the mean wait.</p>\n" +
      cost_effect_plot(c) + "</section>\n");
  file.write("<section id=\"table\">\n<h2>Comparison table</h2>\n" + table(c) + "</section>\n");
  file.write(std::string("<footer><p class=\"method\">civicsim ") + CIVICSIM_VERSION + " (git " + CIVICSIM_GIT_SHA +
             ")</p></footer>\n</body>\n</html>\n");
  return file.commit();
}

}  // namespace civicsim::viz::compare
