// The opening of the comparison brief: the question, what each arm does and costs, and one
// headline sentence per arm with its effects in minutes, percentage points and real needs, each
// with its 95% interval and marked by whether that interval excludes 0.
#include <cmath>
#include <string>

#include "viz_export/compare_report.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz::compare {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr const char* kGroupWaits[] = {"wait_mean_minutes/urban_adult", "wait_mean_minutes/urban_elderly",
                                       "wait_mean_minutes/rural_adult", "wait_mean_minutes/rural_elderly"};
constexpr const char* kCostFigure = "total_cost/all";

/// What an intervention type is, in words.
std::string type_text(const std::string& type) {
  if (type == "digital_human_rollout") return "AI assistants (digital humans)";
  if (type == "staffing") return "staffing change";
  if (type == "broadband_expansion") return "broadband expansion";
  if (type == "literacy_training") return "digital-literacy classes";
  if (type == "talent_incentive") return "staff moved to rural halls";
  if (type == "data_sharing") return "data sharing between departments";
  if (type == "compute_capacity") return "AI compute capacity";
  return type;
}

/// " of −40 staff" of a staffing change whose record has its headcount ("" without one, or of 0:
/// a change of hours only).
std::string headcount_text(const BriefIntervention& row) {
  if (row.type != "staffing" || !row.agents_added_known || row.agents_added == 0) return "";
  return " of " + readable(static_cast<double>(row.agents_added), 0, /*signed_=*/true) + " staff";
}

std::string districts_text(const std::string& districts) {
  if (districts == "all" || districts.empty()) return "all districts";
  if (districts == "urban" || districts == "suburban" || districts == "rural") return districts + " districts";
  std::string names = districts;
  if (names.size() >= 2 && names.front() == '[' && names.back() == ']') names = names.substr(1, names.size() - 2);
  return "districts " + names;
}

/// What an arm does, from its interventions (an HTML list).
std::string arm_does(const Comparison& c, int arm) {
  const RunDetails& d = c.details;
  if (!d.interventions_known[arm])
    return "<span class=\"note\">not recorded: no intervention table of this arm was read</span>";
  if (d.interventions[arm].empty()) return "no intervention";
  std::string html = "<ul class=\"interventions\">";
  for (const BriefIntervention& row : d.interventions[arm])
    html += "<li>" + html_escape(intervention_text(row)) + "</li>";
  return html + "</ul>";
}

/// The arm's mean intervention cost at each grid point ("6,200,000 CNY", "g0: …; g1: …").
std::string arm_cost(const Comparison& c, int arm) {
  const Sweep& s = c.sweep;
  const int f = s.figure_index(kCostFigure);
  if (f < 0) return "not in sweep.h5";
  std::string text;
  for (int p = 0; p < static_cast<int>(s.grid_points.size()); ++p) {
    const Interval& v = c.level(arm, p, f).value;
    const std::string value = v.n == 0 ? "no runs" : readable(v.mean, 0) + " CNY";
    text += (p ? "; " : "") + (s.grid_points.size() > 1 ? "g" + std::to_string(p) + ": " : "") + value;
  }
  return text;
}

/// "cuts the mean wait by 6.2 min (95% CI 4.9 to 7.5, 10 replicates)", that it does not
/// distinguishably change it, or by how much it changes it without an interval (n < 2).
std::string clause(const FigureLabel& label, const Interval& show) {
  if (show.n == 0) return "has no pairs of runs for " + label.phrase;
  if (noise_unknown(show)) return "changes " + label.phrase + " by " + interval_sentence(show, label);
  if (!excludes_zero(show)) {
    return "does not distinguishably change " + label.phrase + ": " + interval_sentence(show, label) +
           ", not distinguishable from noise";
  }
  Interval size = show;  // the size of the change, its interval turned with it
  if (show.mean < 0) {
    size.mean = -show.mean;
    size.low = -show.high;
    size.high = -show.low;
  }
  return std::string(show.mean < 0 ? "cuts " : "raises ") + label.phrase + " by " +
         interval_sentence(size, label, /*signed_=*/false);
}

