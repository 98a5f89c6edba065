#include "io/yaml_schema.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

namespace civicsim::io::schema {

// ---- Report ---------------------------------------------------------------------------------

Report::Report(std::string file, const std::string& text) : file_(std::move(file)) {
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = text.find('\n', begin);
    lines_.push_back(text.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  files_.push_back(file_);
}

int Report::column_of(int line, int byte_column) const {
  if (line < 0 || line >= static_cast<int>(lines_.size())) return byte_column + 1;
  const std::string& s = lines_[line];
  const int n = std::min<int>(byte_column, static_cast<int>(s.size()));
  int column = 1;
  for (int i = 0; i < n; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++column;  // not a continuation byte
  }
  return column + std::max(0, byte_column - n);
}

std::pair<int, int> Report::position(const YAML::Mark& mark) const {
  if (mark.line < 0) return {0, 0};
  return {mark.line + 1, column_of(mark.line, mark.column)};
}

void Report::error(const YAML::Mark& mark, const std::string& message) {
  const auto [line, column] = position(mark);
  error_in(file_, line, column, message);
}

void Report::error_in(const std::string& file, int line, int column, const std::string& message) {
  if (std::find(files_.begin(), files_.end(), file) == files_.end()) files_.push_back(file);
  diagnostics_.push_back(Diagnostic{file, line, column, message});
}

void Report::missing_input(const YAML::Mark& mark, const std::string& message) {
  missing_input_ = true;
  error(mark, message);
}

std::string Report::where(const YAML::Mark& mark) const {
  const auto [line, column] = position(mark);
  if (line == 0) return file_;
  return file_ + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// ---- Ranges and numbers ---------------------------------------------------------------------

bool Range::contains(double x) const {
  if (std::isinf(x)) return allow_inf && x > 0;
  if (x < lo || (lo_open && x == lo)) return false;
  if (x > hi || (hi_open && x == hi)) return false;
  return true;
}

std::string Range::text() const {
  const bool has_lo = lo > -1e308, has_hi = hi < 1e308;
  std::string s;
  if (has_lo && has_hi) {
    s = std::string("in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) +
        (hi_open ? ")" : "]");
  } else if (has_lo) {
    s = std::string(lo_open ? "> " : ">= ") + format_number(lo);
  } else if (has_hi) {
    s = std::string(hi_open ? "< " : "<= ") + format_number(hi);
  } else {
    s = "a finite number";
  }
  return allow_inf ? s + " (or .inf)" : s;
}

Range any_number() { return Range{}; }
Range at_least(double lo) { return Range{lo, 1e308, false, false, false}; }
Range above(double lo) { return Range{lo, 1e308, true, false, false}; }
Range within(double lo, double hi) { return Range{lo, hi, false, false, false}; }
Range unit_interval() { return within(0, 1); }
Range above_or_inf(double lo) { return Range{lo, 1e308, true, false, true}; }
Range headcount() { return within(0, 1e8); }
Range headcount_change() { return within(-1e8, 1e8); }
Range run_minutes(double lo) { return within(lo, 20000.0 * 1440); }

std::string format_number(double x) {
  if (std::isinf(x)) return x > 0 ? ".inf" : "-.inf";
  if (std::isnan(x)) return ".nan";
  char buffer[40];
  if (x == std::floor(x) && std::fabs(x) < 1e15) {  // whole numbers as integers, never "6e+01"
    std::snprintf(buffer, sizeof buffer, "%.0f", x);
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, x);
    if (std::strtod(buffer, nullptr) == x) break;
  }
  return buffer;
}

std::optional<double> parse_number(const std::string& text, bool allow_inf) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::string rest = text.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") {
    if (!allow_inf) return std::nullopt;
    return text[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  // Only digits, one point and an exponent: strtod alone would also take "nan", "inf", "0x1p3".
  bool digits = false;
  for (std::size_t k = i; k < text.size(); ++k) {
    const char c = text[k];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double x = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(x)) return std::nullopt;
  return x;
}

std::pair<std::size_t, std::string> first_bad_character(const std::string& text) {
  char what[64];
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        std::snprintf(what, sizeof what, "the control character U+%04X", c);
        return {i, what};
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: its length from the lead byte, then continuation bytes, no overlong forms,
    // no surrogates, nothing past U+10FFFF (RFC 3629).
    const int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size();
    for (int k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && n >= 3) {
      const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0) && !(c == 0xF0 && c1 < 0x90) &&
           !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) {
      std::snprintf(what, sizeof what, "a byte that is not UTF-8 (0x%02X)", c);
      return {i, what};
    }
    i += static_cast<std::size_t>(n);
  }
  return {std::string::npos, ""};
}

// ---- Names ----------------------------------------------------------------------------------

std::string excerpt(const std::string& text) {
  constexpr std::size_t kShown = 60;
  if (text.size() <= kShown + 20) return text;
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string unknown_name(const std::string& what, const std::string& word, const Names& valid,
                         const std::string& where) {
  std::string s = "unknown " + what + " '" + excerpt(word) + "'";
  if (!where.empty()) s += " in '" + where + "'";
  const std::string close = nearest(word, valid);
  if (!close.empty()) return s + "; did you mean '" + close + "'?";
  const bool is_key = what == "key" || what.find(" key") != std::string::npos;
  return s + "; valid " + (is_key ? std::string("keys") : what + "s") + ": " + join(valid);
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "'" + excerpt(node.Scalar()) + "'";
    default:
      return "an empty value";
  }
}

}  // namespace civicsim::io::schema
