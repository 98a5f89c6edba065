// `civicsim report`: a one-file HTML brief of one run (viz_export/run_brief.hpp).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "app/commands.hpp"
#include "viz_export/run_brief.hpp"

namespace civicsim::cli {

Command add_report_command(CLI::App& app) {
  auto options = std::make_shared<viz::RunBriefOptions>();
  auto* report = app.add_subcommand("report", "Write a one-file HTML brief of a run: question, map, series, tables");
  report->add_option("FILE", options->h5_path, "civicsim output file (.h5)")->required();
  report->add_option("-o,--output", options->out_path, "the page to write (default: FILE with .html, beside it)");
  report->add_flag("--force", options->force, "replace an existing page");
  return {report, [options] { return viz::run_brief_command(*options, std::cerr); }};
}

}  // namespace civicsim::cli
