// The error of writing an output file, apart from the file's writer (io/output.hpp) so that the
// HDF5 helpers below it (io/h5_*) can raise it without including the writer.
#pragma once

#include "io/exit_status.hpp"

namespace civicsim::io {

/// Raised for output problems; `exit_code` is 73 (cannot create) or 74 (I/O error).
class OutputError : public UserError {
 public:
  using UserError::UserError;
};

}  // namespace civicsim::io
