// compare.csv and compare.h5: the table of paired differences (one row per arm other than the
// baseline × grid point × figure) and, in the HDF5 file, the mean wait per day.
#include <filesystem>
#include <fstream>

#include "civicsim_version.hpp"
#include "io/h5_file.hpp"
#include "io/h5_reader.hpp"
#include "io/h5_write.hpp"
#include "io/output.hpp"
#include "io/scenario.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/compare_data.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz::compare {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGroupNames[kGroupCount] = {"urban_adult", "urban_elderly", "rural_adult", "rural_elderly"};
constexpr const char* kPerRowUnits = "per row: see /differences/units";

/// The numeric columns of compare.csv after `n`, as (name, value of a row, units, description).
struct NumberColumn {
  const char* name;
  double (*get)(const Difference&);
  const char* units;
  const char* description;
};
const NumberColumn kNumberColumns[] = {
    {"baseline_mean", [](const Difference& d) { return d.baseline_mean; }, kPerRowUnits,
     "mean of the baseline arm over the paired replicates"},
    {"arm_mean", [](const Difference& d) { return d.arm_mean; }, kPerRowUnits,
     "mean of the arm over the paired replicates"},
    {"difference_mean", [](const Difference& d) { return d.difference.mean; }, kPerRowUnits,
     "mean of the paired differences arm - baseline"},
    {"difference_sd", [](const Difference& d) { return d.difference.sd; }, kPerRowUnits,
     "standard deviation of the paired differences (n - 1); NaN for n < 2"},
    {"ci95_low", [](const Difference& d) { return d.difference.low; }, kPerRowUnits,
     "mean - t(0.975, n-1) sd / sqrt(n); NaN for n < 2"},
    {"ci95_high", [](const Difference& d) { return d.difference.high; }, kPerRowUnits,
     "mean + t(0.975, n-1) sd / sqrt(n); NaN for n < 2"},
    {"relative_difference", [](const Difference& d) { return d.relative_difference; }, "1",
     "difference_mean / baseline_mean; NaN when the baseline mean is 0"},
};

/// The sample of an arm's runs at a grid point, as the last columns of a row: population_scale
/// and agents (NaN when not recorded, or when its runs differ).
struct SampleColumns {
  double scale = kNaN, agents = kNaN;
};
SampleColumns sample_columns(const Comparison& c, int arm, int point) {
  const RunSample& sample = c.samples.at(arm, point, static_cast<int>(c.sweep.grid_points.size()));
  if (!sample.recorded) return {};
  return {sample.population_scale, static_cast<double>(sample.agents)};
}

}  // namespace

std::string write_compare_csv(const Comparison& c, const std::string& out_dir) {
  const Sweep& s = c.sweep;
  AtomicText file(out_dir, "compare.csv");
  std::string line = "arm,grid_point,parameters,figure,scope,units,n";
  for (const NumberColumn& column : kNumberColumns) line += std::string(",") + column.name;
  file.line(line + ",population_scale,agents,baseline_population_scale,baseline_agents,days");
  for (const Difference& d : c.differences) {
    const auto [figure, scope] = split_figure(s.figures[d.figure]);
    line = csv_field(s.arms[d.arm]) + "," + std::to_string(d.point) + "," + csv_field(s.grid_points[d.point]) + "," +
           csv_field(figure) + "," + csv_field(scope) + "," + csv_field(s.units[d.figure]) + "," +
           std::to_string(d.difference.n);
    for (const NumberColumn& column : kNumberColumns) line += "," + io::h5::format_double(column.get(d));
    for (const SampleColumns& sample : {sample_columns(c, d.arm, d.point), sample_columns(c, c.baseline, d.point)}) {
      line += "," + io::h5::format_double(sample.scale) + "," + io::h5::format_double(sample.agents);
    }
    file.line(line + "," + c.days.of_figure(d.figure));
  }
  return file.commit();
}

