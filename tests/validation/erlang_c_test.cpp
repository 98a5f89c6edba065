// M/M/c against Erlang C (MODEL.md §11): one hall always open, c identical servers, Poisson
// arrivals, exponential service, infinite patience. The probability of waiting and the mean wait
// of the simulation must match the closed form within kZ batch-means standard errors (plus the
// whole-second bounds of queueing_theory.hpp).
#include <gtest/gtest.h>

#include <sstream>

#include "queueing_theory.hpp"
#include "validation_scenarios.hpp"
#include "validation_support.hpp"

namespace civicsim::validation {
namespace {

struct MmcCase {
  int servers;
  double service_minutes;
  double utilisation;  // lambda / (c mu)
  int warmup_days;     // discarded: the run starts empty
  int batch_days;      // long compared with the queue's relaxation time 1 / (c mu (1 - sqrt(rho))^2)
  int batches;
  std::uint64_t seed;
};

void check_erlang_c(const MmcCase& k) {
  const double mu = 1.0 / k.service_minutes;  // per minute
  const double lambda = k.utilisation * k.servers * mu;
  const Params p =
      mmc_hall(k.servers, k.service_minutes, lambda, kInfinity, k.warmup_days + k.batch_days * k.batches, k.seed);
  const testing::Recorder rec = testing::run_all(p);
  const std::size_t per_batch = static_cast<std::size_t>(k.batch_days) * (1440 / p.report_minutes);
  const std::size_t first = static_cast<std::size_t>(k.warmup_days) * (1440 / p.report_minutes);
  const auto served = batch_totals(rec, kServed, 1, kInPerson, -1, first, per_batch);
  const auto immediate = batch_totals(rec, kServedImmediately, 1, kInPerson, -1, first, per_batch);
  const auto wait = batch_totals(rec, kWaitSecondsSum, 1, kInPerson, -1, first, per_batch);
  std::vector<double> waited(served.size()), wait_minutes(served.size());
  for (std::size_t b = 0; b < served.size(); ++b) {
    waited[b] = served[b] - immediate[b];
    wait_minutes[b] = wait[b] / 60.0;
  }
  const Estimate p_wait = batch_ratio(waited, served);
  const Estimate mean_wait = batch_ratio(wait_minutes, served);
  const ErlangCResult ref = erlang_c(k.servers, lambda, mu);

  std::ostringstream name;
  name << "ErlangC c=" << k.servers << " S=" << k.service_minutes << "min rho=" << k.utilisation;
  double n = 0;
  for (double s : served) n += s;
  std::cout << "[validation] " << name.str() << ": " << n << " served after " << k.warmup_days
            << " warm-up days, batches of " << k.batch_days << " days" << std::endl;
  const double tie = same_second_bound(ref.p_exactly_c, k.servers, mu);
  expect_within(name.str() + " P(wait)", p_wait.value, ref.p_wait, kZ * p_wait.se + tie,
                describe(p_wait) + " + same-second bound " + std::to_string(tie));
  expect_within(name.str() + " mean wait [min]", mean_wait.value, ref.mean_wait,
                kZ * mean_wait.se + kLatticeWaitBoundMinutes, describe(mean_wait) + " + 1 s lattice");
}

TEST(ValidationErlangC, OneServerHalfLoaded) { check_erlang_c({1, 4.0, 0.5, 2, 20, 100, 101}); }

TEST(ValidationErlangC, FourServersAtEightyPercent) { check_erlang_c({4, 6.0, 0.8, 2, 25, 100, 102}); }

TEST(ValidationErlangC, TwelveServersAtNinetyTwoPercent) { check_erlang_c({12, 5.0, 0.92, 2, 32, 100, 103}); }

}  // namespace
}  // namespace civicsim::validation
