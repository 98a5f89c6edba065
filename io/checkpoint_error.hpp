// The error of a checkpoint or records log that cannot be used (io/checkpoint.hpp).
#pragma once

#include "io/exit_status.hpp"

namespace civicsim::io {

/// A checkpoint or records log that cannot be used; the message says why. exit_code: 65 for a
/// damaged, truncated or foreign file, 66 when it does not exist, 74 for I/O errors.
class CheckpointError : public UserError {
 public:
  using UserError::UserError;
};

}  // namespace civicsim::io
