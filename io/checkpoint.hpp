// Checkpoints of a run (docs/checkpoints.md): the engine's whole state in one file, written
// atomically and checked by a CRC-32 before anything is loaded; and the records log, the run's
// interval and day records so far (compressed), from which a resumed run writes the output rows
// that came before the checkpoint. A checkpoint names the log's length and checksum at its moment,
// so the log only ever grows past what any checkpoint relies on.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/checkpoint_error.hpp"
#include "io/safe_file.hpp"  // sync_folder_of
#include "sim/metrics.hpp"
#include "sim/observer.hpp"
#include "sim/state_io.hpp"

namespace civicsim::io {

constexpr int kCheckpointFormat = 1;

/// What a checkpoint says about itself. The resolved scenario identifies the run (seed and days
/// included); the build (version, git commit) must match too: another build may simulate
/// differently, and the state layout may differ.
struct CheckpointHeader {
  int format = kCheckpointFormat;
  std::string civicsim_version, git_sha, backend;
  std::string scenario_name, scenario_resolved, sweep_run;
  std::string output;       // the run's output file, as given
  std::string created_utc;  // when this checkpoint was written
  std::string started_utc;  // when the run first started
  int day = 0;              // the engine's Position
  std::int64_t time_seconds = 0;
  bool in_day = false;
  int days = 0;                     // days of the run
  std::uint64_t records_bytes = 0;  // the records log up to this checkpoint
  std::uint32_t records_crc = 0;
  double wall_seconds = 0;  // wall time of the run so far, over every start
  int resumes = 0;          // how many times the run was resumed before this checkpoint
};

/// The records log that goes with checkpoint `path`.
std::string records_log_path(const std::string& path);

/// Writes the header and the state (`save` writes the arrays) to a new temporary file
/// `.NAME.tmp-PID-RANDOM` beside `path` (io/safe_file.hpp; `created` is told its name), syncs it,
/// renames it over `path` and syncs the folder: `path` is at every moment either the previous
/// checkpoint or this one, complete. Throws CheckpointError (74) on I/O errors, OutputError (73)
/// when something other than a regular file stands at `path`.
void write_checkpoint(const std::string& path, const CheckpointHeader& header,
                      const std::function<void(StateSink&)>& save,
                      const std::function<void(const std::string&)>& created = nullptr);

/// Reads the header of `path` after checking the whole file: its size, end marker and checksum.
CheckpointHeader read_checkpoint_header(const std::string& path);

/// Feeds the state arrays of `path` (checked by read_checkpoint_header first) to `load`.
void read_checkpoint_state(const std::string& path, const std::function<void(StateSource&)>& load);

/// Why checkpoint `saved` cannot continue the run `current` describes, or "" if it can: another
/// checkpoint format, another build, or another run (scenario, seed, days; the first line of the
/// resolved scenario that differs is quoted).
std::string checkpoint_mismatch(const CheckpointHeader& saved, const CheckpointHeader& current);

struct ByteSpan;  // io/sparse_deflate.hpp

/// The records log, appended to as the run writes its output.
class RecordLog {
 public:
  /// Opens `path` to append after its first `bytes` bytes, whose CRC-32 is `crc` (0, 0: a new,
  /// empty log). Whatever lies beyond `bytes` (written after the checkpoint) is cut off.
  RecordLog(const std::string& path, std::uint64_t bytes, std::uint32_t crc);
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  void append(int interval, const IntervalRecord& record);
  void append_day(int day, const DayRecord& record);
  /// Writes what is buffered and syncs the file to disk; returns its length and CRC-32.
  std::pair<std::uint64_t, std::uint32_t> sync();
  const std::string& path() const { return path_; }

 private:
  void frame(std::uint8_t kind, int index, const std::vector<ByteSpan>& raw);
  void write_pending();
  std::string path_;
  int fd_ = -1;
  std::uint64_t bytes_ = 0;  // including the frames still pending
  std::uint32_t crc_ = 0;
  std::vector<unsigned char> pending_;  // frames not written yet: one write(2) per 64 KiB, not per record
};

/// Checks that the first `bytes` of the log at `path` have CRC-32 `crc` and passes its records, in
/// order, to `observer` (on_interval / on_day). Returns the number of records.
std::uint64_t replay_records(const std::string& path, std::uint64_t bytes, std::uint32_t crc, EngineObserver& observer);

}  // namespace civicsim::io
