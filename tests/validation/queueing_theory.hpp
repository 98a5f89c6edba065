// Closed-form and exact numerical references for the queue tests: Erlang C (M/M/c) and Erlang A
// (M/M/c+M, the birth-death chain with abandonment), computed here from first principles, and the
// bound on what the engine's whole-second clock can shift them by.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace civicsim::validation {

/// Erlang B blocking probability for c servers and offered load a = lambda / mu (stable
/// recursion B_k = a B_{k-1} / (k + a B_{k-1}), B_0 = 1).
inline double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

/// M/M/c (Erlang C): probability that an arrival waits, and the mean wait in queue, for arrival
/// rate lambda and service rate mu per server (any time unit; the wait comes out in it).
struct ErlangCResult {
  double p_wait;
  double mean_wait;
  double p_exactly_c;  // P(an arrival finds exactly c in the system) = p_wait (1 - rho)
};
inline ErlangCResult erlang_c(int c, double lambda, double mu) {
  const double a = lambda / mu;
  const double b = erlang_b(c, a);
  const double p_wait = c * b / (c - a * (1.0 - b));
  return {p_wait, p_wait / (c * mu - lambda), p_wait * (1.0 - a / c)};
}

/// M/M/c+M (Erlang A): exponential patience with rate theta, FCFS, abandonment from the queue
/// only. Solved exactly on the birth-death chain of the number in system n (birth lambda, death
/// min(n, c) mu + max(n - c, 0) theta), truncated where the stationary mass is below 1e-18 of
/// its peak. By PASTA an arrival sees the stationary distribution. A tagged arrival that finds
/// j >= 0 others waiting moves up one place at rate c mu + i theta while i wait ahead of it, and
/// leaves at rate theta: it is served with probability prod_{i=0..j} (c mu + i theta) /
/// (c mu + (i+1) theta), and its time in state i is exponential with rate c mu + (i+1) theta
/// whichever way it ends, so E[wait; served] = P(served | j) * sum_{i=0..j} 1 / (c mu + (i+1) theta).
struct ErlangAResult {
  double p_wait;            // P(an arrival finds all servers busy)
  double p_abandon;         // P(an arrival abandons)
  double mean_wait_served;  // E[wait | served]
  double mean_wait_all;     // E[time in queue] over all arrivals = E[queue length] / lambda
  double p_exactly_c;       // P(an arrival finds exactly c in the system)
  int states;               // truncation point used
};
inline ErlangAResult erlang_a(int c, double lambda, double mu, double theta) {
  // Unnormalised pi_n with pi_0 = 1; rescaled on the fly to stay in range.
  std::vector<double> pi{1.0};
  double peak = 1.0;
  for (int n = 1;; ++n) {
    const double death = std::min(n, c) * mu + std::max(n - c, 0) * theta;
    const double next = pi.back() * lambda / death;
    pi.push_back(next);
    peak = std::max(peak, next);
    if (peak > 1e250)
      for (double& x : pi) x *= 1e-250, peak *= 1e-250;
    if (n > c && next < 1e-18 * peak) break;
  }
  double total = 0;
  for (double x : pi) total += x;
  ErlangAResult r{};
  r.states = static_cast<int>(pi.size());
  double served_wait = 0, abandon = 0, queue = 0;
  for (std::size_t n = 0; n < pi.size(); ++n) {
    const double p = pi[n] / total;
    if (static_cast<int>(n) < c) continue;
    if (static_cast<int>(n) == c) r.p_exactly_c = p;
    const int j = static_cast<int>(n) - c;  // waiting ahead of the arrival
    r.p_wait += p;
    queue += p * j;
    double served = 1.0, time = 0.0;
    for (int i = 0; i <= j; ++i) {
      served *= (c * mu + i * theta) / (c * mu + (i + 1) * theta);
      time += 1.0 / (c * mu + (i + 1) * theta);
    }
    served_wait += p * served * time;
    abandon += p * (1.0 - served);
  }
  r.p_abandon = abandon;
  r.mean_wait_served = served_wait / (1.0 - abandon);
  r.mean_wait_all = queue / lambda;
  return r;
}

/// The engine's events fall on whole seconds, and a service that ends in the same second as an
/// arrival is handled first, so that arrival does not wait. In continuous time about half of
/// those arrivals would have come first and waited a moment. Only an arrival that finds exactly
/// c in the system can be affected, and only if one of the c services ends within its second:
/// the measured P(wait) can be lower than the continuous one by at most p_exactly_c * c mu * 1 s
/// (about half of that in practice). Rates per minute.
inline double same_second_bound(double p_exactly_c, int c, double mu_per_minute) {
  return p_exactly_c * c * mu_per_minute / 60.0;
}

/// Waits are whole seconds and every event sits on the one-second lattice; no wait moves by more
/// than that lattice step on average (measured: under 0.2 s even with four times shorter
/// services than the tests use). In minutes.
constexpr double kLatticeWaitBoundMinutes = 1.0 / 60.0;

}  // namespace civicsim::validation
