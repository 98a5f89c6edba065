// Reading DIR/sweep.h5 (docs/sweeps.md) for `civicsim compare`. Counts and the replicate number
// come from /table itself rather than the root attributes, so that a sweep file that is
// incomplete (an array still running, a merge of part of it) is read the same way.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "io/h5_reader.hpp"
#include "io/names.hpp"
#include "io/scenario.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/compare_data.hpp"

namespace civicsim::viz::compare {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void not_a_sweep(const std::string& file, const std::string& why) {
  throw CompareError(io::kExitNoInput, "'" + file + "' is not a sweep file: " + why);
}

std::vector<int> indices(const io::h5::Reader& reader, const std::string& path, std::size_t runs, std::size_t limit,
                         const char* what) {
  const std::vector<std::int64_t> raw = reader.ints_1d(path);
  if (raw.size() != runs) {
    not_a_sweep(reader.file_path(),
                path + " has " + std::to_string(raw.size()) + " entries; /table/run_id has " + std::to_string(runs));
  }
  std::vector<int> out(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] < 0 || static_cast<std::size_t>(raw[i]) >= limit) {
      not_a_sweep(reader.file_path(),
                  path + "[" + std::to_string(i) + "] = " + std::to_string(raw[i]) + " is not a valid " + what);
    }
    out[i] = static_cast<int>(raw[i]);
  }
  return out;
}

/// The root attribute `name` of a run's file as text ("" when it is missing).
std::string run_attribute(const io::h5::Reader& reader, const char* name, bool numeric) {
  std::string text;
  std::uint64_t number = 0;
  if (!numeric) return reader.string_attribute("/", name, &text) ? text : "";
  return reader.uint64_attribute("/", name, &number) ? std::to_string(number) : "";
}

/// Refuses (DataError) a done run's file that records another run than the one sweep.h5 lists
/// under its name: a file copied into runs/ after sweep.h5 was written. Files that are gone or
/// unreadable are left to the passes that read them, which report them.
void check_run_files(const Sweep& sweep) {
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    const std::string& id = sweep.run_id[r];
    if (!sweep.done(r) || id.empty() || id.find('/') != std::string::npos || id.find("..") != std::string::npos)
      continue;
    const std::string path = (fs::path(sweep.dir) / "runs" / (id + ".h5")).string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    std::unique_ptr<io::h5::Reader> reader;
    try {
      reader = std::make_unique<io::h5::Reader>(path);
    } catch (const std::exception&) {
      continue;
    }
    const std::pair<const char*, std::string> expected[] = {{"sweep_run", id},
                                                            {"sweep_arm", sweep.arms[sweep.arm[r]]},
                                                            {"sweep_parameters", sweep.grid_points[sweep.point[r]]},
                                                            {"sweep_replicate", std::to_string(sweep.replicate[r])}};
    for (const auto& [name, value] : expected) {
      const std::string recorded = run_attribute(*reader, name, /*numeric=*/std::string(name) == "sweep_replicate");
      if (recorded != value) {
        reader->refuse("it is not run " + id + " of " + sweep.file + ": its root attribute " + name + " is '" +
                       recorded + "', expected '" + value + "' (remove it and run `civicsim sweep --resume`)");
      }
    }
  }
}

}  // namespace

int Sweep::figure_index(const std::string& figure_scope) const {
  const auto it = std::find(figures.begin(), figures.end(), figure_scope);
  return it == figures.end() ? -1 : static_cast<int>(it - figures.begin());
}

std::pair<std::string, std::string> split_figure(const std::string& figure_scope) {
  const std::size_t slash = figure_scope.rfind('/');
  if (slash == std::string::npos) return {figure_scope, ""};
  return {figure_scope.substr(0, slash), figure_scope.substr(slash + 1)};
}

