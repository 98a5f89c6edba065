// The resource guard: what this machine has (host memory, cgroup limit, disk, device memory) set
// against what a run needs (sim/plan.hpp). `civicsim plan` prints both; `civicsim run` refuses,
// with exit code 75, a run that would not fit.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/plan.hpp"

namespace civicsim::cli {

/// What is available; -1 where unknown or unlimited.
struct Availability {
  std::int64_t host_bytes = -1;            // what the run may use: the least of the figures below
  std::int64_t mem_available_bytes = -1;   // /proc/meminfo MemAvailable
  std::int64_t cgroup_limit_bytes = -1;    // memory.max (v2) or memory.limit_in_bytes (v1)
  std::int64_t cgroup_usage_bytes = -1;    // memory.current (v2) or memory.usage_in_bytes (v1)
  std::int64_t env_limit_bytes = -1;       // CIVICSIM_MEMORY_LIMIT (tests; replaces the others)
  std::int64_t disk_free_bytes = -1;       // free space in the output file's folder
  std::string disk_folder;                 // the folder (or its nearest existing parent)
  std::int64_t device_free_bytes = -1;     // CUDA build: cudaMemGetInfo
  std::int64_t device_total_bytes = -1;
};

Availability probe_availability(const std::string& output_path);

struct FitCheck {
  bool fits = true;
  std::vector<std::string> problems;  // one line each: what is needed, what is available
};

FitCheck check_fit(const ResourceEstimate& need, const Availability& have);

/// The refusal as printed to stderr: the problems and what to change.
std::string refusal_message(const FitCheck& check);

void print_plan(std::ostream& out, const std::string& scenario_name, const Params& params,
                const std::string& output_path, const ResourceEstimate& need,
                const Availability& have, const FitCheck& check);
void print_plan_json(std::ostream& out, const std::string& scenario_name, const Params& params,
                     const std::string& output_path, const ResourceEstimate& need,
                     const Availability& have, const FitCheck& check);

/// "41.2 MiB", "3.10 GiB".
std::string human_bytes(double bytes);

}  // namespace civicsim::cli
