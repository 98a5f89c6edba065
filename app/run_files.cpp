#include "app/run_files.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "civicsim_version.hpp"
#include "io/checkpoint.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "viz_export/inspect.hpp"

namespace civicsim::cli {

namespace fs = std::filesystem;

std::string output_problem(const std::string& output, bool force, const std::string& checkpoint,
                           const std::string& timings) {
  if (!fs::path(output).has_filename()) {
    return "output path '" + output + "' does not name a file (it ends in '/'); give a file name";
  }
  try {
    io::check_replaceable(output, force, "output file");
    io::check_replaceable(checkpoint, /*replace=*/true, "checkpoint");
    io::check_replaceable(io::records_log_path(checkpoint), /*replace=*/true, "records log");
    if (!timings.empty()) io::check_replaceable(timings, /*replace=*/true, "timings file");
  } catch (const io::OutputError& e) {
    return e.what();
  }
  return "";
}

bool finish_if_done(const std::string& output, const std::string& checkpoint, const std::string& scenario_resolved,
                    const std::string& sweep_run) {
  std::error_code ec;
  const std::string log = io::records_log_path(checkpoint);
  if (!fs::exists(fs::symlink_status(output, ec))) return false;
  const viz::FinishedRun done = viz::read_finished_run(output);
  if (!done.complete || done.scenario_resolved != scenario_resolved || done.sweep_run != sweep_run) return false;
  if (!fs::exists(fs::symlink_status(checkpoint, ec)) && !fs::exists(fs::symlink_status(log, ec))) {
    // Killed after its clean-up, before it exited (a requeued job sees this): nothing is left to do,
    // if this build wrote it (a file of an older version may lack what this one writes).
    if (done.civicsim_version != CIVICSIM_VERSION || done.git_sha != CIVICSIM_GIT_SHA) return false;
    std::cerr << "civicsim: " << output << " is complete already; nothing to resume\n";
    return true;
  }
  remove_checkpoint_files(checkpoint);
  std::cerr << "civicsim: " << output << " is complete already; its leftover checkpoint files were removed\n";
  return true;
}

void remove_leftovers(const std::string& output, const std::string& checkpoint) {
  const auto sweep = [](const fs::path& file, const std::string& infix) {
    const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const std::string prefix = "." + file.filename().string() + infix;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.rfind(prefix, 0) != 0) continue;
      const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
      if (pid <= 0 || pid == ::getpid() || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
        std::error_code ignored;
        if (pid != ::getpid()) fs::remove(it->path(), ignored);
      }
    }
  };
  sweep(fs::path(output), ".partial-");
  sweep(fs::path(checkpoint), ".tmp-");
}

void remove_orphan_records_log(const std::string& checkpoint) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(checkpoint, ec))) return;  // a checkpoint of this run or an earlier one needs it
  const std::string log = io::records_log_path(checkpoint);
  if (fs::is_regular_file(fs::symlink_status(log, ec))) fs::remove(log, ec);  // never someone's link
}

void remove_checkpoint_files(const std::string& checkpoint) {
  std::error_code ignored;
  if (fs::remove(checkpoint, ignored)) io::sync_folder_of(checkpoint);  // none (most runs): nothing to sync
  fs::remove(io::records_log_path(checkpoint), ignored);
}

}  // namespace civicsim::cli
