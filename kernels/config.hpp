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
/// Clock in whole seconds since the scenario start (day 0, 00:00).
using Seconds = std::int32_t;
constexpr Seconds kNever = 0x7fffffff;
constexpr Seconds kSecondsPerDay = 86400;
}  // namespace civicsim
