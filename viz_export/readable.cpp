#include "viz_export/readable.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace civicsim::viz {

std::string words(const std::string& identifier) {
  std::string text = identifier;
  for (char& ch : text)
    if (ch == '_') ch = ' ';
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string group_label(const std::string& group) {
  if (group == "urban_adult") return "Urban adults";
  if (group == "rural_adult") return "Rural adults";
  return words(group);  // "Urban elderly", "Rural elderly"
}

std::string channel_label(const std::string& channel) { return words(channel); }

std::string kind_label(const std::string& kind) { return words(kind); }

std::string number_text(double value, int decimals) {
  if (!std::isfinite(value)) return std::isnan(value) ? kMissingText : value > 0 ? "\xE2\x88\x9E" : "-\xE2\x88\x9E";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, std::fabs(value));
  std::string digits = buf, fraction;
  if (const std::size_t dot = digits.find('.'); dot != std::string::npos) {
    fraction = digits.substr(dot);
    digits.erase(dot);
  }
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  const bool zero = (digits + fraction).find_first_not_of("0.,") == std::string::npos;
  return (value < 0 && !zero ? "-" : "") + digits + fraction;
}

std::string minutes_text(double seconds, int decimals) { return number_text(seconds / 60.0, decimals); }

std::string percent_text(double share, int decimals) {
  return std::isnan(share) ? kMissingText : number_text(100.0 * share, decimals) + "%";
}

std::string count_text(double count) { return number_text(count, 0); }

}  // namespace civicsim::viz
