// `civicsim sweep` (docs/sweeps.md): the sweep folder prepared, the runs chosen (this shard's, or
// all) and handed to the scheduler (app/sweep_schedule.hpp), sweep.h5 assembled at the end
// (app/sweep_assemble.hpp).
#include "app/sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iostream>
#include <vector>

#include "app/messages.hpp"
#include "app/resources.hpp"
#include "app/run_options.hpp"  // kCudaBuild
#include "app/sweep_assemble.hpp"
#include "app/sweep_children.hpp"
#include "app/sweep_dir.hpp"
#include "app/sweep_mpi.hpp"
#include "app/sweep_precision.hpp"
#include "app/sweep_schedule.hpp"
#include "app/sweep_sizing.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "io/sweep.hpp"
#include "io/sweep_ledger.hpp"
#include "io/sweep_output.hpp"
#include "sim/plan.hpp"

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;

std::string hostname() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

/// DIR/design.txt: the --design-file's copy, which the runs read. False (after saying why) when DIR
/// holds another design.
bool same_design_file(const SweepDir& dir, const io::Sweep& sweep) {
  try {
    if (io::create_file_exclusively(dir.design().string(), sweep.design_text) ||
        read_text(dir.design()) == sweep.design_text)
      return true;
    std::cerr << "civicsim sweep: '" << dir.root.string() << "' holds another design (its design.txt differs from "
              << sweep.design_path << "); choose another -o folder\n";
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim sweep: " << e.what() << "\n";
  }
  return false;
}

/// Creates DIR and checks that it holds this sweep or nothing. Returns an exit code (0: ready).
int prepare_dir(const SweepDir& dir, const io::Sweep& sweep, const std::string& scenario_abs, bool resume, bool shard) {
  std::error_code ec;
  fs::create_directories(dir.runs(), ec);
  if (!ec) fs::create_directories(dir.logs(), ec);
  if (ec) {
    std::cerr << "civicsim sweep: cannot create '" << dir.root.string() << "': " << ec.message() << "\n";
    return io::kExitCantCreate;
  }
  if (fs::exists(dir.yaml())) {
    if (read_text(dir.yaml()) != sweep.text) {
      std::cerr << "civicsim sweep: '" << dir.root.string() << "' holds another sweep (its sweep.yaml differs from "
                << sweep.scenario_path << "); choose another -o folder\n";
      return io::kExitCantCreate;
    }
    if (!resume && !shard) {
      int done = 0;
      for (const auto& r : sweep.runs) done += run_done(dir, r.id);
      std::cerr << "civicsim sweep: '" << dir.root.string() << "' already holds this sweep (" << done << " of "
                << sweep.runs.size() << " runs done); use --resume to finish it, or choose another -o folder\n";
      return io::kExitCantCreate;
    }
  } else {
    try {
      // Shards start together: the first to link its copy in place wins, the others compare.
      if (!io::create_file_exclusively(dir.yaml().string(), sweep.text) && read_text(dir.yaml()) != sweep.text) {
        std::cerr << "civicsim sweep: '" << dir.root.string() << "' holds another sweep (another shard wrote a "
                  << "different sweep.yaml just now); choose another -o folder\n";
        return io::kExitCantCreate;
      }
    } catch (const io::OutputError& e) {
      std::cerr << "civicsim sweep: " << e.what() << "\n";
      return io::kExitCantCreate;
    }
  }
  if (sweep.design_path.empty() && fs::exists(dir.design())) {
    std::cerr << "civicsim sweep: '" << dir.root.string() << "' was swept with a design file; give --design-file "
              << dir.design().string() << " to finish it\n";
    return io::kExitCantCreate;
  }
  if (!sweep.design_path.empty() && !same_design_file(dir, sweep)) return io::kExitCantCreate;
  try {
    io::write_file_atomically(dir.source().string(), scenario_abs + "\n");
  } catch (const io::OutputError& e) {
    std::cerr << "civicsim sweep: " << e.what() << "\n";
    return io::kExitCantCreate;
  }
  return io::kExitOk;
}

