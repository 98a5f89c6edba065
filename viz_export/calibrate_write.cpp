// calibration.csv, posterior.csv and calibration.h5 of `civicsim calibrate`, each written under a
// temporary name and renamed when complete.
#include <filesystem>

#include "civicsim_version.hpp"
#include "io/h5_file.hpp"
#include "io/h5_reader.hpp"
#include "io/h5_write.hpp"
#include "io/output_error.hpp"
#include "viz_export/calibrate_files.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz::calibrate {
namespace {

namespace w = io::h5;
using compare::AtomicText;
using compare::csv_field;

std::string number(double x) { return w::format_double(x); }

/// Each figure's mean over the done replicates of a point (the fit's E for targets).
std::vector<double> point_means(const Calibration& c, std::size_t point) {
  std::vector<double> means;
  for (std::size_t f = 0; f < c.observations.size(); ++f) {
    const std::vector<double> x = c.last.samples(point, f);
    double sum = 0;
    for (double v : x) sum += v;
    means.push_back(x.empty() ? kNaN : sum / x.size());
  }
  return means;
}

const std::vector<std::size_t>& accepted(const Calibration& c) { return c.waves.back().accepted_points; }

template <class T>
void dataset(hid_t file, const std::string& path, const std::vector<T>& values, const std::vector<hsize_t>& shape,
             const std::string& units, const std::string& description) {
  w::Handle d = w::create_dataset(file, path, w::TypeOf<T>::file(), shape, w::Storage{}, units, description);
  w::write_all(d.get(), values);
}

void strings(hid_t file, const std::string& path, const std::vector<std::string>& values,
             const std::string& description) {
  w::Handle type = w::utf8_string_type();
  w::Handle d = w::create_dataset(file, path, type.get(), {values.size()}, w::Storage{}, "1", description);
  w::write_all(d.get(), values);
}

void write_parameters(hid_t file, const Calibration& c) {
  std::vector<std::string> keys, priors;
  std::vector<double> low, high;
  for (const Parameter& p : c.parameters) {
    keys.push_back(p.key);
    priors.push_back(p.prior.describe());
    low.push_back(prior_range(p.prior).first);
    high.push_back(prior_range(p.prior).second);
  }
  w::create_group(file, "/parameter");
  strings(file, "/parameter/key", keys, "the dotted scenario keys calibrated (the sweep's parameters)");
  strings(file, "/parameter/prior", priors, "each parameter's prior distribution");
  dataset(file, "/parameter/prior_low", low, {low.size()}, "1", "the prior's lowest value");
  dataset(file, "/parameter/prior_high", high, {high.size()}, "1", "the prior's highest value");
}

void write_waves(hid_t file, const Calibration& c) {
  const std::size_t waves = c.waves.size(), k = c.parameters.size();
  std::vector<std::int64_t> points, accepted_points;
  std::vector<double> best, low, high, shrink;
  for (const WaveSummary& s : c.waves) {
    points.push_back(static_cast<std::int64_t>(s.points));
    accepted_points.push_back(static_cast<std::int64_t>(s.accepted));
    best.push_back(s.best_implausibility);
    for (std::size_t j = 0; j < k; ++j) {
      low.push_back(s.accepted_low[j]);
      high.push_back(s.accepted_high[j]);
      shrink.push_back(s.shrinkage[j]);
    }
  }
  w::create_group(file, "/wave");
  dataset(file, "/wave/points", points, {waves}, "1", "design points of the wave");
  dataset(file, "/wave/accepted_points", accepted_points, {waves}, "1", "non-implausible points (max I <= cutoff)");
  dataset(file, "/wave/best_implausibility", best, {waves}, "1", "the smallest max implausibility of the wave");
  dataset(file, "/wave/accepted_low", low, {waves, k}, "1", "smallest value of each parameter over accepted points");
  dataset(file, "/wave/accepted_high", high, {waves, k}, "1", "largest value of each parameter over accepted points");
  dataset(file, "/wave/shrinkage", shrink, {waves, k}, "1", "accepted range width / prior range width");
}

void write_posterior(hid_t file, const Calibration& c) {
  const std::size_t n = accepted(c).size(), k = c.parameters.size(), f = c.observations.size();
  std::vector<std::int64_t> point;
  std::vector<double> values, implausibility, figures;
  for (std::size_t p : accepted(c)) {
    point.push_back(static_cast<std::int64_t>(p));
    implausibility.push_back(c.last_fits[p].max_implausibility);
    for (std::size_t j = 0; j < k; ++j) values.push_back(c.last.value(p, j));
    for (double m : point_means(c, p)) figures.push_back(m);
  }
  w::create_group(file, "/posterior");
  dataset(file, "/posterior/point", point, {n}, "1", "design point of the last wave");
  dataset(file, "/posterior/values", values, {n, k}, "1", "its parameter values (columns: /parameter/key)");
  dataset(file, "/posterior/max_implausibility", implausibility, {n}, "1", "its largest implausibility");
  dataset(file, "/posterior/figures", figures, {n, f}, "1",
          "each figure's mean over its done replicates (columns: /predictive/figure)");
}

void write_predictive(hid_t file, const Calibration& c) {
  const std::size_t f = c.predictive.size();
  std::vector<std::string> figure, role;
  std::vector<double> observed, sd, mean, low, high;
  std::vector<std::int64_t> runs;
  std::vector<std::int8_t> inside;
  for (const Predictive& p : c.predictive) {
    figure.push_back(p.observation.figure);
    role.push_back(p.observation.target ? "target" : "heldout");
    observed.push_back(p.observation.observed);
    sd.push_back(p.observation.target ? p.observation.sd : kNaN);
    runs.push_back(static_cast<std::int64_t>(p.runs));
    mean.push_back(p.mean);
    low.push_back(p.low);
    high.push_back(p.high);
    inside.push_back(p.inside ? 1 : 0);
  }
  w::create_group(file, "/predictive");
  strings(file, "/predictive/figure", figure, "<figure>/<scope> of sweep.h5's /table/figure");
  strings(file, "/predictive/role", role, "target (matched) or heldout (only predicted)");
  dataset(file, "/predictive/observed", observed, {f}, "1", "the observed value");
  dataset(file, "/predictive/sd", sd, {f}, "1", "a target's observation standard deviation (NaN: held out)");
  dataset(file, "/predictive/runs", runs, {f}, "1", "done runs of the accepted points with a value");
  dataset(file, "/predictive/mean", mean, {f}, "1", "mean over those runs");
  dataset(file, "/predictive/low", low, {f}, "1", "2.5th percentile over those runs");
  dataset(file, "/predictive/high", high, {f}, "1", "97.5th percentile over those runs");
  dataset(file, "/predictive/inside", inside, {f}, "1", "1 when low <= observed <= high");
}

}  // namespace

