// sensitivity.csv and sensitivity.h5: one row per arm x figure x parameter x index, the same columns
// in both (the HDF5 file as 1-D datasets /indices/<column> with units and a description).
#include <filesystem>
#include <functional>

#include "civicsim_version.hpp"
#include "io/h5_file.hpp"
#include "io/h5_reader.hpp"
#include "io/h5_write.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/sensitivity_data.hpp"

namespace civicsim::viz::sensitivity {
namespace {

namespace fs = std::filesystem;

/// One row: an index of a parameter, for an arm and figure.
struct Row {
  const Analysis* a;
  const FigureIndices* f;
  const IndexValue* i;
};

constexpr const char* kPerRowUnits = "per row: see the index (docs/sensitivity.md)";

template <class T>
struct Column {
  const char* name;
  std::function<T(const Row&)> get;
  const char* units;
  const char* description;
};

const Column<std::string> kTextColumns[] = {
    {"arm", [](const Row& r) { return r.a->sweep.arms[r.f->arm]; }, "1", "the arm whose runs gave the outputs"},
    {"figure", [](const Row& r) { return compare::split_figure(r.a->sweep.figures[r.f->figure]).first; }, "1",
     "summary figure (/table/figure of sweep.h5)"},
    {"scope", [](const Row& r) { return compare::split_figure(r.a->sweep.figures[r.f->figure]).second; }, "1",
     "all or a group"},
    {"units", [](const Row& r) { return r.a->sweep.units[r.f->figure]; }, "1",
     "units of the figure; mu_star, mu and sigma are in these units per unit of the parameter's unit coordinate, "
     "the other indices are fractions"},
    {"method", [](const Row& r) { return r.a->design.method; }, "1",
     "the sweep's design: sobol, morris, lhs, grid, file"},
    {"parameter", [](const Row& r) { return r.i->parameter; }, "1", "the dotted scenario key; 'a|b' for S2"},
    {"index", [](const Row& r) { return r.i->index; }, "1", "S1, ST, S2, mu_star, mu, sigma or srrc"},
};
const Column<double> kValueColumns[] = {
    {"value", [](const Row& r) { return r.i->estimate.value; }, kPerRowUnits, "the index"},
    {"ci95_low", [](const Row& r) { return r.i->estimate.low; }, kPerRowUnits,
     "2.5% percentile of the index over the bootstrap resamples (NaN: no interval)"},
    {"ci95_high", [](const Row& r) { return r.i->estimate.high; }, kPerRowUnits,
     "97.5% percentile of the index over the bootstrap resamples (NaN: no interval)"},
};
const Column<std::int64_t> kCountColumns[] = {
    {"points_used", [](const Row& r) { return static_cast<std::int64_t>(r.f->points_used); }, "1",
     "design points whose outputs entered the index (whole Sobol' base rows, whole Morris trajectories)"},
    {"replicates", [](const Row& r) { return static_cast<std::int64_t>(r.f->replicates_used); }, "1",
     "replicates done at every design point, whose mean is each point's output (common random numbers); when "
     "none is, each point averages its own, and this is the most any point has"},
};
const Column<double> kFitColumns[] = {
    {"noise_share", [](const Row& r) { return r.f->noise_share; }, "1",
     "share of the variance of the point outputs that is replicate noise (NaN with one replicate)"},
    {"r_squared", [](const Row& r) { return r.f->r_squared; }, "1",
     "R^2 of the rank regression (srrc; NaN for the other indices): low, the ranking is not to be trusted"},
};

std::vector<Row> rows_of(const Analysis& a) {
  std::vector<Row> rows;
  for (const FigureIndices& f : a.results) {
    for (const IndexValue& i : f.indices) rows.push_back(Row{&a, &f, &i});
  }
  return rows;
}

/// A 1-D dataset /indices/<column.name> of one column of every row.
template <class T>
void write_column(hid_t file, hid_t file_type, const Column<T>& column, const std::vector<Row>& rows) {
  namespace w = io::h5;
  std::vector<T> values;
  values.reserve(rows.size());
  for (const Row& r : rows) values.push_back(column.get(r));
  w::Handle dataset = w::create_dataset(file, std::string("/indices/") + column.name, file_type, {rows.size()},
                                        w::Storage{}, column.units, column.description);
  w::write_all(dataset.get(), values);
}

void write_root_attributes(hid_t id, const Analysis& a) {
  namespace w = io::h5;
  w::Handle root = w::open_group(id, "/");
  w::write_attribute(root.get(), "civicsim_version", std::string(CIVICSIM_VERSION));
  w::write_attribute(root.get(), "git_sha", std::string(CIVICSIM_GIT_SHA));
  w::write_attribute(root.get(), "scenario_name", a.sweep.scenario_name);
  w::write_attribute(root.get(), "sweep_file", a.sweep.file);
  w::write_attribute(root.get(), "method", a.design.method);
  w::write_attribute(root.get(), "resamples", static_cast<std::int64_t>(a.bootstrap.resamples));
  w::write_attribute(root.get(), "seed", a.bootstrap.seed);
}

}  // namespace

std::string write_sensitivity_csv(const Analysis& a, const std::string& out_dir) {
  compare::AtomicText file(out_dir, "sensitivity.csv");
  std::string line;
  for (const auto& c : kTextColumns) line += std::string(line.empty() ? "" : ",") + c.name;
  for (const auto& c : kValueColumns) line += std::string(",") + c.name;
  for (const auto& c : kCountColumns) line += std::string(",") + c.name;
  for (const auto& c : kFitColumns) line += std::string(",") + c.name;
  file.line(line);
  for (const Row& r : rows_of(a)) {
    line.clear();
    for (const auto& c : kTextColumns) line += (line.empty() ? "" : ",") + compare::csv_field(c.get(r));
    for (const auto& c : kValueColumns) line += "," + io::h5::format_double(c.get(r));
    for (const auto& c : kCountColumns) line += "," + std::to_string(c.get(r));
    for (const auto& c : kFitColumns) line += "," + io::h5::format_double(c.get(r));
    file.line(line);
  }
  return file.commit();
}

std::string write_sensitivity_h5(const Analysis& a, const std::string& out_dir) {
  namespace w = io::h5;
  const std::string final_path = (fs::path(out_dir) / "sensitivity.h5").string();
  w::AtomicFile file(final_path, /*force=*/true);  // throws io::OutputError (73, 74)
  write_root_attributes(file.id(), a);
  const std::vector<Row> rows = rows_of(a);
  w::create_group(file.id(), "/indices");
  {
    w::Handle string_type = w::utf8_string_type();
    for (const auto& c : kTextColumns) write_column(file.id(), string_type.get(), c, rows);
  }
  for (const auto& c : kValueColumns) write_column(file.id(), w::TypeOf<double>::file(), c, rows);
  for (const auto& c : kCountColumns) write_column(file.id(), w::TypeOf<std::int64_t>::file(), c, rows);
  for (const auto& c : kFitColumns) write_column(file.id(), w::TypeOf<double>::file(), c, rows);
  file.publish();
  return final_path;
}

}  // namespace civicsim::viz::sensitivity
