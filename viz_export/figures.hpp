// The summary figures of a run that a sweep tabulates and `civicsim compare` compares
// (docs/sweeps.md): each figure for the whole city and for each of the four groups, plus a few
// city-wide ones. Computed from an output file's /summary and /daily/population.
#pragma once

#include <string>
#include <vector>

#include "viz_export/window_figures.hpp"

namespace civicsim::viz {

struct FigureDef {
  std::string name;   // "wait_mean_minutes/rural_elderly": figure and scope
  std::string units;  // "min", "1", "CNY"
};

/// The figures in table order; the same for every run and every civicsim of this schema.
const std::vector<FigureDef>& figure_catalogue();

/// The catalogue's values for one complete output file (NaN where a figure is undefined, such as
/// the wait of a channel nobody used). Throws std::runtime_error for a missing or incomplete file.
std::vector<double> run_figures(const std::string& h5_path);

/// Whether a figure ("wait_mean_minutes/all") is recomputed over a window after the run: those
/// built only on window_recomputed() (waits, abandonment, resolution, unmet needs, adoption, the
/// hotline answer rate).
bool figure_in_window(const std::string& figure_scope);

/// The catalogue's values over days A..B of a complete output file (read_window_summary; adoption
/// weighted by the population of day B); NaN for the figures not recomputed. Throws WindowError.
std::vector<double> window_run_figures(const std::string& h5_path, const DayRange& range, DayWindow* window = nullptr);

}  // namespace civicsim::viz
