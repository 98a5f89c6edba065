// The history-matching method (viz_export/calibrate.hpp): implausibility, the accepted region and
// the next wave's box, the posterior predictive.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "io/h5_reader.hpp"
#include "viz_export/calibrate.hpp"

namespace civicsim::viz::calibrate {

std::vector<double> Wave::samples(std::size_t point, std::size_t f) const {
  std::vector<double> out;
  for (std::size_t r = 0; r < run_point.size(); ++r) {
    const double x = run_figures[r * figures + f];
    if (run_point[r] == point && std::isfinite(x)) out.push_back(x);
  }
  return out;
}

PointFit fit_point(const std::vector<std::vector<double>>& samples, const std::vector<Observation>& targets,
                   double cutoff) {
  PointFit fit;
  fit.max_implausibility = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const std::vector<double>& x = samples[t];
    const int n = static_cast<int>(x.size());
    double mean = kNaN, variance = 0, implausibility = kInf;
    if (n > 0) {
      double sum = 0;
      for (double v : x) sum += v;
      mean = sum / n;
      double squares = 0;
      for (double v : x) squares += (v - mean) * (v - mean);
      variance = n > 1 ? squares / (n - 1) / n : 0.0;  // s^2 / R: the variance of the mean
      const double scale = std::sqrt(targets[t].sd * targets[t].sd + variance);
      implausibility = std::fabs(targets[t].observed - mean) / scale;
    }
    fit.replicates.push_back(n);
    fit.mean.push_back(mean);
    fit.mean_variance.push_back(variance);
    fit.implausibility.push_back(implausibility);
    fit.max_implausibility = std::max(fit.max_implausibility, implausibility);
  }
  fit.accepted = fit.max_implausibility <= cutoff;
  return fit;
}

std::vector<PointFit> fit_wave(const Wave& wave, const std::vector<Observation>& targets, double cutoff) {
  std::vector<PointFit> fits;
  fits.reserve(wave.points);
  for (std::size_t p = 0; p < wave.points; ++p) {
    std::vector<std::vector<double>> samples;
    for (std::size_t t = 0; t < targets.size(); ++t) samples.push_back(wave.samples(p, t));
    fits.push_back(fit_point(samples, targets, cutoff));
  }
  return fits;
}

Box unit_cube(std::size_t parameters) {
  return Box{std::vector<double>(parameters, 0.0), std::vector<double>(parameters, 1.0)};
}

namespace {

/// The number a discrete item stands for (the whole text a finite decimal number), or NaN.
double item_number(const std::string& item) {
  if (item.empty() || item.find_first_not_of("0123456789+-.eE") != std::string::npos) return kNaN;
  char* end = nullptr;
  errno = 0;
  const double x = std::strtod(item.c_str(), &end);
  return end == item.c_str() + item.size() && errno == 0 && std::isfinite(x) ? x : kNaN;
}

std::size_t item_index(const io::Distribution& prior, double u) {
  const double index = prior.quantile(std::min(1.0, std::max(0.0, u)));
  return std::min(prior.values.size() - 1, static_cast<std::size_t>(std::max(0.0, index)));
}

}  // namespace

double unit_of(const io::Distribution& prior, double value) {
  if (prior.kind == io::DistributionKind::discrete) {
    const std::size_t n = prior.values.size();
    for (std::size_t i = 0; i < n; ++i) {
      const double number = item_number(prior.values[i]);
      if (number == value || (std::isnan(number) && static_cast<double>(i) == value)) return (i + 0.5) / n;
    }
    return kNaN;
  }
  if (std::isnan(value)) return kNaN;
  // The smallest u with quantile(u) >= x: the value's place, or for a whole number the lower edge
  // of its cell of u.
  auto edge = [&prior](double x) {
    if (!(x > prior.quantile(0.0))) return 0.0;
    if (!(x <= prior.quantile(1.0))) return 1.0;
    double lo = 0.0, hi = 1.0;  // quantile(lo) < x <= quantile(hi)
    for (int i = 0; i < 50; ++i) {
      const double mid = 0.5 * (lo + hi);
      (prior.quantile(mid) >= x ? hi : lo) = mid;
    }
    return hi;
  };
  if (prior.integer) return 0.5 * (edge(value) + edge(value + 1));  // the middle of the whole number's cell
  return edge(value);
}

double value_of(const io::Distribution& prior, double u) {
  if (prior.kind != io::DistributionKind::discrete) return prior.quantile(u);
  const std::size_t i = item_index(prior, u);
  const double number = item_number(prior.values[i]);
  return std::isnan(number) ? static_cast<double>(i) : number;
}

std::string design_text(const io::Distribution& prior, double u) {
  if (prior.kind == io::DistributionKind::discrete) return prior.values[item_index(prior, u)];
  return io::h5::format_double(prior.quantile(u));
}

