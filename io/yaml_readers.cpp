// The schema walker's readers: one value of each kind (number, integer, seed, text, flag, name,
// list) and MapReader over one mapping. Reports, ranges and names are in io/yaml_schema.cpp.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "io/yaml_schema.hpp"

namespace civicsim::io::schema {

// ---- Readers --------------------------------------------------------------------------------

namespace {

/// Why a value that looks like a number is not one ("" when it does not look like one).
std::string why_not_a_number(const std::string& text) {
  std::string rest = text.substr(text.empty() || (text[0] != '+' && text[0] != '-') ? 0 : 1);
  for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (rest == ".nan" || rest == "nan") return " (not-a-number is not a value here)";
  if (rest == "inf" || rest == "infinity") return " (write .inf where infinity is allowed)";
  if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0])) &&
      rest.find_first_not_of("0123456789.e+-") == std::string::npos) {
    errno = 0;
    const double x = std::strtod(text.c_str(), nullptr);
    if (errno == ERANGE && std::fabs(x) > 1) return " (too large: numbers end near 1.8e308)";
  }
  return "";
}

/// Text values are names and paths: short, printable and UTF-8 (they end up in files and messages).
constexpr std::size_t kMaxTextBytes = 4096;

std::string text_problem(const std::string& s) {
  if (s.size() > kMaxTextBytes) {
    return "is " + std::to_string(s.size()) + " bytes long; at most " + std::to_string(kMaxTextBytes) + " are allowed";
  }
  const auto bad = first_bad_character(s);
  if (bad.first != std::string::npos) return "holds " + bad.second + "; expected printable text";
  return "";
}

bool expect_scalar(Report& r, const Field& f, const char* expected) {
  if (f.node.IsScalar()) return true;
  r.error(f.mark, f.path + ": expected " + expected + ", got " + describe(f.node));
  return false;
}

bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

}  // namespace

bool read_number(Report& r, const Field& f, const Range& range, double& out) {
  if (!f.present) return true;
  if (!expect_scalar(r, f, "a number")) return false;
  const auto x = is_quoted(f.node) ? std::nullopt : parse_number(f.node.Scalar(), true);
  if (!x) {
    r.error(f.mark, f.path + ": expected a number, got " +
                        (is_quoted(f.node) ? "the string \"" + excerpt(f.node.Scalar()) + "\"" : describe(f.node)) +
                        why_not_a_number(f.node.Scalar()));
    return false;
  }
  if (!range.contains(*x)) {
    r.error(f.mark, f.path + " must be " + range.text() + "; got " + excerpt(f.node.Scalar()));
    return false;
  }
  out = *x;
  return true;
}

bool read_integer(Report& r, const Field& f, long long lo, long long hi, int& out) {
  if (!f.present) return true;
  if (!expect_scalar(r, f, "an integer")) return false;
  const auto x = is_quoted(f.node) ? std::nullopt : parse_number(f.node.Scalar(), false);
  if (!x || *x != std::floor(*x)) {
    r.error(f.mark, f.path + ": expected an integer, got " + describe(f.node) +
                        (is_quoted(f.node) ? "" : why_not_a_number(f.node.Scalar())));
    return false;
  }
  if (*x < static_cast<double>(lo) || *x > static_cast<double>(hi)) {
    const std::string range = hi >= std::numeric_limits<int>::max()
                                  ? ">= " + std::to_string(lo)
                                  : "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    r.error(f.mark, f.path + " must be " + range + "; got " + excerpt(f.node.Scalar()));
    return false;
  }
  out = static_cast<int>(*x);
  return true;
}

bool read_seed(Report& r, const Field& f, std::uint64_t& out) {
  if (!f.present) return true;
  if (!expect_scalar(r, f, "a non-negative integer")) return false;
  const auto x = is_quoted(f.node) ? std::nullopt : parse_seed(f.node.Scalar());
  if (!x) {
    r.error(f.mark, f.path + ": expected " + kSeedRange + ", got " + describe(f.node));
    return false;
  }
  out = *x;
  return true;
}

bool read_text(Report& r, const Field& f, std::string& out) {
  if (!f.present) return true;
  if (!expect_scalar(r, f, "a string")) return false;
  if (f.node.Scalar().empty()) {
    r.error(f.mark, f.path + ": expected a non-empty string");
    return false;
  }
  const std::string problem = text_problem(f.node.Scalar());
  if (!problem.empty()) {
    r.error(f.mark, f.path + " " + problem);
    return false;
  }
  out = f.node.Scalar();
  return true;
}

bool read_flag(Report& r, const Field& f, bool& out) {
  if (!f.present) return true;
  if (!expect_scalar(r, f, "true or false")) return false;
  static const Names yes = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
  static const Names no = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
  const std::string& s = f.node.Scalar();
  if (!is_quoted(f.node) && std::find(yes.begin(), yes.end(), s) != yes.end()) {
    out = true;
  } else if (!is_quoted(f.node) && std::find(no.begin(), no.end(), s) != no.end()) {
    out = false;
  } else {
    r.error(f.mark, f.path + ": expected true or false, got " + describe(f.node));
    return false;
  }
  return true;
}

