// The history-matching method of `civicsim calibrate` (viz_export/calibrate.hpp) on synthetic
// waves: implausibility by hand, the accepted region and the box it gives the next wave, the
// case where nothing is accepted, and the posterior predictive.
#include "viz_export/calibrate.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace civicsim::viz::calibrate {
namespace {

io::Distribution uniform(double low, double high) {
  io::Distribution d;
  d.kind = io::DistributionKind::uniform;
  d.low = low;
  d.high = high;
  return d;
}

Observation target(const std::string& figure, double observed, double sd) { return {figure, observed, sd, true}; }

TEST(CalibrateMethod, ImplausibilityByHand) {
  // Two replicates 0.40 and 0.42: E = 0.41, s^2 = 0.0002, s^2 / R = 0.0001.
  // I = |0.42 - 0.41| / sqrt(0.01^2 + 0.0001) = 0.01 / sqrt(0.0002) = 1 / sqrt(2).
  // One replicate 0.5 against 0.9 with sd 0.1: no replicate variance, I = 0.4 / 0.1 = 4.
  const std::vector<Observation> targets = {target("adoption/all", 0.42, 0.01),
                                            target("hotline_answer_rate/all", 0.9, 0.1)};
  const PointFit fit = fit_point({{0.40, 0.42}, {0.5}}, targets, 3.0);
  ASSERT_EQ(fit.implausibility.size(), 2u);
  EXPECT_EQ(fit.replicates, (std::vector<int>{2, 1}));
  EXPECT_NEAR(fit.mean[0], 0.41, 1e-15);
  EXPECT_NEAR(fit.mean_variance[0], 0.0001, 1e-15);
  EXPECT_NEAR(fit.implausibility[0], 1 / std::sqrt(2.0), 1e-12);
  EXPECT_EQ(fit.mean_variance[1], 0.0);
  EXPECT_NEAR(fit.implausibility[1], 4.0, 1e-12);
  EXPECT_NEAR(fit.max_implausibility, 4.0, 1e-12);
  EXPECT_FALSE(fit.accepted);  // 4 > 3
  EXPECT_TRUE(fit_point({{0.40, 0.42}, {0.5}}, targets, 4.0 + 1e-9).accepted);
}

TEST(CalibrateMethod, APointWithoutRunsIsNeverAccepted) {
  const PointFit fit = fit_point({{}}, {target("adoption/all", 0.42, 0.01)}, 1e300);
  EXPECT_EQ(fit.replicates[0], 0);
  EXPECT_TRUE(std::isnan(fit.mean[0]));
  EXPECT_TRUE(std::isinf(fit.max_implausibility));
  EXPECT_FALSE(fit.accepted);
}

TEST(CalibrateMethod, UnitCoordinatesInvertTheQuantile) {
  const io::Distribution u = uniform(0.05, 1.5);
  EXPECT_NEAR(unit_of(u, 0.4), (0.4 - 0.05) / 1.45, 1e-14);
  EXPECT_EQ(unit_of(u, 0.05), 0.0);
  EXPECT_EQ(unit_of(u, 1.5), 1.0);
  EXPECT_EQ(unit_of(u, -3.0), 0.0);  // outside the prior: clipped
  io::Distribution log = uniform(0.01, 100);
  log.kind = io::DistributionKind::log_uniform;
  EXPECT_NEAR(unit_of(log, 1.0), 0.5, 1e-12);  // the geometric middle
  io::Distribution normal = uniform(0.2, 0.6);
  normal.kind = io::DistributionKind::normal;
  normal.mean = 0.4;
  normal.sd = 0.05;
  for (double x : {0.25, 0.4, 0.43, 0.59}) EXPECT_NEAR(normal.quantile(unit_of(normal, x)), x, 1e-12) << x;
  io::Distribution items;
  items.kind = io::DistributionKind::discrete;
  items.values = {"2", "8", "16", "32"};
  EXPECT_DOUBLE_EQ(unit_of(items, 16), 2.5 / 4);  // the item's stratum centre
  EXPECT_DOUBLE_EQ(value_of(items, 2.5 / 4), 16);
  EXPECT_EQ(design_text(items, 0.99), "32");
  EXPECT_TRUE(std::isnan(unit_of(items, 3)));
  EXPECT_EQ(prior_range(items), (std::pair<double, double>{2, 32}));
  items.values = {"text", "voice", "video"};  // not numbers: the values are their indices
  EXPECT_DOUBLE_EQ(unit_of(items, 1), 1.5 / 3);
  EXPECT_DOUBLE_EQ(value_of(items, 0.9), 2);
  EXPECT_EQ(design_text(items, 0.9), "video");
}

TEST(CalibrateMethod, NextBoxIsTheAcceptedBoxWidenedByHalfAStratum) {
  // Two parameters; accepted points (0.3, 0.9) and (0.5, 0.95) of a 10-point design over the cube:
  // half a stratum is 0.05.
  const Box next = next_box({0.3, 0.9, 0.5, 0.95}, 2, unit_cube(2), 10);
  EXPECT_NEAR(next.low[0], 0.25, 1e-15);
  EXPECT_NEAR(next.high[0], 0.55, 1e-15);
  EXPECT_NEAR(next.low[1], 0.85, 1e-15);
  EXPECT_EQ(next.high[1], 1.0);  // 1.0 clipped
  // A narrower box of 4 points: its strata are 0.1 wide. One accepted point: a box one stratum wide.
  const Box narrower = next_box({0.42}, 1, Box{{0.2}, {0.6}}, 4);
  EXPECT_NEAR(narrower.low[0], 0.37, 1e-15);
  EXPECT_NEAR(narrower.high[0], 0.47, 1e-15);
  EXPECT_NEAR(next_box({0.01}, 1, unit_cube(1), 10).low[0], 0.0, 0.0);
  // Unit points scaled into a box.
  const std::vector<double> in = into_box(Box{{0.25, 0.5}, {0.75, 1.0}}, {0.0, 0.5, 1.0, 1.0});
  EXPECT_EQ(in, (std::vector<double>{0.25, 0.75, 0.75, 1.0}));
}

/// A wave whose figure is q itself, measured without noise at `qs` (two identical replicates).
Wave exact_wave(const std::vector<double>& qs) {
  Wave w;
  w.points = qs.size();
  w.parameters = 1;
  w.values = qs;
  w.figures = 1;
  for (std::size_t p = 0; p < qs.size(); ++p) {
    for (int r = 0; r < 2; ++r) {
      w.run_point.push_back(p);
      w.run_figures.push_back(qs[p]);
    }
  }
  return w;
}

TEST(CalibrateMethod, WavesShrinkAroundTheTruth) {
  // The figure equals q; observed 0.4 with sd 0.05 and cut-off 3 accepts q in [0.25, 0.55]. Each
  // wave samples the stratum centres of its box. Wave 1 (q = 0.1225, 0.2675, ...) accepts 0.2675 and
  // 0.4125 (units 0.15, 0.25): box [0.1, 0.3]. Wave 2 accepts units 0.15 .. 0.29: box [0.14, 0.30],
  // inside the non-implausible region, where it stays.
  const std::vector<Parameter> parameters = {{"citizens.adoption.q", uniform(0.05, 1.5)}};
  const std::vector<Observation> targets = {target("adoption/all", 0.4, 0.05)};
  const double truth = unit_of(parameters[0].prior, 0.4);
  const std::vector<std::pair<double, double>> boxes = {{0.1, 0.3}, {0.14, 0.30}, {0.14, 0.30}};
  Box box = unit_cube(1);
  for (int wave = 1; wave <= 3; ++wave) {
    const int n = 10;
    std::vector<double> unit;
    for (int i = 0; i < n; ++i) unit.push_back((i + 0.5) / n);
    std::vector<double> qs;
    for (double u : into_box(box, unit)) qs.push_back(value_of(parameters[0].prior, u));
    const Wave w = exact_wave(qs);
    const WaveSummary s = summarise_wave(wave, parameters, w, fit_wave(w, targets, 3.0));
    ASSERT_GT(s.accepted, 0u) << "wave " << wave;
    EXPECT_GE(s.accepted_low[0], 0.25 - 1e-12);
    EXPECT_LE(s.accepted_high[0], 0.55 + 1e-12);
    EXPECT_LE(s.accepted_low[0], 0.4);
    EXPECT_GE(s.accepted_high[0], 0.4);
    EXPECT_NEAR(s.shrinkage[0], (s.accepted_high[0] - s.accepted_low[0]) / 1.45, 1e-15);
    const Box next = next_box(s.accepted_unit, 1, box, n);
    EXPECT_NEAR(next.low[0], boxes[wave - 1].first, 1e-9) << "wave " << wave;
    EXPECT_NEAR(next.high[0], boxes[wave - 1].second, 1e-9) << "wave " << wave;
    EXPECT_LE(next.high[0] - next.low[0], box.high[0] - box.low[0] + 1e-12);
    EXPECT_LT(next.low[0], truth);
    EXPECT_GT(next.high[0], truth);
    box = next;
  }
}

TEST(CalibrateMethod, NothingAcceptedNamesTheBestPoint) {
  const std::vector<Parameter> parameters = {{"q", uniform(0, 1)}};
  const Wave w = exact_wave({0.1, 0.7, 0.3});
  const WaveSummary s = summarise_wave(1, parameters, w, fit_wave(w, {target("f", 0.9, 0.01)}, 3.0));
  EXPECT_EQ(s.accepted, 0u);
  EXPECT_EQ(s.points, 3u);
  EXPECT_EQ(s.points_with_runs, 3u);
  EXPECT_EQ(s.best_point, 1u);  // 0.7: I = 0.2 / 0.01 = 20
  EXPECT_NEAR(s.best_implausibility, 20.0, 1e-9);
  EXPECT_TRUE(std::isnan(s.accepted_low[0]));
  EXPECT_TRUE(std::isnan(s.shrinkage[0]));
}

TEST(CalibrateMethod, PosteriorPredictivePoolsTheAcceptedPointsRuns) {
  EXPECT_NEAR(percentile({4, 1, 3, 2}, 0.025), 1.075, 1e-15);  // R type 7: 1 + 0.075 (2 - 1)
  EXPECT_NEAR(percentile({4, 1, 3, 2}, 0.975), 3.925, 1e-15);
  EXPECT_TRUE(std::isnan(percentile({}, 0.5)));
  Wave w;
  w.points = 3;
  w.parameters = 1;
  w.values = {0.1, 0.2, 0.3};
  w.figures = 2;                             // a target and a held-out figure
  w.run_point = {0, 0, 1, 1, 2};             // point 2 is not accepted below
  w.run_figures = {1, 10, 2,   20,  3, NAN,  // point 1's second run: held-out figure undefined
                   4, 40, 100, 1000};
  const std::vector<Observation> observations = {target("a/all", 2.5, 1), {"b/all", 50, 0, false}};
  const std::vector<Predictive> p = predictive(w, observations, {0, 1});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].runs, 4u);
  EXPECT_DOUBLE_EQ(p[0].mean, 2.5);
  EXPECT_DOUBLE_EQ(p[0].low, percentile({1, 2, 3, 4}, 0.025));
  EXPECT_TRUE(p[0].inside);
  EXPECT_EQ(p[1].runs, 3u);  // the NaN is left out
  EXPECT_DOUBLE_EQ(p[1].mean, 70.0 / 3);
  EXPECT_FALSE(p[1].inside);  // 50 > the 97.5th percentile of {10, 20, 40}
  EXPECT_FALSE(p[1].observation.target);
}

TEST(CalibrateMethod, DesignFileHasAHeaderAndOneRowAPoint) {
  io::Distribution items;
  items.kind = io::DistributionKind::discrete;
  items.values = {"text", "voice"};
  const std::vector<Parameter> parameters = {{"citizens.adoption.q", uniform(0, 2)},
                                             {"channels.digital_human.interface", items}};
  EXPECT_EQ(design_file_text(parameters, {0.25, 0.1, 1.0, 0.9}, "wave 1"),
            "# wave 1\ncitizens.adoption.q channels.digital_human.interface\n0.5 text\n2 voice\n");
}

}  // namespace
}  // namespace civicsim::viz::calibrate
