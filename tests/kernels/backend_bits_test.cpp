// The portable maths and the generator give the same bits on the build's backend (a GPU in CUDA
// builds) as on the host: every decision the model takes with them is then backend-independent.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/math.hpp"
#include "kernels/parallel.hpp"
#include "kernels/rng.hpp"

namespace civicsim {
namespace {

constexpr std::size_t kFunctions = 8;

/// Everything evaluated for input i: the same code runs on the backend and, below, on the host.
struct EvaluateAll {
  double* out;  // [n][kFunctions]
  std::uint64_t seed;
  CIVICSIM_HD void operator()(std::size_t i) const {
    const Uniform2 u = uniform2(seed, static_cast<std::uint32_t>(i), 7u, Purpose::Service, 3u);
    const double x = (u.a - 0.5) * 1400.0;  // exp over most of its finite range
    double* o = out + i * kFunctions;
    o[0] = u.a;
    o[1] = pmath::exp(x);
    o[2] = pmath::log(u.b * 1e-300 + u.a);
    o[3] = pmath::sqrt(u.a * 1e6);
    o[4] = pmath::normal_quantile(u.a);
    o[5] = lognormal_mean_cv(480.0, 0.6, u.b);
    o[6] = static_cast<double>(poisson(u.a * 20.0, u.b));
    o[7] = exponential(300.0, u.b);
  }
};

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

TEST(BackendBits, PortableMathAndGeneratorMatchTheHostBitForBit) {
  const std::size_t n = 1 << 16;
  DeviceVector<double> on_backend(n * kFunctions, 0.0);
  parallel_for(n, EvaluateAll{raw(on_backend), 0x0123456789abcdefULL});
  const HostVector<double> backend_values = on_backend;

  std::vector<double> host_values(n * kFunctions, 0.0);
  const EvaluateAll on_host{host_values.data(), 0x0123456789abcdefULL};
  for (std::size_t i = 0; i < n; ++i) on_host(i);

  std::size_t mismatches = 0;
  for (std::size_t k = 0; k < n * kFunctions; ++k) {
    if (bits(backend_values[k]) != bits(host_values[k]) && ++mismatches <= 10) {
      ADD_FAILURE() << "input " << k / kFunctions << ", function " << k % kFunctions << ": backend "
                    << backend_values[k] << " host " << host_values[k] << " (" << backend_name() << ")";
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
}  // namespace civicsim
