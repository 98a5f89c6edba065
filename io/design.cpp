// Sampling designs in the unit cube (io/design.hpp). The random draws come from the counter-based
// generator, keyed by (design seed, parameter or trajectory, step), so a design is a pure function
// of its spec; the Sobol' points come from GSL's unscrambled sequence, digitally shifted by the seed.
#include "io/design.hpp"

#include <gsl/gsl_qrng.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/rng.hpp"

namespace civicsim::io {

namespace {

constexpr int kSobolMaxParameters = 20;  // GSL's Sobol' sequence has 40 dimensions; Saltelli needs 2k
constexpr int kSobolBits = 30;           // GSL's Sobol' points are multiples of 2^-30

template <typename Enum>
struct Named {
  Enum value;
  const char* name;
};
constexpr Named<DesignMethod> kMethodNames[] = {{DesignMethod::grid, "grid"},
                                                {DesignMethod::lhs, "lhs"},
                                                {DesignMethod::sobol, "sobol"},
                                                {DesignMethod::morris, "morris"},
                                                {DesignMethod::file, "file"}};
constexpr Named<DistributionKind> kKindNames[] = {{DistributionKind::uniform, "uniform"},
                                                  {DistributionKind::log_uniform, "log_uniform"},
                                                  {DistributionKind::normal, "normal"},
                                                  {DistributionKind::triangular, "triangular"},
                                                  {DistributionKind::discrete, "discrete"}};

template <typename Enum, std::size_t N>
bool value_named(const Named<Enum> (&table)[N], const std::string& name, Enum& value) {
  for (const Named<Enum>& entry : table) {
    if (name == entry.name) {
      value = entry.value;
      return true;
    }
  }
  return false;
}

template <typename Enum, std::size_t N>
const char* name_of(const Named<Enum> (&table)[N], Enum value) {
  for (const Named<Enum>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

[[noreturn]] void reject(const DesignSpec& spec, const std::string& what) {
  throw std::invalid_argument(std::string(design_method_name(spec.method)) + " design: " + what);
}

std::size_t checked_product(const DesignSpec& spec, std::size_t a, std::size_t b) {
  if (b != 0 && a > std::numeric_limits<std::size_t>::max() / b) reject(spec, "too many points to count");
  return a * b;
}

/// Throws for what design_size and unit_design cannot serve, with what to change.
void check_spec(const DesignSpec& spec, const std::vector<int>& discrete_counts) {
  const int k = static_cast<int>(discrete_counts.size());
  for (int i = 0; i < k; ++i) {
    if (discrete_counts[i] < 0) reject(spec, "parameter " + std::to_string(i) + " has a negative item count");
  }
  switch (spec.method) {
    case DesignMethod::file:
      reject(spec, "its points are the rows of the file, not generated");
    case DesignMethod::grid:
      if (spec.levels < 2 && std::count(discrete_counts.begin(), discrete_counts.end(), 0) > 0) {
        reject(spec, "levels is " + std::to_string(spec.levels) + "; a continuous parameter needs at least 2");
      }
      return;
    case DesignMethod::morris:
      if (spec.levels < 2 || spec.levels % 2 != 0) {
        reject(spec, "levels is " + std::to_string(spec.levels) +
                         "; Morris trajectories need an even number of levels, at least 2 (4 is usual)");
      }
      break;
    case DesignMethod::sobol:
      if (k > kSobolMaxParameters) {
        reject(spec, std::to_string(k) + " parameters; at most " + std::to_string(kSobolMaxParameters) +
                         " (GSL's Sobol' sequence has 40 dimensions and Saltelli's layout uses 2 per parameter)");
      }
      break;
    case DesignMethod::lhs:
      break;
  }
  if (spec.samples < 1) reject(spec, "samples is " + std::to_string(spec.samples) + "; it must be at least 1");
  if (spec.method != DesignMethod::lhs && k < 1) reject(spec, "it needs at least one parameter");
}

/// An unbiased integer in [0, n) from the generator: 64-bit words, rejecting the top partial range.
/// Counter (a, b, purpose, tag << 24 | attempt); a second attempt is needed with probability < n/2^64.
std::uint64_t bounded(std::uint64_t seed, std::uint32_t a, std::uint32_t b, Purpose purpose, std::uint32_t tag,
                      std::uint64_t n) {
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
  for (std::uint32_t attempt = 0;; ++attempt) {
    const Random4 r = philox(seed, a, b, purpose, (tag << 24) | (attempt & 0xffffffu));
    for (int half = 0; half < 2; ++half) {
      const std::uint64_t x = (static_cast<std::uint64_t>(r.v[2 * half]) << 32) | r.v[2 * half + 1];
      if (x < limit) return x % n;
    }
  }
}

/// A random permutation of 0..n-1 (Fisher-Yates), step i keyed by (a, i).
std::vector<std::uint32_t> permutation(std::uint64_t seed, std::uint32_t a, Purpose purpose, std::uint32_t tag,
                                       std::uint32_t n) {
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  for (std::uint32_t i = n; i > 1; --i) {
    const std::uint64_t j = bounded(seed, a, i - 1, purpose, tag, i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

void grid_design(const DesignSpec& spec, const std::vector<int>& counts, std::vector<double>& points) {
  const std::size_t k = counts.size(), rows = design_size(spec, counts);
  for (std::size_t r = 0; r < rows; ++r) {
    std::size_t rest = r;
    for (std::size_t i = k; i-- > 0;) {  // the last parameter varies fastest
      const auto n = static_cast<std::size_t>(counts[i] > 0 ? counts[i] : spec.levels);
      const std::size_t index = rest % n;
      rest /= n;
      points[r * k + i] = counts[i] > 0 ? (static_cast<double>(index) + 0.5) / static_cast<double>(n)
                                        : static_cast<double>(index) / static_cast<double>(n - 1);
    }
  }
}

void lhs_design(const DesignSpec& spec, std::size_t k, std::vector<double>& points) {
  const auto n = static_cast<std::uint32_t>(spec.samples);
  for (std::uint32_t c = 0; c < k; ++c) {
    const std::vector<std::uint32_t> stratum = permutation(spec.seed, c, Purpose::DesignLhs, 0, n);
    for (std::uint32_t row = 0; row < n; ++row) {
      const Random4 r = philox(spec.seed, c, row, Purpose::DesignLhsPosition, 0);
      const double u = 1.0 - u01(r.v[0], r.v[1]);  // [0, 1)
      const double low = stratum[row] / static_cast<double>(n), high = (stratum[row] + 1.0) / n;
      // Rounding may carry low + u (high - low) onto the next stratum's first point: stay below it.
      points[row * k + c] = std::min(low + u * (high - low), std::nextafter(high, low));
    }
  }
}

struct QrngFree {
  void operator()(gsl_qrng* q) const { gsl_qrng_free(q); }
};

/// Points 1..n of GSL's 2k-dimensional Sobol' sequence (GSL never returns point 0, the origin), as
/// 30-bit integers XORed with the seed's digital shift (none for seed 0), row-major [n x 2k].
std::vector<std::uint32_t> sobol_integers(std::uint64_t seed, std::size_t n, unsigned dims) {
  std::unique_ptr<gsl_qrng, QrngFree> qrng(gsl_qrng_alloc(gsl_qrng_sobol, dims));
  if (!qrng) throw std::runtime_error("sobol design: GSL could not allocate a Sobol' sequence");
  std::vector<std::uint32_t> shift(dims, 0);
  if (seed != 0) {
    for (unsigned d = 0; d < dims; ++d)
      shift[d] = philox(seed, d, 0, Purpose::DesignShift, 0).v[0] >> (32 - kSobolBits);
  }
  const double scale = static_cast<double>(1u << kSobolBits);
  std::vector<double> point(dims);
  std::vector<std::uint32_t> out(n * dims);
  for (std::size_t j = 0; j < n; ++j) {
    gsl_qrng_get(qrng.get(), point.data());
    for (unsigned d = 0; d < dims; ++d) out[j * dims + d] = static_cast<std::uint32_t>(point[d] * scale) ^ shift[d];
  }
  return out;
}

/// Saltelli's layout per base row: A, AB^1..AB^k, [BA^1..BA^k,] B.
void sobol_design(const DesignSpec& spec, std::size_t k, std::vector<double>& points) {
  const auto n = static_cast<std::size_t>(spec.samples);
  const std::vector<std::uint32_t> ints = sobol_integers(spec.seed, n, static_cast<unsigned>(2 * k));
  const double unit = 1.0 / static_cast<double>(1u << kSobolBits);
  const std::size_t block = spec.second_order ? 2 * k + 2 : k + 2;
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint32_t* a = &ints[j * 2 * k];
    const std::uint32_t* b = a + k;
    double* rows = &points[j * block * k];
    auto put = [&](std::size_t row, const std::uint32_t* base, const std::uint32_t* other, std::size_t swapped) {
      for (std::size_t c = 0; c < k; ++c) rows[row * k + c] = (c == swapped ? other[c] : base[c]) * unit;
    };
    put(0, a, b, k);  // swapped == k: no column from the other matrix
    for (std::size_t i = 0; i < k; ++i) put(1 + i, a, b, i);
    if (spec.second_order) {
      for (std::size_t i = 0; i < k; ++i) put(1 + k + i, b, a, i);
    }
    put(block - 1, b, a, k);
  }
}

/// Morris (1991) trajectories: grid indices 0..p-1; a parameter's two values are its base index
/// b in {0, .., p/2 - 1} and b + p/2 (delta = (p/2) / (p-1)); it starts at the low one when its
/// direction is up and at the high one when down, and moves once, in a random order of parameters.
void morris_design(const DesignSpec& spec, std::size_t k, std::vector<double>& points) {
  const std::uint32_t half = static_cast<std::uint32_t>(spec.levels / 2);
  const double last_level = spec.levels - 1;
  std::vector<std::uint32_t> index(k);
  for (std::uint32_t t = 0; t < static_cast<std::uint32_t>(spec.samples); ++t) {
    double* rows = &points[static_cast<std::size_t>(t) * (k + 1) * k];
    for (std::uint32_t c = 0; c < k; ++c) {
      const std::uint32_t base = static_cast<std::uint32_t>(bounded(spec.seed, t, c, Purpose::DesignMorris, 0, half));
      const bool up = bounded(spec.seed, t, c, Purpose::DesignMorris, 1, 2) == 1;
      index[c] = up ? base : base + half;
    }
    const std::vector<std::uint32_t> order =
        permutation(spec.seed, t, Purpose::DesignMorris, 2, static_cast<std::uint32_t>(k));
    for (std::size_t row = 0; row <= k; ++row) {
      if (row > 0) {
        std::uint32_t& moved = index[order[row - 1]];
        moved = moved >= half ? moved - half : moved + half;
      }
      for (std::size_t c = 0; c < k; ++c) rows[row * k + c] = index[c] / last_level;
    }
  }
}

}  // namespace

bool distribution_kind(const std::string& name, DistributionKind& kind) { return value_named(kKindNames, name, kind); }
const char* distribution_name(DistributionKind kind) { return name_of(kKindNames, kind); }
bool design_method(const std::string& name, DesignMethod& method) { return value_named(kMethodNames, name, method); }
const char* design_method_name(DesignMethod method) { return name_of(kMethodNames, method); }

std::size_t design_size(const DesignSpec& spec, const std::vector<int>& discrete_counts) {
  check_spec(spec, discrete_counts);
  const std::size_t k = discrete_counts.size(), n = static_cast<std::size_t>(std::max(spec.samples, 0));
  switch (spec.method) {
    case DesignMethod::grid: {
      std::size_t size = 1;
      for (int count : discrete_counts) {
        size = checked_product(spec, size, static_cast<std::size_t>(count > 0 ? count : spec.levels));
      }
      return size;
    }
    case DesignMethod::lhs:
      return n;
    case DesignMethod::sobol:
      return checked_product(spec, n, spec.second_order ? 2 * k + 2 : k + 2);
    case DesignMethod::morris:
      return checked_product(spec, n, k + 1);
    case DesignMethod::file:
      break;
  }
  reject(spec, "its points are the rows of the file, not generated");
}

std::vector<double> unit_design(const DesignSpec& spec, const std::vector<int>& discrete_counts) {
  const std::size_t k = discrete_counts.size();
  std::vector<double> points(checked_product(spec, design_size(spec, discrete_counts), k));
  switch (spec.method) {
    case DesignMethod::grid:
      grid_design(spec, discrete_counts, points);
      break;
    case DesignMethod::lhs:
      lhs_design(spec, k, points);
      break;
    case DesignMethod::sobol:
      sobol_design(spec, k, points);
      break;
    case DesignMethod::morris:
      morris_design(spec, k, points);
      break;
    case DesignMethod::file:
      break;  // check_spec rejected it
  }
  return points;
}

}  // namespace civicsim::io
