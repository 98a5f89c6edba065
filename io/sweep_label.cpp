// The label of a sweep's grid point (manifest.csv `parameters`, /grid/point, compare.csv): pairs
// `key=value` joined by ';', quoted where a key or value holds one of the separators.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "io/sweep.hpp"

namespace civicsim::io {
namespace {

std::string label_text(const std::string& text) {
  if (text.find_first_of(";=\"\\") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

/// Reads a key or value at `i` up to `stop` (or the end); false for a bad quoted text.
bool read_part(const std::string& label, std::size_t& i, char stop, std::string& out) {
  out.clear();
  if (i >= label.size() || label[i] != '"') {
    const std::size_t end = std::min(label.find(stop, i), label.size());
    out = label.substr(i, end - i);
    i = end;
    return out.find_first_of(";=\"\\") == std::string::npos;
  }
  for (++i; i < label.size(); ++i) {
    if (label[i] == '\\' && i + 1 < label.size()) {
      out += label[++i];
    } else if (label[i] == '"') {
      ++i;
      return i == label.size() || label[i] == stop;
    } else {
      out += label[i];
    }
  }
  return false;  // no closing quote
}

}  // namespace

std::string grid_label(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string label;
  for (const auto& [key, value] : pairs)
    label += (label.empty() ? "" : ";") + label_text(key) + "=" + label_text(value);
  return label;
}

bool split_grid_label(const std::string& label, std::vector<std::pair<std::string, std::string>>& pairs) {
  pairs.clear();
  std::size_t i = 0;
  while (i < label.size()) {
    std::string key, value;
    if (!read_part(label, i, '=', key) || i >= label.size()) return false;
    ++i;  // '='
    if (!read_part(label, i, ';', value)) return false;
    pairs.emplace_back(std::move(key), std::move(value));
    if (i < label.size() && ++i == label.size()) return false;  // a trailing ';'
  }
  return true;
}

}  // namespace civicsim::io