Sweep read_sweep(const std::string& dir) {
  Sweep sweep;
  sweep.dir = dir;
  sweep.file = (fs::path(dir) / "sweep.h5").string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw CompareError(io::kExitNoInput,
                       "no sweep folder '" + dir + "' (give the folder that `civicsim sweep -o DIR` wrote)");
  }
  if (!fs::exists(sweep.file, ec)) {
    throw CompareError(io::kExitNoInput, "'" + dir +
                                             "' holds no sweep.h5: the sweep has not finished, or (for a SLURM "
                                             "array) `civicsim merge " +
                                             dir + "` has not run yet");
  }
  try {
    const io::h5::Reader reader(sweep.file);
    for (const char* path : {"/arms/name", "/grid/point", "/table/run_id", "/table/arm", "/table/grid_point",
                             "/table/replicate", "/table/status", "/table/figure", "/table/units", "/table/values"}) {
      if (!reader.is_dataset(path)) not_a_sweep(sweep.file, std::string("missing ") + path);
    }
    reader.string_attribute("/", "scenario_name", &sweep.scenario_name);
    reader.string_attribute("/", "status", &sweep.status);
    reader.string_attribute("/", "baseline_arm", &sweep.baseline_arm);
    sweep.arms = reader.strings_1d("/arms/name");
    if (sweep.arms.empty()) not_a_sweep(sweep.file, "/arms/name is empty");
    if (reader.is_dataset("/grid/key")) sweep.grid_keys = reader.strings_1d("/grid/key");
    sweep.grid_points = reader.strings_1d("/grid/point");
    if (sweep.grid_points.empty()) sweep.grid_points.push_back("");  // no grid: one point

    sweep.run_id = reader.strings_1d("/table/run_id");
    const std::size_t runs = sweep.run_id.size();
    // Every arm at every grid point has its runs in /table (missing ones too): compare's arrays,
    // sized by arms × grid points, then stay within the table's size.
    if (sweep.arms.size() * sweep.grid_points.size() > runs) {
      reader.refuse("/arms/name and /grid/point give " + std::to_string(sweep.arms.size()) + " arms x " +
                    std::to_string(sweep.grid_points.size()) + " grid points, more than the " + std::to_string(runs) +
                    " runs of /table/run_id");
    }
    sweep.arm = indices(reader, "/table/arm", runs, sweep.arms.size(), "arm index");
    sweep.point = indices(reader, "/table/grid_point", runs, sweep.grid_points.size(), "grid point index");
    sweep.replicate = indices(reader, "/table/replicate", runs, static_cast<std::size_t>(1) << 30, "replicate");
    sweep.run_status = reader.strings_1d("/table/status");
    if (sweep.run_status.size() != runs) not_a_sweep(sweep.file, "/table/status and /table/run_id differ in length");
    for (int r : sweep.replicate) sweep.replicates = std::max(sweep.replicates, r + 1);
    check_run_files(sweep);

    sweep.figures = reader.strings_1d("/table/figure");
    sweep.units = reader.strings_1d("/table/units");
    if (sweep.units.size() != sweep.figures.size()) {
      not_a_sweep(sweep.file, "/table/units and /table/figure differ in length");
    }
    const std::vector<hsize_t> shape = reader.shape("/table/values");
    if (shape.size() != 2 || shape[0] != runs || shape[1] != sweep.figures.size()) {
      not_a_sweep(sweep.file, "/table/values is not [runs, figures] = [" + std::to_string(runs) + ", " +
                                  std::to_string(sweep.figures.size()) + "]");
    }
    if (runs > 0 && !sweep.figures.empty()) {
      io::h5::Numbers numbers = reader.numeric_row("/table/values", hsize_t(-1));
      if (numbers.is_float) {
        sweep.values = std::move(numbers.floats);
      } else {
        sweep.values.assign(numbers.ints.begin(), numbers.ints.end());
      }
    }
  } catch (const CompareError&) {
    throw;
  } catch (const io::DataError& e) {
    throw CompareError(io::DataError::kExitCode, e.what());
  } catch (const std::exception& e) {
    throw CompareError(io::kExitNoInput, reading_message(e));
  }
  return sweep;
}

std::string reading_message(const std::exception& e) {
  // io::h5::Reader's messages begin "cannot export 'FILE': "; here nothing is being exported.
  std::string message = e.what();
  const std::string prefix = "cannot export ";
  if (message.compare(0, prefix.size(), prefix) == 0) message = "cannot read " + message.substr(prefix.size());
  return message;
}

int arm_index(const Sweep& s, const std::string& requested, const std::string& option) {
  const std::string& name = requested.empty() ? s.baseline_arm : requested;
  if (name.empty()) return 0;
  const auto it = std::find(s.arms.begin(), s.arms.end(), name);
  if (it != s.arms.end()) return static_cast<int>(it - s.arms.begin());
  const std::string close = io::schema::nearest(name, s.arms);
  const std::string origin = requested.empty() ? "the baseline_arm of " + s.file : option;
  throw CompareError(requested.empty() ? io::kExitNoInput : io::kExitUsage,
                     origin + ": unknown arm '" + name + "'" +
                         (close.empty() ? "" : "; did you mean '" + close + "'?") +
                         " (arms: " + io::schema::join(s.arms) + ")");
}

}  // namespace civicsim::viz::compare
