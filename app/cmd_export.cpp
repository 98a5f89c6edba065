// `civicsim export`: an output file's tables as tidy CSV files, its districts and halls as GeoJSON
// map layers, and an XDMF description for ParaView (docs/export.md). Any number of them at once.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "io/data_error.hpp"
#include "io/exit_status.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "viz_export/csv_export.hpp"
#include "viz_export/geojson_export.hpp"
#include "viz_export/xdmf_export.hpp"

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;

struct ExportLine {
  std::string file, csv_dir, geojson_dir, xdmf_path;
  bool force = false;
};

/// Every file the chosen exports write, as (path, what it is).
std::vector<std::pair<std::string, std::string>> targets(const ExportLine& line) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& name : viz::csv_file_names()) {
    if (!line.csv_dir.empty()) files.emplace_back((fs::path(line.csv_dir) / name).string(), "CSV file");
  }
  for (const std::string& name : viz::geojson_file_names()) {
    if (!line.geojson_dir.empty())
      files.emplace_back((fs::path(line.geojson_dir) / name).string(), "GeoJSON export file");
  }
  if (!line.xdmf_path.empty()) {
    files.emplace_back(line.xdmf_path, "XDMF file");
    files.emplace_back(viz::xdmf_companion_path(line.xdmf_path), "XDMF companion file");
  }
  return files;
}

/// Refuses, before anything is written, a target that is the run file itself (even with --force)
/// or that exists without --force (OutputError 73).
void check_targets(const ExportLine& line) {
  for (const auto& [path, what] : targets(line)) {
    std::error_code ec;
    if (fs::equivalent(path, line.file, ec)) {
      throw io::OutputError(io::kExitCantCreate,
                            what + " '" + path + "' is the run file '" + line.file + "' itself; choose another name");
    }
    io::check_replaceable(path, line.force, what);
  }
}

void run_exports(const ExportLine& line) {
  check_targets(line);
  // A schema 1 file fails the map exports: before the CSV tables are written, not after.
  if (!line.geojson_dir.empty() || !line.xdmf_path.empty()) viz::check_map_export(line.file);
  if (!line.csv_dir.empty()) {
    for (const std::string& note : viz::export_csv(line.file, line.csv_dir, line.force)) {
      std::cerr << "civicsim export: note: " << note << "\n";
    }
  }
  if (!line.geojson_dir.empty()) viz::export_geojson(line.file, line.geojson_dir, line.force);
  if (!line.xdmf_path.empty()) viz::export_xdmf(line.file, line.xdmf_path, line.force);
}

int export_command(const ExportLine& line) {
  if (line.csv_dir.empty() && line.geojson_dir.empty() && line.xdmf_path.empty()) {
    std::cerr << "civicsim export: nothing to export: give --csv DIR, --geojson DIR and/or --xdmf FILE.xmf\n";
    return io::kExitUsage;
  }
  try {
    run_exports(line);
  } catch (const std::bad_alloc&) {
    throw;                            // out of memory, not a bad file
  } catch (const io::UserError& e) {  // DataError (65), OutputError (73, 74)
    std::cerr << "civicsim export: " << e.what() << "\n";
    return e.exit_code;
  } catch (const std::exception& e) {  // a missing, unreadable or unfinished run file
    std::cerr << "civicsim export: " << e.what() << "\n";
    return io::kExitNoInput;
  }
  return io::kExitOk;
}

}  // namespace

Command add_export_command(CLI::App& app) {
  auto line = std::make_shared<ExportLine>();
  auto* exporter = app.add_subcommand(
      "export", "Write an output file as tidy CSV tables, GeoJSON map layers (QGIS) or XDMF (ParaView)");
  exporter->add_option("FILE", line->file, "civicsim output file (.h5)")->required();
  exporter->add_option("--csv", line->csv_dir, "folder for the CSV tables");
  exporter->add_option("--geojson", line->geojson_dir,
                       "folder for districts.geojson, halls.geojson and district_days.csv (schema 2 files)");
  exporter->add_option("--xdmf", line->xdmf_path,
                       "XDMF 3 file (.xmf) describing the run for ParaView; writes a companion .xdmf.h5 beside it");
  exporter->add_flag("--force", line->force, "replace files that exist");
  return {exporter, [line] { return export_command(*line); }};
}

}  // namespace civicsim::cli