std::pair<double, double> prior_range(const io::Distribution& prior) {
  if (prior.kind != io::DistributionKind::discrete) return {prior.quantile(0.0), prior.quantile(1.0)};
  double lo = kInf, hi = -kInf;
  for (std::size_t i = 0; i < prior.values.size(); ++i) {
    const double v = value_of(prior, (i + 0.5) / prior.values.size());
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return {lo, hi};
}

Box next_box(const std::vector<double>& accepted_unit, std::size_t parameters, const Box& current, int samples) {
  Box box{std::vector<double>(parameters, kInf), std::vector<double>(parameters, -kInf)};
  for (std::size_t i = 0; i * parameters < accepted_unit.size(); ++i) {
    for (std::size_t k = 0; k < parameters; ++k) {
      box.low[k] = std::min(box.low[k], accepted_unit[i * parameters + k]);
      box.high[k] = std::max(box.high[k], accepted_unit[i * parameters + k]);
    }
  }
  for (std::size_t k = 0; k < parameters; ++k) {
    const double half_stratum = 0.5 * (current.high[k] - current.low[k]) / std::max(1, samples);
    box.low[k] = std::max(0.0, box.low[k] - half_stratum);
    box.high[k] = std::min(1.0, box.high[k] + half_stratum);
  }
  return box;
}

std::vector<double> into_box(const Box& box, const std::vector<double>& unit) {
  const std::size_t k = box.low.size();
  std::vector<double> out(unit.size());
  for (std::size_t i = 0; i < unit.size(); ++i) {
    const std::size_t j = i % k;
    out[i] = box.low[j] + unit[i] * (box.high[j] - box.low[j]);
  }
  return out;
}

WaveSummary summarise_wave(int wave, const std::vector<Parameter>& parameters, const Wave& data,
                           const std::vector<PointFit>& fits) {
  WaveSummary s;
  s.wave = wave;
  s.points = data.points;
  const std::size_t k = parameters.size();
  s.accepted_low.assign(k, kNaN);
  s.accepted_high.assign(k, kNaN);
  for (std::size_t p = 0; p < fits.size(); ++p) {
    const PointFit& fit = fits[p];
    if (!fit.replicates.empty() && *std::min_element(fit.replicates.begin(), fit.replicates.end()) > 0)
      ++s.points_with_runs;
    if (fit.max_implausibility < s.best_implausibility) {
      s.best_implausibility = fit.max_implausibility;
      s.best_point = p;
    }
    if (!fit.accepted) continue;
    ++s.accepted;
    s.accepted_points.push_back(p);
    for (std::size_t j = 0; j < k; ++j) {
      const double v = data.value(p, j);
      s.accepted_low[j] = s.accepted == 1 ? v : std::min(s.accepted_low[j], v);
      s.accepted_high[j] = s.accepted == 1 ? v : std::max(s.accepted_high[j], v);
      s.accepted_unit.push_back(unit_of(parameters[j].prior, v));
    }
  }
  for (std::size_t j = 0; j < k; ++j) {
    const auto [low, high] = prior_range(parameters[j].prior);
    s.shrinkage.push_back(high > low ? (s.accepted_high[j] - s.accepted_low[j]) / (high - low) : kNaN);
  }
  return s;
}

double percentile(std::vector<double> sample, double p) {
  if (sample.empty()) return kNaN;
  std::sort(sample.begin(), sample.end());
  const double h = (sample.size() - 1) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sample.size()) return sample.back();
  return sample[lo] + (h - lo) * (sample[lo + 1] - sample[lo]);
}

std::vector<Predictive> predictive(const Wave& wave, const std::vector<Observation>& observations,
                                   const std::vector<std::size_t>& accepted_points) {
  std::vector<Predictive> out;
  for (std::size_t f = 0; f < observations.size(); ++f) {
    Predictive pred;
    pred.observation = observations[f];
    std::vector<double> values;
    for (std::size_t p : accepted_points) {
      const std::vector<double> x = wave.samples(p, f);
      values.insert(values.end(), x.begin(), x.end());
    }
    pred.runs = values.size();
    if (!values.empty()) {
      double sum = 0;
      for (double v : values) sum += v;
      pred.mean = sum / values.size();
      pred.low = percentile(values, 0.025);
      pred.high = percentile(values, 0.975);
      pred.inside = pred.low <= pred.observation.observed && pred.observation.observed <= pred.high;
    }
    out.push_back(pred);
  }
  return out;
}

std::string describe_box(const Box& box) {
  std::string text;
  for (std::size_t k = 0; k < box.low.size(); ++k)
    text += (k ? " x [" : "[") + io::h5::format_double(box.low[k]) + ", " + io::h5::format_double(box.high[k]) + "]";
  return text;
}

std::string design_file_text(const std::vector<Parameter>& parameters, const std::vector<double>& unit,
                             const std::string& comment) {
  std::string text = "# " + comment + "\n";
  for (std::size_t k = 0; k < parameters.size(); ++k) text += (k ? " " : "") + parameters[k].key;
  text += "\n";
  const std::size_t n = parameters.empty() ? 0 : unit.size() / parameters.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < parameters.size(); ++k)
      text += (k ? " " : "") + design_text(parameters[k].prior, unit[i * parameters.size() + k]);
    text += "\n";
  }
  return text;
}

}  // namespace civicsim::viz::calibrate
