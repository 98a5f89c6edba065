// Known answers for the reference formulas of the queue tests (they are only as good as these).
#include <gtest/gtest.h>

#include <cmath>

#include "queueing_theory.hpp"

namespace civicsim::validation {
namespace {

TEST(ValidationTheory, ErlangCReducesToMM1AndMatchesATabulatedValue) {
  const ErlangCResult mm1 = erlang_c(1, 0.7, 1.0);  // M/M/1: P(wait) = rho, Wq = rho / (mu - lambda)
  EXPECT_NEAR(mm1.p_wait, 0.7, 1e-12);
  EXPECT_NEAR(mm1.mean_wait, 0.7 / 0.3, 1e-12);
  EXPECT_NEAR(mm1.p_exactly_c, 0.7 * 0.3, 1e-12);  // P(N = 1) = (1 - rho) rho
  // c = 10, a = 9 Erlang: C = 0.66873 (direct sum of the textbook formula).
  double sum = 0, term = 1;
  for (int k = 0; k < 10; ++k) {
    sum += term;
    term *= 9.0 / (k + 1);
  }
  const double top = term * 10.0 / (10.0 - 9.0);
  EXPECT_NEAR(erlang_c(10, 9.0, 1.0).p_wait, top / (sum + top), 1e-12);
}

TEST(ValidationTheory, ErlangAWithPatienceEqualToServiceIsTheInfiniteServerQueue) {
  // theta = mu: every customer leaves at rate mu whether served or not, so the number in system is
  // Poisson(a) and an arrival waits when it finds c or more.
  const int c = 4;
  const double lambda = 5.0, mu = 1.0, a = lambda / mu;
  const ErlangAResult r = erlang_a(c, lambda, mu, mu);
  double below = 0, term = std::exp(-a);
  for (int k = 0; k < c; ++k) {
    below += term;
    term *= a / (k + 1);
  }
  EXPECT_NEAR(r.p_wait, 1.0 - below, 1e-12);
  EXPECT_NEAR(r.p_exactly_c, term, 1e-12);
  // Rate balance: abandonments per unit time = theta E[queue] = theta lambda E[time in line].
  EXPECT_NEAR(r.p_abandon, mu * r.mean_wait_all, 1e-12);
}

TEST(ValidationTheory, ErlangAApproachesErlangCAsPatienceGrows) {
  const ErlangCResult c = erlang_c(5, 4.0, 1.0);
  const ErlangAResult a = erlang_a(5, 4.0, 1.0, 1e-7);
  EXPECT_NEAR(a.p_wait, c.p_wait, 1e-5);
  EXPECT_NEAR(a.mean_wait_served, c.mean_wait, 1e-5);
  EXPECT_LT(a.p_abandon, 1e-6);
}

TEST(ValidationTheory, ErlangAAbandonmentBalancesInOverload) {
  // Whatever the load, abandonment rate = theta E[queue]; and served share x lambda <= c mu.
  const ErlangAResult r = erlang_a(8, 2.5, 0.25, 0.2);
  EXPECT_NEAR(r.p_abandon, 0.2 * r.mean_wait_all, 1e-12);
  EXPECT_LE((1.0 - r.p_abandon) * 2.5, 8 * 0.25);
}

}  // namespace
}  // namespace civicsim::validation
