// A small JSON writer for the program's machine-readable reports (run --timings, plan --json):
// one object per line of code, keys in the order written.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace civicsim::io {

/// The length of the valid UTF-8 sequence that starts `s` at `i` (1 to 4), or 0 when none does:
/// a stray continuation byte, an overlong form, a surrogate, a code point beyond U+10FFFF or a
/// sequence cut short.
inline std::size_t utf8_sequence_length(const std::string& s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing beyond U+10FFFF
  } else {
    return 0;
  }
  if (i + length > s.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

/// `s` with each byte that starts no valid UTF-8 sequence replaced by U+FFFD: text from a damaged
/// file made fit for JSON, which must be UTF-8 (RFC 8259).
inline std::string valid_utf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t length = utf8_sequence_length(s, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(s, i, length);
      i += length;
    }
  }
  return out;
}

/// `s` as a JSON string: quoted, escaped, and valid UTF-8 (valid_utf8).
inline std::string json_string(const std::string& text) {
  const std::string s = valid_utf8(text);
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

inline std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// Builds `{"key": value, ...}`, indented by `indent` spaces per level.
class JsonObject {
 public:
  explicit JsonObject(int depth = 0) : depth_(depth) {}
  JsonObject& text(const std::string& key, const std::string& value) { return raw(key, json_string(value)); }
  JsonObject& number(const std::string& key, double value) { return raw(key, json_number(value)); }
  JsonObject& integer(const std::string& key, std::int64_t value) { return raw(key, std::to_string(value)); }
  JsonObject& boolean(const std::string& key, bool value) { return raw(key, value ? "true" : "false"); }
  JsonObject& object(const std::string& key, const JsonObject& value) { return raw(key, value.str()); }
  /// `value` is already JSON (an array, null).
  JsonObject& raw(const std::string& key, const std::string& value) {
    body_ += (body_.empty() ? "\n" : ",\n") + pad(depth_ + 1) + json_string(key) + ": " + value;
    return *this;
  }
  std::string str() const { return body_.empty() ? "{}" : "{" + body_ + "\n" + pad(depth_) + "}"; }

 private:
  static std::string pad(int depth) { return std::string(static_cast<std::size_t>(2 * depth), ' '); }
  int depth_;
  std::string body_;
};

}  // namespace civicsim::io
