// Writes a synthetic sweep folder for the report's browser test (tests/viz_export/report_browser.py):
// three arms, two grid points, four replicates, the whole figure catalogue, one failed run, one
// undefined figure, a scenario name and a question full of characters that HTML must escape, and
// the brief's tables (interventions, district kinds, a map of three districts).
#include <cstdio>
#include <exception>

#include "../synthetic_sweep.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 64;
  }
  using civicsim::test::SyntheticSweep;
  SyntheticSweep s;
  s.scenario_name = "synthetic <b>\"sweep\"</b> & 'co'";
  s.baseline_arm = "baseline";
  s.arms = {"baseline", "ai_rural", "staff-plus"};
  s.grid_keys = {"staff.hotline_operators"};
  s.grid_points = {"staff.hotline_operators=400", "staff.hotline_operators=600"};
  s.replicates = 4;
  civicsim::test::full_catalogue(&s.figures, &s.units);
  s.value = [](int arm, int point, int rep, int figure) {
    if (arm == 1 && point == 0 && rep == 2 && figure == 3) return std::numeric_limits<double>::quiet_NaN();
    const double base = 1.0 + figure % 7;
    const double effect = arm == 1 ? -0.3 * base : arm == 2 ? 0.1 * base : 0.0;
    const double noise = 0.05 * base * ((rep * 7 + figure + 3 * arm) % 5 - 2);
    return base * (1.0 + 0.2 * point) + effect + noise + (figure >= 40 ? 1e6 * (arm + 1) * (1 + point) : 0.0);
  };
  s.status = [](int arm, int point, int rep) {
    return std::string(arm == 2 && point == 1 && rep == 3 ? "failed" : "done");
  };
  s.districts = 3;
  // The brief's tables (synthetic_brief.hpp): ai_rural cuts the rural districts' waits.
  s.brief.tables = true;
  s.brief.question = "Do AI assistants in the rural districts shorten waits & close the gap <for> the elderly?";
  s.brief.interventions = [](int arm) {
    std::vector<civicsim::test::SyntheticIntervention> rows;
    if (arm == 1) rows.push_back({"digital_human_rollout", "rural", 7, 2.0e6});
    if (arm == 2) rows.push_back({"staffing", "all", 7, 3.0e6});
    if (arm == 2) rows.push_back({"literacy_training", "[fields]", 14, 0.0, false});
    return rows;
  };
  s.brief.resolved = [](int arm, int, int rep, int) { return 1000.0 + (arm == 1 ? 20.0 + rep : rep % 2); };
  s.brief.group_wait_seconds = [](int arm, int, int rep, int g) {
    return 600.0 + 30 * g - (arm == 1 ? 60.0 + 5 * rep : arm == 2 ? 10.0 * (rep % 2) : 0.0);
  };
  s.brief.kind_value = [](int arm, int, int rep, int kind, const std::string& figure) {
    const double base = figure == "wait_mean_seconds" ? 600.0 : 0.2;
    return base * (1.0 - (arm == 1 && kind == 2 ? 0.3 + 0.01 * rep : 0.0) + (arm == 2 ? 0.01 * (rep % 2) : 0.0));
  };
  s.brief.district_wait_seconds = [](int arm, int, int rep, int d) {
    return 600.0 + 100 * d - (arm == 1 && d == 2 ? 240.0 + 10 * rep : 0.0) + (arm == 2 ? 5.0 * (rep % 2) : 0.0);
  };
  s.intervals = 7 * 4;
  s.served = [](int, int, int, int, int d, int, int c) { return std::int64_t{5 + d + c}; };
  s.wait_seconds = [](int a, int p, int rep, int t, int d, int g, int c) {
    return std::int64_t{(5 + d + c) * 60 * (2 + 3 * g + (a == 1 ? -1 : a) + p + rep % 2 + (t / 4) % 3)};
  };
  try {
    civicsim::test::write_synthetic_sweep(argv[1], s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
