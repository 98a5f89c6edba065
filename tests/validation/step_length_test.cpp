// Step length (MODEL.md §1, §11; docs/engine.md): results must not depend on time.step_minutes
// beyond statistical noise. The same scenario and seed run with 1-, 5- and 15-minute steps; the
// mean wait of the served and the abandonment share of each queued channel must agree within
// kZ standard errors of the difference (daily batch means of each run). The engine claims more,
// bit-identical series, which the test reports (and tests/sim/engine_test.cpp asserts).
#include <gtest/gtest.h>

#include <array>
#include <sstream>

#include "validation_scenarios.hpp"
#include "validation_support.hpp"

namespace civicsim::validation {
namespace {

struct ChannelFigures {
  Estimate mean_wait;    // minutes, over served
  Estimate abandonment;  // abandoned / arrivals
};

std::array<ChannelFigures, kChannels> figures(const testing::Recorder& rec, int districts, std::size_t first,
                                              std::size_t per_day) {
  std::array<ChannelFigures, kChannels> out{};
  for (int c : {kInPerson, kHotline, kDigitalHuman}) {
    const auto served = batch_totals(rec, kServed, districts, c, -1, first, per_day);
    const auto wait = batch_totals(rec, kWaitSecondsSum, districts, c, -1, first, per_day);
    const auto arrivals = batch_totals(rec, kArrivals, districts, c, -1, first, per_day);
    const auto abandoned = batch_totals(rec, kAbandoned, districts, c, -1, first, per_day);
    std::vector<double> minutes(wait.size());
    for (std::size_t b = 0; b < wait.size(); ++b) minutes[b] = wait[b] / 60.0;
    out[c].mean_wait = batch_ratio(minutes, served);
    out[c].abandonment = batch_ratio(abandoned, arrivals);
  }
  return out;
}

TEST(ValidationStepLength, OneFiveAndFifteenMinuteStepsAgree) {
  const int warmup_days = 1, days = 30;
  Params p = step_city(warmup_days + days, 501);
  const int D = static_cast<int>(p.districts.size());
  const std::size_t per_day = 1440 / p.report_minutes;
  const std::size_t first = warmup_days * per_day;

  p.step_minutes = 5;
  const testing::Recorder base = testing::run_all(p);
  const auto base_figures = figures(base, D, first, per_day);
  for (int step : {1, 15}) {
    p.step_minutes = step;
    const testing::Recorder other = testing::run_all(p);
    bool identical = other.intervals.size() == base.intervals.size();
    for (std::size_t t = 0; identical && t < base.intervals.size(); ++t)
      identical = other.intervals[t].series == base.intervals[t].series;
    std::cout << "[validation] step " << step << " min vs 5 min: series "
              << (identical ? "bit-identical" : "NOT identical") << std::endl;
    const auto f = figures(other, D, first, per_day);
    for (int c : {kInPerson, kHotline, kDigitalHuman}) {
      const std::string name = std::string("step ") + std::to_string(step) + " vs 5 " + kChannelNames[c];
      const auto tolerance = [](const Estimate& a, const Estimate& b) {
        return kZ * std::sqrt(a.se * a.se + b.se * b.se);
      };
      const ChannelFigures& a = f[c];
      const ChannelFigures& b = base_figures[c];
      expect_within(name + " mean wait [min]", a.mean_wait.value, b.mean_wait.value,
                    tolerance(a.mean_wait, b.mean_wait), "reference: 5-min step; " + describe(b.mean_wait));
      expect_within(name + " abandonment share", a.abandonment.value, b.abandonment.value,
                    tolerance(a.abandonment, b.abandonment), "reference: 5-min step; " + describe(b.abandonment));
    }
  }
}

}  // namespace
}  // namespace civicsim::validation
