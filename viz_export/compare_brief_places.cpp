// The brief's sections on money and places: real CNY per extra need met and per minute of waiting
// saved (with the cost chart), the effects per district kind, and a map per arm of the change in
// mean wait by district (viz_export/district_map.hpp). Their figures come from the run files
// (compare_details.cpp), paired like sweep.h5's.
#include <algorithm>
#include <cmath>
#include <string>

#include "viz_export/compare_report.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/district_map.hpp"

namespace civicsim::viz::compare {
namespace {

constexpr const char* kKinds[] = {"urban", "suburban", "rural"};
constexpr const char* kKindFigures[] = {"wait_mean_minutes", "abandonment_rate", "unmet_share",
                                        "needs_met_per_1000_residents"};

const Difference* difference_of(const Pairs& pairs, const Sweep& table, int arm, int point, const std::string& name) {
  const int f = table.figure_index(name);
  return f < 0 ? nullptr : pairs.difference(arm, point, f);
}

/// A table cell of a figure's effect, or "n/a" when there is none.
std::string cell_of(const std::string& arm, int point, const std::string& figure, const Difference* d) {
  if (!d) return "<td class=\"number\">n/a</td>";
  return effect_cell(arm, point, figure, d->difference, label_of(figure, "1"));
}

/// Real CNY per unit of a gain (a gain > 0 is better), or why there is none.
std::string per_outcome(const Interval& cost, const Interval& gain) {
  if (cost.n == 0 || gain.n == 0 || !std::isfinite(cost.mean)) return "n/a";
  if (!excludes_zero(gain)) return "not meaningful (95% CI includes 0)";
  if (gain.mean < 0) return "not meaningful (worse than the baseline)";
  if (cost.mean <= 0) return "none: the arm costs no more than the baseline";
  const double ratio = cost.mean / gain.mean;
  return readable(ratio, ratio >= 100 ? 0 : decimals_for_value(ratio)) + " CNY";
}

Interval negated(const Interval& i) {
  Interval out = i;
  out.mean = -i.mean;
  out.low = -i.high;
  out.high = -i.low;
  return out;
}

std::string cost_row(const Comparison& c, int arm, int point) {
  const Sweep& s = c.sweep;
  const RunDetails& d = c.details;
  const int cost_f = s.figure_index("total_cost/all");
  const Difference* cost = nullptr;
  for (const Difference& diff : c.differences) {
    if (cost_f >= 0 && diff.arm == arm && diff.point == point && diff.figure == cost_f) cost = &diff;
  }
  const Difference* needs = difference_of(d.pairs, d.table, arm, point, "needs_met/all");
  const Difference* waiting = difference_of(d.pairs, d.table, arm, point, "waiting_minutes/all");
  const Interval none{};
  const Interval& extra_cost = cost ? cost->difference : none;
  const Interval extra_needs = needs ? needs->difference : none;
  const Interval saved = waiting ? negated(waiting->difference) : none;
  const std::string name = s.arms[arm];
  std::string html = "<tr data-arm=\"" + html_escape(name) + "\" data-point=\"" + std::to_string(point) + "\"><td>" +
                     html_escape(row_label(s, arm, point)) + "</td><td class=\"number\">" +
                     (cost ? interval_value(extra_cost, Family::kMoney) + "<span class=\"ci\">(" +
                                 html_escape(interval_range(extra_cost, Family::kMoney)) + ")</span>"
                           : "n/a") +
                     "</td>";
  html += cell_of(name, point, "needs_met/all", needs);
  html += "<td class=\"number per-outcome\">" + html_escape(per_outcome(extra_cost, extra_needs)) + "</td>";
  html += "<td class=\"number\">" +
          (waiting ? marked(name, point, "waiting_minutes/all", waiting->difference,
                            interval_value(saved, Family::kMinutes), interval_range(saved, Family::kMinutes))
                   : std::string("n/a")) +
          "</td>";
  html += "<td class=\"number per-outcome\">" + html_escape(per_outcome(extra_cost, saved)) + "</td></tr>\n";
  return html;
}

std::string kind_rows(const Comparison& c) {
  const Sweep& s = c.sweep;
  const RunDetails& d = c.details;
  std::string html;
  for (const char* kind : kKinds) {
    for (const auto& [a, p] : compared_cells(c)) {
      std::string cells;
      bool any = false;
      for (const char* figure : kKindFigures) {
        const std::string name = std::string(figure) + "/kind:" + kind;
        const Difference* diff = difference_of(d.pairs, d.table, a, p, name);
        any = any || diff;
        cells += cell_of(s.arms[a], p, name, diff);
      }
      if (!any) continue;
      html += "<tr data-kind=\"" + std::string(kind) + "\"><td>" + kind + "</td><td>" +
              html_escape(row_label(s, a, p)) + "</td>" + cells + "</tr>\n";
    }
  }
  return html;
}

/// The map of one arm's change in mean wait by district, and the districts whose interval excludes 0.
std::string wait_map(const Comparison& c, int arm, int point) {
  const Sweep& s = c.sweep;
  const RunDetails& d = c.details;
  std::vector<MapDistrict> districts;
  std::vector<double> values;
  std::vector<std::string> marked_names;
  double reach = 0;
  for (const District& district : d.districts) {
    districts.push_back(MapDistrict{district.name, district.kind, district.lat, district.lon, district.population});
    const Difference* diff = difference_of(d.pairs, d.table, arm, point, "wait_mean_minutes/district:" + district.name);
    values.push_back(diff ? diff->difference.mean : kNaN);
    if (diff && std::isfinite(diff->difference.mean)) reach = std::max(reach, std::fabs(diff->difference.mean));
    if (diff && excludes_zero(diff->difference)) marked_names.push_back(district.name);
  }
  MapSpec spec;
  spec.title = "Change in mean wait by district: " + row_label(s, arm, point) + " \xE2\x88\x92 " + s.arms[c.baseline];
  spec.unit = "min";
  spec.scale = MapScale::kDiverging;
  spec.decimals = reach > 0 && reach < 1 ? 2 : 1;
  spec.id = "wait-change";
  std::string names;
  for (std::size_t i = 0; i < marked_names.size(); ++i) names += (i ? ", " : "") + marked_names[i];
  return "<figure class=\"map\" data-arm=\"" + html_escape(s.arms[arm]) + "\" data-point=\"" + std::to_string(point) +
         "\">\n" + district_map_svg(districts, values, spec) + "<figcaption>" + std::to_string(marked_names.size()) +
         " of " + std::to_string(districts.size()) + " districts have a change whose 95% interval excludes 0" +
         (names.empty() ? "" : ": " + html_escape(names)) +
         ". Blue: shorter waits than the baseline; red: longer.</figcaption></figure>\n";
}

/// Which days the district kinds and the maps cover: each run's own window, whatever --days says.
std::string places_window(const Comparison& c) {
  std::string text = "over each run's analysis window";
  if (!c.details.window.empty()) text += ", " + c.details.window;
  return text + (c.days.on ? "; --days does not apply here" : "");
}

}  // namespace

std::string cost_section(const Comparison& c) {
  const Sweep& s = c.sweep;
  const std::string window = c.details.window.empty() ? "each run's analysis window" : c.details.window;
  std::string html =
      "<section id=\"cost-per-outcome\">\n<h2>Cost per outcome</h2>\n<p>Extra cost: the interventions' total cost "
      "over the run, arm \xE2\x88\x92 baseline (real CNY). Extra needs met: needs met, arm \xE2\x88\x92 baseline "
      "(real count). Waiting saved: the residents' total waiting at the queued channels (hall, hotline and AI "
      "assistant: mean wait \xC3\x97 services started), baseline \xE2\x88\x92 arm, in real person-minutes. Needs "
      "and waiting are over " +
      html_escape(window) +
      ". Each ratio divides the mean extra cost by the mean gain; it is <i>not meaningful</i> when the gain's 95% "
      "interval includes 0.</p>\n<table class=\"brief\" id=\"cost-table\"><thead><tr><th>arm</th>"
      "<th>extra cost (CNY)</th><th>extra needs met</th><th>CNY per extra need met</th>"
      "<th>waiting saved (person-min)</th><th>CNY per minute of waiting saved</th></tr></thead><tbody>\n";
  const auto cells = compared_cells(c);
  for (const auto& [a, p] : cells) html += cost_row(c, a, p);
  if (cells.empty()) html += "<tr><td colspan=\"6\">only the baseline arm: nothing to compare</td></tr>\n";
  html += "</tbody></table>\n";
  return html + legend(s, c.baseline) + cost_effect_plot(c) + "</section>\n";
}

std::string places_section(const Comparison& c) {
  const RunDetails& d = c.details;
  std::string html =
      "<section id=\"places\">\n<h2>Where: district kinds and districts</h2>\n<p>Change, arm \xE2\x88\x92 "
      "baseline, per district kind (from each run's <code>/summary/district_kind</code>), with its 95% interval "
      "over the paired replicates, " +
      html_escape(places_window(c)) + ".</p>\n";
  const std::string rows = kind_rows(c);
  if (rows.empty()) {
    html +=
        "<p class=\"note\" id=\"no-district-kinds\">The run files hold no <code>/summary/district_kind</code> "
        "(files written before schema 2): no effects per district kind.</p>\n";
  } else {
    html +=
        "<table class=\"brief\" id=\"kind-table\"><thead><tr><th>district kind</th><th>arm</th><th>mean wait "
        "(min)</th><th>abandonment (pp)</th><th>needs unmet (pp)</th><th>needs met per 1,000 residents</th></tr>"
        "</thead><tbody>\n" +
        rows + "</tbody></table>\n";
  }
  if (d.districts.empty()) {
    return html +
           "<p class=\"note\" id=\"no-map\">The run files hold no <code>/geography</code> (files written "
           "before schema 2): no map.</p>\n</section>\n";
  }
  html += "<h3>Change in mean wait by district</h3>\n<div class=\"maps\">\n";
  for (const auto& [a, p] : compared_cells(c)) html += wait_map(c, a, p);
  return html + "</div>\n</section>\n";
}

}  // namespace civicsim::viz::compare
