// The text report of `civicsim calibrate`: per wave the accepted range of each parameter, then the
// posterior predictive of each target and held-out figure.
#include <cstdio>
#include <ostream>
#include <string>

#include "viz_export/calibrate_files.hpp"

namespace civicsim::viz::calibrate {
namespace {

std::string format(const char* spec, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, spec, x);
  return buf;
}

std::string g(double x) { return format("%.4g", x); }

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

void print_report(const Calibration& c, std::ostream& out) {
  out << "calibration of " << (c.scenario_name.empty() ? "the scenario" : c.scenario_name) << ": " << c.waves.size()
      << " wave" << (c.waves.size() == 1 ? "" : "s") << ", implausibility cut-off " << g(c.cutoff) << "\n";
  out << pad("wave", 6) << pad("points", 8) << pad("accepted", 10) << pad("best I", 9) << pad("parameter", 36)
      << "accepted range (shrinkage)\n";
  for (const WaveSummary& s : c.waves) {
    for (std::size_t k = 0; k < c.parameters.size(); ++k) {
      const std::string range =
          s.accepted == 0 ? std::string("none")
                          : "[" + g(s.accepted_low[k]) + ", " + g(s.accepted_high[k]) + "] (" + g(s.shrinkage[k]) + ")";
      out << pad(k == 0 ? std::to_string(s.wave) : "", 6) << pad(k == 0 ? std::to_string(s.points) : "", 8)
          << pad(k == 0 ? std::to_string(s.accepted) : "", 10) << pad(k == 0 ? g(s.best_implausibility) : "", 9)
          << pad(c.parameters[k].key, 36) << range << "\n";
    }
  }
  out << "posterior predictive over the last wave's accepted points (every done replicate):\n";
  out << pad("figure", 40) << pad("role", 9) << pad("observed", 11) << pad("mean", 11) << pad("2.5%", 11)
      << pad("97.5%", 11) << "inside\n";
  for (const Predictive& p : c.predictive) {
    out << pad(p.observation.figure, 40) << pad(p.observation.target ? "target" : "heldout", 9)
        << pad(g(p.observation.observed), 11) << pad(g(p.mean), 11) << pad(g(p.low), 11) << pad(g(p.high), 11)
        << (p.runs == 0 ? "n/a"
            : p.inside  ? "yes"
                        : "no")
        << "\n";
  }
}

}  // namespace civicsim::viz::calibrate
