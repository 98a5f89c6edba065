// A parameter's distribution (io/design.hpp): the inverse CDF that maps a design's unit coordinate
// to the parameter's value, and its text for tables. GSL gives the normal CDF and its inverse with
// full accuracy in both tails, which the truncated normal needs when its bounds lie far out.
#include <gsl/gsl_cdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "io/design.hpp"
#include "kernels/math.hpp"

namespace civicsim::io {

namespace {

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

/// Inverse CDF of N(mean, sd^2) truncated to [low, high]: the standard normal's CDF mass between the
/// bounds, split at u. An interval above the mean works with upper tails (Q), one below with lower
/// tails (P), so that neither subtracts numbers close to 1.
double truncated_normal_quantile(const Distribution& d, double u) {
  const double za = (d.low - d.mean) / d.sd, zb = (d.high - d.mean) / d.sd;
  double z;
  if (za >= 0) {
    const double qa = gsl_cdf_ugaussian_Q(za), qb = gsl_cdf_ugaussian_Q(zb);
    if (!(qa > qb)) return (1 - u) * d.low + u * d.high;  // no mass left in double precision
    z = gsl_cdf_ugaussian_Qinv(qa - u * (qa - qb));
  } else {
    const double pa = gsl_cdf_ugaussian_P(za), pb = gsl_cdf_ugaussian_P(zb);
    if (!(pb > pa)) return (1 - u) * d.low + u * d.high;
    z = gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa));
  }
  return d.mean + d.sd * z;
}

double triangular_quantile(const Distribution& d, double u) {
  const double width = d.high - d.low;
  if (u * width <= d.mode - d.low) return d.low + std::sqrt(u * width * (d.mode - d.low));
  return d.high - std::sqrt((1 - u) * width * (d.high - d.mode));
}

/// The continuous kinds' value at u in (0, 1), before clamping and rounding.
double continuous_quantile(const Distribution& d, double u) {
  switch (d.kind) {
    case DistributionKind::log_uniform: {
      const double log_low = pmath::log(d.low);
      return pmath::exp(log_low + u * (pmath::log(d.high) - log_low));
    }
    case DistributionKind::normal:
      return truncated_normal_quantile(d, u);
    case DistributionKind::triangular:
      return triangular_quantile(d, u);
    case DistributionKind::uniform:
    case DistributionKind::discrete:
      break;
  }
  return (1 - u) * d.low + u * d.high;
}

}  // namespace

std::string Distribution::problem() const {
  const std::string name = distribution_name(kind);
  if (kind == DistributionKind::discrete) return values.empty() ? "discrete needs at least one value" : "";
  if (!std::isfinite(low) || !std::isfinite(high) || !(low <= high)) {
    return name + " needs finite bounds with low <= high, got low = " + number(low) + ", high = " + number(high);
  }
  if (kind == DistributionKind::log_uniform && !(low > 0)) {
    return "log_uniform needs 0 < low <= high, got low = " + number(low) + " (use uniform for ranges that reach 0)";
  }
  if (kind == DistributionKind::normal && (!std::isfinite(mean) || !std::isfinite(sd) || !(sd > 0))) {
    return "normal needs a finite mean and sd > 0, got mean = " + number(mean) + ", sd = " + number(sd);
  }
  if (kind == DistributionKind::triangular && !(low <= mode && mode <= high)) {
    return "triangular needs low <= mode <= high, got " + number(low) + ", " + number(mode) + ", " + number(high);
  }
  if (kind == DistributionKind::normal) {
    const double za = (low - mean) / sd, zb = (high - mean) / sd;
    const bool mass =
        za >= 0 ? gsl_cdf_ugaussian_Q(za) > gsl_cdf_ugaussian_Q(zb) : gsl_cdf_ugaussian_P(zb) > gsl_cdf_ugaussian_P(za);
    if (!mass) {
      return "normal(" + number(mean) + ", " + number(sd) + ") has no probability between " + number(low) + " and " +
             number(high) + "; move the mean or widen sd";
    }
  }
  if (integer && std::ceil(low) > std::floor(high)) {
    return "integer: true needs a whole number between low and high, got " + number(low) + " and " + number(high);
  }
  return "";
}

double Distribution::quantile(double u) const {
  const std::string why = problem();
  if (!why.empty()) throw std::invalid_argument(why);
  if (std::isnan(u)) throw std::invalid_argument(std::string(distribution_name(kind)) + " quantile of NaN");
  u = std::clamp(u, 0.0, 1.0);
  if (kind == DistributionKind::discrete) {
    const double n = static_cast<double>(values.size());
    return std::min(std::floor(u * n), n - 1);
  }
  if (integer) {
    // Whole number k stands for [k - 1/2, k + 1/2): the distribution on the bounds widened by a half
    // each way, rounded, gives the ends their full share (rounding on [low, high] would halve it).
    Distribution wide = *this;
    wide.integer = false;
    wide.low = std::ceil(low) - 0.5;
    wide.high = std::floor(high) + 0.5;
    return std::clamp(std::round(wide.quantile(u)), std::ceil(low), std::floor(high));
  }
  // The bounds exactly at u = 0 and 1; in between, rounding must not step outside them.
  return u == 0 ? low : u == 1 ? high : std::clamp(continuous_quantile(*this, u), low, high);
}

std::string Distribution::describe() const {
  std::string text = distribution_name(kind);
  switch (kind) {
    case DistributionKind::discrete:
      return text + "[" + std::to_string(values.size()) + "]";
    case DistributionKind::normal:
      text += "(" + number(mean) + ", " + number(sd) + "; " + number(low) + ", " + number(high) + ")";
      break;
    case DistributionKind::triangular:
      text += "(" + number(low) + ", " + number(mode) + ", " + number(high) + ")";
      break;
    case DistributionKind::uniform:
    case DistributionKind::log_uniform:
      text += "(" + number(low) + ", " + number(high) + ")";
      break;
  }
  return integer ? text + " integer" : text;
}

}  // namespace civicsim::io
