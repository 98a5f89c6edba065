// One CSV cell as civicsim writes it, shared by every CSV file it writes (manifest.csv, the tables
// of `export --csv`, compare.csv):
// - RFC 4180: quoted when it holds a comma, a quote or a line break, with the quotes inside doubled;
// - OWASP "CSV injection": a text that a spreadsheet would run as a formula (it starts with '=',
//   '+', '-', '@', a tab or a carriage return) gets a leading single quote, inside the quotes. So
//   does a text that starts with a single quote itself, which makes the escape reversible
//   (csv_text_value). A whole number such as -0.5 or +3 is no formula and stays as it is.
#pragma once

#include <cstring>
#include <string>

namespace civicsim::io {

/// A decimal number and nothing else: [+-] digits [. digits] [e [+-] digits].
inline bool is_csv_number(const std::string& text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

/// Whether a text cell gets the leading single quote.
inline bool needs_formula_escape(const std::string& text) {
  return !text.empty() && std::strchr("=+-@\t\r'", text[0]) != nullptr && !is_csv_number(text);
}

/// The cell for `text` (a name, a label, or a number formatted by the caller).
inline std::string csv_field(const std::string& text) {
  const bool escape = needs_formula_escape(text);
  if (!escape && text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = escape ? "\"'" : "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

/// The text of a cell that csv_field wrote, once a CSV parser has removed the RFC 4180 quoting.
inline std::string csv_text_value(const std::string& cell) {
  return !cell.empty() && cell[0] == '\'' ? cell.substr(1) : cell;
}

}  // namespace civicsim::io
