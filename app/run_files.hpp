// The files around a run's output (docs/checkpoints.md): the checks made before anything is
// created, the recognition of a run that is done already, and the clean-up of what killed or
// failed runs left behind.
#pragma once

#include <string>

namespace civicsim::cli {

/// Why `output`, its checkpoint files or the --timings file `timings` ("" for none) cannot be
/// written, or "" if they can: no file name (a trailing slash), something other than a regular file
/// there (a symbolic link, a device, a fifo, a folder), or an output there without `force`.
/// Creates nothing.
std::string output_problem(const std::string& output, bool force, const std::string& checkpoint,
                           const std::string& timings);

/// Whether `output` is complete and written by the run described by `scenario_resolved` and
/// `sweep_run`: a run killed while it was completing (after publishing its output, before deleting
/// its checkpoint and records log, or before it exited). Removes what is left of them and says so.
bool finish_if_done(const std::string& output, const std::string& checkpoint, const std::string& scenario_resolved,
                    const std::string& sweep_run);

/// Removes what killed runs of this output left behind: `.NAME.partial-PID-*` output files and
/// `.CHECKPOINT.tmp-PID-*` checkpoints whose process is gone.
void remove_leftovers(const std::string& output, const std::string& checkpoint);

/// Removes the records log of `checkpoint` unless a checkpoint needs it: after a failed run.
void remove_orphan_records_log(const std::string& checkpoint);

/// Deletes a completed run's checkpoint, then its records log: a checkpoint is never left without
/// its log, and a log left alone (a kill in between) is recognised by finish_if_done.
void remove_checkpoint_files(const std::string& checkpoint);

}  // namespace civicsim::cli
