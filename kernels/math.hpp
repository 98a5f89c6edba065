// Portable transcendental functions. Library exp/log may differ in the last bit between glibc and
// CUDA's libdevice; decisions made with them would then differ between backends. These use only
// IEEE add, multiply, divide and sqrt (correctly rounded everywhere) with contraction disabled, so
// they give the same bits on every backend. Accuracy: a few ulp (tested against std:: in tests).
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/config.hpp"

namespace civicsim::pmath {

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // upper bits of ln 2 (exact product with k)
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kInf = __builtin_huge_val();

CIVICSIM_INLINE std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
CIVICSIM_INLINE double from_bits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

/// 2^k for integer k in the normal range [-1022, 1023].
CIVICSIM_INLINE double pow2i(int k) { return from_bits(static_cast<std::uint64_t>(k + 1023) << 52); }

/// e^x. Cody–Waite reduction x = k ln2 + r, |r| <= ln2/2, then a degree-13 Taylor polynomial.
CIVICSIM_INLINE double exp(double x) {
  if (x != x) return x;
  if (x > 709.0) return kInf;
  if (x < -745.0) return 0.0;
  const double kd = x * kInvLn2;
  int k = static_cast<int>(kd < 0 ? kd - 0.5 : kd + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  if (k < -1021) return p * pow2i(k + 200) * pow2i(-200);  // subnormal results
  if (k > 1023) return p * pow2i(k - 1) * 2.0;
  return p * pow2i(k);
}

/// Natural logarithm for x > 0 (NaN for x < 0, -inf for 0). x = m 2^e with m in [sqrt(1/2), sqrt(2)),
/// log m = 2 atanh(f), f = (m-1)/(m+1), by its odd series.
CIVICSIM_INLINE double log(double x) {
  if (x != x || x < 0.0) return __builtin_nan("");
  if (x == 0.0) return -kInf;
  if (x == kInf) return kInf;
  int e = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range first
    x *= 18014398509481984.0;         // 2^54
    e = -54;
  }
  std::uint64_t b = bits_of(x);
  e += static_cast<int>((b >> 52) & 0x7ff) - 1023;
  double m = from_bits((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // [1, 2)
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const double f = (m - 1.0) / (m + 1.0);
  const double f2 = f * f;
  double s = 1.0 / 25.0;
  s = s * f2 + 1.0 / 23.0;
  s = s * f2 + 1.0 / 21.0;
  s = s * f2 + 1.0 / 19.0;
  s = s * f2 + 1.0 / 17.0;
  s = s * f2 + 1.0 / 15.0;
  s = s * f2 + 1.0 / 13.0;
  s = s * f2 + 1.0 / 11.0;
  s = s * f2 + 1.0 / 9.0;
  s = s * f2 + 1.0 / 7.0;
  s = s * f2 + 1.0 / 5.0;
  s = s * f2 + 1.0 / 3.0;
  s = s * f2 + 1.0;
  const double log_m = 2.0 * f * s;
  return (e * kLn2Hi + log_m) + e * kLn2Lo;
}

/// sqrt is correctly rounded by IEEE 754 on every backend.
CIVICSIM_INLINE double sqrt(double x) { return __builtin_sqrt(x); }

/// Inverse of the standard normal CDF for p in (0, 1) (Acklam's rational approximation, relative
/// error below 1.2e-9, which is far below the statistical precision of any use here).
CIVICSIM_INLINE double normal_quantile(double p) {
  const double a1 = -3.969683028665376e+01, a2 = 2.209460984245205e+02, a3 = -2.759285104469687e+02,
               a4 = 1.383577518672690e+02, a5 = -3.066479806614716e+01, a6 = 2.506628277459239e+00;
  const double b1 = -5.447609879822406e+01, b2 = 1.615858368580409e+02, b3 = -1.556989798598866e+02,
               b4 = 6.680131188771972e+01, b5 = -1.328068155288572e+01;
  const double c1 = -7.784894002430293e-03, c2 = -3.223964580411365e-01, c3 = -2.400758277161838e+00,
               c4 = -2.549732539343734e+00, c5 = 4.374664141464968e+00, c6 = 2.938163982698783e+00;
  const double d1 = 7.784695709041462e-03, d2 = 3.224671290700398e-01, d3 = 2.445134137142996e+00,
               d4 = 3.754408661907416e+00;
  const double p_low = 0.02425;
  if (p <= 0.0) return -kInf;
  if (p >= 1.0) return kInf;
  if (p < p_low) {
    const double q = pmath::sqrt(-2.0 * pmath::log(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1.0);
  }
  if (p > 1.0 - p_low) {
    const double q = pmath::sqrt(-2.0 * pmath::log(1.0 - p));
    return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q /
         (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1.0);
}

}  // namespace civicsim::pmath
