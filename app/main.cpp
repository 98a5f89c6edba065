// civicsim: the command-line program. Subcommands (one file each, app/cmd_*.cpp): run, sweep, merge,
// plan, validate, export, summary, inspect, report, compare, sensitivity, calibrate. Here: their wiring and the
// errors every command shares (a bad command line, an allocation that failed).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/messages.hpp"
#include "civicsim_version.hpp"
#include "io/exit_status.hpp"
#include "kernels/parallel.hpp"

namespace civicsim::cli {
namespace {

/// OpenMP workers that spin while they wait take the core from the thread doing the work when the
/// machine is shared or busy (measured: a 1M-citizen run 50x slower on a loaded 2-core machine).
/// libgomp reads OMP_WAIT_POLICY when it loads, before main, so unless the user chose a policy the
/// program runs itself again once with OMP_WAIT_POLICY=passive.
void prefer_passive_waiting(char** argv) {
#if defined(CIVICSIM_BACKEND_OMP)
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  setenv("OMP_WAIT_POLICY", "passive", 1);
  execv("/proc/self/exe", argv);  // if this fails, carry on with the default policy
#else
  (void)argv;
#endif
}

}  // namespace
}  // namespace civicsim::cli

int main(int argc, char** argv) {
  using namespace civicsim;
  cli::prefer_passive_waiting(argv);
  CLI::App app{"civicsim: a simulator of public-service delivery (citizens, halls, hotline, AI assistants)"};
  app.set_version_flag("--version", std::string("civicsim ") + CIVICSIM_VERSION + " (" + backend_name() + ", git " +
                                        CIVICSIM_GIT_SHA + ")");
  app.require_subcommand(1);
  const std::vector<cli::Command> commands = {
      cli::add_run_command(app),     cli::add_sweep_command(app),       cli::add_merge_command(app),
      cli::add_plan_command(app),    cli::add_validate_command(app),    cli::add_export_command(app),
      cli::add_summary_command(app), cli::add_inspect_command(app),     cli::add_report_command(app),
      cli::add_compare_command(app), cli::add_sensitivity_command(app), cli::add_calibrate_command(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? io::kExitOk : io::kExitUsage;
  }
  // Loading, running, exporting: an allocation that fails anywhere is out of memory, never a
  // problem of the input.
  try {
    for (const cli::Command& command : commands) {
      if (*command.subcommand) return command.action();
    }
    return io::kExitUsage;
  } catch (const std::bad_alloc&) {
    return cli::out_of_memory("in civicsim " + app.get_subcommands().front()->get_name());
  }
}
