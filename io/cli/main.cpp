// civicsim command-line program (placeholder until the engine lands).
#include <CLI/CLI.hpp>

#include <iostream>

#include "civicsim_version.hpp"
#include "io/scenario.hpp"

int main(int argc, char** argv) {
  CLI::App app{"civicsim: public-service delivery simulator"};
  app.set_version_flag("--version", std::string("civicsim ") + CIVICSIM_VERSION);
  std::string scenario;
  auto* validate = app.add_subcommand("validate", "Check a scenario file without running it");
  validate->add_option("SCENARIO", scenario, "scenario YAML file")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : civicsim::io::kExitUsage;
  }
  if (*validate) {
    auto result = civicsim::io::load_scenario_file(scenario);
    for (const auto& d : result.errors) std::cerr << d.str() << "\n";
    return result.exit_code;
  }
  return 0;
}
