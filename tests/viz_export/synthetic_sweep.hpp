// A sweep folder written with the HDF5 C API in the layout of docs/sweeps.md (DIR/sweep.h5 and
// DIR/runs/<run-id>.h5 with /dims/time_seconds and the two /series that compare reads), with
// values chosen by the test. Used by the compare tests and by tools/write_synthetic_sweep.cpp.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/viz_export/synthetic_brief.hpp"
#include "tests/viz_export/synthetic_h5.hpp"

namespace civicsim::test {

struct SyntheticSweep {
  std::string scenario_name = "synthetic";
  std::string baseline_arm;  // root attribute; empty: not written
  std::vector<std::string> arms = {"baseline", "arm"};
  std::vector<std::string> grid_keys;
  std::vector<std::string> grid_points = {""};
  int replicates = 3;
  std::vector<std::string> figures = {"wait_mean_minutes/all"};
  std::vector<std::string> units = {"min"};
  /// /table/values of (arm, point, replicate, figure).
  std::function<double(int, int, int, int)> value = [](int, int, int, int) { return 0.0; };
  /// "done", "failed" or "missing".
  std::function<std::string(int, int, int)> status = [](int, int, int) { return std::string("done"); };
  /// Whether a done run gets its runs/<id>.h5 file.
  std::function<bool(int, int, int)> has_run_file = [](int, int, int) { return true; };
  /// Root attributes population_scale and agents of a run file, of (arm, point, replicate); a scale
  /// of 0 writes neither (a file from before they were recorded).
  std::function<double(int, int, int)> population_scale = [](int, int, int) { return 0.0; };
  std::function<std::uint64_t(int, int, int)> agents = [](int, int, int) { return std::uint64_t{0}; };
  /// /scenario/yaml of sweep.h5.
  std::string sweep_yaml = "civicsim: 1\n";
  /// What the comparison brief reads from the run files besides /series (synthetic_brief.hpp).
  SyntheticBrief brief;
  int districts = 2;
  int intervals = 12;             // T
  int report_seconds = 6 * 3600;  // time_seconds = (t + 1) × report_seconds
  /// /series/served and /series/wait_seconds_sum of (arm, point, replicate, t, district, group, channel).
  std::function<std::int64_t(int, int, int, int, int, int, int)> served = [](int, int, int, int, int, int, int) {
    return std::int64_t{1};
  };
  std::function<std::int64_t(int, int, int, int, int, int, int)> wait_seconds = [](int, int, int, int, int, int, int) {
    return std::int64_t{60};
  };
};

/// The figures of docs/sweeps.md (every scope, then the scope-`all`-only ones) and their units.
inline void full_catalogue(std::vector<std::string>* figures, std::vector<std::string>* units) {
  figures->clear();
  units->clear();
  const char* scopes[] = {"all", "urban_adult", "urban_elderly", "rural_adult", "rural_elderly"};
  const std::pair<const char*, const char*> per_scope[] = {{"wait_mean_minutes", "min"},
                                                           {"abandonment_rate", "1"},
                                                           {"resolution_rate", "1"},
                                                           {"first_contact_resolution", "1"},
                                                           {"unmet_needs", "1"},
                                                           {"total_time_mean_minutes", "min"},
                                                           {"adoption", "1"}};
  for (const auto& [name, unit] : per_scope) {
    for (const char* scope : scopes) {
      figures->push_back(std::string(name) + "/" + scope);
      units->push_back(unit);
    }
  }
  const std::pair<const char*, const char*> all_only[] = {
      {"in_person_wait_mean_minutes", "min"},     {"hotline_wait_mean_minutes", "min"},
      {"digital_human_wait_mean_minutes", "min"}, {"urban_rural_total_time_ratio", "1"},
      {"elderly_adult_total_time_ratio", "1"},    {"total_cost", "CNY"},
      {"cost_per_resolved_need", "CNY"},          {"hotline_answer_rate", "1"}};
  for (const auto& [name, unit] : all_only) {
    figures->push_back(std::string(name) + "/all");
    units->push_back(unit);
  }
}

/// Run ids as docs/sweeps.md names them: <arm>-r<rep>, or <arm>-g<point>-r<rep> with a grid.
inline std::string synthetic_run_id(const SyntheticSweep& s, int arm, int point, int replicate) {
  using synthetic_detail::padded;
  const std::string rep = "r" + padded(replicate, s.replicates);
  if (s.grid_points.size() <= 1) return s.arms[arm] + "-" + rep;
  return s.arms[arm] + "-g" + padded(point, static_cast<int>(s.grid_points.size())) + "-" + rep;
}

inline void write_synthetic_run(const std::string& path, const SyntheticSweep& s, int a, int p, int rep) {
  using namespace synthetic_detail;
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  check(file >= 0, "creating " + path);
  string_attribute(file, "status", "complete");
  // Which run it is, as `civicsim run --sweep-run` records it (compare checks these).
  string_attribute(file, "sweep_run", synthetic_run_id(s, a, p, rep));
  string_attribute(file, "sweep_arm", s.arms[a]);
  string_attribute(file, "sweep_parameters", s.grid_points[p]);
  int_attribute(file, "sweep_replicate", rep);
  if (const double scale = s.population_scale(a, p, rep); scale > 0) {
    const hid_t space = H5Screate(H5S_SCALAR);
    const std::uint64_t agents = s.agents(a, p, rep);
    const hid_t scale_attr = H5Acreate2(file, "population_scale", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t agents_attr = H5Acreate2(file, "agents", H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    check(
        H5Awrite(scale_attr, H5T_NATIVE_DOUBLE, &scale) >= 0 && H5Awrite(agents_attr, H5T_NATIVE_UINT64, &agents) >= 0,
        "population_scale and agents of " + path);
    H5Aclose(scale_attr);
    H5Aclose(agents_attr);
    H5Sclose(space);
  }
  std::vector<std::int64_t> time(s.intervals);
  for (int t = 0; t < s.intervals; ++t) time[t] = static_cast<std::int64_t>(t + 1) * s.report_seconds;
  numbers(file, "/dims/time_seconds", H5T_STD_I64LE, H5T_NATIVE_INT64, {time.size()}, time.data());
  const std::size_t cells = static_cast<std::size_t>(s.intervals) * s.districts * 16;
  std::vector<std::int64_t> served(cells), wait(cells);
  std::size_t i = 0;
  for (int t = 0; t < s.intervals; ++t)
    for (int d = 0; d < s.districts; ++d)
      for (int g = 0; g < 4; ++g)
        for (int c = 0; c < 4; ++c, ++i) {
          served[i] = s.served(a, p, rep, t, d, g, c);
          wait[i] = s.wait_seconds(a, p, rep, t, d, g, c);
        }
  const std::vector<hsize_t> shape = {hsize_t(s.intervals), hsize_t(s.districts), 4, 4};
  numbers(file, "/series/served", H5T_STD_I64LE, H5T_NATIVE_INT64, shape, served.data());
  numbers(file, "/series/wait_seconds_sum", H5T_STD_I64LE, H5T_NATIVE_INT64, shape, wait.data());
  write_brief_tables(file, s.brief, a, p, rep);
  H5Fclose(file);
}

/// Writes DIR/sweep.h5 and DIR/runs/<id>.h5 (creating DIR).
inline void write_synthetic_sweep(const std::string& dir, const SyntheticSweep& s) {
  using namespace synthetic_detail;
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(dir) / "runs");
  const int arms = static_cast<int>(s.arms.size()), points = static_cast<int>(s.grid_points.size());
  std::vector<std::string> run_id, status;
  std::vector<std::int32_t> arm, point, replicate;
  std::vector<std::uint64_t> seed;
  std::vector<double> values;
  int done = 0, failed = 0, missing = 0;
  for (int a = 0; a < arms; ++a)
    for (int p = 0; p < points; ++p)
      for (int r = 0; r < s.replicates; ++r) {
        run_id.push_back(synthetic_run_id(s, a, p, r));
        arm.push_back(a);
        point.push_back(p);
        replicate.push_back(r);
        seed.push_back(42 + r);
        status.push_back(s.status(a, p, r));
        done += status.back() == "done";
        failed += status.back() == "failed";
        missing += status.back() == "missing";
        for (std::size_t f = 0; f < s.figures.size(); ++f) {
          values.push_back(status.back() == "done" ? s.value(a, p, r, static_cast<int>(f))
                                                   : std::numeric_limits<double>::quiet_NaN());
        }
        if (status.back() == "done" && s.has_run_file(a, p, r)) {
          write_synthetic_run((fs::path(dir) / "runs" / (run_id.back() + ".h5")).string(), s, a, p, r);
        }
      }
  const std::string path = (fs::path(dir) / "sweep.h5").string();
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  check(file >= 0, "creating " + path);
  string_attribute(file, "civicsim_version", "test");
  string_attribute(file, "scenario_name", s.scenario_name);
  int_attribute(file, "runs", static_cast<std::int64_t>(run_id.size()));
  int_attribute(file, "replicates", s.replicates);
  int_attribute(file, "arms", arms);
  int_attribute(file, "grid_points", points);
  if (!s.baseline_arm.empty()) string_attribute(file, "baseline_arm", s.baseline_arm);
  int_attribute(file, "done_runs", done);
  int_attribute(file, "failed_runs", failed);
  int_attribute(file, "missing_runs", missing);
  string_attribute(file, "status", done == static_cast<int>(run_id.size()) ? "complete" : "incomplete");
  strings(file, "/scenario/yaml", {s.sweep_yaml});
  strings(file, "/arms/name", s.arms);
  strings(file, "/grid/key", s.grid_keys);
  strings(file, "/grid/point", s.grid_points);
  const hsize_t runs = run_id.size();
  strings(file, "/table/run_id", run_id);
  numbers(file, "/table/arm", H5T_STD_I32LE, H5T_NATIVE_INT32, {runs}, arm.data());
  numbers(file, "/table/grid_point", H5T_STD_I32LE, H5T_NATIVE_INT32, {runs}, point.data());
  numbers(file, "/table/replicate", H5T_STD_I32LE, H5T_NATIVE_INT32, {runs}, replicate.data());
  numbers(file, "/table/seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, {runs}, seed.data());
  strings(file, "/table/status", status);
  strings(file, "/table/figure", s.figures);
  strings(file, "/table/units", s.units);
  numbers(file, "/table/values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {runs, s.figures.size()}, values.data());
  H5Fclose(file);
}

}  // namespace civicsim::test
