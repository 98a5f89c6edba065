// Where a sweep's runs go (docs/sweeps.md): all on this process, one shard of a SLURM job array,
// or over MPI ranks (rank 0 hands out runs, the others ask for them).
#pragma once

#include <deque>
#include <string>

#include "app/sweep_children.hpp"
#include "io/sweep.hpp"
#include "io/sweep_ledger.hpp"

namespace civicsim::cli {

/// The shard of a job array this process runs: the runs whose index is `index` mod `count`.
struct Shard {
  int index = 0, count = 1;
  bool active() const { return count > 1 || index > 0; }
};

/// "i/N" from the command line, else SLURM_ARRAY_TASK_ID (minus _MIN) and _COUNT. "" when fine.
std::string parse_shard(const std::string& text, Shard& shard);

/// Runs `todo` with `jobs` children at a time on this process alone.
void run_local(Children& children, io::Manifest& manifest, const io::Sweep& sweep, std::deque<int> todo, int jobs,
               const std::string& worker, bool quiet);

/// Rank 0 of an MPI sweep: hands out runs to whichever rank asks, runs `jobs` itself.
void run_coordinator(Children& children, io::Manifest& manifest, const io::Sweep& sweep, std::deque<int> todo, int jobs,
                     bool quiet);

/// A rank other than 0: asks for runs, `jobs` at a time, until rank 0 says there are no more.
void run_worker(Children& children, int jobs);

}  // namespace civicsim::cli
