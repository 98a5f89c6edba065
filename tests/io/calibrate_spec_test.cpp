// The `calibrate:` section (io/calibrate_spec.hpp): what it reads, the tolerance convention, and
// its problems at file:line:col with the nearest valid key.
#include "io/calibrate_spec.hpp"

#include <gtest/gtest.h>

#include <string>

#include "io/scenario.hpp"
#include "io/sweep.hpp"

namespace civicsim::io {
namespace {

const std::string kSweep =
    "civicsim: 1\n"
    "sweep:\n"
    "  replicates: 2\n"
    "  parameters:\n"
    "    citizens.adoption.q: {distribution: uniform, low: 0.05, high: 1.5}\n";

std::string errors(const CalibrateResult& r) {
  std::string s;
  for (const auto& d : r.errors) s += d.str() + "\n";
  return s;
}

TEST(CalibrateSpec, ReadsTargetsHeldOutAndDefaults) {
  const CalibrateResult r = load_calibrate_text(kSweep +
                                                    "calibrate:\n"
                                                    "  cutoff: 2\n"
                                                    "  targets:\n"
                                                    "    - {figure: adoption/all, observed: 0.42, sd: 0.01}\n"
                                                    "    - {figure: hotline_answer_rate/all, observed: 0.9608, "
                                                    "tolerance: 0.01}\n"
                                                    "  heldout:\n"
                                                    "    - {figure: unmet_needs/all, observed: 1200}\n",
                                                "c.yaml", default_params());
  ASSERT_TRUE(r.ok()) << errors(r);
  const CalibrateSpec& s = r.spec;
  EXPECT_TRUE(s.declared);
  EXPECT_EQ(s.waves, 3);
  EXPECT_EQ(s.samples, 0);  // 10 x parameters, decided by the caller
  EXPECT_EQ(s.cutoff, 2.0);
  EXPECT_FALSE(s.seed_given);
  ASSERT_EQ(s.targets.size(), 2u);
  EXPECT_EQ(s.targets[0].figure, "adoption/all");
  EXPECT_EQ(s.targets[0].observed, 0.42);
  EXPECT_EQ(s.targets[0].sd, 0.01);
  // A tolerance is the half-width accepted without replicate noise: sd = tolerance / cutoff.
  EXPECT_EQ(s.targets[1].tolerance, 0.01);
  EXPECT_DOUBLE_EQ(s.targets[1].sd, 0.005);
  EXPECT_EQ(s.targets[1].line, 10);
  EXPECT_EQ(s.targets[1].column, 8);
  EXPECT_EQ(s.targets[1].at("x").str(), "c.yaml:10:8: x");
  ASSERT_EQ(s.heldout.size(), 1u);
  EXPECT_EQ(s.heldout[0].figure, "unmet_needs/all");
  EXPECT_EQ(s.heldout[0].observed, 1200.0);
  ASSERT_EQ(s.keys, std::vector<std::string>{"citizens.adoption.q"});
  EXPECT_EQ(s.priors[0].kind, DistributionKind::uniform);
  EXPECT_EQ(s.priors[0].low, 0.05);
  EXPECT_EQ(s.priors[0].high, 1.5);
}

TEST(CalibrateSpec, AbsentSectionIsNotDeclared) {
  const CalibrateResult r = load_calibrate_text(kSweep, "c.yaml", default_params());
  ASSERT_TRUE(r.ok()) << errors(r);
  EXPECT_FALSE(r.spec.declared);
}

TEST(CalibrateSpec, ProblemsPointAtTheirPlace) {
  const std::string text = kSweep +
                           "calibrate:\n"                                               // line 6
                           "  waves: 0\n"                                               // 7
                           "  cutof: 2\n"                                               // 8
                           "  targets:\n"                                               // 9
                           "    - {figure: adoption/all, observed: 0.4, sd: 1}\n"       // 10
                           "    - {figure: adoption/all, observed: 0.4, sd: 1}\n"       // 11
                           "    - {figure: z/all, observed: 0.42}\n"                    // 12
                           "    - {figure: x/all, observed: 1, sd: 1, tolerance: 1}\n"  // 13
                           "    - {figure: y/all, observed: 1, sd: -1}\n";              // 14
  const CalibrateResult r = load_calibrate_text(text, "c.yaml", default_params());
  const std::string found = errors(r);
  EXPECT_EQ(r.exit_code, kExitDataErr);
  EXPECT_EQ(r.errors.size(), 6u) << found;
  for (const char* expected : {
           "c.yaml:7:10: calibrate.waves must be in [1, 20]; got 0",
           "c.yaml:8:3: unknown key 'cutof' in 'calibrate'; did you mean 'cutoff'?",
           "c.yaml:11:16: calibrate.targets[1].figure: 'adoption/all' is named twice",
           "c.yaml:12:7: calibrate.targets[2]: missing the observation's uncertainty: add sd",
           "c.yaml:13:43: calibrate.targets[3]: give either sd or tolerance, not both",
           "c.yaml:14:40: calibrate.targets[4].sd must be > 0; got -1",
       }) {
    EXPECT_NE(found.find(expected), std::string::npos) << expected << "\n" << found;
  }
}

TEST(CalibrateSpec, NeedsTheSweepsParameters) {
  const CalibrateResult r = load_calibrate_text(
      "civicsim: 1\nsweep: {replicates: 2}\ncalibrate:\n  targets: [{figure: adoption/all, observed: 0.4, sd: 0.1}]\n",
      "c.yaml", default_params());
  ASSERT_EQ(r.errors.size(), 1u) << errors(r);
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_EQ(r.errors[0].column, 1);
  EXPECT_NE(r.errors[0].message.find("calibrate: needs the sweep's `parameters:`"), std::string::npos);
}

TEST(CalibrateSpec, NeedsTargets) {
  const CalibrateResult missing = load_calibrate_text(kSweep + "calibrate: {waves: 2}\n", "c.yaml", default_params());
  ASSERT_EQ(missing.errors.size(), 1u) << errors(missing);
  EXPECT_NE(missing.errors[0].message.find("missing required key 'targets' in 'calibrate'"), std::string::npos);
  const CalibrateResult empty = load_calibrate_text(kSweep + "calibrate: {targets: []}\n", "c.yaml", default_params());
  ASSERT_EQ(empty.errors.size(), 1u) << errors(empty);
  EXPECT_NE(empty.errors[0].message.find("expected at least one target"), std::string::npos);
}

TEST(CalibrateSpec, TheScenarioLoaderAcceptsTheSection) {
  const ScenarioResult r = load_scenario_text(
      "civicsim: 1\n"
      "geography: {districts: [{name: V, kind: rural, population: 5000, area_km2: 20, urban_share: 0.3}]}\n"
      "calibrate: {targets: [{figure: adoption/all, observed: 0.4, sd: 0.1}]}\n",
      "c.yaml", "");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].str());
}

