// Sampling designs for the sensitivity tests, and a sweep folder that has one: the synthetic sweep of
// synthetic_sweep.hpp plus /design in the layout of docs/sweeps.md ("DIR/sweep.h5"). The designs:
// SALib's Saltelli layout of pseudo-random A and B, Morris trajectories, and a Latin hypercube, all
// from philox; and the Ishigami function, whose Sobol' indices are known.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "kernels/rng.hpp"
#include "tests/viz_export/synthetic_sweep.hpp"

namespace civicsim::test {

/// What /design holds (docs/sweeps.md).
struct SyntheticDesign {
  std::string method = "sobol";
  std::int64_t samples = 0;
  std::uint64_t seed = 0;
  bool second_order = false;
  std::int64_t levels = 0;
  std::vector<std::string> parameters, distributions;
  std::vector<double> values, unit;  // [P, K] row-major
  std::size_t points() const { return parameters.empty() ? 0 : values.size() / parameters.size(); }
};

namespace design_detail {

/// A uniform in [0, 1) for (seed, a, b, stream): test draws, apart from the bootstrap's (stream 0).
inline double uniform(std::uint64_t seed, std::uint32_t a, std::uint32_t b, std::uint32_t stream) {
  const Random4 r = philox(seed, a, b, Purpose::SensitivityBootstrap, stream);
  return 1.0 - u01(r.v[0], r.v[1]);
}

}  // namespace design_detail

/// SALib's Saltelli layout for base rows of pseudo-random A and B: per row j, A_j, AB_j^1..K,
/// [BA_j^1..K,] B_j, where AB^i is A with column i from B and BA^i is B with column i from A.
inline std::vector<double> saltelli_unit(int n, int k, bool second_order, std::uint64_t seed) {
  std::vector<double> out;
  for (int j = 0; j < n; ++j) {
    std::vector<double> a(k), b(k);
    for (int i = 0; i < k; ++i) {
      a[i] = design_detail::uniform(seed, j, i, 1);
      b[i] = design_detail::uniform(seed, j, k + i, 1);
    }
    const auto add = [&](const std::vector<double>& base, int column, const std::vector<double>& from) {
      for (int i = 0; i < k; ++i) out.push_back(i == column ? from[i] : base[i]);
    };
    add(a, -1, a);
    for (int i = 0; i < k; ++i) add(a, i, b);
    for (int i = 0; second_order && i < k; ++i) add(b, i, a);
    add(b, -1, b);
  }
  return out;
}

/// Morris trajectories on `levels` (even) grid levels {0, 1/(levels-1), .., 1}: a random start,
/// then each parameter in a random order moves by delta = levels / (2 (levels - 1)), up when it can.
inline std::vector<double> morris_unit(int trajectories, int k, int levels, std::uint64_t seed) {
  std::vector<double> out;
  const int jump = levels / 2;  // grid steps of one delta
  for (int t = 0; t < trajectories; ++t) {
    std::vector<int> level(k), order(k);
    for (int i = 0; i < k; ++i) {
      level[i] = std::min(levels - 1, static_cast<int>(design_detail::uniform(seed, t, i, 2) * levels));
      order[i] = i;
    }
    for (int i = k - 1; i > 0; --i) {  // Fisher-Yates
      const int j = std::min(i, static_cast<int>(design_detail::uniform(seed, t, k + i, 2) * (i + 1)));
      std::swap(order[i], order[j]);
    }
    const auto add = [&] {
      for (int i = 0; i < k; ++i) out.push_back(static_cast<double>(level[i]) / (levels - 1));
    };
    add();
    for (int i : order) {
      level[i] += level[i] + jump <= levels - 1 ? jump : -jump;
      add();
    }
  }
  return out;
}

/// A Latin hypercube of n points: one point in each of the n strata of every parameter.
inline std::vector<double> latin_hypercube(int n, int k, std::uint64_t seed) {
  std::vector<double> out(static_cast<std::size_t>(n) * k);
  for (int i = 0; i < k; ++i) {
    std::vector<int> strata(n);
    for (int j = 0; j < n; ++j) strata[j] = j;
    for (int j = n - 1; j > 0; --j) {
      std::swap(strata[j], strata[std::min(j, static_cast<int>(design_detail::uniform(seed, j, i, 3) * (j + 1)))]);
    }
    for (int j = 0; j < n; ++j)
      out[static_cast<std::size_t>(j) * k + i] = (strata[j] + design_detail::uniform(seed, j, i, 4)) / n;
  }
  return out;
}

/// Ishigami's function (a = 7, b = 0.1) of x in [-pi, pi]^3: S1 = (0.3139, 0.4424, 0),
/// ST = (0.5576, 0.4424, 0.2437), S2_13 = 0.2437.
inline double ishigami(const double* x) {
  return std::sin(x[0]) + 7.0 * std::sin(x[1]) * std::sin(x[1]) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

/// A design over `unit` with every parameter uniform on [low, high].
inline SyntheticDesign uniform_design(const std::string& method, const std::vector<std::string>& parameters,
                                      const std::vector<double>& unit, double low, double high) {
  SyntheticDesign d;
  d.method = method;
  d.parameters = parameters;
  d.unit = unit;
  for (double u : unit) d.values.push_back(low + u * (high - low));
  char text[64];
  std::snprintf(text, sizeof text, "uniform(%g, %g)", low, high);
  d.distributions.assign(parameters.size(), text);
  return d;
}

/// The points' names as sweep.h5's /grid/point has them: "key=value;key=value".
inline std::vector<std::string> design_point_names(const SyntheticDesign& d) {
  std::vector<std::string> names;
  const std::size_t k = d.parameters.size();
  for (std::size_t p = 0; p < d.points(); ++p) {
    std::string name;
    for (std::size_t i = 0; i < k; ++i)
      name += (i ? ";" : "") + d.parameters[i] + "=" + std::to_string(d.values[p * k + i]);
    names.push_back(name);
  }
  return names;
}

/// Adds /design to DIR/sweep.h5 (written by write_synthetic_sweep).
inline void write_design(const std::string& dir, const SyntheticDesign& d) {
  using namespace synthetic_detail;
  const std::string path = dir + "/sweep.h5";
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  check(file >= 0, "opening " + path);
  hid_t group = H5Gcreate2(file, "/design", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  check(group >= 0, "/design");
  string_attribute(group, "method", d.method);
  int_attribute(group, "samples", d.samples);
  int_attribute(group, "second_order", d.second_order ? 1 : 0);
  int_attribute(group, "levels", d.levels);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t seed = H5Acreate2(group, "seed", H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  check(seed >= 0 && H5Awrite(seed, H5T_NATIVE_UINT64, &d.seed) >= 0, "/design seed");
  H5Aclose(seed);
  H5Sclose(space);
  H5Gclose(group);
  strings(file, "/design/parameter", d.parameters);
  strings(file, "/design/distribution", d.distributions);
  const std::vector<hsize_t> shape = {d.points(), d.parameters.size()};
  numbers(file, "/design/values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, shape, d.values.data());
  numbers(file, "/design/unit", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, shape, d.unit.data());
  H5Fclose(file);
}

/// Writes DIR/sweep.h5 of `sweep` over the points of `design` (no run files), with its /design.
inline void write_design_sweep(const std::string& dir, SyntheticSweep sweep, const SyntheticDesign& design) {
  sweep.grid_keys = design.parameters;
  sweep.grid_points = design_point_names(design);
  sweep.has_run_file = [](int, int, int) { return false; };
  write_synthetic_sweep(dir, sweep);
  write_design(dir, design);
}

}  // namespace civicsim::test
