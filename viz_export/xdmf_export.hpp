// An XDMF 3 description of a run, so that ParaView (and other XDMF readers: VTK, meshio) opens it as
// a time series of district points (docs/export.md, "ParaView").
#pragma once

#include <string>
#include <vector>

#include "viz_export/export_batch.hpp"

namespace civicsim::viz {

/// Writes `xmf_path`, an XDMF 3 file over the run file `h5_path` (schema 2), and its companion
/// xdmf_companion_path(xmf_path). The XDMF holds a Temporal collection of one Uniform grid per day
/// (Time = the day): a Polyvertex topology of the D districts at (lon, lat, 0), the district's
/// /geography/districts and /summary/district [D] figures (read from the run file in place) and
/// its /daily figures of the day, over its groups (channels) and per group (channel).
///
/// The run file is named by its file name when it lies in the .xmf's folder, else by its absolute
/// path; the companion by its file name. A ':' in either is refused (io::UserError 64: XDMF readers
/// split "file:/dataset" at the first colon). Existing files are refused before anything is written
/// (OutputError 73, naming the file and suggesting --force) unless `force`. Throws io::DataError (65)
/// for a file without /geography (written before schema 2). The two files are renamed together at
/// the end, or, with `batch`, when the caller commits it.
void export_xdmf(const std::string& h5_path, const std::string& xmf_path, bool force = false,
                 ExportBatch* batch = nullptr);

/// The companion HDF5 file of `xmf_path`: its name without the extension + ".xdmf.h5", beside it
/// ("out/run.xmf" → "out/run.xdmf.h5").
std::string xdmf_companion_path(const std::string& xmf_path);

}  // namespace civicsim::viz