TEST(CalibrateSpec, WithoutSweepDesignTheSweepIsTheFirstWave) {
  const std::string city =
      "civicsim: 1\nseed: 5\n"
      "geography: {districts: [{name: V, kind: rural, population: 5000, area_km2: 20, urban_share: 0.3}]}\n"
      "sweep:\n  parameters:\n    citizens.adoption.q: {distribution: uniform, low: 0.05, high: 1.5}\n";
  const SweepResult calibrating = load_sweep_text(
      city + "calibrate: {targets: [{figure: adoption/all, observed: 0.4, sd: 0.1}]}\n", "c.yaml", "", false);
  ASSERT_TRUE(calibrating.ok()) << calibrating.errors[0].str();
  const SweepDesign& d = calibrating.sweep.design;
  EXPECT_EQ(d.spec.method, DesignMethod::lhs);
  EXPECT_EQ(d.spec.samples, 10);  // calibrate's default samples: 10 a parameter
  EXPECT_EQ(d.spec.seed, 5u);     // and its default seed: the scenario's
  EXPECT_EQ(d.unit, unit_design(d.spec, {0}));
  const SweepResult plain = load_sweep_text(city, "c.yaml", "", false);
  ASSERT_EQ(plain.errors.size(), 1u);
  EXPECT_NE(plain.errors[0].message.find("sweep.parameters: add `design:"), std::string::npos);
}

}  // namespace
}  // namespace civicsim::io
