// What every command says the same way on stderr: a scenario's or sweep's problems, and an
// allocation that failed.
#pragma once

#include <string>
#include <vector>

#include "io/scenario.hpp"

namespace civicsim::cli {

/// Prints diagnostics on stderr, one a line. With `counted_as` ("scenario", "sweep") and an invalid
/// input (exit 65), then a count: "2 problems in the scenario; nothing was run."
void print_diagnostics(const std::vector<io::Diagnostic>& errors, int exit_code = io::kExitOk,
                       const char* counted_as = nullptr);

/// An allocation failed (memory, a cgroup limit, or `ulimit -v` / RLIMIT_AS): says so on stderr,
/// never as a problem of the scenario, and returns exit code 70.
int out_of_memory(const std::string& while_doing);

}  // namespace civicsim::cli
