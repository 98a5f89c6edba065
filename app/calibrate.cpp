// `civicsim calibrate` (docs/sensitivity.md, "Calibration: civicsim calibrate"): the waves of
// history matching as sweeps of design files, analysed one after another (viz_export/calibrate.hpp).
// Every wave, the first included, is a design file DIR/wave-<k>.design.txt swept into DIR/wave-<k>,
// so a wave runs the same way here, over MPI or as a SLURM array.
#include "app/calibrate.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

#include "app/messages.hpp"
#include "app/sweep.hpp"
#include "app/sweep_dir.hpp"
#include "app/sweep_mpi.hpp"
#include "io/calibrate_spec.hpp"
#include "io/design.hpp"
#include "io/names.hpp"
#include "io/safe_file.hpp"
#include "io/scenario.hpp"
#include "viz_export/calibrate_files.hpp"
#include "viz_export/figures.hpp"

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;
namespace cal = viz::calibrate;

/// What the scenario asks for, checked.
struct Setup {
  std::string scenario_name;
  std::uint64_t seed = 0;
  int waves = 0, samples = 0;
  double cutoff = 3;
  std::vector<cal::Parameter> parameters;
  std::vector<cal::Observation> observations;  // targets, then held-out figures
  std::vector<cal::Observation> targets;
};

/// The calibration's figures that the catalogue lacks, each at its place with the nearest name.
std::vector<io::Diagnostic> unknown_figures(const io::CalibrateSpec& spec) {
  io::schema::Names names;
  for (const viz::FigureDef& f : viz::figure_catalogue()) names.push_back(f.name);
  std::vector<io::Diagnostic> problems;
  for (const auto* list : {&spec.targets, &spec.heldout}) {
    for (const io::CalibrationFigure& f : *list) {
      if (std::find(names.begin(), names.end(), f.figure) != names.end()) continue;
      const std::string nearest = io::schema::nearest(f.figure, names);
      problems.push_back(f.at("calibrate: unknown figure '" + f.figure + "'" +
                              (nearest.empty() ? std::string() : "; did you mean '" + nearest + "'?") +
                              " (the figures of sweep.h5's /table/figure: docs/sweeps.md)"));
    }
  }
  return problems;
}

/// Loads the scenario and its `calibrate:` section into `setup`; the exit code (0: fine).
int load_setup(const CalibrateOptions& o, Setup& setup) {
  const io::ScenarioResult base = io::load_scenario_file(o.scenario);
  if (!base.ok()) {
    print_diagnostics(base.errors, base.exit_code, "scenario");
    return base.exit_code;
  }
  const io::CalibrateResult loaded = io::load_calibrate_text(base.params.yaml_text, o.scenario, base.params);
  std::vector<io::Diagnostic> problems = loaded.errors;
  if (loaded.ok() && !loaded.spec.declared) {
    problems.push_back({o.scenario, 0, 0,
                        "no `calibrate` section; add one with the targets to match, e.g. calibrate: {targets: "
                        "[{figure: adoption/all, observed: 0.42, sd: 0.01}]} (docs/sensitivity.md)"});
  }
  if (loaded.ok()) {
    for (io::Diagnostic& d : unknown_figures(loaded.spec)) problems.push_back(std::move(d));
  }
  if (!problems.empty()) {
    const int code = loaded.ok() ? io::kExitDataErr : loaded.exit_code;
    print_diagnostics(problems, code, "calibration");
    return code;
  }
  const io::CalibrateSpec& spec = loaded.spec;
  setup.scenario_name = base.params.name;
  setup.seed = spec.seed_given ? spec.seed : base.params.seed;
  setup.waves = o.waves > 0 ? o.waves : spec.waves;
  setup.samples = spec.samples > 0 ? spec.samples : 10 * static_cast<int>(spec.keys.size());
  setup.cutoff = spec.cutoff;
  for (std::size_t k = 0; k < spec.keys.size(); ++k) setup.parameters.push_back({spec.keys[k], spec.priors[k]});
  for (const io::CalibrationFigure& t : spec.targets) setup.targets.push_back({t.figure, t.observed, t.sd, true});
  setup.observations = setup.targets;
  for (const io::CalibrationFigure& h : spec.heldout) setup.observations.push_back({h.figure, h.observed, 0, false});
  return io::kExitOk;
}

fs::path wave_dir(const std::string& dir, int wave) { return fs::path(dir) / ("wave-" + std::to_string(wave)); }
fs::path design_path(const std::string& dir, int wave) {
  return fs::path(dir) / ("wave-" + std::to_string(wave) + ".design.txt");
}

