// STREAM triad (McCalpin): a[i] = b[i] + s * c[i] over three arrays much larger than the last-level
// cache, with OpenMP. Prints the best bandwidth of `--repeat` passes as JSON, counting 3 arrays ×
// 8 bytes per element as STREAM does (the write-allocate read of `a` is not counted). scripts/bench
// sets the daily pass's effective bandwidth against it.
//
//   stream_triad [--mib MIB_PER_ARRAY] [--repeat N] [--threads N]     (defaults: 128, 20, all)
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace {

struct Options {
  long mib = 128;  // per array: 3 × 128 MiB ≫ a 32 MiB L3
  int repeat = 20;
  int threads = 0;  // 0: OpenMP's default
};

[[noreturn]] void usage(const char* problem) {
  std::fprintf(stderr, "stream_triad: %s\nusage: stream_triad [--mib MIB_PER_ARRAY] [--repeat N] [--threads N]\n",
               problem);
  std::exit(64);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") usage("STREAM triad bandwidth, as JSON");
    if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
    const long value = std::strtol(argv[++i], nullptr, 10);
    if (value < 1) usage(("bad value for " + arg).c_str());
    if (arg == "--mib")
      o.mib = value;
    else if (arg == "--repeat")
      o.repeat = static_cast<int>(value);
    else if (arg == "--threads")
      o.threads = static_cast<int>(value);
    else
      usage(("unknown option " + arg).c_str());
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  if (o.threads > 0) omp_set_num_threads(o.threads);
  const long n = o.mib * 1024 * 1024 / static_cast<long>(sizeof(double));
  // Uninitialised storage: the first touch happens in the parallel loop below, so each thread's
  // pages are its own (NUMA placement as in STREAM).
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
  double* const pa = a.get();
  double* const pb = b.get();
  double* const pc = c.get();
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; ++i) {
    pa[i] = 0.0;
    pb[i] = 1.0;
    pc[i] = 2.0;
  }

  const double s = 3.0;
  double best = 1e300, total = 0;
  for (int r = 0; r < o.repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, seconds);
    total += seconds;
  }
  // Check the result, and keep the compiler from dropping the loops.
  double errors = 0;
  for (long i = 0; i < n; i += 4093) errors += pa[i] != 7.0;

  const double bytes = 3.0 * sizeof(double) * static_cast<double>(n);
  std::printf(
      "{\"benchmark\": \"stream_triad\", \"array_mib\": %ld, \"arrays\": 3, \"elements\": %ld, "
      "\"threads\": %d, \"repeat\": %d, \"best_s\": %.9f, \"mean_s\": %.9f, \"gb_per_s\": %.3f, "
      "\"gb_per_s_mean\": %.3f, \"valid\": %s}\n",
      o.mib, n, omp_get_max_threads(), o.repeat, best, total / o.repeat, bytes / best / 1e9,
      bytes / (total / o.repeat) / 1e9, errors == 0 ? "true" : "false");
  return errors == 0 ? 0 : 1;
}
