// The bookkeeping of a sweep (docs/sweeps.md): how each run ended, the manifest that records it,
// and the ledger both run loops (local, MPI) share.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "io/sweep.hpp"
#include "io/sweep_output.hpp"

namespace civicsim::io {

/// How one run of a sweep ended.
struct RunOutcome {
  int index = 0;
  bool done = false;
  int exit_code = 0;
  double wall_seconds = 0;
  std::string error;
  bool interrupted = false;  // stopped by the sweep's own stop signal: to be run again, not a failure
  std::string checkpoint;    // where an unfinished run stands, when it left a checkpoint ("day 3 09:40")
};

/// manifest.csv (or a shard's manifest) in memory: a row per run of the sweep.
class Manifest {
 public:
  Manifest(std::vector<ManifestRow> rows, std::filesystem::path path)
      : rows_(std::move(rows)), path_(std::move(path)) {}

  ManifestRow& operator[](int index) { return rows_[static_cast<std::size_t>(index)]; }
  const std::vector<ManifestRow>& rows() const { return rows_; }

  void record(const RunOutcome& f, const std::string& worker);

  /// Rewrites the file; at most once a second unless `now`.
  void save(bool now);

 private:
  std::vector<ManifestRow> rows_;
  std::filesystem::path path_;
  std::chrono::steady_clock::time_point last_save_{};
};

/// Carries over what earlier manifests say about runs (wall time, worker, failures).
void adopt_previous(Manifest& manifest, const std::vector<ManifestRow>& previous, const Sweep& sweep);

/// The bookkeeping both run loops share: a run starts (manifest: running, where), a run ends
/// (manifest, progress line), a stop signal returns what has not started to `pending`.
class Ledger {
 public:
  Ledger(Manifest& manifest, const Sweep& sweep, std::size_t total, bool quiet, bool name_worker)
      : manifest_(manifest), sweep_(sweep), total_(total), quiet_(quiet), name_worker_(name_worker) {}

  void started(int index, const std::string& worker);
  void finished(const RunOutcome& f, const std::string& worker);
  /// After a stop signal: nothing more starts.
  void unstarted(std::deque<int>& todo);

 private:
  Manifest& manifest_;
  const Sweep& sweep_;
  std::size_t total_, finished_ = 0;
  bool quiet_, name_worker_;
};

}  // namespace civicsim::io
