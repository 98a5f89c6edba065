// Sampling designs in the unit cube (io/design.hpp): sizes, the grid's order, the Latin hypercube's
// strata, Saltelli's layout of Sobol' points and the shift that keeps their stratification, the
// structure of Morris trajectories, and the specs that are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/design.hpp"

namespace civicsim::io {
namespace {

DesignSpec spec_of(DesignMethod method, int samples, std::uint64_t seed = 0) {
  DesignSpec spec;
  spec.method = method;
  spec.samples = samples;
  spec.seed = seed;
  return spec;
}

double at(const std::vector<double>& points, std::size_t k, std::size_t row, std::size_t column) {
  return points.at(row * k + column);
}

/// The j with j/n <= x < (j+1)/n, the bounds computed as the design computes them.
int stratum_of(double x, int n) {
  int j = std::clamp(static_cast<int>(x * n), 0, n - 1);
  while (j > 0 && x < j / static_cast<double>(n)) --j;
  while (j + 1 < n && x >= (j + 1) / static_cast<double>(n)) ++j;
  return j;
}

/// How many points of `column` fall in each of the n strata [j/n, (j+1)/n).
std::vector<int> strata_counts(const std::vector<double>& points, std::size_t k, std::size_t rows, std::size_t column,
                               int n) {
  std::vector<int> counts(n, 0);
  for (std::size_t r = 0; r < rows; ++r) ++counts[stratum_of(at(points, k, r, column), n)];
  return counts;
}

TEST(Design, SizeOfEachMethod) {
  const std::vector<int> continuous3 = {0, 0, 0};
  DesignSpec grid = spec_of(DesignMethod::grid, 0);
  grid.levels = 4;
  EXPECT_EQ(design_size(grid, {0, 3, 0}), 4u * 3u * 4u);
  EXPECT_EQ(design_size(spec_of(DesignMethod::lhs, 37), continuous3), 37u);
  DesignSpec sobol = spec_of(DesignMethod::sobol, 8);
  EXPECT_EQ(design_size(sobol, continuous3), 8u * (3 + 2));
  sobol.second_order = true;
  EXPECT_EQ(design_size(sobol, continuous3), 8u * (2 * 3 + 2));
  EXPECT_EQ(design_size(spec_of(DesignMethod::morris, 5), continuous3), 5u * (3 + 1));
  for (DesignMethod m : {DesignMethod::lhs, DesignMethod::sobol, DesignMethod::morris}) {
    DesignSpec spec = spec_of(m, 3);
    spec.second_order = true;
    EXPECT_EQ(unit_design(spec, continuous3).size(), design_size(spec, continuous3) * 3) << design_method_name(m);
  }
}

TEST(Design, GridHasEveryCombinationLastParameterFastest) {
  DesignSpec spec = spec_of(DesignMethod::grid, 0);
  spec.levels = 3;
  const std::vector<double> points = unit_design(spec, {0, 2});  // continuous at 0, 1/2, 1; 2 items
  const std::vector<double> want = {0, 0.25, 0, 0.75, 0.5, 0.25, 0.5, 0.75, 1, 0.25, 1, 0.75};
  EXPECT_EQ(points, want);
}

TEST(Design, LatinHypercubeHitsEveryStratumOnce) {
  const int n = 37;
  const std::size_t k = 5;
  const std::vector<int> counts(k, 0);
  const std::vector<double> points = unit_design(spec_of(DesignMethod::lhs, n, 11), counts);
  ASSERT_EQ(points.size(), n * k);
  for (double x : points) ASSERT_TRUE(x >= 0 && x < 1) << x;
  for (std::size_t c = 0; c < k; ++c) EXPECT_EQ(strata_counts(points, k, n, c, n), std::vector<int>(n, 1)) << c;
  // the strata are permuted independently: two columns do not list them in the same order
  EXPECT_NE(stratum_of(points[0], n) * n + stratum_of(points[k], n),
            stratum_of(points[1], n) * n + stratum_of(points[k + 1], n));
}

TEST(Design, LatinHypercubeIsAFunctionOfItsSeed) {
  const std::vector<int> counts(5, 0);
  const std::vector<double> a = unit_design(spec_of(DesignMethod::lhs, 37, 11), counts);
  EXPECT_EQ(unit_design(spec_of(DesignMethod::lhs, 37, 11), counts), a);
  const std::vector<double> b = unit_design(spec_of(DesignMethod::lhs, 37, 12), counts);
  ASSERT_EQ(b.size(), a.size());
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  EXPECT_EQ(same, 0u);
}

/// Checks Saltelli's layout for every base row: AB^i is A but column i from B, BA^i the reverse.
void expect_saltelli_layout(const std::vector<double>& points, std::size_t k, std::size_t n, bool second_order) {
  const std::size_t block = second_order ? 2 * k + 2 : k + 2;
  ASSERT_EQ(points.size(), n * block * k);
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t a = j * block, b = a + block - 1;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t c = 0; c < k; ++c) {
        EXPECT_EQ(at(points, k, a + 1 + i, c), at(points, k, c == i ? b : a, c)) << j << " AB^" << i << " col " << c;
        if (second_order) {
          EXPECT_EQ(at(points, k, a + 1 + k + i, c), at(points, k, c == i ? a : b, c)) << j << " BA^" << i;
        }
      }
    }
  }
}

