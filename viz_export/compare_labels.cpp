#include "viz_export/compare_labels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/h5_reader.hpp"
#include "viz_export/compare_text.hpp"

namespace civicsim::viz::compare {
namespace {

constexpr const char* kMinus = "\xE2\x88\x92";  // U+2212
constexpr const char* kSame = "the same in every replicate";

/// A figure the brief knows: its label, its phrase ("%s" where " of <who>" goes) and its family.
struct Known {
  const char* figure;
  const char* text;
  const char* phrase;
  const char* who;  // the word before the scope in a phrase: "of", "for", "among"
  Family family;
};
constexpr Known kKnown[] = {
    {"wait_mean_minutes", "Mean wait", "the mean wait%s", "of", Family::kMinutes},
    {"total_time_mean_minutes", "Mean total time", "the mean total time%s for a met need", "of", Family::kMinutes},
    {"in_person_wait_mean_minutes", "Mean wait in the halls", "the mean wait in the service halls", "",
     Family::kMinutes},
    {"hotline_wait_mean_minutes", "Mean wait on the hotline", "the mean wait on the hotline", "", Family::kMinutes},
    {"digital_human_wait_mean_minutes", "Mean wait for an AI assistant", "the mean wait for an AI assistant", "",
     Family::kMinutes},
    {"waiting_minutes", "Total waiting time", "the total waiting time%s", "of", Family::kMinutes},
    {"abandonment_rate", "Abandonment rate", "the share of queue arrivals%s who give up", "of", Family::kPoints},
    {"resolution_rate", "Needs met (share)", "the share of needs met%s", "for", Family::kPoints},
    {"first_contact_resolution", "Met at first contact", "the share of needs met at the first contact%s", "for",
     Family::kPoints},
    {"adoption", "Digital adoption", "digital adoption%s", "among", Family::kPoints},
    {"hotline_answer_rate", "Hotline answer rate", "the hotline answer rate", "", Family::kPoints},
    {"unmet_share", "Needs unmet (share)", "the share of needs left unmet%s", "for", Family::kPoints},
    {"unmet_needs", "Unmet needs", "the number of unmet needs%s", "of", Family::kNeeds},
    {"needs_met", "Needs met", "the number of needs met%s", "of", Family::kNeeds},
    {"needs_met_per_1000_residents", "Needs met per 1,000 residents", "the needs met per 1,000 residents%s", "of",
     Family::kOther},
    {"urban_rural_total_time_ratio", "Total time, urban \xC3\xB7 rural",
     "the urban \xC3\xB7 rural ratio of mean total time", "", Family::kRatio},
    {"elderly_adult_total_time_ratio", "Total time, elderly \xC3\xB7 adults",
     "the elderly \xC3\xB7 adult ratio of mean total time", "", Family::kRatio},
    {"total_cost", "Intervention cost", "the intervention cost", "", Family::kMoney},
    {"cost_per_resolved_need", "Intervention cost per need met", "the intervention cost per need met", "",
     Family::kMoney},
};

/// The residents of a scope, in a phrase: "rural elderly residents", "urban districts", "Huadu".
std::string scope_phrase(const std::string& scope) {
  if (scope == "urban_adult") return "urban adults";
  if (scope == "rural_adult") return "rural adults";
  if (scope == "urban_elderly") return "urban elderly residents";
  if (scope == "rural_elderly") return "rural elderly residents";
  if (scope.rfind("kind:", 0) == 0) return "residents of " + scope.substr(5) + " districts";
  if (scope.rfind("district:", 0) == 0) return "residents of " + scope.substr(9);
  return scope;
}

std::string with_scope(const std::string& phrase, const std::string& who, const std::string& scope) {
  const std::size_t at = phrase.find("%s");
  if (at == std::string::npos) return phrase;
  const std::string inserted = scope.empty() || scope == "all" ? "" : " " + who + " " + scope_phrase(scope);
  return phrase.substr(0, at) + inserted + phrase.substr(at + 2);
}

/// Per family, in the order of the enum: its axis title, its data-family id and its unit.
struct FamilyWords {
  const char* axis;
  const char* id;
  const char* unit;
};
constexpr FamilyWords kFamilyWords[] = {
    {"minutes", "minutes", "min"},
    {"percentage points", "percentage-points", "pp"},
    {"real needs", "needs", "needs"},
    {"ratio", "ratio", ""},
    {"CNY", "cny", "CNY"},
    {"", "other", ""},
};
const FamilyWords& words_of(Family family) { return kFamilyWords[static_cast<int>(family)]; }

std::string unit_of(Family family, const std::string& figure, const std::string& units) {
  if (family != Family::kOther) return words_of(family).unit;
  if (figure == "needs_met_per_1000_residents") return "per 1,000 residents";
  return units == "1" ? "" : units;
}

std::string grouped(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

FigureLabel label_of(const std::string& figure_scope, const std::string& units) {
  const auto [figure, scope] = split_figure(figure_scope);
  const Known* known = nullptr;
  for (const Known& k : kKnown) {
    if (figure == k.figure) known = &k;
  }
  FigureLabel label;
  if (!known) {
    label.text = figure_scope;
    label.phrase = figure_scope;
    label.unit = units == "1" ? "" : units;
    return label;
  }
  label.family = known->family;
  label.factor = known->family == Family::kPoints ? 100.0 : 1.0;
  label.unit = unit_of(known->family, figure, units);
  const bool scoped = std::string(known->phrase).find("%s") != std::string::npos;
  label.text = std::string(known->text) + (scoped ? ", " + scope_text(scope) : "");
  label.phrase = with_scope(known->phrase, known->who, scope);
  return label;
}

std::string family_axis(Family family) { return words_of(family).axis; }

std::string family_id(Family family) { return words_of(family).id; }

std::string scope_text(const std::string& scope) {
  if (scope.empty() || scope == "all") return "everyone";
  if (scope == "urban_adult") return "urban adults";
  if (scope == "urban_elderly") return "urban elderly";
  if (scope == "rural_adult") return "rural adults";
  if (scope == "rural_elderly") return "rural elderly";
  if (scope.rfind("kind:", 0) == 0) return scope.substr(5) + " districts";
  if (scope.rfind("district:", 0) == 0) return scope.substr(9);
  return scope;
}

bool excludes_zero(const Interval& i) {
  return i.n >= 2 && std::isfinite(i.low) && std::isfinite(i.high) && (i.low > 0 || i.high < 0);
}

Interval shown(const Interval& i, double factor) {
  Interval out = i;
  out.mean *= factor;
  out.sd *= factor;
  out.low *= factor;
  out.high *= factor;
  return out;
}

int decimals_for_value(double value) {
  if (!std::isfinite(value) || value == 0) return 1;
  const int d = 1 - static_cast<int>(std::floor(std::log10(std::fabs(value))));
  return std::clamp(d, 0, 3);
}

int decimals_for(const Interval& i, Family family) {
  if (family == Family::kNeeds) return 0;
  if (family == Family::kMoney) return i.mean == 0 ? 0 : decimals_for_value(i.mean);  // none on large sums, or 0
  const double half = 0.5 * (i.high - i.low);
  if (std::isfinite(half) && half > 0) return decimals_for_value(half);
  return decimals_for_value(i.mean);
}

std::string readable(double value, int decimals, bool signed_) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "\xE2\x88\x9E" : std::string(kMinus) + "\xE2\x88\x9E";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 6), std::fabs(value));
  std::string text = buf;
  const std::size_t point = text.find('.');
  text = grouped(text.substr(0, point)) + (point == std::string::npos ? "" : text.substr(point));
  const bool zero = text.find_first_not_of("0.,") == std::string::npos;
  if (zero) return text;
  if (value < 0) return kMinus + text;
  return signed_ ? "+" + text : text;
}

