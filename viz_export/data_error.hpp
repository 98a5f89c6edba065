// A file whose content is not what civicsim wrote: a dataset of the wrong rank, shape or type, or
// one too large to read (docs/robustness.md). The commands exit 65 (EX_DATAERR) with its message.
#pragma once

#include <stdexcept>
#include <string>

namespace civicsim::viz {

class DataError : public std::runtime_error {
 public:
  explicit DataError(const std::string& message) : std::runtime_error(message) {}
  static constexpr int kExitCode = 65;  // io::kExitDataErr
};

}  // namespace civicsim::viz
