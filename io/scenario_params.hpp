// The scenario's regular parameters, listed once per section: YAML key, where the value lives in
// sim's Params (an accessor), unit, allowed range and, for some, a check against other fields. The
// reader (io/scenario*.cpp), resolved_yaml (io/resolved_yaml.cpp) and the tests' comparison
// (tests/io/params_compare.hpp) all walk these tables, so adding a parameter is one line here (and
// its field in sim/params.hpp). Defaults are not repeated: they are the member initialisers of
// sim/params.hpp (default_params(), and intervention_defaults() for costs by intervention type).
//
// Irregular keys keep hand-written readers and writers: the district list and its sources
// (districts_file / districts / generate; a district's numbers have their own table in
// io/districts_csv.cpp, shared with the CSV reader), the list of request types around their table
// (unique names, then service times and cv checked against channels and distribution), surges
// (required keys reported before any value is read, end_day against start_day), the arrival
// profile (24 numbers that must not all be 0), the opening hours of channels, an
// intervention's common keys (type, start_day, end_day, districts), and `civicsim` (the schema
// version, checked against what this build reads). Inside tables, Custom entries hold the few
// irregular values (a request type's channels; an intervention's hall_hours, data_sharing types
// and dispatch_from).
//
// No yaml-cpp here: the tests include this header.
#pragma once

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "io/schema_range.hpp"
#include "sim/params.hpp"

namespace YAML {
class Emitter;
}
namespace civicsim::io::schema {
class MapReader;
}

namespace civicsim::io::params {

using Names = std::vector<std::string>;

enum class Kind {
  Number,    // a double in `range`
  Integer,   // an int in [lo, hi]
  Flag,      // true / false
  Text,      // a non-empty printable string
  Seed,      // an integer in [0, 2^64 - 1]
  Word,      // one of `names` (an enumeration), stored as its index
  Numbers,   // a mapping of `names` to doubles in `range` (a std::array in Params)
  Integers,  // a mapping of `names` to ints in [lo, hi]
  Map,       // a sub-mapping with its own entries
  Custom,    // its own reader, writer and comparison (opening hours, a selector, a list of names)
};

/// How resolved_yaml writes a mapping: {a: 1, b: 2} or one key per line.
enum class Style { Flow, Block };

template <typename Owner>
struct Param;
template <typename Owner>
using Table = std::vector<Param<Owner>>;

/// One key of a section. Exactly one accessor is set, by kind; accessors take a mutable owner
/// (writers and the comparison only read through them).
template <typename Owner>
struct Param {
  const char* key = "";
  Kind kind = Kind::Number;
  const char* unit = "";         // documentation: "minutes", "CNY", "share" ("" for none)
  schema::Range range{};         // Number, Numbers
  long long lo = 0, hi = 0;      // Integer, Integers
  const Names* names = nullptr;  // Word: its words; Numbers, Integers: the sub-keys
  const char* what = "";         // Word: the kind of name in messages ("weekday")
  /// Reported missing (with `hint` after the message) when absent; then nothing else is read.
  bool required = false;
  const char* hint = "";

  double* (*number)(Owner&) = nullptr;         // Number; Numbers: the first of names->size()
  int* (*integer)(Owner&) = nullptr;           // Integer; Integers: the first of names->size()
  bool* (*flag)(Owner&) = nullptr;             // Flag
  std::string* (*text)(Owner&) = nullptr;      // Text
  std::uint64_t* (*seed)(Owner&) = nullptr;    // Seed
  int (*get)(const Owner&) = nullptr;          // Word
  void (*set)(Owner&, int) = nullptr;          // Word
  const Table<Owner>& (*entries)() = nullptr;  // Map
  Style style = Style::Flow;                   // Map

  /// Custom: reads the key from `section` (`context` is what read_params was given), writes its
  /// value after the key, and compares it.
  bool (*read)(schema::MapReader& section, Owner& owner, const void* context) = nullptr;
  void (*write)(YAML::Emitter& out, const Owner& owner) = nullptr;
  bool (*same)(const Owner& a, const Owner& b) = nullptr;
  /// resolved_yaml writes the key only where this holds (nullptr: always).
  bool (*written)(const Owner& owner) = nullptr;

