// The files of `civicsim calibrate` (docs/sensitivity.md, "Calibration: civicsim calibrate"): a
// wave read from its sweep.h5, and what the analysis of the waves writes: calibration.csv,
// posterior.csv, calibration.h5 and the text report.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "viz_export/calibrate.hpp"

namespace civicsim::viz::calibrate {

/// Reads DIR/sweep.h5 of one wave: /design/values for `parameters` (matched by key), and the
/// figures of `observations` for the done runs of the baseline arm. Throws CalibrateError: 66 (no
/// sweep.h5, not a sweep file), 65 (no /design, a parameter or figure it lacks).
Wave read_wave(const std::string& dir, const std::vector<Parameter>& parameters,
               const std::vector<Observation>& observations);

/// Everything the analysis found, for the files and the report.
struct Calibration {
  std::string scenario_name;
  double cutoff = 3;
  std::vector<Parameter> parameters;
  std::vector<Observation> observations;  // the targets, then the held-out figures
  std::vector<WaveSummary> waves;         // every wave analysed, in order
  Wave last;                              // the last wave analysed
  std::vector<PointFit> last_fits;        // its points' fits
  std::vector<Predictive> predictive;     // per observation, over the last wave's accepted points
};

/// DIR/calibration.csv: wave,parameter,prior_low,prior_high,accepted_low,accepted_high,
/// accepted_points,points,shrinkage, one row per wave and parameter.
std::string write_calibration_csv(const Calibration& c, const std::string& dir);
/// DIR/posterior.csv: point,max_implausibility,<parameters>,<observations>: per accepted point of
/// the last wave, its values and each figure's mean over its done replicates.
std::string write_posterior_csv(const Calibration& c, const std::string& dir);
/// DIR/calibration.h5: the same, and the posterior predictive.
std::string write_calibration_h5(const Calibration& c, const std::string& dir);
/// The per-wave ranges and the posterior predictive, for people.
void print_report(const Calibration& c, std::ostream& out);

}  // namespace civicsim::viz::calibrate
