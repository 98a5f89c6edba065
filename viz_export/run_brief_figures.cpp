// The figures and sentences of the run brief: the question, the headline figures, the maps of
// districts, the daily series (one shared axis per family of charts) and the caveats.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "io/output_names.hpp"
#include "sim/params.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/district_map.hpp"
#include "viz_export/line_chart.hpp"
#include "viz_export/readable.hpp"
#include "viz_export/run_brief_sections.hpp"

namespace civicsim::viz::brief {
namespace {

using compare::html_escape;
namespace fig = io::out::summary;

constexpr int kQueued[] = {0, 1, 3};  // in_person, hotline, digital_human: the channels with a queue
// Okabe–Ito colours: told apart with the common colour-vision deficiencies.
constexpr const char* kGroupColours[kGroups] = {"#0072B2", "#56B4E9", "#009E73", "#D55E00"};
constexpr const char* kChannelColours[kChannels] = {"#E69F00", "#CC79A7", "#999999", "#000000"};

double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/// The last part of a path ("data/guangzhou_districts.csv" → "guangzhou_districts.csv").
std::string file_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

/// Sums the /summary [G, C] figure over the groups in `groups` and the channels in `channels`.
double summed(const RunBrief& b, const char* name, std::initializer_list<int> groups, const int* channels,
              std::size_t n_channels, bool weight_by_served) {
  double sum = 0;
  for (int g : groups)
    for (std::size_t i = 0; i < n_channels; ++i) {
      const std::size_t at = static_cast<std::size_t>(g) * kChannels + channels[i];
      const double v = b.summary.at(name)[at];
      const double w = weight_by_served ? b.summary.at(fig::kServed.name)[at] : 1;
      if (w > 0 && std::isfinite(v)) sum += v * w;
    }
  return sum;
}

/// One line per group (queued channels pooled) or per channel (groups pooled) of a daily ratio
/// numerator / denominator ([day][g][c] tables), or of one table when `denominator` is null.
ChartLine daily_line(const RunBrief& b, const std::vector<double>& numerator, const std::vector<double>* denominator,
                     int group, int channel, double scale) {
  const DailyTotals& d = b.daily;
  ChartLine line;
  line.label = group >= 0 ? group_label(kGroupNames[group]) : channel_label(kChannelNames[channel]);
  line.colour = group >= 0 ? kGroupColours[group] : kChannelColours[channel];
  for (std::size_t day = 0; day < d.days; ++day) {
    double top = 0, bottom = 0;
    for (int g = 0; g < kGroups; ++g)
      for (int c = 0; c < kChannels; ++c) {
        if ((group >= 0 && g != group) || (channel >= 0 && c != channel)) continue;
        if (denominator && std::find(std::begin(kQueued), std::end(kQueued), c) == std::end(kQueued)) continue;
        top += numerator[d.cell(day, g, c)];
        if (denominator) bottom += (*denominator)[d.cell(day, g, c)];
      }
    line.values.push_back(denominator ? ratio(top, bottom) * scale : top * scale);
  }
  return line;
}

std::vector<ChartMarker> intervention_markers(const RunBrief& b) {
  std::vector<ChartMarker> markers;
  for (std::size_t i = 0; i < b.interventions.size(); ++i) {
    const BriefIntervention& v = b.interventions[i];
    if (!v.funded || v.start_day >= b.days) continue;
    markers.push_back({static_cast<double>(v.start_day), std::to_string(i + 1),
                       "Intervention " + std::to_string(i + 1) + ", " + words(v.type) + " (" + v.districts +
                           "), starts on day " + std::to_string(v.start_day)});
  }
  return markers;
}

/// Charts of one family side by side, sharing the top of their y-axis.
std::string family(const RunBrief& b, const std::vector<std::pair<ChartSpec, std::vector<ChartLine>>>& charts) {
  double top = 0;
  for (const auto& [spec, lines] : charts) top = std::max(top, largest_value(lines));
  std::string html = "<div class=\"family\">\n";
  for (auto [spec, lines] : charts) {
    spec.y_top = top;
    spec.shaded_days = b.window_first_day;
    spec.markers = intervention_markers(b);
    html += line_chart_svg(lines, spec);
  }
  return html + "</div>\n";
}

std::vector<MapDistrict> map_districts(const RunBrief& b) {
  std::vector<MapDistrict> out;
  for (const DistrictRow& d : b.geography.districts) out.push_back({d.name, d.kind, d.lat, d.lon, d.population});
  return out;
}

std::vector<double> district_values(const RunBrief& b, const char* name, double scale) {
  std::vector<double> out(b.geography.districts.size(), NAN);
  const auto it = b.districts.values.find(name);
  if (it == b.districts.values.end()) return out;
  for (std::size_t d = 0; d < out.size() && d < it->second.size(); ++d) out[d] = it->second[d] * scale;
  return out;
}

}  // namespace

double queued_wait_seconds(const RunBrief& b, int group) {
  if (!b.summary.has(fig::kWaitMeanSeconds.name) || !b.summary.has(fig::kServed.name)) return NAN;
  double waits = 0, served = 0;
  for (int g = group < 0 ? 0 : group; g <= (group < 0 ? kGroups - 1 : group); ++g) {
    waits += summed(b, fig::kWaitMeanSeconds.name, {g}, kQueued, 3, true);
    served += summed(b, fig::kServed.name, {g}, kQueued, 3, false);
  }
  return ratio(waits, served);
}

std::string question_paragraph(const RunBrief& b) {
  if (b.question.empty()) {
    return "<p class=\"question missing\" id=\"question\">No question was given: the scenario has neither a "
           "<code>question:</code> key nor a leading <code># Question:</code> comment.</p>\n";
  }
  const std::string from = b.question_from == "question" ? "the scenario's <code>question:</code>"
                                                         : "the scenario's leading <code># Question:</code> comment";
  return "<p class=\"question\" id=\"question\"><span class=\"label\">Question</span> " + html_escape(b.question) +
         " <span class=\"source\">(" + from + ")</span></p>\n";
}

std::string at_a_glance(const RunBrief& b) {
  std::string html = "<ul class=\"glance\" id=\"glance\">\n";
  html += "<li>Mean wait of those served in person, by hotline or by digital human: <b>" +
          minutes_text(queued_wait_seconds(b, -1)) + " min</b> (";
  for (int g = 0; g < kGroups; ++g)
    html += (g ? ", " : "") + group_label(kGroupNames[g]) + " " + minutes_text(queued_wait_seconds(b, g));
  html += ").</li>\n";
  if (b.has_geography && !b.geography.districts.empty()) {
    const std::vector<double> waits = district_values(b, "wait_mean_seconds", 1);
    std::vector<std::size_t> order(waits.size());
    std::iota(order.begin(), order.end(), 0);
    order.erase(std::remove_if(order.begin(), order.end(), [&](std::size_t d) { return !std::isfinite(waits[d]); }),
                order.end());
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return waits[x] > waits[y]; });
    if (!order.empty()) {
      html += "<li>Longest district waits: ";
      for (std::size_t i = 0; i < std::min<std::size_t>(3, order.size()); ++i) {
        const DistrictRow& d = b.geography.districts[order[i]];
        html += (i ? ", " : "") + html_escape(d.name) + " (" + html_escape(kind_label(d.kind)) + ") " +
                minutes_text(waits[order[i]]) + " min";
      }
      const DistrictRow& low = b.geography.districts[order.back()];
      html += "; shortest: " + html_escape(low.name) + " " + minutes_text(waits[order.back()]) + " min.</li>\n";
    }
  }
  double needs = 0, unmet = 0;
  for (int g = 0; g < kGroups; ++g) {
    needs += b.summary.at(fig::kNeeds.name)[g];
    unmet += b.summary.at(fig::kUnmetNeeds.name)[g];
  }
  html += "<li>Needs given up: <b>" + count_text(unmet) + "</b> of " + count_text(needs) + " that ended (" +
          percent_text(ratio(unmet, needs)) + ").</li>\n";
  if (!b.interventions.empty() && b.summary.has(fig::kTotalCost.name)) {
    html += "<li>Interventions cost " + count_text(b.summary.at(fig::kTotalCost.name)[0]) + " CNY over the run";
    if (b.summary.has(fig::kCostPerResolvedNeed.name))
      html += " (" + number_text(b.summary.at(fig::kCostPerResolvedNeed.name)[0], 2) + " CNY per need met)";
    html += ".</li>\n";
  }
  return html + "</ul>\n";
}

