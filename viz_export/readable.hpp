// Labels and numbers for people, shared by the HTML briefs (`report`, `compare`): the model's
// identifiers as words ("rural_elderly" → "Rural elderly", "digital_human" → "Digital human"),
// waits in minutes, shares as percentages and counts with thousands separators.
#pragma once

#include <string>

namespace civicsim::viz {

/// "Urban adults", "Urban elderly", "Rural adults", "Rural elderly"; anything else as words.
std::string group_label(const std::string& group);
/// "In person", "Hotline", "Online", "Digital human"; anything else as words.
std::string channel_label(const std::string& channel);
/// "Urban", "Suburban", "Rural"; anything else as words.
std::string kind_label(const std::string& kind);
/// "digital_human_rollout" → "Digital human rollout": an identifier as words, first letter capital.
std::string words(const std::string& identifier);

/// Seconds as minutes with `decimals` decimals ("12.3"); "–" for NaN.
std::string minutes_text(double seconds, int decimals = 1);
/// A share (0.123) as a percentage with one decimal ("12.3%"); "–" for NaN.
std::string percent_text(double share, int decimals = 1);
/// A count rounded to a whole number with thousands separators ("-1,234,567"); "–" for NaN.
std::string count_text(double count);
/// A number with `decimals` decimals and thousands separators ("1,234.5"); "–" for NaN; no "-0".
std::string number_text(double value, int decimals);

/// The text shown for a missing value (an en dash).
inline constexpr const char* kMissingText = "\xE2\x80\x93";

}  // namespace civicsim::viz