/// "design: sobol, 3 parameters, 16 base rows x (3 + 2) = 80 points; x 2 arms x 3 replicates = 480 runs".
std::string design_summary(const io::Sweep& sweep) {
  const io::SweepDesign& d = sweep.design;
  const std::size_t k = d.keys.size(), n = static_cast<std::size_t>(d.spec.samples);
  std::string how;
  switch (d.spec.method) {
    case io::DesignMethod::sobol:
      how = std::to_string(n) + " base rows x (" + (d.spec.second_order ? "2 x " : "") + std::to_string(k) + " + 2) = ";
      break;
    case io::DesignMethod::morris:
      how = std::to_string(n) + " trajectories x (" + std::to_string(k) + " + 1) = ";
      break;
    default:
      break;
  }
  return "design: " + std::string(io::design_method_name(d.spec.method)) + ", " + std::to_string(k) + " parameter" +
         (k == 1 ? "" : "s") + ", " + how + std::to_string(sweep.points.size()) +
         (sweep.points.size() == 1 ? " point; x " : " points; x ") + std::to_string(sweep.arms.size()) + " arm" +
         (sweep.arms.size() == 1 ? "" : "s") + " x " + std::to_string(sweep.replicates) + " replicate" +
         (sweep.replicates == 1 ? "" : "s") + " = " + std::to_string(sweep.runs.size()) + " runs";
}

int dry_run(const io::Sweep& sweep, const std::vector<int>& todo, int threads, int jobs, const ResourceEstimate& need) {
  std::printf("%-28s %6s  %-16s %-32s %9s %20s\n", "run", "index", "arm", "grid point", "replicate", "seed");
  for (int index : todo) {
    const io::SweepRun& r = sweep.runs[static_cast<std::size_t>(index)];
    std::printf("%-28s %6d  %-16s %-32s %9d %20llu\n", r.id.c_str(), r.index, sweep.arms[r.arm].c_str(),
                sweep.points[r.point].empty() ? "-" : sweep.points[r.point].c_str(), r.replicate,
                static_cast<unsigned long long>(r.seed));
  }
  if (sweep.has_design) std::printf("\n%s\n", design_summary(sweep).c_str());
  const double per_run = estimated_run_seconds(sweep, threads);
  const double waves = std::ceil(static_cast<double>(todo.size()) / std::max(1, jobs));
  std::printf("\n%zu runs to do (of %zu), %d at a time with %d thread%s each\n", todo.size(), sweep.runs.size(), jobs,
              threads, threads == 1 ? "" : "s");
  std::printf("estimated time   %.1f s per run, about %.0f s in all (rough: docs/performance.md throughput)\n", per_run,
              per_run * waves);
  std::printf("memory           %s per run, %s at a time%s\n", human_bytes(need.host_peak_bytes).c_str(),
              human_bytes(need.host_peak_bytes * jobs).c_str(),
              kCudaBuild ? (", device " + human_bytes(need.device_bytes) + " per run").c_str() : "");
  std::printf("disk             about %s per run, %s in all (at most %s)\n", human_bytes(need.output_bytes).c_str(),
              human_bytes(need.output_bytes * static_cast<double>(todo.size())).c_str(),
              human_bytes(need.output_max_bytes * static_cast<double>(todo.size())).c_str());
  return io::kExitOk;
}

