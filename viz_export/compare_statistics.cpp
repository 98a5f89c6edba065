// Paired differences between each arm and the baseline (common random numbers: replicate r of
// every arm ran with the same seed), and each arm's own level of every figure.
#include <cmath>
#include <map>
#include <tuple>

#include "viz_export/compare_data.hpp"
#include "viz_export/student_t.hpp"

namespace civicsim::viz::compare {

Interval interval_of(const std::vector<double>& sample) {
  Interval out;
  out.n = static_cast<std::int64_t>(sample.size());
  if (sample.empty()) return out;
  double sum = 0.0;
  for (double x : sample) sum += x;
  out.mean = sum / static_cast<double>(sample.size());
  if (sample.size() < 2) return out;
  // Two passes: the squares of deviations, not of values (no cancellation for large means).
  double squares = 0.0;
  for (double x : sample) squares += (x - out.mean) * (x - out.mean);
  out.sd = std::sqrt(squares / static_cast<double>(sample.size() - 1));
  const double half = student_t_quantile(0.975, static_cast<double>(sample.size() - 1)) * out.sd /
                      std::sqrt(static_cast<double>(sample.size()));
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

Pairs pair_up(const Sweep& s, int baseline) {
  const int arms = static_cast<int>(s.arms.size());
  const int points = static_cast<int>(s.grid_points.size());
  const std::size_t figures = s.figures.size();

  // The done run of each (arm, point, replicate); a duplicate in the table keeps the first.
  std::map<std::tuple<int, int, int>, std::size_t> done;
  for (std::size_t r = 0; r < s.runs(); ++r) {
    if (s.done(r)) done.emplace(std::make_tuple(s.arm[r], s.point[r], s.replicate[r]), r);
  }
  const auto run_of = [&](int a, int p, int rep) -> long {
    const auto it = done.find(std::make_tuple(a, p, rep));
    return it == done.end() ? -1 : static_cast<long>(it->second);
  };

  Pairs out;
  out.levels.reserve(static_cast<std::size_t>(arms) * points * figures);
  std::vector<double> sample;
  for (int a = 0; a < arms; ++a) {
    for (int p = 0; p < points; ++p) {
      for (std::size_t f = 0; f < figures; ++f) {
        sample.clear();
        for (int rep = 0; rep < s.replicates; ++rep) {
          const long run = run_of(a, p, rep);
          if (run >= 0 && std::isfinite(s.value(run, f))) sample.push_back(s.value(run, f));
        }
        out.levels.push_back(Level{a, p, static_cast<int>(f), interval_of(sample)});
      }
    }
  }

  std::vector<double> arm_values, base_values;
  for (int a = 0; a < arms; ++a) {
    if (a == baseline) continue;
    for (int p = 0; p < points; ++p) {
      for (std::size_t f = 0; f < figures; ++f) {
        sample.clear();
        arm_values.clear();
        base_values.clear();
        for (int rep = 0; rep < s.replicates; ++rep) {
          const long run = run_of(a, p, rep), base = run_of(baseline, p, rep);
          if (run < 0 || base < 0) continue;
          const double x = s.value(run, f), y = s.value(base, f);
          if (!std::isfinite(x) || !std::isfinite(y)) continue;
          arm_values.push_back(x);
          base_values.push_back(y);
          sample.push_back(x - y);
        }
        Difference d;
        d.arm = a;
        d.point = p;
        d.figure = static_cast<int>(f);
        d.difference = interval_of(sample);
        d.arm_mean = interval_of(arm_values).mean;
        d.baseline_mean = interval_of(base_values).mean;
        if (std::isfinite(d.baseline_mean) && d.baseline_mean != 0.0) {
          d.relative_difference = d.difference.mean / d.baseline_mean;
        }
        out.differences.push_back(d);
      }
    }
  }
  return out;
}

const Difference* Pairs::difference(int arm, int point, int figure) const {
  for (const Difference& d : differences) {
    if (d.arm == arm && d.point == point && d.figure == figure) return &d;
  }
  return nullptr;
}

void compute_statistics(Comparison& c) {
  Pairs pairs = pair_up(c.sweep, c.baseline);
  c.differences = std::move(pairs.differences);
  c.levels = std::move(pairs.levels);
}

}  // namespace civicsim::viz::compare
