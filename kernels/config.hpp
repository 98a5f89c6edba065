// Portable qualifiers: the same behaviour code compiles as host code (OpenMP backend) and as
// host+device code (CUDA backend).
#pragma once

#if defined(__CUDACC__)
#define CIVICSIM_HD __host__ __device__
#define CIVICSIM_INLINE __host__ __device__ __forceinline__
#else
#define CIVICSIM_HD
#define CIVICSIM_INLINE inline
#endif

#include <cstdint>

namespace civicsim {
/// A hint that the cache line at p will be read soon. Host code only: on the device other warps
/// hide the latency, and there it is a no-op.
CIVICSIM_INLINE void prefetch(const void* p) {
#if !defined(__CUDA_ARCH__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

/// Clock in whole seconds since the scenario start (day 0, 00:00).
using Seconds = std::int32_t;
constexpr Seconds kNever = 0x7fffffff;
constexpr Seconds kSecondsPerDay = 86400;
}  // namespace civicsim