std::string maps(const RunBrief& b) {
  if (!b.has_geography)
    return "<p class=\"note\" id=\"no-map\">This file has no /geography (written before schema 2): no map.</p>\n";
  const std::vector<MapDistrict> districts = map_districts(b);
  std::string html = "<div class=\"maps\">\n";
  html += district_map_svg(
      districts, district_values(b, "wait_mean_seconds", 1.0 / 60),
      MapSpec{"Mean wait by district (in person, hotline, digital human)", "min", MapScale::kSequential, 1, "wait"});
  html +=
      district_map_svg(districts, district_values(b, "unmet_share", 100),
                       MapSpec{"Needs given up, % of the needs that ended", "%", MapScale::kSequential, 1, "unmet"});
  return html +
         "</div>\n<p class=\"note\">Each circle is a district at its centre; its area is proportional to "
         "its residents. Grey: no value (nobody served). Hover over a circle for its value.</p>\n";
}

std::string time_series(const RunBrief& b) {
  const DailyTotals& d = b.daily;
  std::vector<ChartLine> wait_groups, wait_channels, contact_groups, contact_channels, unmet_groups;
  for (int g = 0; g < kGroups; ++g) {
    wait_groups.push_back(daily_line(b, d.wait_seconds, &d.served, g, -1, 1.0 / 60));
    contact_groups.push_back(daily_line(b, d.arrivals, nullptr, g, -1, 1));
    ChartLine unmet{group_label(kGroupNames[g]), kGroupColours[g], {}};
    for (std::size_t day = 0; day < d.days; ++day) unmet.values.push_back(d.unmet[day * kGroups + g]);
    unmet_groups.push_back(unmet);
  }
  for (int c : kQueued) wait_channels.push_back(daily_line(b, d.wait_seconds, &d.served, -1, c, 1.0 / 60));
  for (int c = 0; c < kChannels; ++c) contact_channels.push_back(daily_line(b, d.arrivals, nullptr, -1, c, 1));
  auto spec = [](const char* id, const char* title, const char* unit, int decimals) {
    ChartSpec s;
    s.id = id;
    s.title = title;
    s.unit = unit;
    s.decimals = decimals;
    return s;
  };
  std::string html =
      "<p class=\"note\">Daily totals over every district. Dashed lines: the day an intervention starts (its number "
      "in the table above)" +
      std::string(b.window_first_day > 0 ? "; grey: the warm-up, outside the analysis window" : "") + ".</p>\n";
  html += "<h3>Mean wait per day</h3>\n" +
          family(b, {{spec("wait-by-group", "By group (queued channels)", "min", 1), wait_groups},
                     {spec("wait-by-channel", "By channel (all groups)", "min", 1), wait_channels}});
  html += "<h3>Contacts per day</h3>\n" +
          family(b, {{spec("contacts-by-group", "By group (all channels)", "contacts", 0), contact_groups},
                     {spec("contacts-by-channel", "By channel (all groups)", "contacts", 0), contact_channels}});
  html +=
      "<h3>Needs given up per day</h3>\n" + family(b, {{spec("unmet-by-group", "By group", "needs", 0), unmet_groups}});
  return html;
}

