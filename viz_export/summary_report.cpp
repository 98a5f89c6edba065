#include "viz_export/summary_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <vector>

#include "io/h5_reader.hpp"
#include "io/json.hpp"
#include "io/output_names.hpp"
#include "sim/params.hpp"
#include "viz_export/summary_values.hpp"
#include "viz_export/window_figures.hpp"

namespace civicsim::viz {
namespace {

namespace fig = io::out::summary;  // the /summary figures

using Summary = SummaryValues;

}  // namespace

namespace {

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// A figure of group g, NaN when the summary lacks it (a window after the run: not recomputed).
double group_value(const Summary& s, const char* name, int g) { return s.has(name) ? s.at(name)[g] : NAN; }

/// A share as a percentage with its sign, "-" when undefined.
std::string percent(double share) { return std::isnan(share) ? "-" : fixed(100 * share, 1) + "%"; }

/// Waits of one group on one channel: mean, median, 90th and 99th percentile (minutes; files
/// before the median and 99th were written show "-"), abandonment share.
std::string wait_row(const Summary& s, int g, int c) {
  auto minutes = [&](const char* name) { return s.has(name) ? fixed(s.cell(name, g, c) / 60, 1) : std::string("-"); };
  char line[160];
  std::snprintf(line, sizeof line, "%-15s %-14s %7s %7s %7s %7s %10s\n", kGroupNames[g], kChannelNames[c],
                minutes(fig::kWaitMeanSeconds.name).c_str(), minutes(fig::kWaitP50Seconds.name).c_str(),
                minutes(fig::kWaitP90Seconds.name).c_str(), minutes(fig::kWaitP99Seconds.name).c_str(),
                percent(s.cell(fig::kAbandonmentRate.name, g, c)).c_str());
  return line;
}

void print_waits(const Summary& s, std::ostream& out) {
  out << "Waits of those served (minutes) and abandonment, channels with contacts\n";
  char line[160];
  std::snprintf(line, sizeof line, "%-15s %-14s %7s %7s %7s %7s %10s\n", "group", "channel", "mean", "p50", "p90",
                "p99", "abandoned");
  out << line;
  for (int g = 0; g < kGroups; ++g)
    for (int c = 0; c < kChannels; ++c)
      if (s.cell(fig::kArrivals.name, g, c) > 0) out << wait_row(s, g, c);
}

void print_needs(const Summary& s, std::ostream& out) {
  const bool open = s.has("open_needs");
  out << (s.sample.recorded ? "\nNeeds (real-world counts)" : "\nNeeds")
      << (open ? "; open: still open at the end, not in the rates" : "") << "\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-15s %10s %10s %8s %8s %11s %14s %16s %9s\n", "group", "ended", "met", "unmet",
                "open", "resolution", "first contact", "total time min", "adoption");
  out << line;
  for (int g = 0; g < kGroups; ++g) {
    std::snprintf(line, sizeof line, "%-15s %10.0f %10.0f %8.0f %8s %11s %14s %16s %9s\n", kGroupNames[g],
                  s.at(fig::kNeeds.name)[g], s.at(fig::kResolved.name)[g], s.at(fig::kUnmetNeeds.name)[g],
                  open ? fixed(s.at(fig::kOpenNeeds.name)[g], 0).c_str() : "-",
                  percent(s.at(fig::kResolutionRate.name)[g]).c_str(),
                  percent(group_value(s, fig::kFirstContactResolution.name, g)).c_str(),
                  fixed(group_value(s, fig::kTotalTimeMeanSeconds.name, g) / 60, 1).c_str(),
                  percent(s.at(fig::kAdoption.name)[g]).c_str());
    out << line;
  }
}

void print_gaps(const Summary& s, std::ostream& out) {
  if (!s.has(fig::kUrbanRuralTotalTimeRatio.name)) return;  // a window after the run: not recomputed
  auto pair = [&](const char* urban_rural, const char* elderly_adult) {
    return "urban/rural " + fixed(s.at(urban_rural)[0], 3) + ", elderly/adult " + fixed(s.at(elderly_adult)[0], 3);
  };
  out << "\nGaps in mean total time of met needs: "
      << pair(fig::kUrbanRuralTotalTimeRatio.name, fig::kElderlyAdultTotalTimeRatio.name) << "\n";
  if (s.has(fig::kUrbanRuralUnmetRatio.name)) {
    out << "Gaps in the share of needs unmet: "
        << pair(fig::kUrbanRuralUnmetRatio.name, fig::kElderlyAdultUnmetRatio.name) << "\n";
    out << "Gaps in time from arising to end, every need (retries included): "
        << pair(fig::kUrbanRuralElapsedRatio.name, fig::kElderlyAdultElapsedRatio.name) << "\n";
  }
}

void print_table(const Summary& s, const std::string& path, std::ostream& out) {
  out << "civicsim summary: " << path << " (scenario " << s.scenario << ")\n";
  out << sample_sentence(s.sample) << ".\n";
  if (s.windowed()) {
    std::string sentence = s.window;
    sentence[0] = 'D';
    out << sentence << ".\nNot recomputed (\"-\"): " << window_not_recomputed_reason() << ".\n";
  } else if (!s.window.empty()) {
    out << "Analysis window: " << s.window << ".\n";
  }
  out << "\n";
  print_waits(s, out);
  print_needs(s, out);
  print_gaps(s, out);
  out << "Cost of interventions: " << fixed(s.at(fig::kTotalCost.name)[0], 0) << " CNY, "
      << fixed(group_value(s, fig::kCostPerResolvedNeed.name, 0), 2) << " CNY per need met\n";
  if (s.values.count(fig::kBudget.name) &&
      s.values.count(fig::kUnfundedInterventions.name)) {  // files since budgets existed
    const double budget = s.at(fig::kBudget.name)[0];
    out << "Budget: " << (std::isinf(budget) ? std::string("none") : fixed(budget, 0) + " CNY") << "; "
        << fixed(s.at(fig::kUnfundedInterventions.name)[0], 0) << " intervention(s) not funded\n";
  }
}

void print_json(const Summary& s, const std::string& path, std::ostream& out) {
  const auto quoted = [](const std::string& text) { return io::json_string(text); };
  out << "{\n  \"file\": " << quoted(path) << ",\n  \"scenario\": " << quoted(s.scenario) << ",\n";
  // null in files written before the scale was recorded
  out << "  \"population_scale\": " << (s.sample.recorded ? io::json_number(s.sample.population_scale) : "null")
      << ",\n  \"agents\": " << (s.sample.recorded ? std::to_string(s.sample.agents) : "null") << ",\n";
  if (!s.window.empty()) out << "  \"window\": " << quoted(s.window) << ",\n";
  if (s.windowed()) {  // the figures not recomputed over the days are left out
    out << "  \"days\": [" << s.days_first << ", " << s.days_last << "],\n  \"not_recomputed\": [";
    for (std::size_t i = 0; i < window_not_recomputed().size(); ++i)
      out << (i ? ", " : "") << quoted(window_not_recomputed()[i]);
    out << "],\n";
  }
  bool first = true;
  for (const auto& [name, v] : s.values) {
    out << (first ? "" : ",\n") << "  " << quoted(name) << ": ";
    first = false;
    if (v.size() == 1) {
      out << io::json_number(v[0]);
    } else if (v.size() == static_cast<std::size_t>(kGroups)) {
      out << "{";
      for (int g = 0; g < kGroups; ++g)
        out << (g ? ", " : "") << quoted(kGroupNames[g]) << ": " << io::json_number(v[g]);
      out << "}";
    } else {
      out << "{";
      for (int g = 0; g < kGroups; ++g) {
        out << (g ? ", " : "") << quoted(kGroupNames[g]) << ": {";
        for (int c = 0; c < kChannels; ++c)
          out << (c ? ", " : "") << quoted(kChannelNames[c]) << ": " << io::json_number(v[g * kChannels + c]);
        out << "}";
      }
      out << "}";
    }
  }
  out << "\n}\n";
}

}  // namespace

void print_summary(const std::string& h5_path, bool json, std::ostream& out, const DayRange* days) {
  const Summary s = days ? read_window_summary(h5_path, *days) : read_summary_values(h5_path);
  if (json) {
    print_json(s, h5_path, out);
  } else {
    print_table(s, h5_path, out);
  }
}

}  // namespace civicsim::viz
