// The layout of a run's output file, from the engine that will fill it.
#pragma once

#include "io/output.hpp"
#include "sim/engine.hpp"

namespace civicsim::cli {

/// The districts, days, intervals, analysis window and geography (districts with the age shares
/// and agents the run used, halls with their positions) of `engine`'s run.
io::OutputLayout output_layout(const Engine& engine);

}  // namespace civicsim::cli
