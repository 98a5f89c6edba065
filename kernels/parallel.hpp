// The portable launch layer: a thin wrapper over Thrust so that behaviour functors are launched
// the same way on the OpenMP backend (g++) and the CUDA backend (nvcc).
#pragma once

#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/host_vector.h>
#include <thrust/iterator/counting_iterator.h>
#if defined(CIVICSIM_BACKEND_CUDA)
#include <thrust/system/cuda/execution_policy.h>
#endif

#include <cstddef>
#include <cstdint>
#include <string>

#include "kernels/config.hpp"

namespace civicsim {

/// Memory owned by the compute backend (host memory with OpenMP, GPU memory with CUDA). On the
/// OpenMP backend it is a host vector: its own housekeeping (resize, fill, copies) then runs on the
/// calling thread instead of waking the thread team for a handful of elements (the engine resizes
/// small vectors hundreds of times per simulated day). Algorithms that should run in parallel are
/// launched through dispatch() and parallel_for(), which name the backend's policy.
#if defined(CIVICSIM_BACKEND_CUDA)
template <class T>
using DeviceVector = thrust::device_vector<T>;
#else
template <class T>
using DeviceVector = thrust::host_vector<T>;
#endif
template <class T>
using HostVector = thrust::host_vector<T>;

template <class T>
T* raw(DeviceVector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}
template <class T>
const T* raw(const DeviceVector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

#if defined(CIVICSIM_BACKEND_CUDA)
/// Device memory for Thrust's temporary storage (sort, scan, partition, ...) kept between calls:
/// without it every such algorithm pays a cudaMalloc and a cudaFree, and the engine calls dozens
/// of them per window. Blocks are reused by size; the cache is used from the host thread only.
class DeviceScratch {
 public:
  using value_type = char;
  char* allocate(std::ptrdiff_t bytes);
  void deallocate(char* block, std::size_t bytes);
};
DeviceScratch& device_scratch();

/// The engine's CUDA policy: the scratch cache, and no synchronisation after algorithms whose
/// results stay on the device (all work goes to one stream, in order; copies to the host and
/// algorithms that return a count still wait for what they need).
inline auto device_policy() { return thrust::cuda::par_nosync(device_scratch()); }
#endif

/// Waits for the backend to finish the work handed to it (a no-op on the OpenMP backend). Phase
/// timings call it before reading the clock.
void backend_synchronize();

/// Gives the cached temporary device memory back (CUDA; a no-op on the OpenMP backend). The engine
/// calls it at the end of each day, so that the cache holds at most one day's largest temporaries.
void release_device_scratch();

/// Below this much work (items, or the estimate given) the OpenMP backend runs a loop on the
/// calling thread: waking a thread team costs more than the work (the engine runs many small steps
/// per simulated hour). Default 16384; tests set 0 to send everything through the parallel paths.
std::size_t serial_below();
void set_serial_below(std::size_t work);

/// Work handed to the backend, counted at each call site in the same way on every backend
/// (issue 21): `launches` (a kernel or an algorithm) and `host_syncs` (the host waits for the
/// device: an algorithm whose count or value the host reads, a growing resize, whose fill the
/// device vector runs on the synchronising default policy, a copy to the host). On the OpenMP
/// build the counts emulate what the CUDA build does at the same points.
struct LaunchCounts {
  std::uint64_t launches = 0;
  std::uint64_t host_syncs = 0;
};
inline LaunchCounts& launch_counts() {
  static LaunchCounts counts;  // the engine runs on one host thread
  return counts;
}
inline void count_host_sync() { ++launch_counts().host_syncs; }

/// Calls algo(policy) with the backend's parallel policy, or, on the OpenMP backend and for
/// less work than serial_below(), with the sequential policy. The backend's memory is host memory
/// there, so both policies see the same data. The host reads what algo returns (a count, an
/// iterator, a value): a host sync. Algorithms whose results stay on the device use launch().
template <class Algo>
decltype(auto) dispatch(std::size_t n, Algo&& algo) {
  ++launch_counts().launches;
  count_host_sync();
#if defined(CIVICSIM_BACKEND_OMP)
  if (n < serial_below()) return algo(thrust::seq);
  return algo(thrust::device);
#else
  (void)n;
  return algo(device_policy());
#endif
}

/// As dispatch(), for an algorithm whose results stay on the device (algo returns nothing): no
/// host sync on the CUDA build.
template <class Algo>
void launch(std::size_t n, Algo&& algo) {
  ++launch_counts().launches;
#if defined(CIVICSIM_BACKEND_OMP)
  if (n < serial_below()) {
    algo(thrust::seq);
    return;
  }
  algo(thrust::device);
#else
  (void)n;
  algo(device_policy());
#endif
}

/// Makes v hold at least n elements, keeping what it holds (a scratch buffer used to its first n
/// elements: it grows when it must and never shrinks, so a window resizes nothing once buffers
/// have reached their working size).
template <class T>
void ensure_size(DeviceVector<T>& v, std::size_t n);

/// v.resize(n), counted: growing fills the new elements on the device (a launch and, under the
/// device vector's default policy, a host sync on the CUDA build).
template <class T>
void resize(DeviceVector<T>& v, std::size_t n) {
  if (n > v.size()) {
    ++launch_counts().launches;
    count_host_sync();
  }
  v.resize(n);
}

template <class T>
void ensure_size(DeviceVector<T>& v, std::size_t n) {
  if (n > v.size()) resize(v, n + n / 2);  // room to grow, so that growth is rare
}

/// Runs f(i) for i in [0, n) on the backend. f must be a CIVICSIM_HD functor taking its data as
/// views (raw pointers) by value; iterations must not depend on each other's order. `work` is
/// the total work when items are unequal (e.g. events in a set of queues; default: n).
template <class F>
void parallel_for(std::size_t n, const F& f, std::size_t work = 0) {
  if (n == 0) return;
  ++launch_counts().launches;
#if defined(CIVICSIM_BACKEND_OMP)
  if (n == 1 || (work ? work : n) < serial_below()) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
#endif
#if defined(CIVICSIM_BACKEND_CUDA)
  thrust::for_each(device_policy(), thrust::counting_iterator<std::size_t>(0),
                   thrust::counting_iterator<std::size_t>(n), f);
#else
  thrust::for_each(thrust::device, thrust::counting_iterator<std::size_t>(0), thrust::counting_iterator<std::size_t>(n),
                   f);
#endif
}

/// Name of the compiled backend, as written into output files.
inline const char* backend_name() {
#if defined(CIVICSIM_BACKEND_CUDA)
  return "cuda";
#else
  return "cpu-omp";
#endif
}

/// Number of host threads the OpenMP backend uses (1 for CUDA).
int backend_threads();
/// Sets the OpenMP thread count (no effect on CUDA). n <= 0 keeps the default.
void set_backend_threads(int n);
/// Empty when the backend can run; otherwise why not (e.g. no usable CUDA device).
std::string backend_problem();
/// Human-readable name of the device ("GPU name" or "host CPU").
const char* backend_device();
/// Free and total memory of the device (CUDA build); false on the CPU backend or on failure.
bool backend_device_memory(std::int64_t& free_bytes, std::int64_t& total_bytes);

}  // namespace civicsim
