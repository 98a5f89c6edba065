#include "sim/sample_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "sim/age_structure.hpp"
#include "sim/intervention_plan.hpp"
#include "sim/world.hpp"

namespace civicsim {
namespace {

/// Residents aged 15+ of district d in each reporting group (real, unrounded).
std::array<double, kGroups> group_residents(const Params& p, int d) {
  const double elderly = elderly_agent_share(p, d);
  const double real = p.districts[d].population * p.share_15_plus, rural = 1.0 - p.districts[d].urban_share;
  return {real * (1 - rural) * (1 - elderly), real * (1 - rural) * elderly, real * rural * (1 - elderly),
          real * rural * elderly};
}

/// 95% half-width of a share near 0.5 measured on n agents in one run.
double half_width(double n) { return 1.96 * std::sqrt(0.25 / n); }

/// The scale at which a cell of n agents at `scale` reaches kTargetHalfWidth.
double scale_for_target(double n, double scale) {
  const double needed = 0.25 * (1.96 / kTargetHalfWidth) * (1.96 / kTargetHalfWidth);
  return std::min(1.0, scale * needed / std::max(n, 1.0));
}

std::string describe(const std::string& what, double n, double scale) {
  char line[512];
  if (n < 1) {
    std::snprintf(line, sizeof line,
                  "%s has no agents at population.scale %g: nothing is measured there; "
                  "raise population.scale",
                  what.c_str(), scale);
    return line;
  }
  std::snprintf(line, sizeof line,
                "%s has %.0f agents at population.scale %g: a share there (adoption, trust, internet access) "
                "carries a 95%% sampling error of about ±%.1f points in one run; population.scale %.3g gives "
                "±%.0f points (or average replicates)",
                what.c_str(), n, scale, 100 * half_width(n), scale_for_target(n, scale), 100 * kTargetHalfWidth);
  return line;
}

}  // namespace

std::vector<std::string> sample_warnings(const Params& p, std::size_t limit) {
  std::vector<std::string> out;
  std::size_t more = 0;
  auto add = [&](const std::string& text) {
    if (out.size() < limit)
      out.push_back(text);
    else
      ++more;
  };
  // Districts without agents: their residents raise no needs at all.
  for (int d = 0; d < static_cast<int>(p.districts.size()); ++d) {
    if (district_agents(p, d) > 0 || p.districts[d].population <= 0) continue;
    char line[256];
    std::snprintf(line, sizeof line,
                  " has no agents at population.scale %g: its residents' needs are not simulated; "
                  "population.scale %.3g gives it one",
                  p.scale, std::min(1.0, 0.5 / (p.districts[d].population * p.share_15_plus)));
    add("district '" + p.districts[d].name + "'" + line);
  }
  // The reporting groups of the whole city.
  std::array<double, kGroups> city{}, residents{};
  for (int d = 0; d < static_cast<int>(p.districts.size()); ++d) {
    const auto n = group_agents(p, d);
    const auto real = group_residents(p, d);
    for (int g = 0; g < kGroups; ++g) {
      city[g] += static_cast<double>(n[g]);
      residents[g] += real[g];
    }
  }
  for (int g = 0; g < kGroups; ++g)
    if (city[g] < kMinCellAgents && residents[g] >= 1)
      add(std::string("the group ") + kGroupNames[g] + " " + describe("of the city", city[g], p.scale));
  // Every (district, group) cell an intervention targets, once.
  std::set<std::pair<int, int>> seen;
  for (std::size_t i = 0; i < p.interventions.size(); ++i) {
    const Intervention& iv = p.interventions[i];
    for (int d : select_districts(p, iv.districts)) {
      const auto n = group_agents(p, d);
      const auto real = group_residents(p, d);
      for (int g = 0; g < kGroups; ++g) {
        const double agents = static_cast<double>(n[g]);
        // Nobody to sample (an all-urban district has no rural residents), or enough agents.
        if (real[g] < 1 || agents >= kMinCellAgents || district_agents(p, d) == 0 || !seen.insert({d, g}).second)
          continue;
        add("intervention " + std::to_string(i) + " (" + kInterventionTypeNames[static_cast<int>(iv.type)] +
            ") targets district '" + p.districts[d].name + "', whose " + kGroupNames[g] + " " +
            describe("group", agents, p.scale));
      }
    }
  }
  if (more > 0) out.push_back("... and " + std::to_string(more) + " more small cells");
  return out;
}

}  // namespace civicsim