/// Wave `wave`'s design file: a Latin hypercube of `samples` points in `box` (unit coordinates of
/// the priors). Written when absent; an existing file must be the same (the scenario or the
/// earlier waves changed otherwise). Throws UserError.
void write_design(const Setup& setup, const std::string& dir, int wave, const cal::Box& box) {
  io::DesignSpec lhs;
  lhs.method = io::DesignMethod::lhs;
  lhs.samples = setup.samples;
  lhs.seed = setup.seed + static_cast<std::uint64_t>(wave - 1);
  std::vector<int> counts;
  for (const cal::Parameter& p : setup.parameters)
    counts.push_back(p.prior.kind == io::DistributionKind::discrete ? static_cast<int>(p.prior.values.size()) : 0);
  const std::string comment = "civicsim calibrate: wave " + std::to_string(wave) + ", a Latin hypercube of " +
                              std::to_string(setup.samples) + " points (seed " + std::to_string(lhs.seed) +
                              ") in the unit box of the priors " + cal::describe_box(box);
  const std::string text =
      cal::design_file_text(setup.parameters, cal::into_box(box, io::unit_design(lhs, counts)), comment);
  const fs::path path = design_path(dir, wave);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (read_text(path) == text) return;
    throw io::UserError(io::kExitCantCreate, "'" + path.string() +
                                                 "' differs from the design the scenario and the earlier waves give "
                                                 "(the scenario changed?); calibrate into another -o folder");
  }
  fs::create_directories(dir, ec);
  io::write_file_atomically(path.string(), text);
}

/// Runs wave `wave` as a sweep of its design file; the sweep's exit code.
int run_wave(const CalibrateOptions& o, int wave) {
  SweepOptions sweep;
  sweep.scenario = o.scenario;
  sweep.dir = wave_dir(o.dir, wave).string();
  sweep.design_file = design_path(o.dir, wave).string();
  sweep.jobs = o.jobs;
  sweep.threads = o.threads;
  sweep.quiet = o.quiet;
  std::error_code ec;
  sweep.resume = fs::exists(SweepDir{fs::path(sweep.dir)}.yaml(), ec);  // an interrupted wave goes on
  return cli::sweep(sweep);
}

/// What the waves analysed so far give, and the box the next wave samples.
struct Progress {
  cal::Calibration result;
  cal::Box box;
};

/// A finished wave must be this scenario's, run on this wave's design: an edited scenario, or a
/// sweep run with another design file, would otherwise be analysed as if it were. Throws UserError.
void check_wave_inputs(const CalibrateOptions& o, int wave) {
  const SweepDir w{wave_dir(o.dir, wave)};
  if (read_text(w.yaml()) != read_text(o.scenario)) {
    throw io::UserError(io::kExitCantCreate, "'" + w.root.string() + "' was run from another text than " + o.scenario +
                                                 " (edited since?); calibrate into another -o folder");
  }
  if (read_text(w.design()) != read_text(design_path(o.dir, wave))) {
    throw io::UserError(io::kExitCantCreate, "'" + w.root.string() + "' was not run on " +
                                                 design_path(o.dir, wave).string() +
                                                 " (another --design-file?); calibrate into another -o folder");
  }
}

/// Reads wave `wave` and judges its points; the next box when any point is non-implausible.
void analyse_wave(const Setup& setup, const std::string& dir, int wave, Progress& progress) {
  cal::Calibration& c = progress.result;
  c.last = cal::read_wave(wave_dir(dir, wave).string(), setup.parameters, setup.observations);
  c.last_fits = cal::fit_wave(c.last, setup.targets, setup.cutoff);
  c.waves.push_back(cal::summarise_wave(wave, setup.parameters, c.last, c.last_fits));
  const cal::WaveSummary& s = c.waves.back();
  if (s.accepted > 0) {
    progress.box = cal::next_box(s.accepted_unit, setup.parameters.size(), progress.box, static_cast<int>(s.points));
  }
}

/// One line on stderr per wave analysed.
void say_wave(const Setup& setup, const cal::WaveSummary& s) {
  std::cerr << "civicsim calibrate: wave " << s.wave << ": " << s.accepted << " of " << s.points
            << " points non-implausible (cut-off " << setup.cutoff << ")";
  for (std::size_t k = 0; k < setup.parameters.size() && s.accepted > 0; ++k) {
    std::cerr << "; " << setup.parameters[k].key << " in [" << s.accepted_low[k] << ", " << s.accepted_high[k] << "]";
  }
  std::cerr << "\n";
}

