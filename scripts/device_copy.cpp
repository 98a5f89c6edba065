// The device's memory bandwidth, measured with the same Thrust backend as the engine (CUDA on a
// GPU build, OpenMP on a CPU build): the best of `--repeat` passes of a copy (a = b, counting 2
// arrays x 8 bytes per element) and of the STREAM triad (a = b + s c, 3 arrays), over arrays far
// larger than any cache. scripts/gpu-check sets the daily pass's effective bandwidth against the
// copy measured in the same call, on the card it ran on.
//
//   device_copy [--mib MIB_PER_ARRAY] [--repeat N]     (defaults: 1024 on CUDA, 128 on OpenMP; 10)
//
// Prints one JSON object. Exit 0, 64 for bad arguments, 1 when a pass gives a wrong result.
#include "kernels/config.hpp"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/equal.h>
#include <thrust/fill.h>
#include <thrust/sequence.h>
#include <thrust/transform.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#if defined(CIVICSIM_BACKEND_CUDA)
#include <cuda_runtime.h>
#endif

namespace {

#if defined(CIVICSIM_BACKEND_CUDA)
constexpr const char* kBackend = "cuda";
constexpr long kDefaultMib = 1024;
void wait_for_device() { cudaDeviceSynchronize(); }
#else
constexpr const char* kBackend = "omp";
constexpr long kDefaultMib = 128;
void wait_for_device() {}
#endif

struct Options {
  long mib = kDefaultMib;
  int repeat = 10;
};

[[noreturn]] void usage(const std::string& problem) {
  std::fprintf(stderr, "device_copy: %s\nusage: device_copy [--mib MIB_PER_ARRAY] [--repeat N]\n", problem.c_str());
  std::exit(64);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") usage("device memory bandwidth (copy and triad), as JSON");
    if (arg != "--mib" && arg != "--repeat") usage("unknown option '" + arg + "'");
    if (i + 1 >= argc) usage("missing value after " + arg);
    char* end = nullptr;
    const long value = std::strtol(argv[++i], &end, 10);
    if (*end != '\0' || value < 1 || value > (arg == "--mib" ? 1L << 20 : 1000))
      usage("bad value '" + std::string(argv[i]) + "' for " + arg);
    if (arg == "--mib")
      o.mib = value;
    else
      o.repeat = static_cast<int>(value);
  }
  return o;
}

struct Triad {
  double s;
  CIVICSIM_HD double operator()(double b, double c) const { return b + s * c; }
};

/// The best (shortest) of `repeat` timed passes of `pass`, in seconds.
template <class Pass>
double best_seconds(int repeat, Pass pass) {
  double best = 1e300;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    pass();
    wait_for_device();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const std::size_t n = static_cast<std::size_t>(o.mib) * 1048576 / sizeof(double);
  thrust::device_vector<double> a(n), b(n), c(n);
  thrust::sequence(b.begin(), b.end(), 1.0);
  thrust::fill(c.begin(), c.end(), 2.0);
  wait_for_device();

  const double copy_s = best_seconds(o.repeat, [&] { thrust::copy(b.begin(), b.end(), a.begin()); });
  if (!thrust::equal(a.begin(), a.end(), b.begin())) {
    std::fprintf(stderr, "device_copy: the copy is wrong\n");
    return 1;
  }
  const double triad_s =
      best_seconds(o.repeat, [&] { thrust::transform(b.begin(), b.end(), c.begin(), a.begin(), Triad{3.0}); });
  // b[i] = 1 + i and c[i] = 2, so a[i] = 7 + i exactly (small integers in doubles): check one end.
  if (static_cast<double>(a[0]) != 7.0 || static_cast<double>(a[n - 1]) != 7.0 + static_cast<double>(n - 1)) {
    std::fprintf(stderr, "device_copy: the triad is wrong\n");
    return 1;
  }
  const double bytes = static_cast<double>(n) * sizeof(double);
  std::printf(
      "{\"backend\": \"%s\", \"mib_per_array\": %ld, \"repeat\": %d, \"copy_s\": %.6g, \"copy_gb_per_s\": %.1f, "
      "\"triad_s\": %.6g, \"triad_gb_per_s\": %.1f}\n",
      kBackend, o.mib, o.repeat, copy_s, 2 * bytes / copy_s / 1e9, triad_s, 3 * bytes / triad_s / 1e9);
  return 0;
}
