// Writes a synthetic sweep folder with a sampling design for the sensitivity page's browser test
// (tests/viz_export/sensitivity_browser.py): Morris trajectories of four parameters, two arms, three
// replicates, six figures (one of them mostly replicate noise), one failed run, and a scenario name
// and a parameter name full of characters that HTML must escape.
#include <cmath>
#include <cstdio>
#include <exception>

#include "../design_sweep.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 64;
  }
  using namespace civicsim::test;
  SyntheticDesign d = uniform_design(
      "morris", {"staff.hotline_operators", "ai.success_rate", "kiosk.count", "districts.<rural>&\"co\""},
      morris_unit(20, 4, 4, 17), 0, 1);
  d.samples = 20;
  d.levels = 4;
  SyntheticSweep s;
  s.scenario_name = "sensitivity <b>\"sweep\"</b> & 'co'";
  s.baseline_arm = "baseline";
  s.arms = {"baseline", "ai_rural"};
  s.replicates = 3;
  s.figures = {"wait_mean_minutes/all", "wait_mean_minutes/rural_elderly",
               "abandonment_rate/all",  "resolution_rate/all",
               "unmet_needs/all",       "total_cost/all"};
  s.units = {"min", "min", "1", "1", "1", "CNY"};
  const std::vector<double> unit = d.unit;
  s.value = [unit](int arm, int p, int rep, int figure) {
    const double* u = &unit[static_cast<std::size_t>(p) * 4];
    const double noise = (rep - 1) * (figure == 3 ? 0.5 : 0.01);
    const double w[4] = {1.0 + figure, 0.5 * figure, 2.0 - 0.3 * figure, 0.2};
    return w[0] * u[0] + w[1] * u[1] * u[3] - w[2] * u[2] + w[3] * std::sin(6 * u[3]) + noise + arm;
  };
  s.status = [](int arm, int p, int rep) { return std::string(arm == 1 && p == 7 && rep == 2 ? "failed" : "done"); };
  try {
    write_design_sweep(argv[1], s, d);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
