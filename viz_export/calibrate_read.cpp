// A wave of `civicsim calibrate` from its DIR/sweep.h5 (docs/sweeps.md): the design points'
// parameter values (/design/values) and, for the runs of the baseline arm that are done, the
// columns of /table/values that the targets and held-out figures name.
#include <algorithm>
#include <filesystem>

#include "io/h5_reader.hpp"
#include "viz_export/calibrate.hpp"
#include "viz_export/calibrate_files.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/compare_data.hpp"

namespace civicsim::viz::calibrate {
namespace {

/// /design/values [P, K'] as [P, K] in the order of `parameters`, matched by /design/parameter.
std::vector<double> design_values(const std::string& file, const std::vector<Parameter>& parameters,
                                  std::size_t points) {
  try {
    const io::h5::Reader reader(file);
    if (!reader.is_dataset("/design/parameter") || !reader.is_dataset("/design/values")) {
      throw CalibrateError(io::kExitDataErr, "'" + file +
                                                 "' has no /design: it is not a sweep of a design (run the wave "
                                                 "with `civicsim sweep --design-file`)");
    }
    const std::vector<std::string> keys = reader.strings_1d("/design/parameter");
    reader.expect_shape("/design/values", 2, {points, keys.size()});
    io::h5::Numbers numbers = reader.numeric_row("/design/values", hsize_t(-1));
    std::vector<double> all =
        numbers.is_float ? std::move(numbers.floats) : std::vector<double>(numbers.ints.begin(), numbers.ints.end());
    std::vector<double> out(points * parameters.size());
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      const auto it = std::find(keys.begin(), keys.end(), parameters[k].key);
      if (it == keys.end()) {
        throw CalibrateError(io::kExitDataErr, "'" + file + "' does not vary " + parameters[k].key +
                                                   " (its /design/parameter); was the wave run from another "
                                                   "scenario?");
      }
      const std::size_t column = static_cast<std::size_t>(it - keys.begin());
      for (std::size_t p = 0; p < points; ++p) out[p * parameters.size() + k] = all[p * keys.size() + column];
    }
    return out;
  } catch (const io::DataError& e) {
    throw CalibrateError(io::DataError::kExitCode, e.what());
  } catch (const CalibrateError&) {
    throw;
  } catch (const std::exception& e) {
    throw CalibrateError(io::kExitNoInput, e.what());
  }
}

}  // namespace

Wave read_wave(const std::string& dir, const std::vector<Parameter>& parameters,
               const std::vector<Observation>& observations) {
  compare::Sweep sweep;
  try {
    sweep = compare::read_sweep(dir);
  } catch (const CompareError& e) {
    throw CalibrateError(e.exit_code, e.what());
  }
  std::vector<std::size_t> columns;
  for (const Observation& o : observations) {
    const int column = sweep.figure_index(o.figure);
    if (column < 0) {
      throw CalibrateError(io::kExitDataErr, "'" + sweep.file + "' has no figure " + o.figure +
                                                 " in /table/figure (written by an older civicsim?)");
    }
    columns.push_back(static_cast<std::size_t>(column));
  }
  const auto baseline = std::find(sweep.arms.begin(), sweep.arms.end(), sweep.baseline_arm);
  const int arm = baseline == sweep.arms.end() ? 0 : static_cast<int>(baseline - sweep.arms.begin());
  Wave wave;
  wave.points = sweep.grid_points.size();
  wave.parameters = parameters.size();
  wave.values = design_values(sweep.file, parameters, wave.points);
  wave.figures = observations.size();
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    if (!sweep.done(r) || sweep.arm[r] != arm) continue;
    wave.run_point.push_back(static_cast<std::size_t>(sweep.point[r]));
    for (std::size_t column : columns) wave.run_figures.push_back(sweep.value(r, column));
  }
  return wave;
}

}  // namespace civicsim::viz::calibrate
