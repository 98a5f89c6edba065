// The subcommands of `civicsim` (app/main.cpp wires them): each adds its options to the program's
// command line and returns what it does once the line is parsed. One file per command: cmd_*.cpp.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace civicsim::cli {

struct Command {
  CLI::App* subcommand = nullptr;  // parsed when the user chose it
  std::function<int()> action;     // the exit code
};

Command add_run_command(CLI::App& app);       // app/cmd_run.cpp
Command add_sweep_command(CLI::App& app);     // app/cmd_sweep.cpp
Command add_merge_command(CLI::App& app);     // app/cmd_sweep.cpp
Command add_plan_command(CLI::App& app);      // app/cmd_plan.cpp
Command add_validate_command(CLI::App& app);  // app/cmd_validate.cpp
Command add_export_command(CLI::App& app);    // app/cmd_export.cpp
Command add_summary_command(CLI::App& app);   // app/cmd_summary.cpp
Command add_inspect_command(CLI::App& app);   // app/cmd_inspect.cpp
Command add_compare_command(CLI::App& app);   // app/cmd_compare.cpp
Command add_report_command(CLI::App& app);    // app/cmd_report.cpp
// app/cmd_sensitivity.cpp:
Command add_sensitivity_command(CLI::App& app);
// app/cmd_calibrate.cpp:
Command add_calibrate_command(CLI::App& app);

}  // namespace civicsim::cli
