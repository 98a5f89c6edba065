// The lock a run holds on its output for as long as it runs (docs/checkpoints.md, "One run per
// output"): two runs of one output would share its checkpoint and records log and damage both.
// An advisory flock(2) on `.NAME.lock` beside the output; the file says who holds it.
#pragma once

#include <string>

namespace civicsim::io {

class RunLock {
 public:
  /// Takes the lock of output `output` (its folder must exist). Throws OutputError: 75 when
  /// another process holds it (the message names its PID, host and start time: retry later),
  /// 73 when the lock file cannot be created or is not a regular file. On a file system without
  /// locks the run goes on unlocked (unlocked_reason() says so).
  explicit RunLock(const std::string& output);
  ~RunLock();  // removes the lock file and releases the lock
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& path() const { return path_; }
  /// Why the output is not locked after all ("" when it is): a file system that has no locks.
  const std::string& unlocked_reason() const { return unlocked_reason_; }

 private:
  std::string path_, unlocked_reason_;
  int fd_ = -1;
};

/// `.NAME.lock` beside `output`.
std::string run_lock_path(const std::string& output);

}  // namespace civicsim::io
