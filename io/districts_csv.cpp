// Districts from a CSV file (the layout of data/guangzhou_districts.csv). Problems are reported at
// the 1-based line and character column (Unicode code points) where the bad field starts, and
// name the column header; a missing column is reported at the header line.
#include <algorithm>

#include "io/csv_read.hpp"
#include "io/scenario_sections.hpp"

namespace civicsim::io::detail {

using schema::Names;
using schema::Range;
using schema::Report;

const std::vector<DistrictNumber>& district_numbers() {
  static const std::vector<DistrictNumber> numbers = {
      {"population", true, &District::population, schema::within(0, kMaxPopulation)},
      {"area_km2", true, &District::area_km2, schema::above(0)},
      {"urban_share", true, &District::urban_share, schema::unit_interval()},
      {"lat", false, &District::lat, schema::within(-90, 90)},
      {"lon", false, &District::lon, schema::within(-180, 180)},
      {"share_60_plus", false, &District::share_60_plus, schema::unit_interval(), true},  // issue 17
      {"counter_staff_per_centre", false, &District::counter_staff_per_centre, schema::headcount(), true},
  };
  return numbers;
}

const Names& district_keys() {
  static const Names keys = {"name_zh",  "name_en",     "name", "kind", "population",    "population_source",
                             "area_km2", "urban_share", "lat",  "lon",  "share_60_plus", "counter_staff_per_centre"};
  return keys;
}

namespace {

using Cell = CsvCell;
using Row = CsvRow;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

/// The rows of the file (io/csv_read.hpp); false after reporting where it is not CSV, or has more
/// rows than the header and kMaxDistricts districts.
bool split_rows(Report& r, const std::string& display, const std::string& text, std::vector<Row>& rows) {
  const CsvProblem p = split_csv(text, rows, kMaxDistricts + 1);
  if (p.kind == CsvProblem::kNone) return true;
  r.error_in(display, p.line, p.column,
             p.kind == CsvProblem::kTooManyRows
                 ? "more than " + std::to_string(kMaxDistricts) +
                       " districts; civicsim takes at most that many (merge small districts)"
                 : p.message);
  return false;
}

class RowReader {
 public:
  RowReader(Report& r, const std::string& display) : r_(r), display_(display) {}

  void error(const Cell& cell, const std::string& column, const std::string& message) {
    r_.error_in(display_, cell.line, cell.column, "column '" + column + "': " + message);
    ok_ = false;
  }
  void number(const Cell& cell, const DistrictNumber& spec, District& d) {
    const std::string text = trim(cell.text);
    if (text.empty()) {
      if (spec.required) error(cell, spec.key, "empty; expected a number " + spec.range.text());
      return;
    }
    const auto x = schema::parse_number(text, false);
    if (!x) {
      error(cell, spec.key, "expected a number " + spec.range.text() + ", got '" + text + "'");
    } else if (!spec.range.contains(*x)) {
      error(cell, spec.key, "must be " + spec.range.text() + "; got " + text);
    } else {
      d.*spec.member = *x;
    }
  }
  bool ok() const { return ok_; }

