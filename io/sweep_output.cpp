#include "io/sweep_output.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "io/csv_read.hpp"
#include "io/csv_text.hpp"
#include "io/h5_file.hpp"
#include "io/h5_write.hpp"
#include "io/output.hpp"

namespace civicsim::io {
namespace {

namespace fs = std::filesystem;

const char* const kManifestColumns[] = {"run_id", "index",  "arm",       "grid_point",   "parameters", "replicate",
                                        "seed",   "status", "exit_code", "wall_seconds", "worker",     "error"};
constexpr int kManifestWidth = sizeof kManifestColumns / sizeof kManifestColumns[0];

using io::csv_field;
using io::csv_text_value;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

void write_design_group(hid_t file, const Sweep& sweep);  // io/sweep_design_output.cpp

std::vector<ManifestRow> manifest_rows(const Sweep& sweep) {
  std::vector<ManifestRow> rows;
  rows.reserve(sweep.runs.size());
  for (const auto& run : sweep.runs) {
    ManifestRow row;
    row.run_id = run.id;
    row.index = run.index;
    row.arm = sweep.arms[run.arm];
    row.grid_point = run.point;
    row.parameters = sweep.points[run.point];
    row.replicate = run.replicate;
    row.seed = run.seed;
    rows.push_back(row);
  }
  return rows;
}

std::string manifest_csv(const std::vector<ManifestRow>& rows) {
  std::string out;
  for (int i = 0; i < kManifestWidth; ++i) out += std::string(i ? "," : "") + kManifestColumns[i];
  out += "\n";
  for (const auto& r : rows) {
    const std::string cells[kManifestWidth] = {
        r.run_id,
        std::to_string(r.index),
        r.arm,
        std::to_string(r.grid_point),
        r.parameters,
        std::to_string(r.replicate),
        std::to_string(r.seed),
        r.status,
        r.exit_code < 0 ? std::string() : std::to_string(r.exit_code),
        r.status == "done" || r.status == "failed" ? number(r.wall_seconds) : std::string(),
        r.worker,
        r.error};
    for (int i = 0; i < kManifestWidth; ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\n";
  }
  return out;
}

std::vector<ManifestRow> read_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return {};
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<CsvRow> records;
  const CsvProblem problem = split_csv(text.str(), records);
  if (problem.kind != CsvProblem::kNone) {
    throw std::runtime_error(path + ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column) + ": " +
                             problem.message);
  }
  if (records.empty() || records[0].cells.size() != kManifestWidth || records[0].cells[0].text != "run_id") {
    throw std::runtime_error(path + ": not a civicsim manifest (expected the header 'run_id,index,arm,...')");
  }
  std::vector<ManifestRow> rows;
  for (std::size_t i = 1; i < records.size(); ++i) {
    std::vector<std::string> c;
    for (auto& cell : records[i].cells) c.push_back(std::move(cell.text));
    if (c.size() != kManifestWidth) {
      throw std::runtime_error(path + ":" + std::to_string(records[i].line) + ": expected " +
                               std::to_string(kManifestWidth) + " cells, got " + std::to_string(c.size()));
    }
    ManifestRow r;
    try {
      r.run_id = csv_text_value(c[0]);
      r.index = std::stoi(c[1]);
      r.arm = csv_text_value(c[2]);
      r.grid_point = std::stoi(c[3]);
      r.parameters = csv_text_value(c[4]);
      r.replicate = std::stoi(c[5]);
      r.seed = std::stoull(c[6]);
      r.status = csv_text_value(c[7]);
      r.exit_code = c[8].empty() ? -1 : std::stoi(c[8]);
      r.wall_seconds = c[9].empty() ? 0.0 : std::stod(c[9]);
    } catch (const std::exception&) {
      throw std::runtime_error(path + ":" + std::to_string(records[i].line) +
                               ": a number cell does not read as a number");
    }
    r.worker = csv_text_value(c[10]);
    r.error = csv_text_value(c[11]);
    rows.push_back(std::move(r));
  }
  return rows;
}

void write_sweep_file(const std::string& path, const Sweep& sweep, const SweepTable& table, const SweepFileInfo& info) {
  const std::size_t R = sweep.runs.size(), F = table.figures.size();
  if (table.status.size() != R || table.values.size() != R * F || table.units.size() != F) {
    throw std::logic_error("write_sweep_file: the table does not match the sweep's runs and figures");
  }
  h5::silence_error_printing();
  h5::AtomicFile file(path, /*force=*/true);
  const hid_t id = file.id();
  int done = 0, failed = 0;
  for (const auto& s : table.status) {
    done += s == "done";
    failed += s == "failed";
  }
  const int missing = static_cast<int>(R) - done - failed;
  {
    h5::write_attribute(id, "civicsim_version", info.civicsim_version);
    h5::write_attribute(id, "git_sha", info.git_sha);
    h5::write_attribute(id, "scenario_name", sweep.name);
    h5::write_attribute(id, "created_utc", info.created_utc);
    h5::write_attribute(id, "runs", static_cast<std::int64_t>(R));
    h5::write_attribute(id, "replicates", static_cast<std::int64_t>(sweep.replicates));
    h5::write_attribute(id, "arms", static_cast<std::int64_t>(sweep.arms.size()));
    h5::write_attribute(id, "grid_points", static_cast<std::int64_t>(sweep.points.size()));
    h5::write_attribute(id, "baseline_arm", sweep.arms[sweep.baseline]);
    h5::write_attribute(id, "done_runs", static_cast<std::int64_t>(done));
    h5::write_attribute(id, "failed_runs", static_cast<std::int64_t>(failed));
    h5::write_attribute(id, "missing_runs", static_cast<std::int64_t>(missing));
    const h5::Handle string_type = h5::utf8_string_type();
    auto strings = [&](const std::string& where, const std::vector<std::string>& values, const char* what) {
      h5::Handle d = h5::create_dataset(id, where, string_type.get(), {values.size()}, {}, "1", what);
      h5::write_all(d.get(), values);
    };
    auto ints = [&](const std::string& where, const std::vector<std::int32_t>& values, const char* what) {
      h5::Handle d = h5::create_dataset(id, where, h5::TypeOf<std::int32_t>::file(), {values.size()}, {}, "1", what);
      h5::write_all(d.get(), values);
    };
    h5::create_group(id, "/scenario");
    {
      h5::Handle d = h5::create_dataset(id, "/scenario/yaml", string_type.get(), {}, {}, "1",
                                        "the sweep file's text, exactly as given");
      h5::write_scalar(d.get(), sweep.text);
    }
    h5::create_group(id, "/arms");
    strings("/arms/name", sweep.arms, "arm names, in file order");
    h5::create_group(id, "/grid");
    strings("/grid/key", sweep.grid_keys, "dotted scenario keys the grid varies");
    strings("/grid/point", sweep.points, "key=value;key=value per grid point");
    write_design_group(id, sweep);
    h5::Handle runs = h5::create_group(id, "/runs");
    for (std::size_t r = 0; r < R; ++r) {
      if (table.status[r] != "done") continue;
      const std::string target = "runs/" + sweep.runs[r].id + ".h5";
      h5::check(H5Lcreate_external(target.c_str(), "/", runs.get(), sweep.runs[r].id.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                "creating the external link", "/runs/" + sweep.runs[r].id);
    }
    h5::create_group(id, "/table");
    std::vector<std::string> run_ids;
    std::vector<std::int32_t> arm, point, replicate;
    std::vector<std::uint64_t> seed;
    for (const auto& run : sweep.runs) {
      run_ids.push_back(run.id);
      arm.push_back(run.arm);
      point.push_back(run.point);
      replicate.push_back(run.replicate);
      seed.push_back(run.seed);
    }
    strings("/table/run_id", run_ids, "run id (file runs/<run_id>.h5)");
    ints("/table/arm", arm, "index into /arms/name");
    ints("/table/grid_point", point, "index into /grid/point");
    ints("/table/replicate", replicate, "replicate: the run's seed is the scenario's seed + replicate");
    {
      h5::Handle d =
          h5::create_dataset(id, "/table/seed", h5::TypeOf<std::uint64_t>::file(), {R}, {}, "1", "the run's seed");
      h5::write_all(d.get(), seed);
    }
    strings("/table/status", table.status, "done, failed or missing");
    strings("/table/figure", table.figures, "<figure>/<scope> (docs/sweeps.md)");
    strings("/table/units", table.units, "units of each figure");
    {
      h5::Handle d = h5::create_dataset(id, "/table/values", h5::TypeOf<double>::file(), {R, F}, {}, "see /table/units",
                                        "summary figures: runs x figures; NaN where unknown");
      h5::write_all(d.get(), table.values);
    }
    h5::write_attribute(id, "status", std::string(missing == 0 && failed == 0 ? "complete" : "incomplete"));
  }
  file.publish();
}

}  // namespace civicsim::io