  /// Run after the value was read without a problem: checks against fields read before it.
  void (*check)(schema::MapReader& section, Owner& owner) = nullptr;
  /// The tests compare every entry under its YAML path unless this is false.
  bool compared = true;
};

// The tables. Each is built once, on first use.
const Table<Params>& top_params();  // name, seed (civicsim is read by hand)
const Table<Params>& time_params();
const Table<Params>& population_params();
const Table<Params>& geography_params();    // after the districts' source
const Table<RingCity>& ring_city_params();  // geography.generate.ring_city
const Table<Params>& citizens_params();
const Table<Params>& channel_params(int channel);  // channels.<name>, after `hours`
const Table<Params>& choice_params();
const Table<Params>& staff_params();
const Table<Params>& budget_params();
const Table<Params>& output_params();
/// requests.types[i]: the keys of one request type.
const Table<RequestType>& request_type_params();
/// The keys of an intervention's own type (after type, start_day, end_day, districts), by
/// InterventionType; defaults by type from intervention_defaults().
const Table<Intervention>& intervention_params(int type);

/// Every table of Params with the YAML path of its mapping ("" for the top level, "time",
/// "channels.hotline"), in schema order: for whoever walks all parameters (the tests' comparison).
struct Section {
  std::string path;
  const Table<Params>* entries;
};
const std::vector<Section>& sections();

/// Reads every entry of `table` from `section` into `owner`; true when none had a problem.
/// `ok`, when given, receives one flag per entry; `context` goes to the Custom readers.
template <typename Owner>
bool read_params(schema::MapReader& section, const Table<Owner>& table, Owner& owner, std::vector<bool>* ok = nullptr,
                 const void* context = nullptr);
/// Writes every entry of `table` as keys of the mapping being emitted.
template <typename Owner>
void write_params(YAML::Emitter& out, const Table<Owner>& table, const Owner& owner);
/// "key: value, key: {k: v, ...}" of a table on one line, as write_params writes it in flow style
/// (ring_city, in a comment of the resolved YAML).
template <typename Owner>
std::string inline_params(const Table<Owner>& table, const Owner& owner);
/// The flag that `read_params` gave the entry `key` of `table`.
template <typename Owner>
bool read_ok(const Table<Owner>& table, const std::vector<bool>& ok, const char* key);

/// Table entries every section builds: a number in `range`, an integer in [lo, hi].
template <typename Owner>
inline Param<Owner> number(const char* key, double* (*at)(Owner&), schema::Range range, const char* unit) {
  Param<Owner> e;
  e.key = key;
  e.kind = Kind::Number;
  e.number = at;
  e.range = range;
  e.unit = unit;
  return e;
}

template <typename Owner>
inline Param<Owner> integer(const char* key, int* (*at)(Owner&), long long lo, long long hi, const char* unit) {
  Param<Owner> e;
  e.key = key;
  e.kind = Kind::Integer;
  e.integer = at;
  e.lo = lo;
  e.hi = hi;
  e.unit = unit;
  return e;
}

/// The other builders of table rows, shared by the files that define the tables
/// (io/scenario_params.cpp, io/scenario_params_types.cpp): key lists, arrays of numbers or
/// integers under named keys, a word from a list, text, a nested map, a row with a cross-field check.
inline const Names& age_keys() {
  static const Names names = {"adult", "elderly"};
  return names;
}
inline const Names& channel_keys() {
  static const Names names = Names(std::begin(kChannelNames), std::end(kChannelNames));
  return names;
}
inline const Names& ring_keys() {
  static const Names names = {"core", "suburban", "rural"};
  return names;
}
inline const Names& kind_keys() {
  static const Names names = Names(std::begin(kDistrictKindNames), std::end(kDistrictKindNames));
  return names;
}

/// (0, 1]: a share that cannot be 0.
inline schema::Range positive_share() { return schema::Range{0, 1, true, false, false}; }

template <typename Owner>
Param<Owner> numbers(const char* key, const Names& keys, double* (*first)(Owner&), schema::Range range, const char* unit) {
  Param<Owner> e = number(key, first, range, unit);
  e.kind = Kind::Numbers;
  e.names = &keys;
  return e;
}

template <typename Owner>
Param<Owner> integers(const char* key, const Names& keys, int* (*first)(Owner&), long long lo, long long hi,
                      const char* unit) {
  Param<Owner> e = integer(key, first, lo, hi, unit);
  e.kind = Kind::Integers;
  e.names = &keys;
  return e;
}

template <typename Owner>
Param<Owner> word(const char* key, const char* what, const Names& words, int (*get)(const Owner&),
                  void (*set)(Owner&, int)) {
  Param<Owner> e;
  e.key = key;
  e.kind = Kind::Word;
  e.what = what;
  e.names = &words;
  e.get = get;
  e.set = set;
  return e;
}

template <typename Owner>
Param<Owner> text(const char* key, std::string* (*at)(Owner&)) {
  Param<Owner> e;
  e.key = key;
  e.kind = Kind::Text;
  e.text = at;
  return e;
}

template <typename Owner>
Param<Owner> map(const char* key, const Table<Owner>& (*entries)(), Style style) {
  Param<Owner> e;
  e.key = key;
  e.kind = Kind::Map;
  e.entries = entries;
  e.style = style;
  return e;
}

template <typename Owner>
Param<Owner> with_check(Param<Owner> e, void (*check)(schema::MapReader&, Owner&)) {
  e.check = check;
  return e;
}

}  // namespace civicsim::io::params
