// Forwarding header, for one release: DataError is io's now (io/data_error.hpp), raised by the
// checked reader io/h5_reader.hpp. Include io/data_error.hpp and name it io::DataError.
#pragma once

#include "io/data_error.hpp"

namespace civicsim::viz {

using DataError = io::DataError;

}  // namespace civicsim::viz
