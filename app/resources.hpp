// The resource guard: what this machine has (host memory, cgroup limit, the process's address-space
// and data limits, disk, device memory) set
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
  std::int64_t host_bytes = -1;                 // what the run may use: the least of the figures below
  std::int64_t mem_available_bytes = -1;        // /proc/meminfo MemAvailable
  std::int64_t cgroup_limit_bytes = -1;         // memory.max (v2) or memory.limit_in_bytes (v1)
  std::int64_t cgroup_usage_bytes = -1;         // memory.current (v2) or memory.usage_in_bytes (v1)
  std::int64_t env_limit_bytes = -1;            // CIVICSIM_MEMORY_LIMIT (tests; replaces the others)
  std::int64_t address_space_limit_bytes = -1;  // RLIMIT_AS (ulimit -v)
  std::int64_t address_space_used_bytes = -1;   // this process's virtual size (/proc/self/statm)
  std::int64_t data_limit_bytes = -1;           // RLIMIT_DATA (ulimit -d)
  std::int64_t data_used_bytes = -1;            // this process's data and stack (/proc/self/statm)
  std::int64_t disk_free_bytes = -1;            // free space in the output file's folder
  std::string disk_folder;                      // the folder (or its nearest existing parent)
  std::int64_t device_free_bytes = -1;          // CUDA build: cudaMemGetInfo
  std::int64_t device_total_bytes = -1;
};

Availability probe_availability(const std::string& output_path);

/// What limits `host_bytes`: "MemAvailable", "cgroup memory limit less usage", "RLIMIT_AS (ulimit -v)
/// ... less the address space in use", "RLIMIT_DATA ...", or "CIVICSIM_MEMORY_LIMIT".
std::string host_memory_source(const Availability& availability);

struct FitCheck {
  bool fits = true;
  std::vector<std::string> problems;  // one line each: what is needed, what is available
};

FitCheck check_fit(const ResourceEstimate& need, const Availability& have);

/// The refusal as printed to stderr: the problems and what to change.
std::string refusal_message(const FitCheck& check);

void print_plan(std::ostream& out, const std::string& scenario_name, const Params& params,
                const std::string& output_path, const ResourceEstimate& need, const Availability& have,
                const FitCheck& check);
void print_plan_json(std::ostream& out, const std::string& scenario_name, const Params& params,
                     const std::string& output_path, const ResourceEstimate& need, const Availability& have,
                     const FitCheck& check);

/// "41.2 MiB", "3.10 GiB".
std::string human_bytes(double bytes);

}  // namespace civicsim::cli