std::string write_calibration_csv(const Calibration& c, const std::string& dir) {
  AtomicText file(dir, "calibration.csv");
  file.line("wave,parameter,prior_low,prior_high,accepted_low,accepted_high,accepted_points,points,shrinkage");
  for (const WaveSummary& s : c.waves) {
    for (std::size_t k = 0; k < c.parameters.size(); ++k) {
      const auto [low, high] = prior_range(c.parameters[k].prior);
      file.line(std::to_string(s.wave) + "," + csv_field(c.parameters[k].key) + "," + number(low) + "," + number(high) +
                "," + number(s.accepted_low[k]) + "," + number(s.accepted_high[k]) + "," + std::to_string(s.accepted) +
                "," + std::to_string(s.points) + "," + number(s.shrinkage[k]));
    }
  }
  return file.commit();
}

std::string write_posterior_csv(const Calibration& c, const std::string& dir) {
  AtomicText file(dir, "posterior.csv");
  std::string header = "point,max_implausibility";
  for (const Parameter& p : c.parameters) header += "," + csv_field(p.key);
  for (const Observation& o : c.observations) header += "," + csv_field(o.figure);
  file.line(header);
  for (std::size_t p : accepted(c)) {
    std::string line = std::to_string(p) + "," + number(c.last_fits[p].max_implausibility);
    for (std::size_t k = 0; k < c.parameters.size(); ++k) line += "," + number(c.last.value(p, k));
    for (double m : point_means(c, p)) line += "," + number(m);
    file.line(line);
  }
  return file.commit();
}

std::string write_calibration_h5(const Calibration& c, const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "calibration.h5").string();
  w::AtomicFile file(path, /*force=*/true);
  {
    w::Handle root = w::open_group(file.id(), "/");
    w::write_attribute(root.get(), "civicsim_version", std::string(CIVICSIM_VERSION));
    w::write_attribute(root.get(), "git_sha", std::string(CIVICSIM_GIT_SHA));
    w::write_attribute(root.get(), "scenario_name", c.scenario_name);
    w::write_attribute(root.get(), "cutoff", c.cutoff);
    w::write_attribute(root.get(), "waves", static_cast<std::int64_t>(c.waves.size()));
  }
  write_parameters(file.id(), c);
  write_waves(file.id(), c);
  write_posterior(file.id(), c);
  write_predictive(file.id(), c);
  file.publish();
  return path;
}

}  // namespace civicsim::viz::calibrate
