// Per-district age structure (issue 17): the share aged 60+ among a district's agents.
#pragma once

#include <algorithm>

#include "sim/params.hpp"

namespace civicsim {

/// Share of all residents of district d aged 60+: the district's share_60_plus column when given,
/// else citizens.elderly_share.
inline double district_share_60_plus(const Params& p, int d) {
  const double own = p.districts[static_cast<std::size_t>(d)].share_60_plus;
  return own >= 0 ? own : p.elderly_share;
}

/// Share aged 60+ among district d's residents aged 15+, from whom agents are drawn:
/// share_60_plus / population.share_15_plus (the 60+ are part of the 15+), capped at 1.
inline double elderly_agent_share(const Params& p, int d) {
  return std::min(1.0, district_share_60_plus(p, d) / p.share_15_plus);
}

}  // namespace civicsim
