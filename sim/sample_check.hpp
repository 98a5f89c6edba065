// Guard rails for the agent sample (docs/engine.md, "Scaling"): population.scale samples citizens,
// so per-person figures of a small (district, group) cell are noisy. validate, plan and run warn
// when a cell an intervention targets, or a reporting group of the whole city, has too few agents,
// and say what scale would give a stated precision.
#pragma once

#include <string>
#include <vector>

#include "sim/params.hpp"

namespace civicsim {

/// Agents below which a cell's per-person figures are called noisy: a share near 0.5 then has a
/// 95% sampling error above ±5.7 points in one run (assumption; docs/engine.md).
constexpr double kMinCellAgents = 300;
/// The precision the suggested scale aims at: ±5 points on a share near 0.5 (385 agents).
constexpr double kTargetHalfWidth = 0.05;

/// One warning per small cell (at most `limit`, then one line saying how many more), each saying
/// which intervention and cell, its agents, the sampling error of a share there and the scale
/// that would give ±5 points. Empty when every cell is large enough.
std::vector<std::string> sample_warnings(const Params& p, std::size_t limit = 8);

}  // namespace civicsim
