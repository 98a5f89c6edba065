#include "kernels/parallel.hpp"

#if defined(CIVICSIM_BACKEND_CUDA)
#include <cuda_runtime.h>

#include <map>
#include <new>
#include <cstdlib>
#include <string>
#else
#include <omp.h>
#endif

namespace civicsim {

namespace {
std::size_t g_serial_below = 16384;
}
std::size_t serial_below() { return g_serial_below; }
void set_serial_below(std::size_t work) { g_serial_below = work; }

#if defined(CIVICSIM_BACKEND_CUDA)
namespace {
struct ScratchBlocks {
  std::multimap<std::size_t, char*> free;  // size -> block
  std::map<char*, std::size_t> used;       // block -> size
};
ScratchBlocks& scratch_blocks() {
  static ScratchBlocks* blocks = new ScratchBlocks;  // never destroyed: freed with the context
  return *blocks;
}
}  // namespace

char* DeviceScratch::allocate(std::ptrdiff_t bytes) {
  ScratchBlocks& b = scratch_blocks();
  const std::size_t want = static_cast<std::size_t>(bytes < 1 ? 1 : bytes);
  auto it = b.free.lower_bound(want);
  if (it != b.free.end() && it->first <= 2 * want + (1u << 20)) {  // reuse a block not much larger
    char* block = it->second;
    b.used.emplace(block, it->first);
    b.free.erase(it);
    return block;
  }
  const std::size_t size = (want + 255) / 256 * 256;
  void* block = nullptr;
  if (cudaMalloc(&block, size) != cudaSuccess) {
    // Out of device memory: give the cached blocks back and try once more.
    cudaGetLastError();
    release_device_scratch();
    if (cudaMalloc(&block, size) != cudaSuccess) throw std::bad_alloc();
  }
  b.used.emplace(static_cast<char*>(block), size);
  return static_cast<char*>(block);
}

void DeviceScratch::deallocate(char* block, std::size_t) {
  ScratchBlocks& b = scratch_blocks();
  auto it = b.used.find(block);
  if (it == b.used.end()) return;
  b.free.emplace(it->second, block);
  b.used.erase(it);
}

DeviceScratch& device_scratch() {
  static DeviceScratch scratch;
  return scratch;
}
#endif

void release_device_scratch() {
#if defined(CIVICSIM_BACKEND_CUDA)
  ScratchBlocks& b = scratch_blocks();
  if (b.free.empty()) return;
  cudaDeviceSynchronize();  // nothing still running may use a block being freed
  for (auto& f : b.free) cudaFree(f.second);
  b.free.clear();
#endif
}

void backend_synchronize() {
#if defined(CIVICSIM_BACKEND_CUDA)
  cudaDeviceSynchronize();
#endif
}

int backend_threads() {
#if defined(CIVICSIM_BACKEND_CUDA)
  return 1;
#else
  return omp_get_max_threads();
#endif
}

void set_backend_threads(int n) {
#if defined(CIVICSIM_BACKEND_OMP)
  if (n > 0) omp_set_num_threads(n);
#else
  (void)n;
#endif
}

std::string backend_problem() {
#if defined(CIVICSIM_BACKEND_CUDA)
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) return std::string("no usable CUDA device: ") + cudaGetErrorString(err);
  if (count == 0) return "no CUDA device found";
  // One GPU per MPI rank (a sweep's runs inherit their rank's environment), or the one asked for.
  int device = -1;
  if (const char* chosen = std::getenv("CIVICSIM_DEVICE")) {
    device = std::atoi(chosen);
  } else if (const char* local_rank = std::getenv("OMPI_COMM_WORLD_LOCAL_RANK")) {
    device = std::atoi(local_rank);
  }
  if (device >= 0) {
    const cudaError_t set = cudaSetDevice(device % count);
    if (set != cudaSuccess)
      return std::string("cannot use CUDA device ") + std::to_string(device % count) + ": " + cudaGetErrorString(set);
  }
#endif
  return "";
}

const char* backend_device() {
#if defined(CIVICSIM_BACKEND_CUDA)
  static char name[256] = {0};
  if (name[0] == 0) {
    cudaDeviceProp prop;
    int dev = 0;
    if (cudaGetDevice(&dev) == cudaSuccess && cudaGetDeviceProperties(&prop, dev) == cudaSuccess) {
      snprintf(name, sizeof name, "%s", prop.name);
    } else {
      snprintf(name, sizeof name, "unknown CUDA device");
    }
  }
  return name;
#else
  return "host CPU";
#endif
}

bool backend_device_memory(std::int64_t& free_bytes, std::int64_t& total_bytes) {
#if defined(CIVICSIM_BACKEND_CUDA)
  std::size_t free = 0, total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) return false;
  free_bytes = static_cast<std::int64_t>(free);
  total_bytes = static_cast<std::int64_t>(total);
  return true;
#else
  (void)free_bytes;
  (void)total_bytes;
  return false;
#endif
}

}  // namespace civicsim
