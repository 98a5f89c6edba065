// A file whose content is not what civicsim wrote: a dataset of the wrong rank, shape or type, or
// one too large to read (docs/robustness.md). The commands exit 65 (EX_DATAERR) with its message.
#pragma once

#include <string>

#include "io/exit_status.hpp"

namespace civicsim::viz {

class DataError : public io::UserError {
 public:
  explicit DataError(const std::string& message) : io::UserError(io::kExitDataErr, message) {}
  static constexpr int kExitCode = io::kExitDataErr;
};

}  // namespace civicsim::viz
