#include "app/sweep_sizing.hpp"

#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "app/run_options.hpp"  // kCudaBuild

namespace civicsim::cli {

ResourceEstimate largest_run(const io::Sweep& sweep) {
  ResourceEstimate worst;
  const io::SweepLoader loader(sweep);
  for (std::size_t a = 0; a < sweep.arms.size(); ++a) {
    for (std::size_t p : io::representative_points(sweep)) {
      const int index = static_cast<int>((a * sweep.points.size() + p) * sweep.replicates);
      const io::ScenarioResult r = loader.load(index);
      if (!r.ok()) continue;
      const ResourceEstimate e =
          estimate_resources(r.params, kCudaBuild, /*periodic_checkpoints=*/false);  // memory and time only
      if (e.host_peak_bytes + e.device_bytes > worst.host_peak_bytes + worst.device_bytes) worst = e;
      if (e.output_max_bytes > worst.output_max_bytes) worst.output_max_bytes = e.output_max_bytes;
    }
  }
  return worst;
}

double estimated_run_seconds(const io::Sweep& sweep, int threads) {
  const io::ScenarioResult r = io::load_sweep_run(sweep, 0);
  if (!r.ok()) return 0;
  const ResourceEstimate e =
      estimate_resources(r.params, kCudaBuild, /*periodic_checkpoints=*/false);  // memory and time only
  const double citizen_days = static_cast<double>(e.agents) * r.params.days;
  const double requests = e.requests_per_day * r.params.days;
  constexpr double kCitizenDaysPerCoreSecond = 3.0e7, kRequestsPerCoreSecond = 1.5e6, kStartSeconds = 0.05;
  return kStartSeconds +
         (citizen_days / kCitizenDaysPerCoreSecond + requests / kRequestsPerCoreSecond) / std::max(1.0, 0.6 * threads);
}

int automatic_jobs(int threads, int todo, const ResourceEstimate& run_need, const Availability& have, bool quiet) {
  // The cores this process may run on (a SLURM or taskset CPU set), not all of the machine's.
  cpu_set_t allowed;
  const int cores = sched_getaffinity(0, sizeof allowed, &allowed) == 0
                        ? std::max(1, CPU_COUNT(&allowed))
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int jobs = kCudaBuild ? 2 : std::max(1, cores / std::max(1, threads));
  const double need = run_need.host_peak_bytes;
  if (have.host_bytes > 0 && need > 0) {
    const int fit = static_cast<int>(static_cast<double>(have.host_bytes) * 0.8 / need);
    if (fit < jobs && !quiet) {
      std::fprintf(stderr, "civicsim sweep: %d runs at a time (each needs %s; %s available)\n", std::max(1, fit),
                   human_bytes(need).c_str(), human_bytes(static_cast<double>(have.host_bytes)).c_str());
    }
    jobs = std::min(jobs, std::max(1, fit));
  }
  if (kCudaBuild && have.device_free_bytes > 0 && run_need.device_bytes > 0) {
    const int fit = static_cast<int>(static_cast<double>(have.device_free_bytes) * 0.8 / run_need.device_bytes);
    jobs = std::min(jobs, std::max(1, fit));
  }
  return std::max(1, std::min(jobs, std::max(1, todo)));
}

}  // namespace civicsim::cli