std::string interval_sentence(const Interval& s, const FigureLabel& label, bool signed_) {
  const std::string unit = label.unit == "pp" ? "percentage points" : label.unit;
  const std::string value = interval_value(s, label.family, signed_) + (unit.empty() ? "" : " " + unit);
  if (s.n == 0) return "no pairs";
  const std::string replicates = std::to_string(s.n) + (s.n == 1 ? " replicate" : " replicates");
  if (s.n < 2 || !std::isfinite(s.low)) return value + " (" + replicates + ": no interval)";
  const std::string range = interval_range(s, label.family);
  if (range == kSame) return value + " (the same in all " + replicates + ")";
  return value + " (95% CI " + range + ", " + replicates + ")";
}

std::string interval_value(const Interval& s, Family family, bool signed_) {
  return s.n == 0 ? "no pairs" : readable(s.mean, decimals_for(s, family), signed_);
}

std::string interval_range(const Interval& s, Family family) {
  if (s.n == 0) return "";
  if (s.n < 2 || !std::isfinite(s.low)) return "n < 2";
  const int decimals = decimals_for(s, family);
  const std::string low = readable(s.low, decimals), high = readable(s.high, decimals);
  return low == high ? kSame : low + " to " + high;
}

std::string interval_cell(const Interval& s, Family family, bool signed_) {
  const std::string range = interval_range(s, family);
  return interval_value(s, family, signed_) + (range.empty() ? "" : " (" + range + ")");
}

bool noise_unknown(const Interval& i) { return i.n == 1; }

const char* mark_of(const Interval& i) {
  if (noise_unknown(i)) return "?";
  return excludes_zero(i) ? "\xE2\x97\x8F" : "\xE2\x97\x8B";
}

const char* mark_class(const Interval& i) {
  if (noise_unknown(i)) return "effect unknown";
  return excludes_zero(i) ? "effect distinguishable" : "effect indistinct";
}

std::string effect_attributes(const std::string& arm, int point, const std::string& figure, const Interval& i) {
  return std::string("class=\"") + mark_class(i) + "\" data-arm=\"" + html_escape(arm) + "\" data-point=\"" +
         std::to_string(point) + "\" data-figure=\"" + html_escape(figure) + "\" data-mean=\"" +
         io::h5::format_double(i.mean) + "\" data-low=\"" + io::h5::format_double(i.low) + "\" data-high=\"" +
         io::h5::format_double(i.high) + "\" data-n=\"" + std::to_string(i.n) + "\"";
}

}  // namespace civicsim::viz::compare
