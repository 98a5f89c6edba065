// report.html: the comparison brief, one self-contained page (inline CSS and SVG, no script,
// nothing fetched). In order: the question; the arms, what they do and cost; a headline per arm;
// the effects on one axis per family; cost per outcome; district kinds and a map per arm; the wait
// over time and the urban/rural gap; caveats; and the whole comparison table as an appendix.
// Every text that comes from the sweep or its runs is escaped.
#include <cmath>
#include <string>

#include "civicsim_version.hpp"
#include "viz_export/compare_report.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz::compare {
namespace {

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

std::string problem_list(const std::vector<std::string>& problems, const std::string& what) {
  if (problems.empty()) return "";
  std::string html =
      "<details class=\"warning\"><summary>" + std::to_string(problems.size()) + " " + what + "</summary><ul>";
  for (const std::string& problem : problems) html += "<li>" + html_escape(problem) + "</li>";
  return html + "</ul></details>\n";
}

struct RunCounts {
  int done = 0, failed = 0, missing = 0;
};
RunCounts counts_of(const Sweep& s) {
  RunCounts n;
  for (std::size_t r = 0; r < s.runs(); ++r) {
    n.done += s.run_status[r] == "done";
    n.failed += s.run_status[r] == "failed";
    n.missing += s.run_status[r] != "done" && s.run_status[r] != "failed";
  }
  return n;
}

std::string header(const Comparison& c) {
  const Sweep& s = c.sweep;
  const RunCounts n = counts_of(s);
  const std::string name = s.scenario_name.empty() ? "(unnamed scenario)" : s.scenario_name;
  std::string html = "<header>\n<h1>Comparison brief: " + html_escape(name) + "</h1>\n" + question_block(c);
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
          std::to_string(s.runs()) + " runs: <span id=\"runs-done\">" + std::to_string(n.done) +
          "</span> done, <span id=\"runs-failed\">" + std::to_string(n.failed) +
          "</span> failed, <span id=\"runs-missing\">" + std::to_string(n.missing) + "</span> missing \xC2\xB7 " +
          std::to_string(s.replicates) + " replicate" + (s.replicates == 1 ? "" : "s") + " \xC2\xB7 " +
          std::to_string(s.arms.size()) + " arms \xC2\xB7 " + std::to_string(s.grid_points.size()) + " grid point" +
          (s.grid_points.size() == 1 ? "" : "s") +
          (s.status.empty() ? "" : " \xC2\xB7 sweep " + html_escape(s.status)) + "</p>\n";
  if (s.grid_points.size() > 1) {
    html += "<ul class=\"grid\">";
    for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p)
      html += "<li>" + html_escape(point_text(s, p)) + "</li>";
    html += "</ul>\n";
  }
  html += run_list(s, "failed") + run_list(s, "missing");
  html += problem_list(c.wait.problems, "done run(s) whose series could not be read (left out of the wait over time)");
  html += problem_list(c.details.problems,
                       "done run(s) whose summary, districts or interventions could not be read (left out of the "
                       "cost per outcome, the district kinds and the maps)");
  std::size_t single = 0;
  for (const Difference& d : c.differences) single += d.difference.n == 1;
  if (single > 0) {
    html += "<p class=\"warning\">" + std::to_string(single) + " comparison" + (single == 1 ? " has" : "s have") +
            " a single paired replicate (n < 2): no interval, shown as \xE2\x80\x9Cn < 2\xE2\x80\x9D "
            "(NaN in compare.csv).</p>\n";
  }
  return html + "</header>\n";
}

std::string effects_section(const Comparison& c) {
  std::string html =
      "<section id=\"differences\">\n<h2>Effects on one axis per family</h2>\n<p>Change, arm \xE2\x88\x92 "
      "baseline, with its 95% interval. All waits and times share one minute axis, all rates one "
      "percentage-point axis. A filled dot: the interval excludes 0; a hollow one: not distinguishable from "
      "noise.</p>\n" +
      legend(c.sweep, c.baseline);
  for (const ForestFamily& family : forest_families()) html += forest_plot(c, family);
  return html + "</section>\n";
}

