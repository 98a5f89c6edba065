// One problem found in an input file, with where it is. Shared by the scenario reader
// (io/scenario.hpp) and the schema walker (io/yaml_schema.hpp), which includes no scenario type.
#pragma once

#include <string>

namespace civicsim::io {

struct Diagnostic {
  std::string file;  // as the user named it
  int line = 0;      // 1-based; 0 = whole file
  int column = 0;    // 1-based; 0 = whole line / file
  std::string message;
  std::string str() const;  // "file:line:col: message"
};

}  // namespace civicsim::io
