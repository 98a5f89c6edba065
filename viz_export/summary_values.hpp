// The /summary figures of an output file as doubles: what `summary` prints and what a window of
// days recomputes (viz_export/window_figures.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/params.hpp"
#include "viz_export/run_sample.hpp"

namespace civicsim::viz {

/// Every /summary dataset of an output file, read as doubles ([g][c] tables group-major).
struct SummaryValues {
  std::map<std::string, std::vector<double>> values;
  std::string scenario, status;
  RunSample sample;    // root attributes population_scale and agents (not recorded in older files)
  std::string window;  // /summary's `window` attribute: the analysis window (empty in older files)
  // Days A..B of a window chosen after the run (`summary --days`, viz_export/window_figures.hpp);
  // -1: the figures are /summary's, over the run's own window.
  std::int64_t days_first = -1, days_last = -1;
  bool windowed() const { return days_first >= 0; }
  bool has(const std::string& name) const { return values.count(name) != 0; }
  const std::vector<double>& at(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end()) throw std::runtime_error("/summary/" + name + " is missing");
    return it->second;
  }
  double cell(const std::string& name, int g, int c) const {
    return at(name).at(static_cast<std::size_t>(g) * kChannels + c);
  }
};

/// Reads /summary of a complete output file; throws std::runtime_error otherwise.
SummaryValues read_summary_values(const std::string& h5_path);

}  // namespace civicsim::viz