TEST(Design, SobolFollowsSaltellisLayout) {
  const std::size_t k = 4, n = 16;
  DesignSpec spec = spec_of(DesignMethod::sobol, n);
  expect_saltelli_layout(unit_design(spec, std::vector<int>(k, 0)), k, n, false);
  spec.second_order = true;
  spec.seed = 5;
  expect_saltelli_layout(unit_design(spec, std::vector<int>(k, 0)), k, n, true);
}

TEST(Design, SobolStartsAtTheSequencesSecondPoint) {
  // Point 0 of a Sobol' sequence is the origin; point 1 is 1/2 in every dimension, point 2 is 1/4 or 3/4.
  const std::size_t k = 2;
  const std::vector<double> points = unit_design(spec_of(DesignMethod::sobol, 2), std::vector<int>(k, 0));
  const std::size_t block = k + 2;
  for (std::size_t c = 0; c < k; ++c) {
    EXPECT_EQ(at(points, k, 0, c), 0.5);                       // A_0
    EXPECT_EQ(at(points, k, block - 1, c), 0.5);               // B_0
    EXPECT_EQ(std::abs(at(points, k, block, c) - 0.5), 0.25);  // A_1
  }
  for (double x : points) EXPECT_TRUE(x >= 0 && x < 1) << x;
}

TEST(Design, SobolColumnsAreEven) {
  const std::size_t k = 5, n = 1024, block = k + 2;
  const std::vector<double> points = unit_design(spec_of(DesignMethod::sobol, n), std::vector<int>(k, 0));
  for (std::size_t c = 0; c < k; ++c) {
    double sum_a = 0, sum_b = 0;
    for (std::size_t j = 0; j < n; ++j) {
      sum_a += at(points, k, j * block, c);
      sum_b += at(points, k, j * block + block - 1, c);
    }
    EXPECT_NEAR(sum_a / n, 0.5, 1e-3) << c;
    EXPECT_NEAR(sum_b / n, 0.5, 1e-3) << c;
  }
}

TEST(Design, SobolShiftMovesPointsAndKeepsTheirStratification) {
  // Points 1..2^m of the sequence hit all but at most one of the 2^m dyadic intervals of each
  // dimension (points 0..2^m - 1 would hit each once). The digital shift XORs the leading m bits,
  // a permutation of those intervals: the counts move between intervals but keep their pattern.
  const std::size_t k = 3, n = 64, block = k + 2;
  const std::vector<int> counts(k, 0);
  const std::vector<double> plain = unit_design(spec_of(DesignMethod::sobol, n), counts);
  const std::vector<double> shifted = unit_design(spec_of(DesignMethod::sobol, n, 99), counts);
  EXPECT_EQ(unit_design(spec_of(DesignMethod::sobol, n, 99), counts), shifted);
  EXPECT_NE(plain, shifted);
  EXPECT_NE(unit_design(spec_of(DesignMethod::sobol, n, 100), counts), shifted);
  std::vector<double> a_plain, a_shifted;  // A and B rows: the 2k dimensions of the sequence
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t row : {j * block, j * block + block - 1}) {
      for (std::size_t c = 0; c < k; ++c) {
        a_plain.push_back(at(plain, k, row, c));
        a_shifted.push_back(at(shifted, k, row, c));
      }
    }
  }
  for (std::size_t d = 0; d < 2 * k; ++d) {
    const std::vector<int> before = strata_counts(a_plain, 2 * k, n, d, n);
    const std::vector<int> after = strata_counts(a_shifted, 2 * k, n, d, n);
    EXPECT_GE(std::count(before.begin(), before.end(), 1), static_cast<long>(n) - 2) << d;
    bool permuted = false;
    for (std::size_t s = 0; s < n && !permuted; ++s) {
      permuted = true;
      for (std::size_t i = 0; i < n; ++i) permuted = permuted && after[i ^ s] == before[i];
    }
    EXPECT_TRUE(permuted) << "dimension " << d << ": the shifted counts are not the plain ones XOR-permuted";
  }
  for (double x : shifted) EXPECT_TRUE(x >= 0 && x < 1) << x;
}