/// When a wave accepted nothing: its best point, said on stderr. Exit code 3.
int nothing_accepted(const Setup& setup, const Progress& progress) {
  const cal::WaveSummary& s = progress.result.waves.back();
  std::cerr << "civicsim calibrate: no point of wave " << s.wave << " is non-implausible (" << s.points_with_runs
            << " of " << s.points << " points have runs); the calibration stops here.\n";
  if (s.points_with_runs > 0) {
    std::cerr << "  the smallest max implausibility is " << s.best_implausibility << " (cut-off " << setup.cutoff
              << "), at point " << s.best_point << ":";
    for (std::size_t k = 0; k < setup.parameters.size(); ++k)
      std::cerr << " " << setup.parameters[k].key << "=" << progress.result.last.value(s.best_point, k);
    std::cerr << "\n  widen the priors, check the targets' figures and uncertainties, or raise calibrate.cutoff\n";
  }
  return io::kExitNoneAccepted;
}

/// calibration.csv, posterior.csv, calibration.h5 and the report on stdout.
void write_results(const Setup& setup, const std::string& dir, Progress& progress) {
  cal::Calibration& c = progress.result;
  c.scenario_name = setup.scenario_name;
  c.cutoff = setup.cutoff;
  c.parameters = setup.parameters;
  c.observations = setup.observations;
  c.predictive = cal::predictive(c.last, c.observations, c.waves.back().accepted_points);
  cal::write_calibration_csv(c, dir);
  cal::write_posterior_csv(c, dir);
  cal::write_calibration_h5(c, dir);
  cal::print_report(c, std::cout);
}

/// --analyse found wave `wave` without its sweep.h5: how to run it.
void say_next(const CalibrateOptions& o, int wave) {
  const std::string d = wave_dir(o.dir, wave).string();
  std::error_code ec;
  if (fs::exists(d, ec)) {
    std::cerr << "civicsim calibrate: wave " << wave << " has no sweep.h5 yet: its runs are not finished, or `civicsim "
              << "merge " << d << "` has not run\n";
  } else {
    std::cerr << "civicsim calibrate: wave " << wave << " is next: run it with\n  civicsim sweep " << o.scenario
              << " -o " << d << " --design-file " << design_path(o.dir, wave).string()
              << "\n(as a SLURM array: add --shard, then `civicsim merge " << d << "`), then `civicsim calibrate "
              << o.scenario << " -o " << o.dir << " --analyse` again\n";
  }
}

int calibrate_body(const CalibrateOptions& o) {
  Setup setup;
  if (const int code = load_setup(o, setup); code != io::kExitOk) return code;
  Progress progress;
  progress.box = cal::unit_cube(setup.parameters.size());
  for (int wave = 1; wave <= setup.waves; ++wave) {
    write_design(setup, o.dir, wave, progress.box);
    std::error_code ec;
    if (!fs::exists(wave_dir(o.dir, wave) / "sweep.h5", ec)) {
      if (o.analyse) {
        if (!progress.result.waves.empty()) write_results(setup, o.dir, progress);
        say_next(o, wave);
        return io::kExitOk;
      }
      const int code = run_wave(o, wave);
      if (code != io::kExitOk && code != io::kExitRunsFailed) return code;
    }
    check_wave_inputs(o, wave);
    analyse_wave(setup, o.dir, wave, progress);
    if (!o.quiet) say_wave(setup, progress.result.waves.back());
    if (progress.result.waves.back().accepted == 0) {
      write_results(setup, o.dir, progress);
      return nothing_accepted(setup, progress);
    }
  }
  write_results(setup, o.dir, progress);
  return io::kExitOk;
}

}  // namespace

int calibrate(const CalibrateOptions& o) {
  if (mpi::launched()) {
    std::cerr << "civicsim calibrate: runs its waves on this machine; under MPI run each wave with `mpirun civicsim "
                 "sweep SCENARIO -o DIR/wave-K --design-file DIR/wave-K.design.txt` and `civicsim calibrate "
                 "SCENARIO -o DIR --analyse` between waves (docs/sensitivity.md)\n";
    return io::kExitUsage;
  }
  try {
    return calibrate_body(o);
  } catch (const io::UserError& e) {
    std::cerr << "civicsim calibrate: " << e.what() << "\n";
    return e.exit_code;
  } catch (const std::invalid_argument& e) {  // io::unit_design or a prior it cannot sample
    std::cerr << "civicsim calibrate: " << e.what() << "\n";
    return io::kExitDataErr;
  }
}

}  // namespace civicsim::cli