namespace {

/// /differences/{population_scale, agents, baseline_population_scale, baseline_agents}: the
/// sample of the row's arm and of the baseline at its grid point (NaN: not recorded, or runs differ).
void write_sample_columns(hid_t id, const Comparison& c) {
  namespace w = io::h5;
  const std::size_t rows = c.differences.size();
  std::vector<double> scale(rows), agents(rows), baseline_scale(rows), baseline_agents(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const Difference& d = c.differences[i];
    const SampleColumns arm = sample_columns(c, d.arm, d.point), base = sample_columns(c, c.baseline, d.point);
    scale[i] = arm.scale;
    agents[i] = arm.agents;
    baseline_scale[i] = base.scale;
    baseline_agents[i] = base.agents;
  }
  const std::pair<const char*, const std::vector<double>*> columns[] = {{"population_scale", &scale},
                                                                        {"agents", &agents},
                                                                        {"baseline_population_scale", &baseline_scale},
                                                                        {"baseline_agents", &baseline_agents}};
  for (const auto& [name, values] : columns) {
    const bool is_agents = std::string(name).find("agents") != std::string::npos;
    const bool is_baseline = std::string(name).rfind("baseline_", 0) == 0;
    const std::string description = std::string(is_agents ? "citizen agents per run" : "population.scale") +
                                    " of the " + (is_baseline ? "baseline's" : "arm's") +
                                    " runs at the grid point (NaN: not recorded, or its runs differ)";
    w::Handle dataset = w::create_dataset(id, std::string("/differences/") + name, w::TypeOf<double>::file(), {rows},
                                          w::Storage{}, is_agents ? "agents" : "1", description);
    w::write_all(dataset.get(), *values);
  }
}

/// A 1-D dataset of strings at `path`; returned open (a dimension scale is made of it).
io::h5::Handle write_strings(hid_t id, hid_t string_type, const std::string& path,
                             const std::vector<std::string>& values, const std::string& units,
                             const std::string& description) {
  namespace w = io::h5;
  w::Handle dataset = w::create_dataset(id, path, string_type, {values.size()}, w::Storage{}, units, description);
  w::write_all(dataset.get(), values);
  return dataset;
}

/// Where the comparison comes from: build, scenario, baseline, sweep file, sample and window.
void write_root_attributes(hid_t id, const Comparison& c) {
  namespace w = io::h5;
  const Sweep& s = c.sweep;
  w::Handle root = w::open_group(id, "/");
  w::write_attribute(root.get(), "civicsim_version", std::string(CIVICSIM_VERSION));
  w::write_attribute(root.get(), "git_sha", std::string(CIVICSIM_GIT_SHA));
  w::write_attribute(root.get(), "scenario_name", s.scenario_name);
  w::write_attribute(root.get(), "baseline_arm", s.arms[c.baseline]);
  w::write_attribute(root.get(), "sweep_file", s.file);
  w::write_attribute(root.get(), "sample", c.samples.statement);
  if (c.days.on) {  // compare --days: which days the recomputed figures cover
    w::write_attribute(root.get(), "days", c.days.label());
    w::write_attribute(root.get(), "window", c.days.statement);
  }
  if (c.samples.uniform) {  // every run the same; otherwise see /differences/population_scale
    w::write_attribute(root.get(), "population_scale", c.samples.common.population_scale);
    w::write_attribute(root.get(), "agents", static_cast<std::uint64_t>(c.samples.common.agents));
  }
}

/// The table, one 1-D dataset per column of compare.csv.
void write_difference_table(hid_t id, const Comparison& c, hid_t string_type) {
  namespace w = io::h5;
  const Sweep& s = c.sweep;
  const w::Storage contiguous{};
  const std::size_t rows = c.differences.size();
  std::vector<std::string> arm(rows), parameters(rows), figure(rows), scope(rows), units(rows), days_of(rows);
  std::vector<std::int32_t> point(rows);
  std::vector<std::int64_t> n(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const Difference& d = c.differences[i];
    arm[i] = s.arms[d.arm];
    point[i] = d.point;
    parameters[i] = s.grid_points[d.point];
    std::tie(figure[i], scope[i]) = split_figure(s.figures[d.figure]);
    units[i] = s.units[d.figure];
    n[i] = d.difference.n;
    days_of[i] = c.days.of_figure(d.figure);
  }
  w::create_group(id, "/differences");
  write_strings(id, string_type, "/differences/arm", arm, "1", "the arm compared with the baseline");
  {
    w::Handle dataset = w::create_dataset(id, "/differences/grid_point", w::TypeOf<std::int32_t>::file(), {rows},
                                          contiguous, "1", "grid point index");
    w::write_all(dataset.get(), point);
  }
  write_strings(id, string_type, "/differences/parameters", parameters, "1", "the grid point's key=value;key=value");
  write_strings(id, string_type, "/differences/figure", figure, "1", "summary figure");
  write_strings(id, string_type, "/differences/scope", scope, "1", "all or a group");
  write_strings(id, string_type, "/differences/units", units, "1",
                "units of the figure (and of its means and differences)");
  {
    w::Handle dataset = w::create_dataset(id, "/differences/n", w::TypeOf<std::int64_t>::file(), {rows}, contiguous,
                                          "1", "paired replicates (both runs done, both values finite)");
    w::write_all(dataset.get(), n);
  }
  std::vector<double> values(rows);
  for (const NumberColumn& column : kNumberColumns) {
    for (std::size_t i = 0; i < rows; ++i) values[i] = column.get(c.differences[i]);
    w::Handle dataset = w::create_dataset(id, std::string("/differences/") + column.name, w::TypeOf<double>::file(),
                                          {rows}, contiguous, column.units, column.description);
    w::write_all(dataset.get(), values);
  }
  write_sample_columns(id, c);
  write_strings(id, string_type, "/differences/days", days_of, "1",
                "A:B: the figure was recomputed over days A to B of each run (compare --days); empty: sweep.h5's "
                "figure, over each run's own analysis window");
}

/// The mean wait per day, with its axes as dimension scales (also linked at the root, where netCDF
/// readers look for the scales of a root variable).
void write_wait_by_day(hid_t id, const Comparison& c, hid_t string_type) {
  namespace w = io::h5;
  const Sweep& s = c.sweep;
  const w::Storage contiguous{};
  const WaitByDay& wait = c.wait;
  w::create_group(id, "/dims");
  w::Handle arm_scale = write_strings(id, string_type, "/dims/arm", s.arms, "1", "arm names, in file order");
  w::Handle point_scale =
      write_strings(id, string_type, "/dims/grid_point", s.grid_points, "1", "grid points: key=value;key=value");
  std::vector<std::int64_t> days(static_cast<std::size_t>(wait.days));
  for (int d = 0; d < wait.days; ++d) days[d] = d;
  w::Handle day_scale = w::create_dataset(id, "/dims/day", w::TypeOf<std::int64_t>::file(), {days.size()}, contiguous,
                                          "day", "day of the run, from 0");
  w::write_all(day_scale.get(), days);
  w::Handle group_scale =
      write_strings(id, string_type, "/dims/group", std::vector<std::string>(kGroupNames, kGroupNames + kGroupCount),
                    "1", "citizen groups");
  w::Handle by_day = w::create_dataset(
      id, "/wait_by_day", w::TypeOf<double>::file(),
      {static_cast<hsize_t>(wait.arms), static_cast<hsize_t>(wait.points), static_cast<hsize_t>(wait.days),
       kGroupCount},
      contiguous, "min",
      "mean wait per day and group (in_person, hotline and digital_human; all districts), pooled over the "
      "replicates: sum of waits / services started; NaN where nothing was served");
  w::write_all(by_day.get(), wait.minutes);
  const std::pair<w::Handle*, const char*> scales[] = {
      {&arm_scale, "arm"}, {&point_scale, "grid_point"}, {&day_scale, "day"}, {&group_scale, "group"}};
  for (unsigned axis = 0; axis < 4; ++axis) {
    w::make_scale(scales[axis].first->get(), scales[axis].second);
    w::attach_scale(by_day.get(), scales[axis].first->get(), axis);
    w::hard_link(id, std::string("/dims/") + scales[axis].second, std::string("/") + scales[axis].second);
  }
  by_day.reset();
  for (const auto& scale : scales) scale.first->reset();
}

}  // namespace

std::string write_compare_h5(const Comparison& c, const std::string& out_dir) {
  namespace w = io::h5;
  const std::string final_path = (fs::path(out_dir) / "compare.h5").string();
  try {
    w::AtomicFile file(final_path, /*force=*/true);
    write_root_attributes(file.id(), c);
    w::Handle string_type = w::utf8_string_type();
    write_difference_table(file.id(), c, string_type.get());
    write_wait_by_day(file.id(), c, string_type.get());
    string_type.reset();
    file.publish();
  } catch (const io::OutputError& e) {
    throw CompareError(e.exit_code, e.what());
  }
  return final_path;
}

}  // namespace civicsim::viz::compare
