// History matching of a scenario to observed figures (`civicsim calibrate`, docs/sensitivity.md,
// "Calibration: civicsim calibrate"): the method, as pure functions of a wave's table. A design
// point is judged by each target's implausibility I = |observed - E| / sqrt(sd^2 + s^2 / R), with E
// the mean of its R done replicates and s^2 their variance; it is non-implausible when its largest
// I is at most the cut-off. The next wave samples a Latin hypercube in the bounding box of the
// non-implausible points, in the unit coordinates of the priors (u = the prior's CDF), widened by
// half a stratum on each side and clipped to the prior. ABC rejection is the same with one wave.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "io/design.hpp"
#include "io/exit_status.hpp"

namespace civicsim::viz::calibrate {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// A failure the user can act on, with the program's exit code: 66 (a wave's sweep.h5 missing or
/// not a sweep file), 65 (it lacks a figure or a parameter), 73/74 (an output cannot be written).
class CalibrateError : public io::UserError {
 public:
  using io::UserError::UserError;
};

/// A parameter being calibrated: its dotted scenario key and prior (the sweep's `parameters:`).
struct Parameter {
  std::string key;
  io::Distribution prior;
};

/// A figure of sweep.h5's /table/figure with the observation it is compared with.
struct Observation {
  std::string figure;  // "<figure>/<scope>"
  double observed = 0;
  double sd = 0;       // a target's observation standard deviation (0 for a held-out figure)
  bool target = true;  // false: held out, only predicted
};

/// One wave as the method needs it: each design point's parameter values and each done run's
/// figures (one column per observation, in the order given; NaN where undefined).
struct Wave {
  std::size_t points = 0;              // P
  std::size_t parameters = 0;          // K
  std::vector<double> values;          // [P, K]
  std::size_t figures = 0;             // F
  std::vector<std::size_t> run_point;  // per done run
  std::vector<double> run_figures;     // [done runs, F]
  /// The finite values of figure f over the done runs of `point`.
  std::vector<double> samples(std::size_t point, std::size_t f) const;
  double value(std::size_t point, std::size_t k) const { return values[point * parameters + k]; }
};

/// The judgement of one design point against the targets.
struct PointFit {
  std::vector<int> replicates;         // per target: runs with a finite value (R)
  std::vector<double> mean;            // E (NaN when R = 0)
  std::vector<double> mean_variance;   // s^2 / R of the replicates (0 when R = 1)
  std::vector<double> implausibility;  // inf when R = 0
  double max_implausibility = kInf;
  bool accepted = false;  // max_implausibility <= cutoff
};

/// The fit of a point from each target's replicate values (`samples[t]`, finite).
PointFit fit_point(const std::vector<std::vector<double>>& samples, const std::vector<Observation>& targets,
                   double cutoff);
/// Every point of a wave; `targets` are the first columns of the wave's figures.
std::vector<PointFit> fit_wave(const Wave& wave, const std::vector<Observation>& targets, double cutoff);

/// A box in the unit cube of the priors: per parameter [low, high] within [0, 1].
struct Box {
  std::vector<double> low, high;
};
Box unit_cube(std::size_t parameters);

/// The unit coordinate of a value under a prior: the smallest u with quantile(u) >= value (by
/// bisection, so exact to 2^-50 for every continuous kind); a discrete item's stratum centre
/// (i + 0.5) / n, the item found by its number (or its index when its items are not numbers).
double unit_of(const io::Distribution& prior, double value);
/// The value a unit coordinate stands for in sweep.h5's /design/values: the quantile, or a discrete
/// item's number (its index when it is not a number).
double value_of(const io::Distribution& prior, double u);
/// The same value as a design file writes it: the number, or a discrete item's text.
std::string design_text(const io::Distribution& prior, double u);
/// The prior's range in value space: quantile(0) and quantile(1); a discrete prior's smallest and
/// largest value_of.
std::pair<double, double> prior_range(const io::Distribution& prior);

/// The next wave's box: the bounding box of `accepted_unit` ([N, K], N > 0), widened on each side
/// by half a stratum of the `samples`-point design of `current`, and clipped to [0, 1].
Box next_box(const std::vector<double>& accepted_unit, std::size_t parameters, const Box& current, int samples);
/// Unit points ([N, K] in [0, 1]) mapped affinely into the box.
std::vector<double> into_box(const Box& box, const std::vector<double>& unit);

/// What a wave found.
struct WaveSummary {
  int wave = 0;  // 1-based
  std::size_t points = 0, points_with_runs = 0, accepted = 0;
  std::vector<double> accepted_low, accepted_high;  // [K] value space; NaN when none accepted
  std::vector<double> shrinkage;                    // [K] accepted width / prior width (NaN: none accepted)
  std::vector<double> accepted_unit;                // [accepted, K] unit coordinates of the accepted points
  std::vector<std::size_t> accepted_points;         // their indices
  std::size_t best_point = 0;                       // the point of smallest max implausibility
  double best_implausibility = kInf;
};
WaveSummary summarise_wave(int wave, const std::vector<Parameter>& parameters, const Wave& data,
                           const std::vector<PointFit>& fits);

/// The p-quantile (0..1) of a sample by linear interpolation between order statistics (R type 7);
/// NaN for an empty sample.
double percentile(std::vector<double> sample, double p);

/// The posterior predictive of one figure: its values over every done run of the accepted points.
struct Predictive {
  Observation observation;
  std::size_t runs = 0;
  double mean = kNaN, low = kNaN, high = kNaN;  // low, high: 2.5 and 97.5 percentiles
  bool inside = false;                          // low <= observed <= high
};
std::vector<Predictive> predictive(const Wave& wave, const std::vector<Observation>& observations,
                                   const std::vector<std::size_t>& accepted_points);

/// "[0.1, 0.3] x [0, 1]": the box for people.
std::string describe_box(const Box& box);

/// A design file (`civicsim sweep --design-file`): a comment, a header of the keys, one row a point.
std::string design_file_text(const std::vector<Parameter>& parameters, const std::vector<double>& unit,
                             const std::string& comment);

}  // namespace civicsim::viz::calibrate
