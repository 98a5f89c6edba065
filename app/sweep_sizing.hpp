// How big a sweep's runs are and how many run at once: the largest run's resource estimate, a
// rough run time, and the number of runs at a time that the cores, host and device memory allow.
#pragma once

#include "app/resources.hpp"
#include "io/sweep.hpp"
#include "sim/plan.hpp"

namespace civicsim::cli {

/// The largest run's estimate (runs of one arm and grid point differ only in their seed).
ResourceEstimate largest_run(const io::Sweep& sweep);

/// Rough run time from the throughput measured in docs/performance.md (per core, full model).
double estimated_run_seconds(const io::Sweep& sweep, int threads);

/// Runs at a time: the cores this process may use over `threads` each (2 on a GPU), cut to what
/// host and device memory hold, and to `todo`.
int automatic_jobs(int threads, int todo, const ResourceEstimate& run_need, const Availability& have, bool quiet);

}  // namespace civicsim::cli
