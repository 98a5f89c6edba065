// A small schema walker over yaml-cpp nodes: each section of the scenario reads as a list of
// "key, destination, allowed range" lines, and every problem becomes a Diagnostic with the file,
// line and column, what was expected, and the nearest valid name. Nothing here stops at the first
// problem: readers report, keep the default, and carry on.
#pragma once

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/diagnostic.hpp"
#include "io/names.hpp"
#include "io/schema_range.hpp"

namespace civicsim {
struct Params;
}
namespace civicsim::io {
struct ScenarioResult;
}

namespace civicsim::io::schema {

template <std::size_t N>
Names names_of(const char* const (&array)[N]) {
  return Names(array, array + N);
}

/// Collects the diagnostics of one load. yaml-cpp marks are 0-based and count bytes; diagnostics
/// are 1-based and count characters (Unicode code points), as editors do.
class Report {
 public:
  Report(std::string file, const std::string& text);

  const std::string& file() const { return file_; }
  void error(const YAML::Mark& mark, const std::string& message);
  /// A problem in another file (a districts CSV): line and column are already 1-based.
  void error_in(const std::string& file, int line, int column, const std::string& message);
  /// An input file that cannot be read: the load ends with kExitNoInput.
  void missing_input(const YAML::Mark& mark, const std::string& message);
  std::size_t count() const { return diagnostics_.size(); }
  /// 1-based line and character column of a mark in the scenario file.
  std::pair<int, int> position(const YAML::Mark& mark) const;
  /// "file:line:col" of a mark, for messages that point at a second place.
  std::string where(const YAML::Mark& mark) const;

  /// The diagnostics in file order (the scenario first, then other files), and the exit code
  /// (defined in io/scenario.cpp, beside ScenarioResult).
  ScenarioResult finish(Params params);

 private:
  int column_of(int line, int byte_column) const;

  std::string file_;
  std::vector<std::string> lines_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<std::string> files_;  // in order of first appearance; the scenario is first
  bool missing_input_ = false;
};

/// A value to read: its node (when present), where to point at it, and its dotted path.
struct Field {
  bool present = false;
  YAML::Node node;
  YAML::Mark mark;
  std::string path;
};

/// Shortest text that reads back to the same double ("0.1", "1e-05", ".inf").
std::string format_number(double x);
/// A strict decimal number: no hex, no "nan"; ".inf" only when `allow_inf`.
std::optional<double> parse_number(const std::string& text, bool allow_inf);
/// "unknown key 'staf'; did you mean 'staff'?" or "...; valid keys: a, b, c".
std::string unknown_name(const std::string& what, const std::string& word, const Names& valid,
                         const std::string& where = "");
/// The text itself, or its start and its length when it is too long to quote in a message.
std::string excerpt(const std::string& text);
/// The byte offset of the first character a text file should not hold (a control character other
/// than tab and line breaks, or a byte that is not UTF-8) and what it is; npos when none.
std::pair<std::size_t, std::string> first_bad_character(const std::string& text);
/// "a sequence", "a mapping", "an empty value", "'text'".
std::string describe(const YAML::Node& node);

// Readers: each returns false after reporting a problem and leaves `out` unchanged then; an absent
// field is no problem (the default stays).
bool read_number(Report& r, const Field& f, const Range& range, double& out);
bool read_integer(Report& r, const Field& f, long long lo, long long hi, int& out);
bool read_seed(Report& r, const Field& f, std::uint64_t& out);
bool read_text(Report& r, const Field& f, std::string& out);
bool read_flag(Report& r, const Field& f, bool& out);
/// One of `names` (an enumeration); `what` names the kind of thing in messages ("channel").
bool read_name(Report& r, const Field& f, const std::string& what, const Names& names, int& out);
/// The value of `key` in a mapping field (absent when the field is not a mapping or lacks it).
Field member(const Field& map, const std::string& key);
/// A sequence (an empty value reads as an empty one); its items come back with paths "path[i]".
bool read_list(Report& r, const Field& f, std::vector<Field>& items);

/// Reads one YAML mapping. Every key the schema knows is registered by asking for it; `finish()`
/// reports the keys nobody asked for, with the nearest registered key. Absent or empty (null)
/// mappings read as empty; anything else is reported once and reads as empty.
class MapReader {
 public:
  MapReader(Report& report, const Field& field);

  Field field(const std::string& key);
  bool has(const std::string& key) const;
  /// Where `key` is written (the mapping's mark when absent).
  YAML::Mark key_mark(const std::string& key) const;
  bool is_map() const { return is_map_; }  // false only when the value had the wrong type
  const std::string& path() const { return path_; }
  const YAML::Mark& mark() const { return mark_; }
  Report& report() { return report_; }

  bool number(const std::string& key, double& out, const Range& range);
  bool integer(const std::string& key, int& out, long long lo, long long hi);
  bool text(const std::string& key, std::string& out);
  bool flag(const std::string& key, bool& out);
  bool name(const std::string& key, const std::string& what, const Names& names, int& out);
  MapReader child(const std::string& key);
  /// A sub-mapping whose keys are `keys` (channels, kinds, age groups), each a number.
  template <std::size_t N>
  bool numbers(const std::string& key, const Names& keys, const Range& range, std::array<double, N>& out);
  template <std::size_t N>
  bool integers(const std::string& key, const Names& keys, long long lo, long long hi, std::array<int, N>& out);
  /// Reports "missing required key" at the mapping when `key` is absent.
  bool require(const std::string& key, const std::string& hint = "");
  /// Registers keys that are valid here but handled elsewhere (or deliberately ignored).
  void allow(const Names& keys);
  /// The keys registered so far.
  const Names& known() const { return known_; }
  void finish();

 private:
  struct Entry {
    std::string key;
    YAML::Mark key_mark;
    YAML::Node value;
  };
  const Entry* find(const std::string& key) const;
  std::string child_path(const std::string& key) const;

  Report& report_;
  std::string path_;
  YAML::Mark mark_;
  bool is_map_ = false;
  std::vector<Entry> entries_;
  Names known_;
  bool finished_ = false;
};

template <std::size_t N>
bool MapReader::numbers(const std::string& key, const Names& keys, const Range& range, std::array<double, N>& out) {
  MapReader sub = child(key);
  bool ok = sub.is_map();
  for (std::size_t i = 0; i < N; ++i) ok = sub.number(keys[i], out[i], range) && ok;
  sub.finish();
  return ok;
}

template <std::size_t N>
bool MapReader::integers(const std::string& key, const Names& keys, long long lo, long long hi,
                         std::array<int, N>& out) {
  MapReader sub = child(key);
  bool ok = sub.is_map();
  for (std::size_t i = 0; i < N; ++i) ok = sub.integer(keys[i], out[i], lo, hi) && ok;
  sub.finish();
  return ok;
}

}  // namespace civicsim::io::schema
