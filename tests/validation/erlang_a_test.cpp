// M/M/c+M against Erlang A (MODEL.md §11): the Erlang C set-up with exponential patience and no
// retries. The abandonment share, the probability of waiting (over all arrivals) and the mean
// wait of those served must match the exact birth-death solution within kZ batch-means standard
// errors (plus the whole-second bounds of queueing_theory.hpp). The engine abandons at
// floor(join + patience) and serves whoever starts by then: joins and starts are whole seconds, so
// "served iff wait <= patience" holds exactly, and no event can fall between floor(join +
// patience) and join + patience, so leaving up to 1 s early changes nothing anyone else sees. It
// shortens only the abandoner's own time in line, which the compared quantities do not contain.
#include <gtest/gtest.h>

#include <sstream>

#include "queueing_theory.hpp"
#include "validation_scenarios.hpp"
#include "validation_support.hpp"

namespace civicsim::validation {
namespace {

struct MmcmCase {
  int servers;
  double service_minutes;
  double load;  // lambda / (c mu); above 1 the queue is held in check by abandonment alone
  double patience_minutes;
  int warmup_days;
  int batch_days;
  int batches;
  std::uint64_t seed;
};

void check_erlang_a(const MmcmCase& k) {
  const double mu = 1.0 / k.service_minutes, theta = 1.0 / k.patience_minutes;  // per minute
  const double lambda = k.load * k.servers * mu;
  const Params p = mmc_hall(k.servers, k.service_minutes, lambda, k.patience_minutes,
                            k.warmup_days + k.batch_days * k.batches, k.seed);
  const testing::Recorder rec = testing::run_all(p);
  const std::size_t per_batch = static_cast<std::size_t>(k.batch_days) * (1440 / p.report_minutes);
  const std::size_t first = static_cast<std::size_t>(k.warmup_days) * (1440 / p.report_minutes);
  const auto arrivals = batch_totals(rec, kArrivals, 1, kInPerson, -1, first, per_batch);
  const auto served = batch_totals(rec, kServed, 1, kInPerson, -1, first, per_batch);
  const auto immediate = batch_totals(rec, kServedImmediately, 1, kInPerson, -1, first, per_batch);
  const auto abandoned = batch_totals(rec, kAbandoned, 1, kInPerson, -1, first, per_batch);
  const auto wait = batch_totals(rec, kWaitSecondsSum, 1, kInPerson, -1, first, per_batch);
  std::vector<double> waited(arrivals.size()), wait_minutes(arrivals.size());
  for (std::size_t b = 0; b < arrivals.size(); ++b) {
    waited[b] = arrivals[b] - immediate[b];
    wait_minutes[b] = wait[b] / 60.0;
  }
  const Estimate p_wait = batch_ratio(waited, arrivals);
  const Estimate p_abandon = batch_ratio(abandoned, arrivals);
  const Estimate mean_wait = batch_ratio(wait_minutes, served);
  const ErlangAResult ref = erlang_a(k.servers, lambda, mu, theta);

  std::ostringstream name;
  name << "ErlangA c=" << k.servers << " S=" << k.service_minutes << "min load=" << k.load
       << " patience=" << k.patience_minutes << "min";
  double n = 0;
  for (double a : arrivals) n += a;
  std::cout << "[validation] " << name.str() << ": " << n << " arrivals after " << k.warmup_days
            << " warm-up days, batches of " << k.batch_days << " days; exact chain truncated at " << ref.states
            << " states; E[time in line] of all arrivals " << ref.mean_wait_all << " min" << std::endl;
  expect_within(name.str() + " P(abandon)", p_abandon.value, ref.p_abandon, kZ * p_abandon.se, describe(p_abandon));
  const double tie = same_second_bound(ref.p_exactly_c, k.servers, mu);
  expect_within(name.str() + " P(wait)", p_wait.value, ref.p_wait, kZ * p_wait.se + tie,
                describe(p_wait) + " + same-second bound " + std::to_string(tie));
  expect_within(name.str() + " mean wait of served [min]", mean_wait.value, ref.mean_wait_served,
                kZ * mean_wait.se + kLatticeWaitBoundMinutes, describe(mean_wait) + " + 1 s lattice");
}

TEST(ValidationErlangA, FiveServersAtNinetyPercent) { check_erlang_a({5, 5.0, 0.9, 10.0, 1, 10, 100, 201}); }

TEST(ValidationErlangA, EightServersOverloaded) { check_erlang_a({8, 4.0, 1.25, 5.0, 1, 5, 100, 202}); }

}  // namespace
}  // namespace civicsim::validation
