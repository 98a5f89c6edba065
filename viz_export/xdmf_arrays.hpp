// The arrays an XDMF description of a run points at (docs/export.md, "ParaView"): what the run file
// holds as whole [D] datasets is read in place; what a reader without hyperslabs cannot take from
// the run (points as [D, 3], per-day slices of /daily, per-channel columns) is written to a small
// companion HDF5 file beside the .xmf. Internal to viz_export/.
#pragma once

#include <string>
#include <vector>

#include "io/h5_reader.hpp"
#include "viz_export/export_batch.hpp"

namespace civicsim::viz::xdmf {

/// One DataItem: an attribute's name and where its [D] values are.
struct Array {
  std::string name;
  bool in_run_file = false;           // else in the companion file
  std::string path;                   // the dataset inside that file
  const char* number_type = "Float";  // XDMF NumberType: Int, UInt, Float
  std::size_t precision = 8;          // bytes
  std::size_t columns = 0;            // 0: a [D] array; else [D, columns] (points: 3; vertices: 1)
};

/// The companion file's contents, as arrays to refer to.
struct Companion {
  Array points;              // [D, 3]: lon, lat, 0
  Array vertices;            // [D, 1]: 0 ... D-1 (the Polyvertex topology)
  std::vector<Array> fixed;  // the same every day: district_index, per-channel district figures
  /// The per-day arrays: names and types; day i's path is `daily_path(i, name)`.
  std::vector<Array> daily;
  std::size_t days = 0;
};

std::string daily_path(std::size_t day, const std::string& name);

/// The whole [D] numeric datasets of /geography/districts and /summary/district, read in place.
std::vector<Array> run_file_arrays(const io::h5::Reader& file, std::size_t districts);

/// Writes the companion file `path` (io::h5::AtomicFile under a temporary name, handed to `batch`,
/// which renames it; an existing file replaced only with `force`) and describes it. `in_run`: the
/// arrays read from the run file, whose names the companion's arrays must not take.
///
/// Each per-day figure is named as district_days.csv names it (DailyFigure::column_name:
/// population_agents), with `_daily` appended where that is the name of a fixed array
/// (unmet_needs_daily: /summary/district/unmet_needs is the window's total); per group (channel)
/// `<that>_<label>`. Throws io::DataError (65) for a group or channel label with a '/' (no HDF5
/// name can hold it) and for two arrays of one name (readers keep only one).
Companion write_companion(const io::h5::Reader& file, const std::string& path, bool force,
                          const std::vector<Array>& in_run, ExportBatch& batch);

}  // namespace civicsim::viz::xdmf
