// The `calibrate:` section of a scenario (docs/sensitivity.md, "Calibration: civicsim calibrate"):
// the history-matching waves, and the summary figures to match (targets, each with an observed
// value and its uncertainty) or only to predict (held out). The parameters and their prior ranges
// are the sweep section's `parameters:`. Figure names are checked against the catalogue by the
// layer that knows it (viz_export); each figure keeps where it is written for that message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/design.hpp"
#include "io/diagnostic.hpp"
#include "io/exit_status.hpp"
#include "sim/params.hpp"

namespace civicsim::io {

/// One figure of sweep.h5's /table/figure with its observation.
struct CalibrationFigure {
  std::string figure;  // "<figure>/<scope>", e.g. "adoption/all"
  double observed = 0;
  double sd = 0;         // the observation's standard deviation (targets; tolerance / cutoff when given so)
  double tolerance = 0;  // the half-width as written (0 when `sd` was written; held-out figures: 0)
  std::string file;      // where the figure's name is written, for messages
  int line = 0, column = 0;
  /// "file:line:col: message" at the figure's name.
  Diagnostic at(const std::string& message) const { return Diagnostic{file, line, column, message}; }
};

struct CalibrateSpec {
  bool declared = false;
  int waves = 3;      // history-matching waves, 1..20
  int samples = 0;    // design points per wave; 0: 10 x parameters
  double cutoff = 3;  // implausibility cut-off (Pukelsheim's three-sigma rule)
  bool seed_given = false;
  std::uint64_t seed = 0;  // the waves' Latin hypercubes (default: the scenario's seed)
  std::vector<CalibrationFigure> targets;
  std::vector<CalibrationFigure> heldout;
  std::vector<std::string> keys;     // the sweep's `parameters:`, in the file's order
  std::vector<Distribution> priors;  // their distributions
};

struct CalibrateResult {
  CalibrateSpec spec;              // valid only when ok()
  std::vector<Diagnostic> errors;  // every problem found, in file order
  int exit_code = kExitOk;
  bool ok() const { return errors.empty(); }
};

/// Reads the `calibrate:` section of scenario text (`display_name` in messages) and the priors of
/// its sweep's `parameters:` (read as the sweep reads them; `base`: the scenario's validated
/// parameters, for the keys' current values). Without a section, spec.declared is false. A section
/// needs the file's sweep to have `parameters:`.
CalibrateResult load_calibrate_text(const std::string& text, const std::string& display_name, const Params& base);

}  // namespace civicsim::io