bool read_name(Report& r, const Field& f, const std::string& what, const Names& names, int& out) {
  if (!f.present) return true;
  if (!f.node.IsScalar()) {
    r.error(f.mark, f.path + ": expected a " + what + " (" + join(names, ", ") + "), got " + describe(f.node));
    return false;
  }
  const auto it = std::find(names.begin(), names.end(), f.node.Scalar());
  if (it == names.end()) {
    r.error(f.mark, f.path + ": " + unknown_name(what, f.node.Scalar(), names));
    return false;
  }
  out = static_cast<int>(it - names.begin());
  return true;
}

Field member(const Field& map, const std::string& key) {
  const std::string path = map.path.empty() ? key : map.path + "." + key;
  if (!map.present || !map.node.IsMap()) return Field{false, YAML::Node(), map.mark, path};
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar() != key) continue;
    const YAML::Mark mark = it->second.IsNull() ? it->first.Mark() : it->second.Mark();
    return Field{true, it->second, mark, path};
  }
  return Field{false, YAML::Node(), map.mark, path};
}

bool read_list(Report& r, const Field& f, std::vector<Field>& items) {
  items.clear();
  if (!f.present || f.node.IsNull()) return true;  // `key:` with nothing after it: an empty list
  if (!f.node.IsSequence()) {
    r.error(f.mark, f.path + ": expected a sequence, got " + describe(f.node));
    return false;
  }
  for (std::size_t i = 0; i < f.node.size(); ++i) {
    const YAML::Node item = f.node[i];
    const YAML::Mark mark = item.IsNull() ? f.mark : item.Mark();
    items.push_back(Field{true, item, mark, f.path + "[" + std::to_string(i) + "]"});
  }
  return true;
}

// ---- MapReader ------------------------------------------------------------------------------

MapReader::MapReader(Report& report, const Field& field) : report_(report), path_(field.path), mark_(field.mark) {
  if (!field.present || field.node.IsNull()) {
    is_map_ = true;
    return;
  }
  if (!field.node.IsMap()) {
    report_.error(field.mark, (path_.empty() ? std::string("scenario") : path_) + ": expected a mapping, got " +
                                  describe(field.node));
    return;
  }
  is_map_ = true;
  for (auto it = field.node.begin(); it != field.node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      report_.error(key.Mark(), "expected a key name, got " + describe(key));
      continue;
    }
    if (const Entry* first = find(key.Scalar())) {
      report_.error(key.Mark(), "duplicate key '" + key.Scalar() + "'" + (path_.empty() ? "" : " in '" + path_ + "'") +
                                    "; first given at " + report_.where(first->key_mark));
      continue;
    }
    entries_.push_back(Entry{key.Scalar(), key.Mark(), it->second});
  }
}

const MapReader::Entry* MapReader::find(const std::string& key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string MapReader::child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

Field MapReader::field(const std::string& key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  const Entry* e = find(key);
  if (!e) return Field{false, YAML::Node(), mark_, child_path(key)};
  // An empty value has no place of its own (yaml-cpp marks the next token): point at its key.
  const YAML::Mark mark = e->value.IsNull() ? e->key_mark : e->value.Mark();
  return Field{true, e->value, mark, child_path(key)};
}

bool MapReader::has(const std::string& key) const { return find(key) != nullptr; }

YAML::Mark MapReader::key_mark(const std::string& key) const {
  const Entry* e = find(key);
  return e ? e->key_mark : mark_;
}

bool MapReader::number(const std::string& key, double& out, const Range& range) {
  return read_number(report_, field(key), range, out);
}
bool MapReader::integer(const std::string& key, int& out, long long lo, long long hi) {
  return read_integer(report_, field(key), lo, hi, out);
}
bool MapReader::text(const std::string& key, std::string& out) { return read_text(report_, field(key), out); }
bool MapReader::flag(const std::string& key, bool& out) { return read_flag(report_, field(key), out); }
bool MapReader::name(const std::string& key, const std::string& what, const Names& names, int& out) {
  return read_name(report_, field(key), what, names, out);
}

MapReader MapReader::child(const std::string& key) { return MapReader(report_, field(key)); }

bool MapReader::require(const std::string& key, const std::string& hint) {
  if (!is_map_ || has(key)) return true;
  report_.error(mark_, "missing required key '" + key + "'" + (path_.empty() ? "" : " in '" + path_ + "'") + hint);
  return false;
}

void MapReader::allow(const Names& keys) {
  for (const auto& k : keys) field(k);
}

void MapReader::finish() {
  if (finished_) return;
  finished_ = true;
  for (const auto& e : entries_) {
    if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
    report_.error(e.key_mark, unknown_name("key", e.key, known_, path_));
  }
}

}  // namespace civicsim::io::schema