std::string over_time_section(const Comparison& c) {
  const Sweep& s = c.sweep;
  std::string html =
      "<section id=\"wait-over-time\">\n<h2>Mean wait over time</h2>\n<p>Mean wait of each day (hall, hotline, AI "
      "assistant; all districts), pooled over the replicates done in every arm (the same seeds in each line), per "
      "group and arm, on one minute axis.</p>\n";
  if (c.wait.runs_unpaired > 0) {
    html += "<p class=\"note\">" + std::to_string(c.wait.runs_unpaired) +
            " done run(s) left out of these plots: their replicate is not done in every arm.</p>\n";
  }
  html += legend(s, c.baseline);
  const double high = wait_plot_high(c);
  for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p) {
    if (s.grid_points.size() > 1) html += "<h3>" + html_escape(point_text(s, p)) + "</h3>\n";
    html += "<div class=\"small-multiples\">\n";
    for (int g = 0; g < kGroupCount; ++g) html += wait_plot(c, p, g, high);
    html += "</div>\n";
  }
  return html + "</section>\n<section id=\"urban-rural-gap\">\n<h2>Urban/rural gap</h2>\n" + gap_plot(c) +
         "</section>\n";
}

/// Which days each part of the brief covers: --days for the figures it recomputed, each run's
/// analysis window for the rest, the whole run for the intervention cost.
std::string window_caveat(const Comparison& c) {
  const std::string own = c.details.window.empty() ? "each run's analysis window" : c.details.window;
  if (!c.days.on) {
    if (c.details.window.empty()) return "";
    return "<li id=\"caveat-window\"><b>Window:</b> figures cover " + html_escape(own) +
           " (the intervention cost covers the whole run).</li>\n";
  }
  return "<li id=\"caveat-window\"><b>Window:</b> --days " + c.days.label() +
         ": the headlines, the plots of effects "
         "and compare.csv's recomputed figures cover days " +
         std::to_string(c.days.first) + " to " + std::to_string(c.days.last) +
         "; the other figures, the cost per outcome, the district kinds and the maps "
         "cover each run's analysis window (" +
         html_escape(own) +
         "); the intervention cost covers the whole "
         "run.</li>\n";
}

std::string caveats_section(const Comparison& c) {
  const Sweep& s = c.sweep;
  const RunCounts n = counts_of(s);
  const std::string city =
      c.details.city.empty() ? "not known (no run file or scenario text was read)" : c.details.city;
  std::string html = "<section id=\"caveats\">\n<h2>Caveats</h2>\n<ul>\n";
  html += "<li id=\"caveat-city\"><b>The city:</b> " + html_escape(city) + ".</li>\n";
  html += "<li id=\"caveat-scale\"><b>Population scale:</b> " + html_escape(c.samples.statement) +
          ". Costs are in real CNY; staff and service capacity are simulated at real headcounts, so small "
          "districts and groups rest on few agents.</li>\n";
  html += "<li id=\"caveat-replicates\"><b>Replicates:</b> " + std::to_string(s.replicates) + " per arm" +
          (s.grid_points.size() > 1 ? " and grid point" : "") + " (" + std::to_string(n.done) + " of " +
          std::to_string(s.runs()) +
          " runs done), with common random numbers: replicate <i>r</i> of every arm used the same seed, so each "
          "effect is the mean of paired differences <i>d<sub>r</sub></i> = arm<sub>r</sub> \xE2\x88\x92 "
          "baseline<sub>r</sub>. Few replicates give wide intervals.</li>\n";
  html +=
      "<li id=\"caveat-interval\"><b>What the interval means:</b> mean \xC2\xB1 t<sub>0.975, n\xE2\x88\x92"
      "1</sub> \xC2\xB7 sd / \xE2\x88\x9An over the paired replicates. It measures the simulation's noise between "
      "replicates only, not the uncertainty of the model's assumptions, parameters or prices: an interval that "
      "excludes 0 says the effect is not noise in this model, not that it is certain in the real city.</li>\n";
  html += "<li><b>Prices</b> of interventions are the scenario's assumptions (docs/scenario.md, \"Costs\").</li>\n";
  html += window_caveat(c);
  return html + "</ul>\n</section>\n";
}

