// One CSV cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break, with
// the quotes inside doubled. Shared by every CSV civicsim writes (manifest, export, compare).
#pragma once

#include <string>

namespace civicsim::io {

inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

}  // namespace civicsim::io
