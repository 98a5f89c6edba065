// What `civicsim run` is asked to do (its options), how a scenario is loaded for it, and which
// backend this build runs on: shared by the command, the run session and the sweep.
#pragma once

#include <cstdint>
#include <string>

#include "io/scenario.hpp"

namespace civicsim::cli {

enum class ResumeMode { Unset, Never, Auto, Always };

struct RunOptions {
  std::string scenario;
  std::string output;
  std::uint64_t seed = 0;
  bool seed_given = false;
  int days = 0;
  int threads = 0;
  bool force = false;
  bool quiet = false;
  bool verbose = false;
  std::string timings;  // --timings FILE.json
  bool resource_check = true;
  std::string sweep_run;                  // --sweep-run ID: one run of the file's sweep
  std::string scenario_dir;               // --scenario-dir: where the scenario's relative paths start
  std::string design_file;                // --design-file: the sweep's points (with --sweep-run)
  int checkpoint_every = 0;               // days; 0: only when stopped by a signal
  std::string checkpoint;                 // default: OUTPUT.ckpt
  ResumeMode resume = ResumeMode::Unset;  // Unset: Auto when SLURM_RESTART_COUNT > 0, else Never
};

/// Parses the value of --resume ("" = always, "auto", "never"); false if it is none of them.
bool parse_resume(const std::string& text, ResumeMode& mode);

/// The scenario as written (its sweep section, when it has one, checked too but not applied).
io::ScenarioResult load(const std::string& scenario, const std::string& base_dir = "");

/// Whether this is the CUDA build (the world lives in device memory).
#if defined(CIVICSIM_BACKEND_CUDA)
constexpr bool kCudaBuild = true;
#else
constexpr bool kCudaBuild = false;
#endif

}  // namespace civicsim::cli