/// The shard and the sweep file, checked (messages from rank 0 only). False, with the exit code in
/// `code`, when the sweep must not go on.
bool load_checked(const SweepOptions& o, bool use_mpi, bool root, Shard& shard, io::SweepResult& loaded,
                  std::vector<PrecisionGoal>& goals, int& code) {
  if (const std::string problem = parse_shard(o.shard, shard); !problem.empty()) {
    if (root) std::cerr << "civicsim sweep: " << problem << "\n";
    code = io::kExitUsage;
    return false;
  }
  if (!o.precision.empty() && (use_mpi || shard.active())) {
    if (root)
      std::cerr
          << "civicsim sweep: --precision runs its batches on one machine; not with MPI, --shard or a SLURM array\n";
    code = io::kExitUsage;
    return false;
  }
  if (const std::string problem = parse_precision(o.precision, goals); !problem.empty()) {
    if (root) std::cerr << "civicsim sweep: " << problem << "\n";
    code = io::kExitUsage;
    return false;
  }
  if (use_mpi && shard.active()) {
    if (root) std::cerr << "civicsim sweep: use either MPI (mpirun) or --shard / a SLURM array, not both\n";
    code = io::kExitUsage;
    return false;
  }
  io::DesignFile design;
  if (!o.design_file.empty()) {
    if (const std::string problem = io::read_design_file(o.design_file, design); !problem.empty()) {
      if (root) std::cerr << "civicsim sweep: " << problem << "\n";
      code = io::kExitNoInput;
      return false;
    }
  }
  loaded = io::load_sweep_file(o.scenario, /*check_runs=*/true, "", design);
  if (!loaded.ok()) {
    if (root) print_diagnostics(loaded.errors, loaded.exit_code, "sweep");
    code = loaded.exit_code;
    return false;
  }
  if (!goals.empty() && loaded.sweep.replicates < 2) {
    if (root) {
      std::cerr << o.scenario << ": --precision runs replicates up to the sweep's `replicates`, the cap; set it to 2 "
                << "or more (e.g. replicates: 50)\n";
    }
    code = io::kExitUsage;
    return false;
  }
  if (!loaded.sweep.declared) {
    if (root) {
      std::cerr << o.scenario
                << ": no `sweep` section; add one, e.g. `sweep: {replicates: 10}` with arms and a grid "
                   "(docs/sweeps.md), or use `civicsim run` for a single run\n";
    }
    code = io::kExitDataErr;
    return false;
  }
  return true;
}

/// The manifest at the start: what earlier manifests said, then what the folder holds.
void open_manifest(io::Manifest& manifest, const fs::path& path, const io::Sweep& sweep, const SweepDir& dir,
                   bool speaks) {
  try {
    io::adopt_previous(manifest, io::read_manifest(path.string()), sweep);
  } catch (const std::exception& e) {
    if (speaks) std::cerr << "civicsim sweep: ignoring an unreadable manifest: " << e.what() << "\n";
  }
  for (const auto& r : sweep.runs) {
    if (run_done(dir, r.id)) {
      manifest[r.index].status = "done";
      manifest[r.index].error.clear();
    } else if (manifest[r.index].status != "failed") {
      manifest[r.index].status = "pending";
    }
  }
}

