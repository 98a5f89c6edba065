// The stop signals of `civicsim run` (docs/checkpoints.md): SIGTERM, SIGINT, SIGUSR1 and SIGHUP (a
// closed terminal, an ssh session without nohup) ask the run to finish its step, write a
// checkpoint and exit 75. A second signal stops at once: the checkpoint or output being written
// is abandoned under its temporary name (removed here), so the last complete one stays in place.
#pragma once

#include <string>

namespace civicsim::cli {

/// Catches the stop signals from now to the process's end (SA_RESTART: file writes are not cut
/// short). They are never given back to the default action: a signal that comes while the program
/// exits after a stop must not turn its exit code 75 into "killed".
void catch_stop_signals();

/// The first stop signal received, or 0.
int stop_signal();

/// "SIGTERM", "SIGINT", "SIGUSR1", "SIGHUP" or "a signal".
const char* signal_name(int sig);

/// The variable through which `civicsim sweep` gives its runs its process id.
constexpr const char* kSweepParentVariable = "CIVICSIM_SWEEP_PARENT";

/// In a run started by a sweep: asks the kernel to send SIGTERM (a stop signal: checkpoint, exit
/// 75) when the sweep dies, so that a SIGKILLed sweep leaves no run behind to race its `--resume`.
/// False when the sweep is gone already (the run must not start). True outside sweeps.
bool die_with_sweep_parent();

/// The files a second signal removes before the process ends ("": none): the temporary files
/// being written, and the run's lock file.
void set_checkpoint_temporary(const std::string& path);
void set_output_temporary(const std::string& path);
void set_lock_file(const std::string& path);

}  // namespace civicsim::cli
