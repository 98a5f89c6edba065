// `civicsim report RUN.h5`: a one-file HTML brief of one run for a reader who did not run it (the
// question, what ran, maps of the districts, the daily series, the group and district tables and
// the caveats). Self-contained: inline CSS and SVG, no script, nothing fetched. docs/output.md.
#pragma once

#include <ostream>
#include <string>

#include "io/exit_status.hpp"

namespace civicsim::viz {

struct RunBriefOptions {
  std::string h5_path;   // a complete output file
  std::string out_path;  // empty: the output file's name with .html for .h5, beside it
  bool force = false;    // replace an existing regular file at out_path
};

/// RUN.h5 → RUN.html beside it (any other name gets ".html" added).
std::string default_brief_path(const std::string& h5_path);

/// The page for a complete output file (read_run_brief). Throws io::DataError (65) for a file
/// that is not a run's, io::UserError 66 for a missing, incomplete or unreadable one.
std::string run_brief_html(const std::string& h5_path);

/// Writes the page (through io::SafeFile) and returns its path. Throws io::UserError: 64 when the
/// page would replace the output file itself, 73 when its path exists (without `force`) or is not
/// a regular file, 74 on a write error; and as run_brief_html.
std::string write_run_brief(const RunBriefOptions& options);

/// The `civicsim report` subcommand: writes the page, says where on `err` (or why not), returns
/// the exit code (0, 64, 65, 66, 73, 74).
int run_brief_command(const RunBriefOptions& options, std::ostream& err);

}  // namespace civicsim::viz
