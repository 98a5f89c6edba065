// Integer atomics. Sums of integers do not depend on the order of additions, so counters updated
// atomically from many threads stay bit-identical across thread counts and devices.
#pragma once

#include <cstdint>

#include "kernels/config.hpp"

namespace civicsim {

CIVICSIM_INLINE void atomic_add(std::uint64_t* target, std::uint64_t value) {
#if defined(__CUDA_ARCH__)
  atomicAdd(reinterpret_cast<unsigned long long*>(target), static_cast<unsigned long long>(value));
#else
  __atomic_fetch_add(target, value, __ATOMIC_RELAXED);
#endif
}

CIVICSIM_INLINE void atomic_add(std::uint32_t* target, std::uint32_t value) {
#if defined(__CUDA_ARCH__)
  atomicAdd(reinterpret_cast<unsigned int*>(target), static_cast<unsigned int>(value));
#else
  __atomic_fetch_add(target, value, __ATOMIC_RELAXED);
#endif
}

}  // namespace civicsim
