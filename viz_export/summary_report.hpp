// `civicsim summary FILE`: the /summary figures of an output file as a table or as JSON.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "viz_export/summary_values.hpp"

namespace civicsim::viz {

struct DayRange;

/// Prints the headline figures of a complete output file: /summary's, or with `days` those
/// recomputed over days A..B (read_window_summary). Throws std::runtime_error with a clear
/// message for a missing, incomplete or older file without /summary, and WindowError for days
/// outside the run.
void print_summary(const std::string& h5_path, bool json, std::ostream& out, const DayRange* days = nullptr);

}  // namespace civicsim::viz
