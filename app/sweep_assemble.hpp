// sweep.h5 (docs/sweeps.md): the figures of every run of a sweep folder, assembled after the runs
// (`civicsim sweep`) or once every shard has run (`civicsim merge`).
#pragma once

#include <string>

#include "app/sweep_dir.hpp"
#include "io/sweep.hpp"
#include "io/sweep_ledger.hpp"

namespace civicsim::cli {

/// sweep.h5 from the runs in DIR: each run's figures, read one file at a time. Updates and saves
/// the manifest; 0 when every run is done, else kExitRunsFailed (or the error's exit code).
int write_sweep_h5(const SweepDir& dir, const io::Sweep& sweep, io::Manifest& manifest, bool quiet);

/// `civicsim merge DIR`: the manifest and sweep.h5 once every shard of the sweep in DIR has run.
int merge(const std::string& dir, bool quiet);

}  // namespace civicsim::cli
