// civicsim's sensitivity estimators on a sample from elsewhere, for the peer check against SALib
// (tests/viz_export/salib_peer_test.py): reads X and Y as whitespace-separated numbers in SALib's
// layout (X: one row of K numbers per point, in the unit cube for morris; Y: one number per point)
// and prints the indices as CSV: parameter (0-based; "i|j" for S2), index, value, ci95_low, ci95_high.
//   sensitivity_peer sobol|sobol2|morris|srrc K X_FILE Y_FILE [RESAMPLES [SEED]]
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "viz_export/sensitivity_indices.hpp"

namespace {

using namespace civicsim::viz::sensitivity;

std::vector<double> numbers_of(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<double> out;
  for (double v; in >> v;) out.push_back(v);
  if (!in.eof()) throw std::runtime_error(path + ": not whitespace-separated numbers");
  return out;
}

void print(const std::string& parameter, const char* index, const Estimate& e) {
  std::printf("%s,%s,%.17g,%.17g,%.17g\n", parameter.c_str(), index, e.value, e.low, e.high);
}

void print_all(const char* index, const std::vector<Estimate>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) print(std::to_string(i), index, values[i]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5 || argc > 7) {
    std::fprintf(stderr, "usage: %s sobol|sobol2|morris|srrc K X_FILE Y_FILE [RESAMPLES [SEED]]\n", argv[0]);
    return 64;
  }
  const std::string method = argv[1];
  const int k = std::atoi(argv[2]);
  const Bootstrap bootstrap{argc > 5 ? std::atoi(argv[5]) : 1000, argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 0};
  try {
    const std::vector<double> x = numbers_of(argv[3]), y = numbers_of(argv[4]);
    std::printf("parameter,index,value,ci95_low,ci95_high\n");
    if (method == "sobol" || method == "sobol2") {
      const SobolIndices s = sobol_indices(y, k, method == "sobol2", bootstrap);
      print_all("S1", s.first);
      print_all("ST", s.total);
      for (int i = 0; i < k && !s.second.empty(); ++i) {
        for (int j = i + 1; j < k; ++j) print(std::to_string(i) + "|" + std::to_string(j), "S2", s.s2(i, j, k));
      }
    } else if (method == "morris") {
      const MorrisIndices m = morris_indices(x, y, k, bootstrap);
      print_all("mu_star", m.mu_star);
      print_all("mu", m.mu);
      print_all("sigma", m.sigma);
    } else if (method == "srrc") {
      const SrrcIndices s = srrc_indices(x, y, k, bootstrap);
      print_all("srrc", s.srrc);
      print("all", "r_squared", s.r_squared);
    } else {
      std::fprintf(stderr, "unknown method '%s' (sobol, sobol2, morris, srrc)\n", method.c_str());
      return 64;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 65;
  }
  return 0;
}
