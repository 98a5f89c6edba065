// `civicsim summary`: the headline figures (/summary) of an output file, or over a window of days.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <new>
#include <string>

#include "app/commands.hpp"
#include "io/exit_status.hpp"
#include "io/data_error.hpp"
#include "viz_export/summary_report.hpp"
#include "viz_export/window_figures.hpp"

namespace civicsim::cli {
namespace {

struct SummaryLine {
  std::string file;
  bool json = false;
  std::string days;
  CLI::Option* days_option = nullptr;
};

/// An output file reader's message for `summary`: it reads, it does not export.
std::string reading_message(std::string message) {
  const std::string exporting = "cannot export ";
  if (message.compare(0, exporting.size(), exporting) == 0) message = "cannot read " + message.substr(exporting.size());
  return message;
}

int summary(const SummaryLine& line) {
  try {
    if (line.days_option->count() > 0) {
      const viz::DayRange days = viz::parse_day_range(line.days);
      viz::print_summary(line.file, line.json, std::cout, &days);
    } else {
      viz::print_summary(line.file, line.json, std::cout);
    }
  } catch (const viz::WindowError& e) {
    std::cerr << "civicsim summary: " << e.what() << "\n";
    return e.exit_code;
  } catch (const io::DataError& e) {
    std::cerr << "civicsim summary: " << e.what() << "\n";
    return io::DataError::kExitCode;
  } catch (const std::bad_alloc&) {
    throw;  // out of memory, not a bad file
  } catch (const std::exception& e) {
    std::cerr << "civicsim summary: " << reading_message(e.what()) << "\n";
    return io::kExitNoInput;
  }
  return io::kExitOk;
}

}  // namespace

Command add_summary_command(CLI::App& app) {
  auto line = std::make_shared<SummaryLine>();
  auto* command = app.add_subcommand("summary", "Print the headline figures (/summary) of an output file");
  command->add_option("FILE", line->file, "civicsim output file (.h5)")->required();
  command->add_flag("--json", line->json, "print JSON instead of a table");
  line->days_option = command->add_option(
      "--days", line->days, "recompute the figures it can over days A..B (A:B, A:, :B) from /series and /daily");
  return {command, [line] { return summary(*line); }};
}

}  // namespace civicsim::cli
