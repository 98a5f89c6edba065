#include "viz_export/figures.hpp"

#include <cmath>
#include <limits>

#include "io/h5_reader.hpp"
#include "io/output_names.hpp"
#include "sim/params.hpp"
#include "viz_export/summary_report.hpp"

namespace civicsim::viz {
namespace {

namespace fig = io::out::summary;  // the /summary figures

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kQueued[] = {kInPerson, kHotline, kDigitalHuman};  // channels with a queue

/// Figures defined for every scope (the city and each group), in table order.
struct ScopedFigure {
  const char* name;
  const char* units;
};
constexpr ScopedFigure kScoped[] = {
    {"wait_mean_minutes", "min"},
    {"abandonment_rate", "1"},
    {"resolution_rate", "1"},
    {"first_contact_resolution", "1"},
    {"unmet_needs", "1"},
    {"total_time_mean_minutes", "min"},
    {"adoption", "1"},
};
constexpr ScopedFigure kCity[] = {
    {"in_person_wait_mean_minutes", "min"},     {"hotline_wait_mean_minutes", "min"},
    {"digital_human_wait_mean_minutes", "min"}, {"urban_rural_total_time_ratio", "1"},
    {"elderly_adult_total_time_ratio", "1"},    {"total_cost", "CNY"},
    {"cost_per_resolved_need", "CNY"},          {"hotline_answer_rate", "1"},
};

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : kNaN; }

}  // namespace

const std::vector<FigureDef>& figure_catalogue() {
  static const std::vector<FigureDef> catalogue = [] {
    std::vector<FigureDef> c;
    for (int scope = -1; scope < kGroups; ++scope) {
      const std::string suffix = scope < 0 ? "all" : kGroupNames[scope];
      for (const auto& f : kScoped) c.push_back({std::string(f.name) + "/" + suffix, f.units});
    }
    for (const auto& f : kCity) c.push_back({std::string(f.name) + "/all", f.units});
    return c;
  }();
  return catalogue;
}

namespace {

/// Agents per group on `day` of /daily/population (-1: the last day), to weight the adopter shares.
std::vector<double> group_population(const std::string& h5_path, std::int64_t day) {
  std::vector<double> population(kGroups, 0.0);
  io::h5::Reader reader(h5_path);
  const std::string path = io::out::daily(io::out::kPopulation);
  const auto shape = reader.shape(path);  // [days, D, G]
  if (shape.size() != 3 || shape[0] == 0) return population;
  const hsize_t row = day < 0 ? shape[0] - 1 : static_cast<hsize_t>(day);
  const io::h5::Numbers values = reader.numeric_row(path, row);
  for (std::size_t i = 0; i < values.size(); ++i)
    population[i % kGroups] += values.is_float ? values.floats[i] : static_cast<double>(values.ints[i]);
  return population;
}

/// Figure `name` of group g; NaN when the summary lacks it (a window after the run).
double of_group(const SummaryValues& s, const char* name, int g) { return s.has(name) ? s.at(name)[g] : kNaN; }

std::vector<double> figures_of(const SummaryValues& s, const std::vector<double>& population) {
  auto wait_sum = [&](int g, int c) {  // total wait of those served, seconds
    const double served = s.cell(fig::kServed.name, g, c);
    return served > 0 ? served * s.cell(fig::kWaitMeanSeconds.name, g, c) : 0.0;
  };
  std::vector<double> out;
  out.reserve(figure_catalogue().size());
  for (int scope = -1; scope < kGroups; ++scope) {
    double wait = 0, served = 0, abandoned = 0, arrivals = 0;
    double needs = 0, resolved = 0, first = 0, unmet = 0, total_time = 0, adopters = 0, people = 0;
    for (int g = 0; g < kGroups; ++g) {
      if (scope >= 0 && g != scope) continue;
      for (int c : kQueued) {
        wait += wait_sum(g, c);
        served += s.cell(fig::kServed.name, g, c);
        abandoned += s.cell(fig::kAbandoned.name, g, c);
        arrivals += s.cell(fig::kArrivals.name, g, c);
      }
      const double n = s.at(fig::kNeeds.name)[g], met = s.at(fig::kResolved.name)[g];
      needs += n;
      resolved += met;
      if (n > 0) first += of_group(s, fig::kFirstContactResolution.name, g) * n;
      unmet += s.at(fig::kUnmetNeeds.name)[g];
      if (met > 0) total_time += of_group(s, fig::kTotalTimeMeanSeconds.name, g) * met;
      if (population[g] > 0) {  // an empty group's share is NaN: it weighs nothing
        adopters += s.at(fig::kAdoption.name)[g] * population[g];
        people += population[g];
      }
    }
    out.push_back(ratio(wait, served) / 60.0);
    out.push_back(ratio(abandoned, arrivals));
    out.push_back(ratio(resolved, needs));
    out.push_back(ratio(first, needs));
    out.push_back(unmet);
    out.push_back(ratio(total_time, resolved) / 60.0);
    out.push_back(ratio(adopters, people));
  }
  for (int c : kQueued) {
    double wait = 0, served = 0;
    for (int g = 0; g < kGroups; ++g) {
      wait += wait_sum(g, c);
      served += s.cell(fig::kServed.name, g, c);
    }
    out.push_back(ratio(wait, served) / 60.0);
  }
  out.push_back(of_group(s, fig::kUrbanRuralTotalTimeRatio.name, 0));
  out.push_back(of_group(s, fig::kElderlyAdultTotalTimeRatio.name, 0));
  out.push_back(of_group(s, fig::kTotalCost.name, 0));
  out.push_back(of_group(s, "cost_per_resolved_need", 0));
  double answered = 0, calls = 0;  // docs/calibration.md's answer rate: calls served / calls made
  for (int g = 0; g < kGroups; ++g) {
    answered += s.cell(fig::kServed.name, g, kHotline);
    calls += s.cell(fig::kArrivals.name, g, kHotline);
  }
  out.push_back(ratio(answered, calls));
  return out;
}

}  // namespace

std::vector<double> run_figures(const std::string& h5_path) {
  const SummaryValues s = read_summary_values(h5_path);
  return figures_of(s, group_population(h5_path, -1));
}

bool figure_in_window(const std::string& figure_scope) {
  const std::string figure = figure_scope.substr(0, figure_scope.rfind('/'));
  for (const char* name : {"wait_mean_minutes", "abandonment_rate", "resolution_rate", "unmet_needs", "adoption",
                           "in_person_wait_mean_minutes", "hotline_wait_mean_minutes",
                           "digital_human_wait_mean_minutes", "hotline_answer_rate"})
    if (figure == name) return true;
  return false;
}

std::vector<double> window_run_figures(const std::string& h5_path, const DayRange& range, DayWindow* window) {
  DayWindow w;
  const SummaryValues s = read_window_summary(h5_path, range, &w);
  if (window) *window = w;
  std::vector<double> out = figures_of(s, group_population(h5_path, w.last));
  const auto& catalogue = figure_catalogue();
  for (std::size_t f = 0; f < out.size(); ++f)
    if (!figure_in_window(catalogue[f].name)) out[f] = kNaN;  // total_cost too: it is the whole run's
  return out;
}

}  // namespace civicsim::viz
