// What a run will need before it allocates anything: agents, queues, service agents, host and
// device memory, and the size of the output file. `civicsim plan` prints it and `civicsim run`
// refuses a run that would not fit (docs/performance.md). The memory model is a sum of explicit
// terms, each taken from an array the world or the engine allocates, so that it can be
// recalibrated term by term when the engine changes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace civicsim {

/// One term of a memory estimate: what it is and how many bytes.
struct MemoryTerm {
  std::string name;
  double bytes = 0;
};

struct ResourceEstimate {
  std::uint64_t agents = 0;  // citizen agents (residents 15+ × population.scale)
  std::int32_t districts = 0;
  std::int32_t halls = 0;
  std::int32_t queues = 0;          // halls, the hotline pool, a digital-human pool per district
  std::int64_t service_agents = 0;  // server slots: establishment + what interventions add
  double requests_per_day = 0;      // needs drawn on an average day
  double requests_in_flight = 0;    // open needs the pending list holds at its peak (estimate)
  std::int64_t intervals = 0;       // report intervals (rows of /series)

  std::vector<MemoryTerm> host_terms;    // host resident memory at the peak, term by term
  std::vector<MemoryTerm> device_terms;  // device memory (CUDA build; empty on the CPU backend)
  double host_peak_bytes = 0;            // sum of host_terms
  double device_bytes = 0;               // sum of device_terms

  double output_bytes = 0;       // expected size of the output file (compressed)
  double output_max_bytes = 0;   // upper bound: every dataset uncompressed, plus metadata
  double checkpoint_bytes = 0;   // one checkpoint: the state arrays (docs/checkpoints.md)
  double records_log_bytes = 0;  // the checkpoints' records log at the end of the run (compressed)
  int checkpoints_at_once = 0;   // 2 when the run checkpoints as it goes (a new one replaces the old), else 0
  /// Disk the run may hold at once: the output and the records log (every run keeps one until it
  /// completes), and when it checkpoints as it goes, two checkpoints. A run that does not is not
  /// charged for the one a stop signal writes.
  double disk_bytes() const { return output_bytes + records_log_bytes + checkpoints_at_once * checkpoint_bytes; }
};

/// The estimate for `params` on this build's backend (`cuda`: the arrays live on the device);
/// `periodic_checkpoints`: the run writes a checkpoint every few days (--checkpoint-every).
ResourceEstimate estimate_resources(const Params& params, bool cuda_backend, bool periodic_checkpoints);

}  // namespace civicsim
