// One run of `civicsim run` as steps (docs/checkpoints.md): start (scenario, parameters, backend),
// claim the output (lock, a run that is done already, the checkpoint to resume from, the fit),
// build the world (and load the checkpoint's state), simulate (output file, checkpoints, stop
// signals) and clean up. Each step returns an exit code: kExitOk to go on. What the user reads
// about the run (its size, the closing line) is app/run.cpp's.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "app/run_options.hpp"
#include "app/timings_report.hpp"
#include "io/checkpoint.hpp"
#include "io/run_lock.hpp"
#include "io/sweep.hpp"
#include "sim/engine.hpp"

namespace civicsim::io {
class OutputFile;
}

namespace civicsim::cli {

class BackgroundWriter;

class RunSession {
 public:
  explicit RunSession(const RunOptions& options);

  int start();         // stop signals, the scenario (or sweep run), parameters, backend
  int claim_output();  // nothing existing overwritten, the lock, resume or not, does it fit
  /// The output was complete already (a run killed while it removed its checkpoint): exit 0.
  bool done_already() const { return done_already_; }
  int build_world();  // the engine, and the checkpoint's state when resuming
  int simulate();     // the output file, day by day, checkpoints, stop signals
  int clean_up();     // the checkpoint files served; --timings

  const Params& params() const { return params_; }
  const Engine& engine() const { return *engine_; }
  const std::string& output() const { return output_; }
  const std::string& checkpoint() const { return checkpoint_; }
  /// The run's wall time, as clean_up() measured it.
  double wall_seconds() const { return wall_; }

 private:
  void describe();  // the output's provenance and the checkpoint's header
  int check_fit() const;
  int load_checkpoint_state();
  int write_output(io::OutputFile& file, std::chrono::steady_clock::time_point output_start);
  bool checkpoint_or_stop(BackgroundWriter& writer);

  const RunOptions& o_;
  std::chrono::steady_clock::time_point wall_start_;
  io::SweepRun member_;
  RunInfo info_;
  Params params_;
  std::string output_, checkpoint_;
  ResumeMode resume_ = ResumeMode::Never;
  io::CheckpointHeader current_;
  std::optional<io::RunLock> lock_;  // held to the end: one run per output
  std::optional<io::CheckpointHeader> saved_;
  RunTimings timings_;
  std::unique_ptr<Engine> engine_;
  double earlier_wall_ = 0.0;  // the wall time of the runs before the checkpoint resumed
  double wall_ = 0.0;
  bool done_already_ = false;
};

}  // namespace civicsim::cli
