// The program's exit codes (sysexits.h, plus 2 for a sweep with failed runs and 3 for a calibration
// that accepted nothing) and the one error a user can act on, which carries its exit code. Every
// layer above sim throws a UserError (or a named kind of it); the program prints its message and
// exits with its code.
#pragma once

#include <stdexcept>
#include <string>

namespace civicsim::io {

/// Distinct exit codes used by the command-line program.
enum ExitCode : int {
  kExitOk = 0,
  kExitRunsFailed = 2,    // a sweep that finished with some runs failed (the manifest says which)
  kExitNoneAccepted = 3,  // calibrate: no design point of a wave is consistent with the targets
  kExitUsage = 64,        // EX_USAGE: bad command line
  kExitDataErr = 65,      // EX_DATAERR: invalid scenario, or a file civicsim did not write that way
  kExitNoInput = 66,      // EX_NOINPUT: input file missing or unreadable
  kExitUnavailable = 69,  // EX_UNAVAILABLE: the compute backend cannot run (no usable GPU)
  kExitSoftware = 70,     // EX_SOFTWARE: the run failed inside (out of memory, a device error); no output
  kExitOsErr = 71,        // EX_OSERR: a sweep's worker process could not be started or waited for
  kExitCantCreate = 73,   // EX_CANTCREAT: output cannot be created (or exists, without --force)
  kExitIoErr = 74,        // EX_IOERR: error while reading or writing
  kExitTempFail = 75,     // EX_TEMPFAIL: the run would not fit (memory, disk) or was stopped; resumable
};

/// A failure the user can act on: the message says what and why, `exit_code` is one of ExitCode.
class UserError : public std::runtime_error {
 public:
  UserError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code(exit_code) {}
  int exit_code;
};

}  // namespace civicsim::io
