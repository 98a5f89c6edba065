// What `civicsim compare` reads from a sweep and computes from it; shared by the reader, the
// statistics, the series pass and the writers (compare*.cpp). Internal to viz_export/.
#pragma once

#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "viz_export/run_brief_data.hpp"
#include "viz_export/run_sample.hpp"

namespace civicsim::viz::compare {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kGroupCount = 4;  // urban_adult, urban_elderly, rural_adult, rural_elderly

/// DIR/sweep.h5: the arms, the grid, and the summary table of every run.
struct Sweep {
  std::string dir;
  std::string file;                      // DIR/sweep.h5
  std::string scenario_name;             // root attribute; "" if absent
  std::string status;                    // root attribute "complete" / "incomplete"; "" if absent
  std::string baseline_arm;              // root attribute; "" if absent
  std::vector<std::string> arms;         // [A]
  std::vector<std::string> grid_keys;    // [K]
  std::vector<std::string> grid_points;  // [P] "key=value;key=value" ("" without a grid)
  int replicates = 0;                    // highest replicate index + 1
  // /table: one entry per run (R).
  std::vector<std::string> run_id;
  std::vector<int> arm, point, replicate;
  std::vector<std::string> run_status;  // "done", "failed", "missing"
  // /table/figure and /table/units: one per column (F); values [R, F] row-major.
  std::vector<std::string> figures;  // "<figure>/<scope>"
  std::vector<std::string> units;
  std::vector<double> values;

