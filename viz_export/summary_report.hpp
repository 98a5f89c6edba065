// `civicsim summary FILE`: the /summary figures of an output file as a table or as JSON.
#pragma once

#include <ostream>
#include <string>

namespace civicsim::viz {

/// Prints the headline figures of a complete output file. Throws std::runtime_error with a clear
/// message for a missing, incomplete or older file without /summary.
void print_summary(const std::string& h5_path, bool json, std::ostream& out);

}  // namespace civicsim::viz
