// A file whose content is not what civicsim wrote: a dataset of the wrong rank, shape or type, or
// one too large to read (docs/robustness.md). The commands exit 65 (EX_DATAERR) with its message.
#pragma once

#include <string>

#include "io/exit_status.hpp"

namespace civicsim::io {

class DataError : public UserError {
 public:
  explicit DataError(const std::string& message) : UserError(kExitDataErr, message) {}
  static constexpr int kExitCode = kExitDataErr;
};

}  // namespace civicsim::io