void announce(const io::Sweep& sweep, const Shard& shard, std::size_t todo, int jobs, bool use_mpi, int threads) {
  std::fprintf(
      stderr,
      "civicsim sweep: %zu runs (%zu arms x %zu grid points x %d replicates)%s; %zu to do, %d at "
      "a time%s, %d thread%s each\n",
      sweep.runs.size(), sweep.arms.size(), sweep.points.size(), sweep.replicates,
      shard.active() ? (", shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count)).c_str() : "",
      todo, jobs, use_mpi ? (" per rank on " + std::to_string(mpi::size()) + " ranks").c_str() : "", threads,
      threads == 1 ? "" : "s");
}

/// After the runs: stopped (exit 75), a shard's tally, or sweep.h5.
int conclude(const SweepOptions& o, const SweepDir& dir, const io::Sweep& sweep, io::Manifest& manifest,
             const Shard& shard, const std::vector<int>& selected) {
  if (sweep_stop_signal() != 0) {
    std::cerr << "civicsim sweep: stopped by signal " << sweep_stop_signal() << "; finish it with --resume\n";
    return io::kExitTempFail;
  }
  if (shard.active()) {
    int failed = 0;
    for (int index : selected) failed += manifest[index].status != "done";
    if (!o.quiet) {
      std::fprintf(stderr,
                   "shard %d/%d: %zu runs, %d not done; `civicsim merge %s` writes sweep.h5 once every shard "
                   "has finished\n",
                   shard.index, shard.count, selected.size(), failed, o.dir.c_str());
    }
    return failed == 0 ? io::kExitOk : io::kExitRunsFailed;
  }
  return write_sweep_h5(dir, sweep, manifest, o.quiet);
}

int sweep_body(const SweepOptions& o, bool use_mpi) {
  const bool root = mpi::rank() == 0;
  Shard shard;
  io::SweepResult loaded;
  std::vector<PrecisionGoal> goals;
  if (int code = io::kExitOk; !load_checked(o, use_mpi, root, shard, loaded, goals, code)) return code;
  const io::Sweep& sweep = loaded.sweep;
  const SweepDir dir{fs::path(o.dir)};
  std::vector<int> selected, todo;
  for (const auto& r : sweep.runs) {
    if (r.index % shard.count == shard.index) selected.push_back(r.index);
  }
  for (int index : selected) {
    if (!run_done(dir, sweep.runs[static_cast<std::size_t>(index)].id)) todo.push_back(index);
  }
  const int threads = std::max(1, o.threads);
  const ResourceEstimate need = largest_run(sweep);
  const Availability have = probe_availability(dir.run_file("probe").string());
  const int jobs =
      o.jobs > 0
          ? o.jobs
          : (use_mpi ? 1 : automatic_jobs(threads, static_cast<int>(todo.size()), need, have, o.quiet || o.dry_run));
  if (o.dry_run) return root ? dry_run(sweep, todo, threads, jobs, need) : io::kExitOk;

  const std::string scenario_abs = fs::absolute(o.scenario).lexically_normal().string();
  int code = io::kExitOk;
  if (root || shard.active()) code = prepare_dir(dir, sweep, scenario_abs, o.resume, shard.active());
  if (use_mpi) code = mpi::broadcast(code);
  if (code != io::kExitOk) return code;

  const fs::path manifest_path = shard.active() ? dir.shard_manifest(shard.index, shard.count) : dir.manifest();
  io::Manifest manifest(io::manifest_rows(sweep), manifest_path);
  open_manifest(manifest, manifest_path, sweep, dir, root || shard.active());
  SignalGuard signals;
  Children children(sweep, dir, fs::path(scenario_abs).parent_path().string(), threads, o.checkpoint_every);
  if (root || shard.active()) {
    if (!o.quiet) announce(sweep, shard, todo.size(), jobs, use_mpi, threads);
    manifest.save(true);
  }
  const std::deque<int> queue(todo.begin(), todo.end());
  if (use_mpi && !root) {
    run_worker(children, jobs);
    return io::kExitOk;
  }
  if (!goals.empty()) {
    const std::string worker = hostname() + ":" + std::to_string(getpid());
    const io::Sweep ran = run_to_precision(children, manifest, sweep, dir, goals, o.batch, jobs, worker, o.quiet);
    manifest.save(true);
    return conclude(o, dir, ran, manifest, shard, selected);
  }
  if (use_mpi) {
    run_coordinator(children, manifest, sweep, queue, jobs, o.quiet);
  } else {
    run_local(children, manifest, sweep, queue, jobs, hostname() + ":" + std::to_string(getpid()), o.quiet);
  }
  manifest.save(true);
  return conclude(o, dir, sweep, manifest, shard, selected);
}

}  // namespace

int sweep(const SweepOptions& o) {
  const bool use_mpi = mpi::launched();
  if (use_mpi && !mpi::available()) {
    std::cerr << "civicsim sweep: started by an MPI launcher, but this civicsim was built without MPI "
                 "(install libopenmpi-dev and rebuild; or run one process per shard with --shard)\n";
    return io::kExitUnavailable;
  }
  if (use_mpi) mpi::init();
  int code = io::kExitOk;
  try {
    code = sweep_body(o, use_mpi);
  } catch (const std::exception& e) {  // the manifest or a folder could not be written
    std::cerr << "civicsim sweep: " << e.what() << "; the runs in progress were stopped\n";
    code = dynamic_cast<const io::OutputError*>(&e) ? dynamic_cast<const io::OutputError&>(e).exit_code
                                                    : io::kExitSoftware;
    if (use_mpi) mpi::abort(code);  // the other ranks would wait for this one for ever
  }
  if (use_mpi) mpi::finalize();
  return code;
}

}  // namespace civicsim::cli
