#include "app/sweep_precision.hpp"

#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <limits>
#include <map>

#include "app/sweep_schedule.hpp"
#include "io/names.hpp"
#include "io/safe_file.hpp"
#include "io/yaml_schema.hpp"
#include "viz_export/figures.hpp"
#include "viz_export/student_t.hpp"

namespace civicsim::cli {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double t975(int n) { return viz::student_t_quantile(0.975, n - 1); }

/// The smallest n >= 2 whose interval t(n-1) sd / sqrt(n) is at most h.
int replicates_for(double sd, double h) {
  if (!(sd > 0)) return 2;
  for (int n = 2; n < 1000000; ++n)
    if (t975(n) * sd / std::sqrt(static_cast<double>(n)) <= h) return n;
  return 1000000;
}

/// The figures of the done runs, read once each.
class FigureCache {
 public:
  FigureCache(const SweepDir& dir, const io::Sweep& sweep) : dir_(dir), sweep_(sweep) {}
  double value(int arm, int point, int replicate, std::size_t column) {
    const int index = (arm * static_cast<int>(sweep_.points.size()) + point) * sweep_.replicates + replicate;
    auto it = values_.find(index);
    if (it == values_.end()) {
      const std::string id = sweep_.runs[static_cast<std::size_t>(index)].id;
      std::vector<double> v;
      if (run_done(dir_, id)) {
        try {
          v = viz::run_figures(dir_.run_file(id).string());
        } catch (const std::exception&) {
          v.clear();  // unreadable: counted as not done
        }
      }
      it = values_.emplace(index, std::move(v)).first;
    }
    return column < it->second.size() ? it->second[column] : kNaN;
  }

 private:
  const SweepDir& dir_;
  const io::Sweep& sweep_;
  std::map<int, std::vector<double>> values_;
};

/// Mean and sd of the finite values; n counts them.
void moments(const std::vector<double>& x, int& n, double& sd) {
  double sum = 0, sum2 = 0;
  n = 0;
  for (double v : x) {
    if (!std::isfinite(v)) continue;
    ++n;
    sum += v;
  }
  const double mean = n > 0 ? sum / n : kNaN;
  for (double v : x)
    if (std::isfinite(v)) sum2 += (v - mean) * (v - mean);
  sd = n > 1 ? std::sqrt(sum2 / (n - 1)) : kNaN;
}

PrecisionState assess(FigureCache& cache, const io::Sweep& sweep, int replicates,
                      const std::vector<PrecisionGoal>& goals) {
  PrecisionState s;
  s.replicates = replicates;
  s.met = true;
  const int arms = static_cast<int>(sweep.arms.size()), points = static_cast<int>(sweep.points.size());
  for (const auto& goal : goals) {
    double widest = 0;
    int needed = 0, usable = 0;
    std::string where;
    for (int a = 0; a < arms; ++a) {
      if (arms > 1 && a == sweep.baseline) continue;
      for (int p = 0; p < points; ++p) {
        std::vector<double> d;
        for (int r = 0; r < replicates; ++r) {
          const double v = cache.value(a, p, r, goal.column);
          d.push_back(arms > 1 ? v - cache.value(sweep.baseline, p, r, goal.column) : v);
        }
        int n = 0;
        double sd = kNaN;
        moments(d, n, sd);
        const double h =
            n > 1 ? t975(n) * sd / std::sqrt(static_cast<double>(n)) : std::numeric_limits<double>::infinity();
        if (n > 1) {
          needed = std::max(needed, replicates_for(sd, goal.halfwidth));
          ++usable;
        }
        if (!(h <= goal.halfwidth)) s.met = false;
        if (!(h <= widest)) {
          widest = h;
          where = "arm '" + sweep.arms[static_cast<std::size_t>(a)] + "'" +
                  (sweep.points[static_cast<std::size_t>(p)].empty() ? "" : ", point " + std::to_string(p));
        }
      }
    }
    s.halfwidth.push_back(widest);
    s.where.push_back(where);
    s.needed.push_back(needed);
    s.usable.push_back(usable);
  }
  return s;
}

}  // namespace

io::Sweep first_replicates(const io::Sweep& sweep, int n, std::vector<int>& original) {
  io::Sweep t = sweep;
  t.replicates = n;
  t.runs.clear();
  for (const auto& run : sweep.runs) {
    if (run.replicate >= n) continue;
    io::SweepRun copy = run;
    copy.index = static_cast<int>(t.runs.size());
    t.runs.push_back(copy);
    original.push_back(run.index);
  }
  return t;
}

int precision_replicates(const SweepDir& dir) {
  std::ifstream in(dir.root / "precision.csv");
  std::string header, row;
  if (!std::getline(in, header) || !std::getline(in, row)) return 0;
  // figure,halfwidth_asked,halfwidth_reached,"widest_at",replicates,...: the field after the quoted one
  const std::size_t quote = row.rfind('"');
  if (quote == std::string::npos || quote + 2 >= row.size()) return 0;
  try {
    return std::stoi(row.substr(quote + 2));
  } catch (const std::exception&) {
    return 0;
  }
}