TEST(Design, SobolRefusesMoreThanTwentyParameters) {
  DesignSpec spec = spec_of(DesignMethod::sobol, 2);
  EXPECT_EQ(unit_design(spec, std::vector<int>(20, 0)).size(), 2u * 22 * 20);
  try {
    unit_design(spec, std::vector<int>(21, 0));
    FAIL() << "21 parameters accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("at most 20"), std::string::npos) << e.what();
  }
}

void expect_morris_trajectories(int levels, std::size_t k, int trajectories) {
  DesignSpec spec = spec_of(DesignMethod::morris, trajectories, 3);
  spec.levels = levels;
  const std::vector<double> points = unit_design(spec, std::vector<int>(k, 0));
  const double delta = levels / (2.0 * (levels - 1));
  std::set<std::size_t> first_moved;
  int up = 0, down = 0;
  for (int t = 0; t < trajectories; ++t) {
    std::vector<int> moves(k, 0);
    for (std::size_t row = 1; row <= k; ++row) {
      const std::size_t r = t * (k + 1) + row;
      int changed = 0;
      for (std::size_t c = 0; c < k; ++c) {
        const double step = at(points, k, r, c) - at(points, k, r - 1, c);
        if (step == 0) continue;
        ++changed;
        ++moves[c];
        EXPECT_NEAR(std::abs(step), delta, 1e-12);
        (step > 0 ? up : down) += 1;
        if (row == 1) first_moved.insert(c);
      }
      EXPECT_EQ(changed, 1) << "trajectory " << t << " row " << row;
    }
    EXPECT_EQ(moves, std::vector<int>(k, 1)) << "trajectory " << t;
  }
  for (double x : points) {
    const double index = x * (levels - 1);
    EXPECT_EQ(x, std::round(index) / (levels - 1)) << x;
    EXPECT_TRUE(index >= -1e-12 && index <= levels - 1 + 1e-12) << x;
  }
  EXPECT_GT(first_moved.size(), 1u);  // a random order of parameters
  EXPECT_GT(up, 0);                   // random directions
  EXPECT_GT(down, 0);
}

TEST(Design, MorrisTrajectoriesMoveEachParameterOnceByDelta) {
  expect_morris_trajectories(4, 5, 12);
  expect_morris_trajectories(6, 3, 12);
  expect_morris_trajectories(2, 4, 12);
}

TEST(Design, MorrisRefusesOddLevels) {
  for (int levels : {3, 5, 1, 0}) {
    DesignSpec spec = spec_of(DesignMethod::morris, 4);
    spec.levels = levels;
    EXPECT_THROW(unit_design(spec, {0, 0}), std::invalid_argument) << levels;
    EXPECT_THROW(design_size(spec, {0, 0}), std::invalid_argument) << levels;
  }
}

TEST(Design, FileAndEmptySpecsAreRefused) {
  EXPECT_THROW(unit_design(spec_of(DesignMethod::file, 4), {0}), std::invalid_argument);
  EXPECT_THROW(design_size(spec_of(DesignMethod::file, 4), {0}), std::invalid_argument);
  EXPECT_THROW(unit_design(spec_of(DesignMethod::lhs, 0), {0}), std::invalid_argument);
  EXPECT_THROW(unit_design(spec_of(DesignMethod::morris, 3), {}), std::invalid_argument);
  DesignSpec grid = spec_of(DesignMethod::grid, 0);
  grid.levels = 1;
  EXPECT_THROW(unit_design(grid, {0, 2}), std::invalid_argument);
  EXPECT_EQ(unit_design(grid, {2}), (std::vector<double>{0.25, 0.75}));  // levels unused: all discrete
}

/// Every value's name reads back as that value; `unknown` is no value's name.
template <typename Enum>
void expect_names_round_trip(std::initializer_list<Enum> all, bool (*parse)(const std::string&, Enum&),
                             const char* (*name)(Enum), const char* unknown) {
  for (Enum value : all) {
    Enum back = *std::prev(all.end()) == value ? *all.begin() : *std::prev(all.end());
    ASSERT_TRUE(parse(name(value), back)) << name(value);
    EXPECT_EQ(back, value) << name(value);
  }
  Enum unused;
  EXPECT_FALSE(parse(unknown, unused)) << unknown;
}

TEST(Design, NamesRoundTrip) {
  expect_names_round_trip(
      {DesignMethod::grid, DesignMethod::lhs, DesignMethod::sobol, DesignMethod::morris, DesignMethod::file},
      design_method, design_method_name, "saltelli");
  expect_names_round_trip({DistributionKind::uniform, DistributionKind::log_uniform, DistributionKind::normal,
                           DistributionKind::triangular, DistributionKind::discrete},
                          distribution_kind, distribution_name, "gaussian");
  EXPECT_STREQ(design_method_name(DesignMethod::sobol), "sobol");
  EXPECT_STREQ(distribution_name(DistributionKind::log_uniform), "log_uniform");
}

}  // namespace
}  // namespace civicsim::io
