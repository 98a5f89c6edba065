// The tables with a row per district (or district kind) that `export --csv` and `export --geojson`
// write: the columns of /geography/districts and the figures of /summary/district (schema 2,
// docs/output.md). Internal to viz_export/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"

namespace civicsim::viz {

/// One column: text (names, kinds) or numbers (integers kept apart, so that they print as such).
struct DistrictColumn {
  std::string name;
  std::string units;    // the dataset's `units` attribute ("" when it has none)
  std::string channel;  // a column of an [n, C] figure: its channel; "" otherwise
  bool is_text = false;
  bool is_integer = false;
  std::vector<std::string> texts;  // is_text
  std::vector<double> numbers;     // otherwise (integers are exact up to 2^53)

  /// Row `r` as the CSV files write it (text quoted by the caller).
  std::string number_text(std::size_t r) const;
};

/// The names of the columns of /geography/districts (`group` "/geography/districts") or of a
/// /summary/district group in the order of docs/output.md; the others follow them by name.
const std::vector<std::string>& district_column_order(const std::string& group);

/// The district names: /geography/districts/district (the scale), else /dims/district.
std::vector<std::string> district_names(const io::h5::Reader& file);

/// Every 1-D dataset of /geography/districts but `name` and the scale, in the file's order;
/// each must have one entry per district (`rows`).
std::vector<DistrictColumn> geography_columns(const io::h5::Reader& file, std::size_t rows);

/// The figures of `group` (/summary/district or /summary/district_kind): [n] figures under their
/// name, then [n, C] figures as <name>_<channel>; each must have `rows` entries along its first axis.
std::vector<DistrictColumn> figure_columns(const io::h5::Reader& file, const std::string& group, std::size_t rows);

/// The labels of axis `name` of `group`: its linked scale (group/<name>), else /dims/<name>.
std::vector<std::string> axis_labels(const io::h5::Reader& file, const std::string& group, const char* name);

/// Throws DataError unless axis `axis` of the dataset has `length` entries.
void require_length(const io::h5::Reader& file, const std::string& path, std::size_t axis, std::size_t length,
                    const char* what);

/// The column called `name`, numeric or (`text`) text; throws DataError naming `group` when there
/// is none or it is of the other kind.
const DistrictColumn& column_named(const io::h5::Reader& file, const std::vector<DistrictColumn>& columns,
                                   const std::string& name, const std::string& group, bool text = false);

}  // namespace civicsim::viz
