// `civicsim export`: an output file's tables as tidy CSV files.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <new>
#include <string>

#include "app/commands.hpp"
#include "io/exit_status.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "viz_export/csv_export.hpp"
#include "io/data_error.hpp"

namespace civicsim::cli {
namespace {

int export_command(const std::string& file, const std::string& dir) {
  try {
    viz::export_csv(file, dir);
  } catch (const std::bad_alloc&) {
    throw;  // out of memory, not a bad file
  } catch (const io::DataError& e) {
    std::cerr << "civicsim export: " << e.what() << "\n";
    return io::DataError::kExitCode;
  } catch (const io::OutputError& e) {  // a CSV file could not be created or written
    std::cerr << "civicsim export: " << e.what() << "\n";
    return e.exit_code;
  } catch (const std::exception& e) {
    std::cerr << "civicsim export: " << e.what() << "\n";
    return io::kExitNoInput;
  }
  return io::kExitOk;
}

}  // namespace

Command add_export_command(CLI::App& app) {
  struct ExportLine {
    std::string file, dir;
  };
  auto line = std::make_shared<ExportLine>();
  auto* exporter = app.add_subcommand("export", "Write an output file's tables as tidy CSV files");
  exporter->add_option("FILE", line->file, "civicsim output file (.h5)")->required();
  exporter->add_option("--csv", line->dir, "folder for the CSV files")->required();
  return {exporter, [line] { return export_command(line->file, line->dir); }};
}

}  // namespace civicsim::cli