std::string caveats(const RunBrief& b) {
  std::string html = "<ul class=\"caveats\" id=\"caveats-list\">\n";
  switch (b.city) {
    case CitySource::kGenerated:
      html +=
          "<li data-caveat=\"city\"><b>A synthetic city.</b> The districts are generated by "
          "<code>ring_city</code>: rings of districts around one centre, with made-up positions and "
          "populations. Nothing here is calibrated to a real place: read the results as how the mechanisms "
          "behave and as orders of magnitude, not as figures for a city.</li>\n";
      break;
    case CitySource::kDataFile:
      html +=
          "<li data-caveat=\"city\"><b>A city from data.</b> The districts' positions and populations come from "
          "<code title=\"" +
          html_escape(b.districts_source) + "\">" + html_escape(file_name(b.districts_source)) +
          "</code>. How far the behaviour (demand, patience, "
          "channel choice) is calibrated is stated in the scenario's comments and docs/calibration.md; "
          "parameters marked [assumed] there are not.</li>\n";
      break;
    default:
      html +=
          "<li data-caveat=\"city\"><b>Districts written into the scenario.</b> Their positions and populations "
          "are the scenario's, not checked against data.</li>\n";
  }
  if (b.sample.recorded) {
    html += "<li data-caveat=\"scale\"><b>A sample of residents.</b> The run simulates " +
            grouped_thousands(b.sample.agents) + " citizen agents (population.scale " +
            short_number(b.sample.population_scale) + "): each stands for about " +
            short_number(b.sample.residents_per_agent()) +
            " residents aged 15+. Staff, capacity and needs are at real size, so counts are real-world counts; "
            "but small districts and groups rest on few agents, and their figures vary more from seed to seed.</li>\n";
  } else {
    html +=
        "<li data-caveat=\"scale\"><b>Scale not recorded.</b> This file predates population_scale and agents; "
        "its counts may be in agent units.</li>\n";
  }
  html += "<li data-caveat=\"single-run\"><b>One run, one seed (" + std::to_string(b.seed) +
          ").</b> No figure here has an interval: a small difference between groups or districts may be chance. "
          "For intervals, run replicates with <code>civicsim sweep</code> and compare arms with "
          "<code>civicsim compare</code> (paired replicates, 95% confidence intervals).</li>\n";
  if (b.window_first_day == 0) {
    html +=
        "<li data-caveat=\"warm-up\"><b>No warm-up.</b> Queues and adoption start from empty on day 0 and those "
        "days are in the figures; <code>time.warmup_days</code> leaves them out.</li>\n";
  }
  return html + "</ul>\n";
}

}  // namespace civicsim::viz::brief
