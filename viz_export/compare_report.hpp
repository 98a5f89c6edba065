// The pieces of report.html, the comparison brief (docs/sweeps.md): its plots
// (compare_plots.cpp), its opening sections (compare_brief.cpp: the question, the arms, the
// headlines), its sections of costs and places (compare_brief_places.cpp) and the page that holds
// them (compare_report.cpp). Internal to viz_export/.
#pragma once

#include <string>
#include <vector>

#include "viz_export/compare_data.hpp"
#include "viz_export/compare_labels.hpp"

namespace civicsim::viz::compare {

/// The colour of an arm in every plot and legend.
std::string color_of(int arm);
/// "arm" or "arm · g1" when the sweep has a grid.
std::string row_label(const Sweep& s, int arm, int point);
/// row_label in about `bytes` bytes: the arm's name shortened, its " · gN" always kept.
std::string short_row_label(const Sweep& s, int arm, int point, std::size_t bytes);
/// "g1: staff.hotline_operators=600".
std::string point_text(const Sweep& s, int point);
/// Every (arm, grid point) compared with the baseline, in file order.
std::vector<std::pair<int, int>> compared_cells(const Comparison& c);
/// The swatches of the arms, the baseline marked.
std::string legend(const Sweep& s, int baseline);

/// The figures of sweep.h5 that the brief's forest plots show, one plot per family.
struct ForestFamily {
  Family family;
  std::string title;
  std::vector<std::string> figures;
};
const std::vector<ForestFamily>& forest_families();

// compare_plots.cpp: each returns one <svg class="plot" data-plot="...">.
/// The differences of a family's figures on one shared axis (data-plot="forest").
std::string forest_plot(const Comparison& c, const ForestFamily& family);
/// The mean wait of a day, per group at one grid point, on the y range every group shares.
std::string wait_plot(const Comparison& c, int point, int group, double y_high);
/// The highest mean wait of any day, group, arm and grid point (the shared y axis).
double wait_plot_high(const Comparison& c);
std::string gap_plot(const Comparison& c);
/// Intervention cost against the change in mean wait, labels in a column that never overprints.
std::string cost_effect_plot(const Comparison& c);

// compare_brief.cpp
/// The question the comparison answers, or that none was given (inside the page's header).
std::string question_block(const Comparison& c);
/// The table of arms: what each does and what it costs.
std::string arms_section(const Comparison& c);
/// One sentence per arm and grid point: its effects with their intervals, marked.
std::string headlines_section(const Comparison& c);
/// A readable account of one intervention row ("AI assistants in rural districts from day 14").
std::string intervention_text(const BriefIntervention& row);

// compare_brief_places.cpp
/// Real CNY per extra need met and per minute of waiting saved, and the cost chart.
std::string cost_section(const Comparison& c);
/// The effects per district kind and the maps of the change in mean wait by district.
std::string places_section(const Comparison& c);

/// "<span class="effect ..." data-...>text <span class="ci">detail</span> <span class="mark">●</span></span>":
/// an effect with its mark (`detail`, e.g. its interval, on a line of its own in tables).
std::string marked(const std::string& arm, int point, const std::string& figure, const Interval& stored,
                   const std::string& text, const std::string& detail = "");
/// A table cell of an effect in shown units: its value, its interval below, its mark.
std::string effect_cell(const std::string& arm, int point, const std::string& figure, const Interval& stored,
                        const FigureLabel& label);

}  // namespace civicsim::viz::compare