 private:
  Report& r_;
  const std::string& display_;
  bool ok_ = true;
};

/// Column index of each known key in the header (-1 = absent); false after reporting problems.
bool read_header(Report& r, const std::string& display, const Row& header, std::vector<int>& index) {
  const Names& keys = district_keys();
  index.assign(keys.size(), -1);
  bool ok = true;
  Names suggested;  // a misspelt column is reported once, not again as missing
  for (std::size_t c = 0; c < header.cells.size(); ++c) {
    const Cell& cell = header.cells[c];
    const std::string name = trim(cell.text);
    const auto it = std::find(keys.begin(), keys.end(), name);
    if (it == keys.end()) {
      r.error_in(display, cell.line, cell.column, schema::unknown_name("column", name, keys));
      suggested.push_back(schema::nearest(name, keys));
      ok = false;
    } else if (index[it - keys.begin()] >= 0) {
      r.error_in(display, cell.line, cell.column, "column '" + name + "' appears twice");
      ok = false;
    } else {
      index[it - keys.begin()] = static_cast<int>(c);
    }
  }
  const auto column = [&](const char* key) { return index[std::find(keys.begin(), keys.end(), key) - keys.begin()]; };
  Names header_names;
  for (const auto& cell : header.cells) header_names.push_back(trim(cell.text));
  auto missing = [&](const std::string& what) {
    for (const auto& s : suggested) {
      if (!s.empty() && what.find("'" + s + "'") != std::string::npos) return;
    }
    r.error_in(display, header.line, 0,
               "missing column " + what + "; the header is: " + schema::join(header_names, ","));
    ok = false;
  };
  if (column("name") >= 0 && column("name_en") >= 0) {
    r.error_in(display, header.line, 0, "give either a 'name' or a 'name_en' column, not both");
    ok = false;
  } else if (column("name") < 0 && column("name_en") < 0) {
    missing("'name_en' (or 'name')");
  }
  if (column("kind") < 0) missing("'kind'");
  for (const auto& spec : district_numbers()) {
    if (spec.required && column(spec.key) < 0) missing(std::string("'") + spec.key + "'");
  }
  return ok;
}

}  // namespace

bool read_districts_csv(Report& r, const std::string& display, const std::string& text,
                        std::vector<District>& districts, std::vector<Origin>& origins) {
  const auto bad = schema::first_bad_character(text);
  if (bad.first != std::string::npos) {
    const TextPosition at = text_position(text, bad.first);
    r.error_in(display, at.line, at.column, "not a text file: " + bad.second + "; expected UTF-8 CSV text");
    return false;
  }
  std::vector<Row> rows;
  if (!split_rows(r, display, text, rows)) return false;
  if (rows.empty()) {
    r.error_in(display, 0, 0, "the districts file is empty; expected a header and one row per district");
    return false;
  }
  std::vector<int> index;
  if (!read_header(r, display, rows[0], index)) return false;
  if (rows.size() == 1) {
    r.error_in(display, rows[0].line, 0, "the districts file has a header but no districts");
    return false;
  }
  const Names& keys = district_keys();
  const auto at = [&](const char* key) { return index[std::find(keys.begin(), keys.end(), key) - keys.begin()]; };
  const int name_column = at("name_en") >= 0 ? at("name_en") : at("name");
  const std::string name_key = at("name_en") >= 0 ? "name_en" : "name";
  const Names kinds = schema::names_of(kDistrictKindNames);
  bool ok = true;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const Row& row = rows[k];
    const std::size_t expected = rows[0].cells.size();
    if (row.cells.size() != expected) {
      const int column = row.cells.size() > expected ? row.cells[expected].column : row.end_column;
      r.error_in(
          display, row.line, column,
          "this row has " + std::to_string(row.cells.size()) + " fields; the header has " + std::to_string(expected));
      ok = false;
      continue;
    }
    RowReader reader(r, display);
    District d;
    const Cell& name = row.cells[name_column];
    d.name = trim(name.text);
    if (at("name_zh") >= 0) d.name_zh = trim(row.cells[at("name_zh")].text);
    if (d.name.empty()) reader.error(name, name_key, "empty; expected the district's name");
    const Cell& kind_cell = row.cells[at("kind")];
    const std::string kind = trim(kind_cell.text);
    const auto it = std::find(kinds.begin(), kinds.end(), kind);
    if (it == kinds.end()) {
      reader.error(kind_cell, "kind", schema::unknown_name("district kind", kind, kinds));
    } else {
      d.kind = static_cast<DistrictKind>(it - kinds.begin());
    }
    for (const auto& spec : district_numbers()) {
      if (at(spec.key) >= 0) reader.number(row.cells[at(spec.key)], spec, d);
    }
    if (!reader.ok()) {
      ok = false;
      continue;
    }
    districts.push_back(d);
    origins.push_back(Origin{display, name.line, name.column});
  }
  return ok;
}

}  // namespace civicsim::io::detail
