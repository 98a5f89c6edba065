// Student's t distribution for confidence intervals of paired differences: the regularised
// incomplete beta function (continued fraction) and the t quantile found by bisection on its CDF.
// Written here rather than taken from Boost: the project has no Boost, and these few lines are
// tested against published table values (tests/viz_export/student_t_test.cpp).
#pragma once

namespace civicsim::viz {

/// I_x(a, b), the regularised incomplete beta function, for a, b > 0 and 0 <= x <= 1 (NaN
/// otherwise). Accurate to about 1e-14 relative for moderate a and b (the lgamma differences lose
/// digits beyond a ~ 1e7).
double regularized_incomplete_beta(double a, double b, double x);

/// P(T <= t) for Student's t with `df` > 0 degrees of freedom (df need not be whole).
double student_t_cdf(double t, double df);

/// The t with P(T <= t) = p, for 0 < p < 1 and df > 0; NaN otherwise. t_{0.975, 9} = 2.26215716.
/// Within 1e-8 of the exact value up to df = 10^6 (far more replicates than a sweep has).
double student_t_quantile(double p, double df);

}  // namespace civicsim::viz
