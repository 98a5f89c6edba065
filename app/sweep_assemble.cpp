#include "app/sweep_assemble.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <vector>

#include "app/messages.hpp"
#include "app/sweep_precision.hpp"
#include "app/timings_report.hpp"
#include "civicsim_version.hpp"
#include "io/output.hpp"
#include "io/sweep_output.hpp"
#include "io/utc_time.hpp"
#include "viz_export/figures.hpp"
#include "viz_export/inspect.hpp"

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;

/// Why DIR/runs/<id>.h5 is not run `run` of this sweep ("" when it is). A run's file records its
/// sweep run id and its resolved scenario, which holds the sweep's scenario with the run's arm,
/// grid point and seed (its replicate) applied: an output of another scenario or another run copied
/// in under the run's name differs in one of them (docs/robustness.md).
std::string foreign_run(const SweepDir& dir, const io::SweepLoader& loader, const io::SweepRun& run) {
  const viz::FinishedRun file = viz::read_finished_run(dir.run_file(run.id).string());
  if (!file.complete) return "it is not a complete civicsim output";
  if (file.sweep_run != run.id) {
    return file.sweep_run.empty() ? "it is not the output of a sweep run"
                                  : "it is the output of sweep run '" + file.sweep_run + "'";
  }
  const io::ScenarioResult expected = loader.load(run.index);
  if (expected.ok() && file.scenario_resolved != io::resolved_yaml(expected.params)) {
    return "its resolved scenario (/scenario/resolved) is not this sweep's for the run: another scenario, arm, "
           "grid point or seed";
  }
  return "";
}

/// One run's row of the table (its status; its figures when done), the manifest row brought up to date.
std::string tabulate_run(const SweepDir& dir, const io::SweepLoader& loader, const io::SweepRun& run,
                         io::ManifestRow& row, io::SweepTable& table, bool quiet) {
  const std::size_t F = table.figures.size();
  std::string status = "missing";
  const std::string foreign = run_done(dir, run.id) ? foreign_run(dir, loader, run) : "";
  if (!foreign.empty()) {
    status = "failed";
    row.status = "failed";
    row.error = "refused " + dir.run_file(run.id).string() + ": " + foreign + " (remove it and resume)";
    if (!quiet) std::cerr << "civicsim: " << row.error << "\n";
  } else if (run_done(dir, run.id)) {
    try {
      const std::vector<double> v = viz::run_figures(dir.run_file(run.id).string());
      std::copy(v.begin(), v.end(), table.values.begin() + static_cast<std::ptrdiff_t>(run.index * F));
      status = "done";
      if (row.status != "done") {
        row.status = "done";
        row.error.clear();
      }
    } catch (const std::exception& e) {
      status = "failed";
      row.status = "failed";
      row.error = std::string("output file unreadable: ") + e.what();
    }
  } else if (row.status == "failed") {
    status = "failed";
  } else {
    row.status = "pending";
  }
  return status;
}

}  // namespace

int write_sweep_h5(const SweepDir& dir, const io::Sweep& sweep, io::Manifest& manifest, bool quiet) {
  io::SweepTable table;
  for (const auto& f : viz::figure_catalogue()) {
    table.figures.push_back(f.name);
    table.units.push_back(f.units);
  }
  const std::size_t F = table.figures.size();
  table.values.assign(sweep.runs.size() * F, std::numeric_limits<double>::quiet_NaN());
  const io::SweepLoader loader(sweep);
  for (const auto& run : sweep.runs) {
    table.status.push_back(tabulate_run(dir, loader, run, manifest[run.index], table, quiet));
  }
  io::SweepFileInfo info{CIVICSIM_VERSION, CIVICSIM_GIT_SHA, io::utc_now()};
  try {
    io::write_sweep_file(dir.sweep_h5().string(), sweep, table, info);
    io::write_file_atomically(dir.outputs().string(), io::outputs_csv(sweep, table));
    io::write_file_atomically((dir.root / "outputs.txt").string(), io::outputs_txt(sweep, table));
    manifest.save(true);
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim: " << e.what() << "\n";
    return e.exit_code;
  }
  int done = 0, failed = 0;
  for (const auto& s : table.status) {
    done += s == "done";
    failed += s == "failed";
  }
  if (!quiet) {
    std::fprintf(stderr, "wrote %s: %d runs done, %d failed, %d missing (peak memory of this process %.1f MiB)\n",
                 dir.sweep_h5().c_str(), done, failed, static_cast<int>(sweep.runs.size()) - done - failed,
                 peak_rss_bytes() / 1048576.0);
  }
  return done == static_cast<int>(sweep.runs.size()) ? io::kExitOk : io::kExitRunsFailed;
}

int merge(const std::string& dir_text, bool quiet) {
  const SweepDir dir{fs::path(dir_text)};
  if (!fs::is_regular_file(dir.yaml())) {
    std::cerr << "civicsim merge: '" << dir_text
              << "' is not a sweep folder (no sweep.yaml); run `civicsim sweep "
                 "SCENARIO -o "
              << dir_text << "` first\n";
    return io::kExitNoInput;
  }
  // The runs of the sweep the folder holds, from its sweep.yaml alone.
  io::DesignFile design;
  if (fs::exists(dir.design())) {
    if (const std::string problem = io::read_design_file(dir.design().string(), design); !problem.empty()) {
      std::cerr << "civicsim merge: " << problem << "\n";
      return io::kExitNoInput;
    }
  }
  const io::SweepResult loaded = io::load_sweep_structure(read_text(dir.yaml()), dir.yaml().string(), design);
  if (!loaded.ok()) {
    print_diagnostics(loaded.errors);
    return loaded.exit_code;
  }
  std::vector<int> original;
  const int ran = precision_replicates(dir);  // a --precision sweep holds the replicates it ran
  const io::Sweep sweep =
      ran > 0 && ran < loaded.sweep.replicates ? first_replicates(loaded.sweep, ran, original) : loaded.sweep;
  if (!sweep.declared) {  // not written by `civicsim sweep`, which keeps only files with a sweep
    std::cerr << "civicsim merge: " << dir.yaml().string() << " has no `sweep` section, so '" << dir_text
              << "' does not hold a sweep's runs\n";
    return io::kExitDataErr;
  }
  io::Manifest manifest(io::manifest_rows(sweep), dir.manifest());
  std::vector<fs::path> parts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir.root, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("manifest.shard-", 0) == 0 && entry.path().extension() == ".csv") parts.push_back(entry.path());
  }
  std::sort(parts.begin(), parts.end());
  parts.insert(parts.begin(), dir.manifest());
  for (const auto& part : parts) {
    try {
      io::adopt_previous(manifest, io::read_manifest(part.string()), sweep);
    } catch (const std::exception& e) {
      std::cerr << "civicsim merge: ignoring " << e.what() << "\n";
    }
  }
  return write_sweep_h5(dir, sweep, manifest, quiet);
}

}  // namespace civicsim::cli
