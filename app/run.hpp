// `civicsim run`: one scenario into one output file, with checkpoints, resume and stop signals
// (docs/checkpoints.md).
#pragma once

#include "app/run_options.hpp"

namespace civicsim::cli {

int run(const RunOptions& options);

}  // namespace civicsim::cli
