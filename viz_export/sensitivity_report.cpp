// sensitivity.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
// the design, its parameters and their distributions, the runs, and for every arm and figure the
// parameters ranked by their main index with bootstrap intervals, the replicate noise share, and a
// table of every index. Every text that comes from the sweep is escaped.
#include <algorithm>
#include <cmath>
#include <string>

#include "civicsim_version.hpp"
#include "viz_export/compare_svg.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/sensitivity_data.hpp"

namespace civicsim::viz::sensitivity {
namespace {

using compare::html_escape;
using compare::human_number;

constexpr const char* kMainColor = "#1f77b4";
constexpr const char* kSecondColor = "#ff7f0e";
constexpr const char* kNegativeColor = "#d62728";
constexpr std::size_t kLongLabel = 30;

std::string estimate_text(const Estimate& e) {
  if (!std::isfinite(e.value)) return "n/a";
  if (!std::isfinite(e.low)) return human_number(e.value);
  return human_number(e.value) + " [" + human_number(e.low) + ", " + human_number(e.high) + "]";
}

/// The estimate of `index` for `parameter`, or an empty one.
Estimate find(const FigureIndices& f, const std::string& parameter, const std::string& index) {
  for (const IndexValue& i : f.indices) {
    if (i.parameter == parameter && i.index == index) return i.estimate;
  }
  return {};
}

std::string noise_text(const FigureIndices& f, int replicates) {
  if (replicates < 2) return "replicate noise not separated (one replicate per point)";
  if (!std::isfinite(f.noise_share)) return "replicate noise share n/a";
  return "replicate noise: " + human_number(100 * f.noise_share) + "% of the variance of the point outputs";
}

/// One bar (from 0 to the estimate) with its interval as a whisker, `thickness` pixels high.
void bar(compare::Svg& svg, const compare::LinearScale& x, double y, double thickness, const Estimate& e,
         const std::string& color, const std::string& whisker = "#222") {
  if (!std::isfinite(e.value)) return;
  const double from = std::min(x(0), x(e.value)), to = std::max(x(0), x(e.value));
  svg.rect(from, y - thickness / 2, std::max(to - from, 1.0), thickness, color);
  if (std::isfinite(e.low) && std::isfinite(e.high)) {
    svg.line(x(e.low), y, x(e.high), y, whisker, 1.2);
    svg.line(x(e.low), y - thickness / 2, x(e.low), y + thickness / 2, whisker, 1.2);
    svg.line(x(e.high), y - thickness / 2, x(e.high), y + thickness / 2, whisker, 1.2);
  }
}

/// How the page names an index.
std::string shown(const std::string& index) { return index == "mu_star" ? "mu*" : index; }

/// The parameters in the order of the page: by the main index, largest (in magnitude) first.
std::vector<std::string> ranked(const Analysis& a, const FigureIndices& f) {
  std::vector<std::string> order = a.design.parameters;
  const auto key = [&](const std::string& p) {
    const double v = std::fabs(find(f, p, f.ranking_index).value);
    return std::isfinite(v) ? v : -1.0;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& l, const std::string& r) { return key(l) > key(r); });
  return order;
}

std::string ranking_plot(const Analysis& a, const FigureIndices& f) {
  constexpr int kWidth = 1040, kRow = 32, kTop = 50, kBottom = 44, kLeft = 250, kRight = 600, kTextX = 612;
  const std::string& figure = a.sweep.figures[f.figure];
  const std::string& arm = a.sweep.arms[f.arm];
  const std::vector<std::string> order = ranked(a, f);
  const bool sobol = f.ranking_index == "ST";
  const int height = kTop + kRow * static_cast<int>(order.size()) + kBottom;
  const std::string title = figure + (a.arms.size() > 1 ? " \xC2\xB7 " + arm : "");
  compare::Svg svg(kWidth, height, "ranking", "Parameters ranked by " + shown(f.ranking_index) + ": " + title,
                   "data-figure=\"" + html_escape(figure) + "\" data-arm=\"" + html_escape(arm) + "\"");
  svg.text(8, 18, title, "start", "heading");
  svg.text(8, 36, noise_text(f, a.sweep.replicates), "start",
           f.noise_share > 0.5 || a.sweep.replicates < 2 ? "note" : "value");
  compare::Extent extent;
  extent.add(0);
  for (const IndexValue& i : f.indices) {
    if (i.index != f.ranking_index && !(sobol && i.index == "S1")) continue;
    extent.add(i.estimate.value);
    extent.add(i.estimate.low);
    extent.add(i.estimate.high);
  }
  const compare::Extent padded = extent.padded();
  const compare::LinearScale x{padded.low, padded.high, kLeft, kRight};
  const double bottom = kTop + kRow * static_cast<double>(order.size());
  for (double tick : compare::nice_ticks(padded.low, padded.high, 6)) {
    svg.line(x(tick), kTop, x(tick), bottom, "#e5e5e5");
    svg.text(x(tick), bottom + 14, human_number(tick), "middle", "tick");
  }
  svg.line(x(0), kTop - 4, x(0), bottom, "#444");
  const std::string& units = a.sweep.units[f.figure];
  const std::string axis =
      sobol ? "ST (blue, upper) and S1 (orange, lower), 95% bootstrap intervals"
      : f.ranking_index == "mu_star"
          ? "mu* = mean |elementary effect| (" + (units.empty() || units == "1" ? "" : units + " ") + "per unit step)"
          : "SRRC (ranked by |SRRC|), R\xC2\xB2 = " + human_number(f.r_squared);
  svg.text((kLeft + kRight) / 2.0, bottom + 34, axis, "middle", "axis");
  for (std::size_t r = 0; r < order.size(); ++r) {
    const double y = kTop + kRow * (r + 0.5);
    const Estimate main = find(f, order[r], f.ranking_index);
    svg.text(kLeft - 10, y + 4, compare::shortened(order[r], kLongLabel), "end", "label", order[r]);
    std::string summary = shown(f.ranking_index) + " " + estimate_text(main);
    if (sobol) {  // ST above, S1 below, each with its own whisker
      const Estimate first = find(f, order[r], "S1");
      bar(svg, x, y - 5, 11, main, kMainColor);
      bar(svg, x, y + 6, 9, first, kSecondColor, "#8a4b00");
      summary += "  \xC2\xB7  S1 " + estimate_text(first);
    } else {
      bar(svg, x, y, 14, main, main.value < 0 ? kNegativeColor : kMainColor);
    }
    svg.text(kTextX, y + 4, summary, "start", "value", order[r] + ": " + summary);
  }
  return svg.str();
}

std::string index_table(const FigureIndices& f) {
  std::string html =
      "<details><summary>every index</summary><table class=\"indices\"><thead><tr><th>parameter</th><th>index</th>"
      "<th>value</th><th>95% interval</th></tr></thead><tbody>\n";
  for (const IndexValue& i : f.indices) {
    const Estimate& e = i.estimate;
    const std::string interval =
        std::isfinite(e.low) ? "[" + human_number(e.low) + ", " + human_number(e.high) + "]" : "n/a";
    html += "<tr><td>" + html_escape(i.parameter) + "</td><td>" + html_escape(i.index) + "</td><td>" +
            human_number(e.value) + "</td><td>" + interval + "</td></tr>\n";
  }
  return html + "</tbody></table></details>\n";
}

std::string figure_section(const Analysis& a, const FigureIndices& f) {
  const std::string& figure = a.sweep.figures[f.figure];
  const std::string units = a.sweep.units[f.figure];
  std::string html = "<section class=\"figure\" data-figure=\"" + html_escape(figure) + "\">\n<h3>" +
                     html_escape(figure) + (units.empty() || units == "1" ? "" : " (" + html_escape(units) + ")") +
                     "</h3>\n";
  const std::string unit_name = a.design.method == "sobol"    ? "base rows"
                                : a.design.method == "morris" ? "trajectories"
                                                              : "points";
  html += "<p class=\"meta\">" + std::to_string(f.units_used) + " of " + std::to_string(f.units) + " " + unit_name +
          " used (" + std::to_string(f.points_used) + " design points); " +
          html_escape(noise_text(f, a.sweep.replicates)) + ".</p>\n";
  if (f.noise_share > 0.5) {
    html +=
        "<p class=\"warning\">Replicate noise is more than half of the variance of the point outputs: these "
        "indices mostly measure noise. Add replicates, or widen the parameters' ranges.</p>\n";
  }
  if (f.r_squared < 0.5) {
    html += "<p class=\"warning\">The rank regression explains R\xC2\xB2 = " + human_number(f.r_squared) +
            " of the ranks' variance: the ranking by |SRRC| is not to be trusted (the output is not monotone in the "
            "parameters, or they interact).</p>\n";
  }
  if (f.units_used == 0) html += "<p class=\"warning\">No design point has an output: no indices.</p>\n";
  return html + ranking_plot(a, f) + index_table(f) + "</section>\n";
}

std::string method_text(const Analysis& a) {
  const Design& d = a.design;
  if (d.method == "sobol") {
    return "Sobol\xE2\x80\x99 indices on Saltelli\xE2\x80\x99s layout (" + std::to_string(d.samples) + " base rows" +
           (d.second_order ? ", second order" : "") +
           "): S1 = mean(f<sub>B</sub>(f<sub>AB<sub>i</sub></sub> \xE2\x88\x92 f<sub>A</sub>)) / V, "
           "ST = mean((f<sub>A</sub> \xE2\x88\x92 f<sub>AB<sub>i</sub></sub>)\xC2\xB2) / 2V, as SALib.";
  }
  if (d.method == "morris") {
    return "Morris elementary effects (" + std::to_string(d.samples) + " trajectories, " + std::to_string(d.levels) +
           " levels): mu* = mean |EE|, mu = mean EE, sigma = sd of EE, in the unit cube.";
  }
  return "Standardised rank regression coefficients (" + html_escape(d.method) +
         " design): ranks of the parameters and the output, standardised, fitted by least squares; R\xC2\xB2 says "
         "how much of the output's ranks they explain.";
}

std::string header(const Analysis& a) {
  const compare::Sweep& s = a.sweep;
  int done = 0, failed = 0;
  for (std::size_t r = 0; r < s.runs(); ++r) {
    done += s.run_status[r] == "done";
    failed += s.run_status[r] == "failed";
  }
  const std::string name = s.scenario_name.empty() ? "(unnamed scenario)" : s.scenario_name;
  std::string html = "<header>\n<h1>Sensitivity: " + html_escape(name) + "</h1>\n";
  html += "<p class=\"meta\">Design <b id=\"method\">" + html_escape(a.design.method) + "</b> \xC2\xB7 " +
          std::to_string(s.grid_points.size()) + " points \xC2\xB7 " + std::to_string(s.replicates) + " replicate" +
          (s.replicates == 1 ? "" : "s") + " \xC2\xB7 " + std::to_string(s.runs()) + " runs: <span id=\"runs-done\">" +
          std::to_string(done) + "</span> done, <span id=\"runs-failed\">" + std::to_string(failed) +
          "</span> failed \xC2\xB7 bootstrap: " + std::to_string(a.bootstrap.resamples) + " resamples, seed " +
          std::to_string(a.bootstrap.seed) + "</p>\n";
  html += "<p class=\"method\">" + method_text(a) + "</p>\n";
  html +=
      "<table class=\"indices\" id=\"parameters\"><thead><tr><th>parameter</th><th>distribution</th></tr></thead>"
      "<tbody>\n";
  for (int i = 0; i < a.design.k(); ++i) {
    html += "<tr><td class=\"parameter\">" + html_escape(a.design.parameters[i]) + "</td><td>" +
            html_escape(a.design.distributions[i]) + "</td></tr>\n";
  }
  html += "</tbody></table>\n";
  html += s.replicates < 2
              ? "<p class=\"warning\" id=\"noise\">One replicate per point: the replicate noise is not separated from "
                "the parameters\xE2\x80\x99 effects, and the indices include it.</p>\n"
              : "<p class=\"method\" id=\"noise\">Each point\xE2\x80\x99s output is the mean over the replicates done "
                "at every point (common random numbers: replicate r has the same seed everywhere); the noise share is "
                "the point \xC3\x97 replicate interaction over the replicates, over the variance of the point means: "
                "near 1, the indices measure replicate noise rather than the parameters.</p>\n";
  return html + "</header>\n";
}

constexpr const char* kStyle = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1140px;color:#222;padding:0 16px}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#444}.method{color:#555;font-size:.92em}.warning{color:#8a4b00}
svg.plot{display:block;margin:10px 0;background:#fff}
svg text{font-size:12px;fill:#222}svg text.heading{font-weight:600;font-size:13px}
svg text.tick{fill:#666;font-size:11px}svg text.note{fill:#8a4b00}svg text.value{fill:#333}
table.indices{border-collapse:collapse;font-size:.85em}
table.indices th,table.indices td{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;white-space:nowrap}
</style>
)";

}  // namespace

std::string write_sensitivity_html(const Analysis& a, const std::string& out_dir) {
  const compare::Sweep& s = a.sweep;
  compare::AtomicText file(out_dir, "sensitivity.html");
  const std::string name = s.scenario_name.empty() ? "sweep" : s.scenario_name;
  file.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>civicsim sensitivity: " +
             html_escape(name) + "</title>\n" + kStyle + "</head>\n<body>\n" + header(a));
  for (int arm : a.arms) {
    file.write("<section class=\"arm\" data-arm=\"" + html_escape(s.arms[arm]) + "\">\n<h2>Arm " +
               html_escape(s.arms[arm]) + "</h2>\n");
    for (const FigureIndices& f : a.results) {
      if (f.arm == arm) file.write(figure_section(a, f));
    }
    file.write("</section>\n");
  }
  file.write(std::string("<footer><p class=\"method\">civicsim ") + CIVICSIM_VERSION + " (git " + CIVICSIM_GIT_SHA +
             ")</p></footer>\n</body>\n</html>\n");
  return file.commit();
}

}  // namespace civicsim::viz::sensitivity
