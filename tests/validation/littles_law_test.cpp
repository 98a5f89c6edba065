// Little's law on every queue of a city run (MODEL.md §11): the time-average number waiting
// equals the arrival rate times the mean time in line of everyone who joined (served or not).
//
// Why the identity is exact here (validation_scenarios.hpp, little_city): a request is counted
// in `queue_length` at a report boundary T exactly when join < T <= leave (joins at T belong to
// the next window; a start or an abandonment at T happens in it too), so summed over every
// second, queue length is the total time in line. That time is `wait_seconds_sum` for the served
// plus, for the abandoned, their patience, which is deterministic and a whole number of seconds
// (they leave at join + patience exactly). Halls are always open (nobody is turned away with an
// unrecorded wait) and their visitors never give up. Every rate in the scenario is constant, so
// the process is stationary and a sample of queue lengths on the 5-minute report grid has the
// time average as its expectation.
#include <gtest/gtest.h>

#include <sstream>

#include "validation_scenarios.hpp"
#include "validation_support.hpp"

namespace civicsim::validation {
namespace {

struct QueueCells {
  std::string name;
  int channel;
  int district;  // -1: the city-wide hotline (all districts)
};

/// Per-batch totals for each queue, accumulated while the run goes (a long run's full series
/// would not fit in memory).
struct LittleObserver : EngineObserver {
  std::vector<QueueCells> queues;
  int districts = 0;
  std::size_t first = 0, per_batch = 0;
  std::size_t seen = 0;
  struct Batch {
    double length = 0, waits = 0, abandoned = 0, arrivals = 0, served = 0;
  };
  std::vector<std::vector<Batch>> batches;  // [queue][batch]

  void on_interval(int, const IntervalRecord& r) override {
    const std::size_t t = seen++;
    if (t < first) return;
    const std::size_t b = (t - first) / per_batch;
    for (std::size_t q = 0; q < queues.size(); ++q) {
      if (batches[q].size() <= b) batches[q].resize(b + 1);
      Batch& x = batches[q][b];
      const auto sum = [&](int metric) {
        return static_cast<double>(cell_sum(r, metric, districts, queues[q].channel, queues[q].district));
      };
      x.length += sum(kQueueLength);
      x.waits += sum(kWaitSecondsSum);
      x.abandoned += sum(kAbandoned);
      x.arrivals += sum(kArrivals);
      x.served += sum(kServed);
    }
  }
};

TEST(ValidationLittle, EveryQueueOfACity) {
  const int warmup_days = 2, days = 120;
  const Params p = little_city(warmup_days + days, 301);
  LittleObserver obs;
  obs.districts = static_cast<int>(p.districts.size());
  for (int d = 0; d < obs.districts; ++d) obs.queues.push_back({"hall " + p.districts[d].name, kInPerson, d});
  obs.queues.push_back({"hotline", kHotline, -1});
  for (int d = 0; d < obs.districts; ++d)
    obs.queues.push_back({"digital human " + p.districts[d].name, kDigitalHuman, d});
  obs.batches.resize(obs.queues.size());
  const std::size_t per_day = 1440 / p.report_minutes;
  obs.first = warmup_days * per_day;
  obs.per_batch = per_day;  // a day: long against every queue's waits and relaxation
  Engine engine(p);
  engine.run(obs);

  const double batch_s = static_cast<double>(obs.per_batch) * p.report_minutes * 60.0;
  for (std::size_t q = 0; q < obs.queues.size(); ++q) {
    const int channel = obs.queues[q].channel;
    const double patience_s = p.patience_minutes[channel] * 60.0;  // deterministic, whole seconds
    std::vector<double> diff;
    double length = 0, in_line = 0, arrivals = 0, served = 0, abandoned = 0;
    for (const LittleObserver::Batch& x : obs.batches[q]) {
      const double time_in_line = x.waits + (x.abandoned > 0 ? x.abandoned * patience_s : 0.0);
      diff.push_back(x.length / static_cast<double>(obs.per_batch) - time_in_line / batch_s);
      length += x.length;
      in_line += time_in_line;
      arrivals += x.arrivals;
      served += x.served;
      abandoned += x.abandoned;
    }
    const double horizon = batch_s * static_cast<double>(diff.size());
    const double L = length / static_cast<double>(obs.per_batch * diff.size());
    const double lambda = arrivals / horizon;
    const double W = in_line / (served + abandoned);
    const Estimate d = batch_mean(diff);
    std::ostringstream extra;
    extra << describe(d) << "; lambda " << lambda * 60 << "/min, W " << W / 60 << " min over " << served
          << " served and " << abandoned << " abandoned";
    expect_within("Little " + obs.queues[q].name + " L", L, lambda * W, kZ * d.se, extra.str());
  }
}

}  // namespace
}  // namespace civicsim::validation
