// /interventions of a run's file: one row per intervention, one column per field.
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

#include "io/h5_scales.hpp"
#include "sim/metrics.hpp"

namespace civicsim::io {

/// Creates /interventions in `file` with every record's columns; `agent_units` ends the
/// description of counts of agents (what an agent stands for); the scale learns of its datasets in
/// `links`.
void write_interventions_group(hid_t file, const std::vector<InterventionRecord>& records,
                               const std::string& agent_units, h5::ScaleLinks& links);

/// `text` for the file; refused (OutputError, exit 74) when it holds a NUL byte, which HDF5's
/// strings cannot.
std::string without_nul(const std::string& text, const char* what);

}  // namespace civicsim::io
