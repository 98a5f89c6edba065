// Text output for `civicsim compare`: files that appear under their name only when complete,
// CSV fields, HTML escaping and numbers for people. Internal to viz_export/.
#pragma once

#include <optional>
#include <string>

#include "io/safe_file.hpp"

namespace civicsim::viz::compare {

/// A text file written through io::SafeFile (a temporary name in `dir`, renamed over a regular
/// file or nothing by commit()); removed if never committed. Throws CompareError 73 when it cannot
/// be created or is refused, 74 when it cannot be written.
class AtomicText {
 public:
  AtomicText(const std::string& dir, const std::string& name);
  AtomicText(const AtomicText&) = delete;
  AtomicText& operator=(const AtomicText&) = delete;

  void line(const std::string& text) { write(text + "\n"); }
  void write(const std::string& text);
  /// Closes and renames; returns the final path.
  std::string commit();

 private:
  std::optional<io::SafeFile> file_;
};

/// io::csv_field: RFC 4180 quoting, and a leading ' on text a spreadsheet would run as a formula.
std::string csv_field(const std::string& text);

/// Text safe inside HTML elements and attribute values (& < > " ').
std::string html_escape(const std::string& text);

/// At most `bytes` bytes, cut at a character boundary (never inside a UTF-8 sequence) and ended by
/// an ellipsis when it was cut.
std::string shortened(const std::string& text, std::size_t bytes);

/// A number for people: 4 significant digits, thousands without exponent ("12,345"),
/// "n/a" for NaN.
std::string human_number(double value);

}  // namespace civicsim::viz::compare