/// The group wait whose change is largest (one whose interval excludes 0 first), or -1.
int largest_group_wait(const Comparison& c, int arm, int point) {
  int best = -1;
  double best_size = -1;
  bool best_marked = false;
  for (const char* figure : kGroupWaits) {
    const int f = c.sweep.figure_index(figure);
    if (f < 0) continue;
    for (const Difference& d : c.differences) {
      if (d.arm != arm || d.point != point || d.figure != f || !std::isfinite(d.difference.mean)) continue;
      const bool is_marked = excludes_zero(d.difference);
      const double size = std::fabs(d.difference.mean);
      if ((is_marked && !best_marked) || (is_marked == best_marked && size > best_size)) {
        best = f;
        best_size = size;
        best_marked = is_marked;
      }
    }
  }
  return best;
}

/// The headline of one arm at one grid point.
std::string headline(const Comparison& c, int arm, int point) {
  const Sweep& s = c.sweep;
  std::vector<int> figures;
  for (const char* figure : {"wait_mean_minutes/all", "", "resolution_rate/all", "unmet_needs/all"}) {
    const int f = *figure ? s.figure_index(figure) : largest_group_wait(c, arm, point);
    if (f >= 0) figures.push_back(f);
  }
  std::vector<std::string> clauses;
  for (int f : figures) {
    for (const Difference& d : c.differences) {
      if (d.arm != arm || d.point != point || d.figure != f) continue;
      const FigureLabel label = label_of(s.figures[f], s.units[f]);
      clauses.push_back(
          marked(s.arms[arm], point, s.figures[f], d.difference, clause(label, shown(d.difference, label.factor))));
    }
  }
  std::string sentence;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    sentence += (i == 0 ? "" : i + 1 == clauses.size() ? "; and " : "; ") + clauses[i];
  }
  std::string who = "<b>" + html_escape(row_label(s, arm, point)) + "</b>";
  if (c.details.interventions_known[arm]) {
    std::string does;
    for (const BriefIntervention& row : c.details.interventions[arm]) {
      if (!row.funded || !row.applied) continue;  // the arms table says why
      does += (does.empty() ? "" : " + ") + type_text(row.type) + headcount_text(row) + " in " +
              districts_text(row.districts) + " from day " + std::to_string(row.start_day);
    }
    const bool none = c.details.interventions[arm].empty();
    who += " (" + html_escape(!does.empty() ? does : none ? "no intervention" : "no intervention applied") + ")";
  }
  if (clauses.empty()) return who + ": none of the headline figures is in sweep.h5.";
  return who + ", against " + html_escape(s.arms[c.baseline]) + ", " + sentence + ".";
}

}  // namespace

std::string color_of(int arm) { return kPalette[arm % 10]; }

std::string row_label(const Sweep& s, int arm, int point) {
  return s.grid_points.size() > 1 ? s.arms[arm] + " \xC2\xB7 g" + std::to_string(point) : s.arms[arm];
}

std::string short_row_label(const Sweep& s, int arm, int point, std::size_t bytes) {
  const std::string suffix = s.grid_points.size() > 1 ? " \xC2\xB7 g" + std::to_string(point) : "";
  return shortened(s.arms[arm], bytes > suffix.size() + 1 ? bytes - suffix.size() : 1) + suffix;
}

std::string point_text(const Sweep& s, int point) {
  return "g" + std::to_string(point) + (s.grid_points[point].empty() ? "" : ": " + s.grid_points[point]);
}

std::vector<std::pair<int, int>> compared_cells(const Comparison& c) {
  std::vector<std::pair<int, int>> cells;
  for (int a = 0; a < static_cast<int>(c.sweep.arms.size()); ++a) {
    for (int p = 0; p < static_cast<int>(c.sweep.grid_points.size()) && a != c.baseline; ++p) cells.emplace_back(a, p);
  }
  return cells;
}

std::string legend(const Sweep& s, int baseline) {
  std::string html = "<ul class=\"legend\">";
  for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
    html += "<li><span class=\"swatch\" style=\"background:" + color_of(a) + "\"></span>" + html_escape(s.arms[a]) +
            (a == baseline ? " (baseline)" : "") + "</li>";
  }
  return html + "</ul>\n";
}