namespace {

void write_precision_csv(const SweepDir& dir, const std::vector<PrecisionGoal>& goals, const PrecisionState& pilot,
                         const PrecisionState& last) {
  std::string csv =
      "figure,halfwidth_asked,halfwidth_reached,widest_at,replicates,pilot_replicates,"
      "predicted_by_pilot,met\n";
  for (std::size_t g = 0; g < goals.size(); ++g) {
    csv += goals[g].figure + "," + io::schema::format_number(goals[g].halfwidth) + "," +
           (std::isfinite(last.halfwidth[g]) ? io::schema::format_number(last.halfwidth[g]) : "inf") + ",\"" +
           last.where[g] + "\"," + std::to_string(last.replicates) + "," + std::to_string(pilot.replicates) + "," +
           std::to_string(pilot.needed[g]) + "," + (last.halfwidth[g] <= goals[g].halfwidth ? "yes" : "no") + "\n";
  }
  io::write_file_atomically((dir.root / "precision.csv").string(), csv);
}

}  // namespace

std::string parse_precision(const std::vector<std::string>& texts, std::vector<PrecisionGoal>& goals) {
  const auto& catalogue = viz::figure_catalogue();
  io::schema::Names names;
  for (const auto& f : catalogue) names.push_back(f.name);
  for (const auto& text : texts) {
    const std::size_t eq = text.rfind('=');
    const auto h = eq == std::string::npos ? std::nullopt : io::schema::parse_number(text.substr(eq + 1), false);
    if (!h || !(*h > 0)) {
      return "--precision '" + text +
             "': expected FIGURE=HALFWIDTH with a half-width > 0, e.g. "
             "wait_mean_minutes/all=0.5";
    }
    const std::string figure = text.substr(0, eq);
    const auto it = std::find(names.begin(), names.end(), figure);
    if (it == names.end()) return "--precision: " + io::schema::unknown_name("figure", figure, names);
    goals.push_back({figure, *h, static_cast<std::size_t>(it - names.begin())});
  }
  return "";
}

io::Sweep run_to_precision(Children& children, io::Manifest& manifest, const io::Sweep& sweep, const SweepDir& dir,
                           const std::vector<PrecisionGoal>& goals, int batch, int jobs, const std::string& worker,
                           bool quiet) {
  FigureCache cache(dir, sweep);
  PrecisionState pilot, state;
  for (int n = std::min(batch, sweep.replicates);; n = std::min(n + batch, sweep.replicates)) {
    std::deque<int> todo;
    for (const auto& run : sweep.runs)
      if (run.replicate < n && !run_done(dir, run.id)) todo.push_back(run.index);
    run_local(children, manifest, sweep, todo, jobs, worker, quiet);
    if (sweep_stop_signal() != 0) return sweep;
    state = assess(cache, sweep, n, goals);
    if (pilot.replicates == 0) pilot = state;
    if (!quiet) {
      std::fprintf(stderr, "precision: %d replicates:", n);
      for (std::size_t g = 0; g < goals.size(); ++g)
        std::fprintf(stderr, " %s half-width %.4g (asked %.4g);", goals[g].figure.c_str(), state.halfwidth[g],
                     goals[g].halfwidth);
      std::fprintf(stderr, "\n");
    }
    const auto undefined = std::find(state.usable.begin(), state.usable.end(), 0);
    if (undefined != state.usable.end()) {
      std::fprintf(stderr,
                   "precision: %s has fewer than two finite values at every arm and point after %d replicates (a "
                   "figure undefined in these runs, such as the wait of a channel nobody uses); stopping\n",
                   goals[static_cast<std::size_t>(undefined - state.usable.begin())].figure.c_str(), n);
      break;
    }
    if (state.met || n >= sweep.replicates) break;
  }
  write_precision_csv(dir, goals, pilot, state);
  if (!quiet || !state.met) {  // a goal not reached is said even with -q
    for (std::size_t g = 0; g < goals.size(); ++g) {
      std::fprintf(stderr, "precision: %s %s after %d replicates (the pilot of %d predicted %d; cap %d)\n",
                   goals[g].figure.c_str(), state.halfwidth[g] <= goals[g].halfwidth ? "reached" : "NOT reached",
                   state.replicates, pilot.replicates, pilot.needed[g], sweep.replicates);
    }
  }
  std::vector<int> original;
  io::Sweep t = first_replicates(sweep, state.replicates, original);
  std::vector<io::ManifestRow> rows;
  for (std::size_t i = 0; i < t.runs.size(); ++i) {
    io::ManifestRow row = manifest.rows()[static_cast<std::size_t>(original[i])];
    row.index = static_cast<int>(i);
    rows.push_back(row);
  }
  manifest = io::Manifest(rows, dir.manifest());
  return t;
}

}  // namespace civicsim::cli
