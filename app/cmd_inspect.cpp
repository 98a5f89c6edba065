// `civicsim inspect`: whether an output or checkpoint file is complete and usable, and where it came from.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "viz_export/inspect.hpp"

namespace civicsim::cli {

Command add_inspect_command(CLI::App& app) {
  struct InspectLine {
    std::string file;
    bool json = false;
  };
  auto line = std::make_shared<InspectLine>();
  auto* inspect = app.add_subcommand(
      "inspect", "Say whether an output or checkpoint file is complete and usable, and where it came from");
  inspect
      ->add_option("FILE", line->file,
                   "output file (.h5, or a .NAME.partial-PID-RANDOM left by a killed run) or checkpoint (.ckpt)")
      ->required();
  inspect->add_flag("--json", line->json, "print JSON instead of a table");
  return {inspect, [line] { return viz::inspect_command(line->file, line->json, std::cout, std::cerr); }};
}

}  // namespace civicsim::cli
