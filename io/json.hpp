// A small JSON writer for the program's machine-readable reports (run --timings, plan --json):
// one object per line of code, keys in the order written.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace civicsim::io {

inline std::string json_string(const std::string& s) {
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