std::string appendix(const Comparison& c) {
  const Sweep& s = c.sweep;
  std::string html =
      "<section id=\"appendix\">\n<h2>Appendix</h2>\n<details id=\"table\"><summary>The full comparison table (" +
      std::to_string(c.differences.size()) +
      " rows; compare.csv holds the same in full precision)</summary>\n"
      "<table class=\"comparison\" id=\"comparison-table\"><thead><tr><th>figure</th><th>identifier</th><th>arm</th>"
      "<th>grid point</th><th>units</th><th>n</th><th>baseline</th><th>arm</th><th>change</th>"
      "<th>95% CI</th><th>relative</th><th></th></tr></thead><tbody>\n";
  for (const Difference& d : c.differences) {
    const FigureLabel label = label_of(s.figures[d.figure], s.units[d.figure]);
    const Interval show = shown(d.difference, label.factor);
    const int decimals = decimals_for(show, label.family);
    const int level_decimals = label.family == Family::kNeeds ? 0 : decimals_for_value(d.baseline_mean * label.factor);
    const std::string ci = d.difference.n == 0 ? "no pairs"
                           : d.difference.n < 2 || !std::isfinite(show.low)
                               ? "n < 2"
                               : readable(show.low, decimals) + " to " + readable(show.high, decimals);
    const std::string relative =
        std::isfinite(d.relative_difference) ? readable(100 * d.relative_difference, 1, true) + "%" : "n/a";
    html += "<tr><td>" + html_escape(label.text) + "</td><td><code>" + html_escape(s.figures[d.figure]) +
            "</code></td><td>" + html_escape(s.arms[d.arm]) + "</td><td title=\"" +
            html_escape(s.grid_points[d.point]) + "\">g" + std::to_string(d.point) + "</td><td>" +
            html_escape(label.unit) + "</td><td>" + std::to_string(d.difference.n) + "</td><td>" +
            readable(d.baseline_mean * label.factor, level_decimals) + "</td><td>" +
            readable(d.arm_mean * label.factor, level_decimals) + "</td><td>" + readable(show.mean, decimals, true) +
            "</td><td>" + html_escape(ci) + "</td><td>" + relative + "</td><td>" +
            marked(s.arms[d.arm], d.point, s.figures[d.figure], d.difference, "") + "</td></tr>\n";
  }
  return html + "</tbody></table>\n</details>\n</section>\n";
}

constexpr const char* kStyle = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1140px;color:#222;padding:0 16px;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:4px}
.question{font-size:1.15em;background:#f3f7fb;border-left:4px solid #1f77b4;padding:4px 14px;margin:12px 0}
.question .method{font-size:.8em}.question.none{border-left-color:#8a4b00;background:#fbf6ef}
.meta{color:#444}.method,.note{color:#555;font-size:.92em}.warning{color:#8a4b00}
.legend,.grid{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px 18px}
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;border-radius:2px;vertical-align:-1px}
ul.headlines li{margin:0 0 10px}ul.interventions{margin:0;padding-left:18px}
.effect.distinguishable{font-weight:600}.effect.indistinct{color:#666}
.mark{color:#1f77b4}.effect.indistinct .mark{color:#999}.effect.unknown .mark{color:#b36b00}
svg.plot{display:block;margin:10px 0;background:#fff}
svg text{font-size:12px;fill:#222}svg text.heading{font-weight:600;font-size:13px}svg text.figure-label{font-weight:600}
svg text.tick{fill:#666;font-size:11px}svg text.note{fill:#8a4b00}svg text.value{fill:#333}svg text.map-label{font-size:11px}
.small-multiples,.maps{display:flex;flex-wrap:wrap;gap:8px}figure.map{margin:0}figure.map figcaption{max-width:640px;font-size:.9em;color:#444}
table.brief{border-collapse:collapse;margin:8px 0;width:100%}
table.brief th,table.brief td{border-bottom:1px solid #e5e5e5;padding:5px 8px;text-align:left;vertical-align:top}
table.brief td.number{text-align:right}table.brief td:first-child{white-space:nowrap}
#cost-table td:first-child{white-space:normal;overflow-wrap:anywhere;min-width:6em}
table.brief .ci{display:block;font-size:.82em;font-weight:normal;color:#555;white-space:nowrap}
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
  file.write(arms_section(c));
  file.write(headlines_section(c));
  file.write(effects_section(c));
  file.write(cost_section(c));
  file.write(places_section(c));
  file.write(over_time_section(c));
  file.write(caveats_section(c));
  file.write(appendix(c));
  file.write(std::string("<footer><p class=\"method\">civicsim ") + CIVICSIM_VERSION + " (git " + CIVICSIM_GIT_SHA +
             ")</p></footer>\n</body>\n</html>\n");
  return file.commit();
}

}  // namespace civicsim::viz::compare
