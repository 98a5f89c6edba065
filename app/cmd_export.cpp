// `civicsim export`: an output file's tables as tidy CSV files, its districts and halls as GeoJSON
// map layers, and an XDMF description for ParaView (docs/export.md). Any number of them at once.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "io/data_error.hpp"
#include "io/exit_status.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "viz_export/csv_export.hpp"
#include "viz_export/export_batch.hpp"
#include "viz_export/geojson_export.hpp"
#include "viz_export/xdmf_export.hpp"

namespace civicsim::cli {
namespace {

namespace fs = std::filesystem;

struct ExportLine {
  std::string file, csv_dir, geojson_dir, xdmf_path;
  bool force = false;
};

/// A file an export may write: its path, what it is, and the option that asks for it.
struct Target {
  std::string path, what, flag;
};

/// Every file the chosen exports may write.
std::vector<Target> targets(const ExportLine& line) {
  std::vector<Target> files;
  for (const std::string& name : viz::csv_file_names()) {
    if (!line.csv_dir.empty()) files.push_back({(fs::path(line.csv_dir) / name).string(), "CSV file", "--csv"});
  }
  for (const std::string& name : viz::geojson_file_names()) {
    if (!line.geojson_dir.empty())
      files.push_back({(fs::path(line.geojson_dir) / name).string(), "GeoJSON export file", "--geojson"});
  }
  if (!line.xdmf_path.empty()) {
    files.push_back({line.xdmf_path, "XDMF file", "--xdmf"});
    files.push_back({viz::xdmf_companion_path(line.xdmf_path), "XDMF companion file", "--xdmf"});
  }
  return files;
}

/// `path` absolute, with its existing part's links resolved and "." and ".." taken out.
std::string normalised(const std::string& path) {
  std::error_code ec;
  fs::path full = fs::weakly_canonical(fs::absolute(path), ec);
  return (ec ? fs::absolute(path).lexically_normal() : full).string();
}

/// Refuses (exit 64) two exports that would write one file: one would replace the other's.
void check_distinct(const std::vector<Target>& files) {
  std::map<std::string, const Target*> seen;
  for (const Target& file : files) {
    const auto [at, fresh] = seen.emplace(normalised(file.path), &file);
    if (fresh) continue;
    const Target& other = *at->second;
    throw io::UserError(io::kExitUsage, other.flag + " and " + file.flag + " would both write '" + file.path +
                                            "' (the " + other.what + " and the " + file.what +
                                            "); give them different places");
  }
}

/// Refuses, before anything is written, two exports writing one file (64), a target that is the
/// run file itself (even with --force) or that exists without --force (OutputError 73).
void check_targets(const ExportLine& line) {
  const std::vector<Target> files = targets(line);
  check_distinct(files);
  for (const Target& file : files) {
    std::error_code ec;
    if (fs::equivalent(file.path, line.file, ec)) {
      throw io::OutputError(io::kExitCantCreate, file.what + " '" + file.path + "' is the run file '" + line.file +
                                                     "' itself; choose another name");
    }
    io::check_replaceable(file.path, line.force, file.what);
  }
}

/// With --force, the files an earlier export left in the folders that this one did not write (a
/// table this run has none of) are removed, so that the folders hold one run. Says so on stderr.
void remove_stale(const ExportLine& line, const std::vector<std::string>& written) {
  std::set<std::string> fresh;
  for (const std::string& path : written) fresh.insert(normalised(path));
  for (const Target& file : targets(line)) {
    if (fresh.count(normalised(file.path)) || io::what_is_at(file.path) != "a regular file") continue;
    std::error_code ec;
    if (fs::remove(file.path, ec)) {
      std::cerr << "civicsim export: removed " << file.path << ": an earlier export's " << file.what
                << " (this run has none)\n";
    }
  }
}

void run_exports(const ExportLine& line) {
  check_targets(line);
  // A schema 1 file fails the map exports: before the CSV tables are written, not after.
  if (!line.geojson_dir.empty() || !line.xdmf_path.empty()) viz::check_map_export(line.file);
  // Every file waits under a temporary name until all are written: a failed export changes nothing.
  viz::ExportBatch batch;
  std::vector<std::string> notes;
  if (!line.csv_dir.empty()) notes = viz::export_csv(line.file, line.csv_dir, line.force, &batch);
  if (!line.geojson_dir.empty()) viz::export_geojson(line.file, line.geojson_dir, line.force, &batch);
  if (!line.xdmf_path.empty()) viz::export_xdmf(line.file, line.xdmf_path, line.force, &batch);
  batch.commit();
  for (const std::string& note : notes) std::cerr << "civicsim export: note: " << note << "\n";
  if (line.force) remove_stale(line, batch.paths());
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
  } catch (const io::UserError& e) {  // usage (64), DataError (65), OutputError (73, 74)
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
