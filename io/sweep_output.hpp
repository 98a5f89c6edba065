// The files of a sweep folder (docs/sweeps.md): manifest.csv and sweep.h5. Both are written under a
// temporary name and renamed, so a reader never sees half a file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/safe_file.hpp"  // write_file_atomically, create_file_exclusively
#include "io/sweep.hpp"

namespace civicsim::io {

/// One line of manifest.csv.
struct ManifestRow {
  std::string run_id;
  int index = 0;
  std::string arm;
  int grid_point = 0;
  std::string parameters;  // "key=value;key=value"
  int replicate = 0;
  std::uint64_t seed = 0;
  std::string status = "pending";  // done, failed, running, pending
  int exit_code = -1;              // -1: none yet
  double wall_seconds = 0;
  std::string worker;  // "host:pid" or "rank N"
  std::string error;
};

/// A row for each run of `sweep`, status pending.
std::vector<ManifestRow> manifest_rows(const Sweep& sweep);
/// RFC 4180 CSV with the header of docs/sweeps.md.
std::string manifest_csv(const std::vector<ManifestRow>& rows);
/// Rows of a manifest file; an empty list when the file does not exist. Throws
/// std::runtime_error for a file that is not a civicsim manifest.
std::vector<ManifestRow> read_manifest(const std::string& path);

/// What sweep.h5 tabulates: the summary figures of every run.
struct SweepTable {
  std::vector<std::string> figures, units;  // F
  std::vector<std::string> status;          // R: done, failed, missing
  std::vector<double> values;               // R × F, NaN where unknown
};

struct SweepFileInfo {
  std::string civicsim_version, git_sha, created_utc;
};

/// DIR/outputs.csv (docs/sensitivity.md): one row per run in run-index order, with its status, its
/// design point's parameter values and its figures (empty cells for a run that is not done).
std::string outputs_csv(const Sweep& sweep, const SweepTable& table);

/// DIR/outputs.txt: the numbers of outputs.csv, space-separated, one row per run, each row ending
/// in a comment with the run id and its status (numpy.loadtxt and `salib analyze` skip comments).
std::string outputs_txt(const Sweep& sweep, const SweepTable& table);

/// Writes DIR/sweep.h5 (replacing an older one): provenance, arms, grid, external links to the
/// done runs (relative: runs/<id>.h5) and the runs × figures table.
void write_sweep_file(const std::string& path, const Sweep& sweep, const SweepTable& table, const SweepFileInfo& info);

}  // namespace civicsim::io