  std::size_t runs() const { return run_id.size(); }
  double value(std::size_t run, std::size_t figure) const { return values[run * figures.size() + figure]; }
  bool done(std::size_t run) const { return run_status[run] == "done"; }
  /// The column of "<figure>/<scope>", or -1.
  int figure_index(const std::string& figure_scope) const;
};

/// Mean, standard deviation and 95% interval of a sample.
struct Interval {
  std::int64_t n = 0;
  double mean = kNaN;
  double sd = kNaN;                // n − 1 in the denominator; NaN for n < 2
  double low = kNaN, high = kNaN;  // mean ∓ t(0.975, n−1) · sd / √n; NaN for n < 2
};
Interval interval_of(const std::vector<double>& sample);

/// One row of compare.csv: an arm against the baseline at one grid point, for one figure.
struct Difference {
  int arm = 0, point = 0, figure = 0;
  double baseline_mean = kNaN;  // over the paired replicates
  double arm_mean = kNaN;
  Interval difference;                // of d_r = arm_r − baseline_r
  double relative_difference = kNaN;  // difference mean / baseline mean (NaN when that is 0)
};

/// An arm's own level of a figure at one grid point, over its done replicates (the urban/rural
/// gap and the costs of the report).
struct Level {
  int arm = 0, point = 0, figure = 0;
  Interval value;
};

/// Mean wait per day, group, arm and grid point, pooled over replicates, districts and the queued
/// channels: Σ wait seconds / Σ services started / 60.
struct WaitByDay {
  int arms = 0, points = 0, days = 0;
  std::vector<double> minutes;  // [arms, points, days, 4]; NaN where nothing was served
  int runs_read = 0;
  int runs_unpaired = 0;              // done runs left out: their replicate is not done in every arm
  std::vector<std::string> problems;  // runs whose series could not be read, and why
  double at(int a, int p, int d, int g) const {
    return minutes[((static_cast<std::size_t>(a) * points + p) * days + d) * kGroupCount + g];
  }
};

/// The sample (population.scale and agents) of the done runs, from the root attributes of their
/// DIR/runs/<run-id>.h5, per arm and grid point.
struct Samples {
  std::vector<RunSample> cells;  // [arms, points]; not `recorded` when none was, or the runs disagree
  std::vector<char> mixed;       // [arms, points]: its runs do not all have the same sample
  bool uniform = false;          // every done run read has the same recorded sample: `common`
  RunSample common;
  std::string statement;  // the sentence the three files state
  const RunSample& at(int arm, int point, int points) const {
    return cells[static_cast<std::size_t>(arm) * points + point];
  }
};

/// `compare --days A:B`: which columns of the table were recomputed from the runs' files over
/// days A..B (the others are sweep.h5's, over each run's own analysis window).
struct AnalysisDays {
  bool on = false;
  std::int64_t first = 0, last = 0;
  std::vector<char> recomputed;       // [F]
  std::string statement;              // the sentence the three files state ("" without --days)
  std::vector<std::string> problems;  // runs whose file could not be read: their recomputed figures are NaN
  std::string label() const { return on ? std::to_string(first) + ":" + std::to_string(last) : ""; }
  /// The `days` column of a row: "A:B" when its figure was recomputed, else "".
  std::string of_figure(int figure) const { return on && recomputed[figure] ? label() : ""; }
};

/// The paired differences and levels of one table of figures (sweep.h5's, or the brief's figures
/// read from the run files), by the same statistics.
struct Pairs {
  std::vector<Difference> differences;  // arm (≠ baseline), then grid point, then figure
  std::vector<Level> levels;            // every arm, grid point and figure
  const Level& level(const Sweep& s, int arm, int point, int figure) const {
    return levels[(static_cast<std::size_t>(arm) * s.grid_points.size() + point) * s.figures.size() + figure];
  }
  const Difference* difference(int arm, int point, int figure) const;
};
Pairs pair_up(const Sweep& s, int baseline);  // compare_statistics.cpp

/// A district of the city, for the map of effects (/geography/districts of a run file).
struct District {
  std::string name, kind;
  double lat = 0, lon = 0, population = 0;
};

/// What the brief reads from the done runs' files besides sweep.h5 (compare_details.cpp): the
/// question, the city, each arm's interventions, and per run the figures that sweep.h5 lacks
/// (needs met, total waiting, per district kind and per district), paired like sweep.h5's.
struct RunDetails {
  std::string question;         // "" when none was given
  std::string question_source;  // where it came from, for the page
  std::string city;             // a sentence: synthetic, calibrated, or given in the scenario
  std::string window;           // /summary's window sentence of a run ("" when unknown)
  std::vector<std::vector<BriefIntervention>> interventions;  // [arms], from a done run of each
  std::vector<char> interventions_known;                      // [arms]
  std::vector<District> districts;                            // empty: the runs have no /geography
  Sweep table;  // sweep.h5's runs with these figures ("needs_met/all", "wait_mean_minutes/kind:rural", ...)
  Pairs pairs;
  int files_read = 0;
  std::vector<std::string> problems;  // run files whose details could not be read, and why
};

struct Comparison {
  Sweep sweep;
  AnalysisDays days;
  Samples samples;
  int baseline = 0;
  std::vector<Difference> differences;  // arm (≠ baseline), then grid point, then figure
  std::vector<Level> levels;            // every arm, grid point and figure
  WaitByDay wait;
  RunDetails details;
  const Level& level(int arm, int point, int figure) const {
    return levels[(static_cast<std::size_t>(arm) * sweep.grid_points.size() + point) * sweep.figures.size() + figure];
  }
};

/// "wait_mean_minutes/rural_elderly" → {"wait_mean_minutes", "rural_elderly"} (scope "" without '/').
std::pair<std::string, std::string> split_figure(const std::string& figure_scope);

// The steps of compare_sweep, each in its own file.
Sweep read_sweep(const std::string& dir);  // compare_sweep_reader.cpp
/// The arm `requested` (empty: the file's baseline_arm, else the first arm). Throws CompareError:
/// 64 for an unknown arm given by `option` (the message names the arms and the nearest), 66 for an
/// unknown baseline_arm in the file. Shared with `civicsim sensitivity --arm`.
int arm_index(const Sweep& s, const std::string& requested, const std::string& option);  // compare_sweep_reader.cpp
/// A reader's failure as a message ("cannot read 'FILE': ..."). Shared with `civicsim sensitivity`.
std::string reading_message(const std::exception& e);  // compare_sweep_reader.cpp
void compute_statistics(Comparison& comparison);       // compare_statistics.cpp
/// Reads each done run's series in slabs of about `slab_bytes` per dataset.
WaitByDay read_wait_by_day(const Sweep& sweep, std::size_t slab_bytes = std::size_t{1} << 20);  // compare_series.cpp
Samples read_samples(const Sweep& sweep);                                                       // compare_samples.cpp
/// Reads the question, the city, the interventions and the figures of each done run's file, and
/// pairs them against `baseline`. Unreadable files are listed in `problems`, never fatal.
RunDetails read_run_details(const Sweep& sweep, int baseline);  // compare_details.cpp
/// Replaces, in sweep.values, the figures that can be recomputed over days `days_text` with those
/// of each done run's file. Throws CompareError (64: bad days; 66: none of the files readable).
AnalysisDays apply_days(Sweep& sweep, const std::string& days_text);             // compare_days.cpp
std::string write_compare_csv(const Comparison& c, const std::string& out_dir);  // compare_write.cpp
std::string write_compare_h5(const Comparison& c, const std::string& out_dir);   // compare_write.cpp
std::string write_report_html(const Comparison& c, const std::string& out_dir);  // compare_report.cpp

}  // namespace civicsim::viz::compare
