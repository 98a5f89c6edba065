// Words and numbers for people in the comparison brief (report.html): a readable label and a
// sentence phrase for every summary figure, the family whose axis it shares, its units as shown
// (fractions as percentage points), and numbers rounded to what their interval can support.
// Internal to viz_export/.
#pragma once

#include <string>

#include "viz_export/compare_data.hpp"

namespace civicsim::viz::compare {

/// Figures that share an axis in the brief's plots.
enum class Family { kMinutes, kPoints, kNeeds, kRatio, kMoney, kOther };

/// How a figure ("<figure>/<scope>") is shown.
struct FigureLabel {
  std::string text;    // "Mean wait, rural elderly"
  std::string phrase;  // "the mean wait of rural elderly residents" (in a sentence)
  Family family = Family::kOther;
  double factor = 1;  // shown = stored × factor (fractions → percentage points: 100)
  std::string unit;   // after a number: "min", "pp", "needs", "CNY", ""
};
/// `units` is the figure's units in sweep.h5 (used for figures this file does not know).
FigureLabel label_of(const std::string& figure_scope, const std::string& units = "");

/// "minutes", "percentage points", "real needs", "ratio", "CNY" (an axis title's units).
std::string family_axis(Family family);
/// "minutes", "percentage-points", ... (a data-family attribute).
std::string family_id(Family family);

/// "everyone", "urban adults", "rural elderly", ... ("" → "everyone"; unknown scopes unchanged).
std::string scope_text(const std::string& scope);

/// True when the 95% interval exists (n ≥ 2) and lies wholly above or below 0.
bool excludes_zero(const Interval& i);

/// The interval in shown units (× factor).
Interval shown(const Interval& i, double factor);

/// Decimals for the numbers of an interval in shown units: two significant digits of its
/// half-width (of the mean without one), 0 to 3; counts of needs always 0; money two significant
/// digits of the mean (none from 100 CNY up, none for 0).
int decimals_for(const Interval& shown_interval, Family family);
/// Decimals for one value: two significant digits, 0 to 3.
int decimals_for_value(double value);

/// A number for people: `decimals` places, thousands grouped ("12,345.6"), a true minus sign
/// (U+2212), "n/a" for NaN; signed adds "+" to positive values.
std::string readable(double value, int decimals, bool signed_ = false);

/// "−6.2 min (95% CI −7.5 to −4.9, 10 replicates)" of an interval in shown units ("+" before a
/// positive mean when `signed_`); "(3 replicates: no interval)" and "no pairs" when it has none.
std::string interval_sentence(const Interval& shown_interval, const FigureLabel& label, bool signed_ = true);
/// "−6.2 (−7.5 to −4.9)" for plots and table cells.
std::string interval_cell(const Interval& shown_interval, Family family, bool signed_ = true);
/// Its parts: "−6.2" ("no pairs" without any) and "−7.5 to −4.9" ("n < 2" without an interval,
/// "the same in every replicate" when both ends round alike, "" without pairs).
std::string interval_value(const Interval& shown_interval, Family family, bool signed_ = true);
std::string interval_range(const Interval& shown_interval, Family family);

/// True when the effect rests on a single replicate (n = 1): no interval, the noise is unknown.
bool noise_unknown(const Interval& i);

/// The visible mark of an effect and its CSS class: "●" / "effect distinguishable" when its
/// interval excludes 0, "○" / "effect indistinct" when it includes 0, "?" / "effect unknown"
/// of a single replicate (no interval: the noise is unknown).
const char* mark_of(const Interval& i);
const char* mark_class(const Interval& i);
/// The attributes that let a reader (or a test) find an effect: class, data-arm, data-point,
/// data-figure, data-mean, data-low, data-high, data-n (stored units, shortest exact form).
std::string effect_attributes(const std::string& arm, int point, const std::string& figure, const Interval& i);

}  // namespace civicsim::viz::compare
