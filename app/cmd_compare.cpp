// `civicsim compare`: a sweep's arms against its baseline (compare.csv, compare.h5, report.html).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "app/commands.hpp"
#include "viz_export/compare.hpp"

namespace civicsim::cli {

Command add_compare_command(CLI::App& app) {
  auto options = std::make_shared<viz::CompareOptions>();
  auto* compare =
      app.add_subcommand("compare", "Compare a sweep's arms with its baseline: compare.csv, compare.h5, report.html");
  compare->add_option("DIR", options->sweep_dir, "folder written by `civicsim sweep -o DIR`")->required();
  compare->add_option("--baseline", options->baseline, "arm to compare with (default: the sweep's baseline)");
  compare->add_option("-o,--output", options->out_dir, "folder for the outputs (default: DIR)");
  auto* days = compare->add_option("--days", options->days,
                                   "recompute waits, abandonment, resolution, unmet needs and adoption over days A..B");
  return {compare, [options, days] {
            options->days_given = days->count() > 0;
            return viz::compare_command(*options, std::cerr);
          }};
}

}  // namespace civicsim::cli