std::string intervention_text(const BriefIntervention& row) {
  std::string text = type_text(row.type) + headcount_text(row) + " (" + row.type + ") in " +
                     districts_text(row.districts) + " from day " + std::to_string(row.start_day);
  if (row.end_day >= 0) text += " to day " + std::to_string(row.end_day);
  if (!row.funded) return text + ": not funded (beyond the budget), so not applied";
  if (!row.applied) return text + ": not applied (its start day is after the run)";
  return text + (std::isfinite(row.total_cost) ? ", " + readable(row.total_cost, 0) + " CNY" : "");
}

std::string marked(const std::string& arm, int point, const std::string& figure, const Interval& stored,
                   const std::string& text, const std::string& detail) {
  return "<span " + effect_attributes(arm, point, figure, stored) + ">" + html_escape(text) +
         " <span class=\"mark\" title=\"" +
         (noise_unknown(stored)   ? "no interval (1 replicate): the noise is unknown"
          : excludes_zero(stored) ? "the 95% interval excludes 0"
                                  : "not distinguishable from noise") +
         "\">" + mark_of(stored) + "</span>" +
         (detail.empty() ? "" : "<span class=\"ci\">(" + html_escape(detail) + ")</span>") + "</span>";
}

std::string effect_cell(const std::string& arm, int point, const std::string& figure, const Interval& stored,
                        const FigureLabel& label) {
  const Interval show = shown(stored, label.factor);
  return "<td class=\"number\">" +
         marked(arm, point, figure, stored, interval_value(show, label.family), interval_range(show, label.family)) +
         "</td>";
}

std::string question_block(const Comparison& c) {
  const RunDetails& d = c.details;
  if (d.question.empty()) {
    return "<div id=\"question\" class=\"question none\"><p><b>Question:</b> none was given. Add "
           "<code>question:</code> to the scenario (or a leading <code># Question:</code> comment) to state what "
           "this comparison should answer.</p></div>\n";
  }
  return "<div id=\"question\" class=\"question\"><p><b>Question:</b> <span id=\"question-text\">" +
         html_escape(d.question) + "</span></p><p class=\"method\">From " + html_escape(d.question_source) +
         ".</p></div>\n";
}

std::string arms_section(const Comparison& c) {
  const Sweep& s = c.sweep;
  std::string html =
      "<section id=\"arms\">\n<h2>The arms</h2>\n<p>What each arm does (from its runs' intervention tables) and "
      "what its interventions cost over the run, in real CNY (mean over its replicates).</p>\n"
      "<table class=\"brief\" id=\"arms-table\"><thead><tr><th>arm</th><th>what it does</th>"
      "<th>cost (real CNY)</th></tr></thead><tbody>\n";
  for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
    html += "<tr data-arm=\"" + html_escape(s.arms[a]) +
            "\"><td><span class=\"swatch\" style=\"background:" + color_of(a) + "\"></span>" + html_escape(s.arms[a]) +
            (a == c.baseline ? " <i>(baseline)</i>" : "") + "</td><td>" + arm_does(c, a) +
            "</td><td class=\"number\">" + html_escape(arm_cost(c, a)) + "</td></tr>\n";
  }
  return html + "</tbody></table>\n</section>\n";
}

std::string headlines_section(const Comparison& c) {
  const Sweep& s = c.sweep;
  std::string html =
      "<section id=\"headlines\">\n<h2>Headlines</h2>\n<p class=\"marks\"><span class=\"mark\">\xE2\x97\x8F</span> "
      "the effect's 95% interval excludes 0 &nbsp; <span class=\"mark\">\xE2\x97\x8B</span> it includes 0: not "
      "distinguishable from noise between replicates &nbsp; <span class=\"mark\">?</span> no interval (1 replicate): "
      "the "
      "noise is unknown.</p>\n<ul class=\"headlines\">\n";
  const auto cells = compared_cells(c);
  for (const auto& [a, p] : cells) {
    html += "<li class=\"headline\" data-arm=\"" + html_escape(s.arms[a]) + "\" data-point=\"" + std::to_string(p) +
            "\">" + headline(c, a, p) + "</li>\n";
  }
  if (cells.empty()) html += "<li>The sweep has one arm: there is nothing to compare it with.</li>\n";
  return html + "</ul>\n</section>\n";
}

}  // namespace civicsim::viz::compare
