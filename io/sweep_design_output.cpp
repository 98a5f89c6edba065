// A design's part of the sweep folder (docs/sensitivity.md): sweep.h5's /design group, and
// outputs.csv, the one-row-per-run table that SALib's and the EMA Workbench's users read.
#include <cmath>

#include "io/csv_text.hpp"
#include "io/h5_file.hpp"
#include "io/h5_write.hpp"
#include "io/sweep_output.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io {
namespace {

/// A number in its shortest exact form; `nan` for an undefined one ("NaN" in CSV, as compare.csv).
std::string number_cell(double v, const char* nan = "nan") { return std::isfinite(v) ? schema::format_number(v) : nan; }

}  // namespace

void write_design_group(hid_t file, const Sweep& sweep) {
  if (!sweep.has_design) return;
  const SweepDesign& d = sweep.design;
  const hsize_t P = sweep.points.size(), K = d.keys.size();
  h5::Handle group = h5::create_group(file, "/design");
  h5::write_attribute(group.get(), "method", std::string(design_method_name(d.spec.method)));
  const bool sampled = d.spec.method != DesignMethod::grid && d.spec.method != DesignMethod::file;
  h5::write_attribute(group.get(), "samples", static_cast<std::int64_t>(sampled ? d.spec.samples : 0));
  h5::write_attribute(group.get(), "seed", d.spec.seed);
  h5::write_attribute(group.get(), "second_order", static_cast<std::int64_t>(d.spec.second_order));
  h5::write_attribute(group.get(), "levels", static_cast<std::int64_t>(d.spec.levels));
  const h5::Handle string_type = h5::utf8_string_type();
  auto strings = [&](const std::string& where, const std::vector<std::string>& values, const char* what) {
    h5::Handle ds = h5::create_dataset(file, where, string_type.get(), {values.size()}, {}, "1", what);
    h5::write_all(ds.get(), values);
  };
  strings("/design/parameter", d.keys, "dotted scenario keys the design varies, in the file's order");
  strings("/design/distribution", d.distributions, "each parameter's distribution (\"\" for a design file's column)");
  auto matrix = [&](const char* where, const std::vector<double>& values, const char* what) {
    h5::Handle ds =
        h5::create_dataset(file, where, h5::TypeOf<double>::file(), {P, K}, {}, "see /design/parameter", what);
    h5::write_all(ds.get(), values);
  };
  matrix("/design/values", d.values,
         "points x parameters: each point's value (a discrete parameter: the item's number, else its index)");
  matrix("/design/unit", d.unit, "points x parameters: the point in the unit cube (NaN for a design file)");
  if (!sweep.design_path.empty()) {
    h5::Handle ds =
        h5::create_dataset(file, "/design/file", string_type.get(), {}, {}, "1", "the design file's text, exactly");
    h5::write_scalar(ds.get(), sweep.design_text);
  }
}

std::string outputs_csv(const Sweep& sweep, const SweepTable& table) {
  const std::size_t F = table.figures.size(), K = sweep.has_design ? sweep.design.keys.size() : 0;
  std::string out = "run_id,arm,point,replicate,status";
  for (std::size_t k = 0; k < K; ++k) out += "," + csv_field(sweep.design.keys[k]);
  for (const auto& f : table.figures) out += "," + csv_field(f);
  out += "\n";
  for (std::size_t r = 0; r < sweep.runs.size(); ++r) {
    const SweepRun& run = sweep.runs[r];
    out += csv_field(run.id) + "," + csv_field(sweep.arms[run.arm]) + "," + std::to_string(run.point) + "," +
           std::to_string(run.replicate) + "," + table.status[r];
    for (std::size_t k = 0; k < K; ++k) out += "," + number_cell(sweep.design.values[run.point * K + k], "NaN");
    for (std::size_t f = 0; f < F; ++f) {
      const double v = table.values[r * F + f];
      // Not done: empty cells (the status says why). Done but undefined (a channel nobody used): NaN.
      out += "," + (table.status[r] != "done" ? std::string() : number_cell(v, "NaN"));
    }
    out += "\n";
  }
  return out;
}

std::string outputs_txt(const Sweep& sweep, const SweepTable& table) {
  const std::size_t F = table.figures.size(), K = sweep.has_design ? sweep.design.keys.size() : 0;
  std::string out =
      "# civicsim outputs: one row per run in run-index order (outputs.csv without its text columns), for\n"
      "# numpy.loadtxt and `salib analyze -Y outputs.txt -c COLUMN`. Each row ends with a comment: the run\n"
      "# and its status; a run that is not done has nan in every figure column (manifest.csv says why).\n"
      "# columns:";
  for (std::size_t k = 0; k < K; ++k) out += " " + std::to_string(k) + "=" + sweep.design.keys[k];
  for (std::size_t f = 0; f < F; ++f) out += " " + std::to_string(K + f) + "=" + table.figures[f];
  out += "\n";
  for (std::size_t r = 0; r < sweep.runs.size(); ++r) {
    const SweepRun& run = sweep.runs[r];
    std::string row;
    for (std::size_t k = 0; k < K; ++k) row += (k ? " " : "") + number_cell(sweep.design.values[run.point * K + k]);
    for (std::size_t f = 0; f < F; ++f) {
      const bool done = table.status[r] == "done";
      row += (row.empty() ? "" : " ") + (done ? number_cell(table.values[r * F + f]) : std::string("nan"));
    }
    out += row + " # " + run.id + " " + table.status[r] + "\n";
  }
  return out;
}

}  // namespace civicsim::io
