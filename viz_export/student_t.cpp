#include "viz_export/student_t.hpp"

#include <cmath>
#include <limits>

namespace civicsim::viz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The continued fraction of I_x(a, b) (modified Lentz), which converges fast for
/// x < (a + 1) / (a + b + 2); the caller uses the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) elsewhere.
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-16;
  const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    // Even step.
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    // Odd step.
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return h;
}

/// I_x(a, b) given both x and y = 1 − x, each computed without cancellation by the caller (the
/// t distribution's x is within 1e-9 of 1 for large df; 1 − x would keep few digits).
double incomplete_beta(double a, double b, double x, double y) {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  // x^a y^b / B(a, b), in logarithms so that large a and b do not overflow.
  const double log_x = x < 0.5 ? std::log(x) : std::log1p(-y);
  const double log_y = y < 0.5 ? std::log(y) : std::log1p(-x);
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * log_x + b * log_y;
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

/// P(T > t) for t >= 0: I_{df/(df+t²)}(df/2, 1/2) / 2, with x and 1 − x from t² / df directly.
double upper_tail(double t, double df) {
  const double r = t * t / df;
  return 0.5 * incomplete_beta(0.5 * df, 0.5, 1.0 / (1.0 + r), r / (1.0 + r));
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(x <= 1.0)) return kNaN;
  return incomplete_beta(a, b, x, 1.0 - x);
}

double student_t_cdf(double t, double df) {
  if (!(df > 0.0) || std::isnan(t)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = upper_tail(std::fabs(t), df);
  return t >= 0.0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0.0) || !(p < 1.0) || !(df > 0.0)) return kNaN;
  if (p == 0.5) return 0.0;
  // Symmetric: find the upper tail's quantile and mirror it. Work with the tail probability
  // q = P(T > t) so that p close to 1 keeps its precision.
  const double q = p > 0.5 ? 1.0 - p : p;
  double low = 0.0, high = 1.0;
  while (upper_tail(high, df) > q) {
    low = high;
    high *= 2.0;
    if (high > 1e300) break;
  }
  // The tail falls monotonically in t: bisection until the interval stops shrinking.
  for (int i = 0; i < 2000; ++i) {
    const double mid = 0.5 * (low + high);
    if (mid <= low || mid >= high) break;
    if (upper_tail(mid, df) > q)
      low = mid;
    else
      high = mid;
  }
  const double t = 0.5 * (low + high);
  return p > 0.5 ? t : -t;
}

}  // namespace civicsim::viz
