#include <signal.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <vector>
#include <string>

#include "io/checkpoint.hpp"
#include "viz_export/inspect_report.hpp"

namespace civicsim::viz::detail {
namespace {

bool has_attributes(hid_t file, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (H5Aexists(file, name) <= 0) return false;
  }
  return true;
}

/// The root attributes a results file of each kind is reported by (key, label).
struct Shown {
  const char* key;
  const char* label;
  bool number = false;
};

std::vector<Shown> shown(const std::string& kind) {
  std::vector<Shown> common = {{"scenario_name", "scenario"}, {"civicsim_version", "civicsim"}, {"git_sha", "git"}};
  if (kind == "sweep") {
    common.insert(common.end(), {{"created_utc", "created"},
                                 {"arms", "arms", true},
                                 {"baseline_arm", "baseline"},
                                 {"grid_points", "grid points", true},
                                 {"replicates", "replicates", true},
                                 {"runs", "runs", true},
                                 {"done_runs", "done", true},
                                 {"failed_runs", "failed", true},
                                 {"missing_runs", "missing", true}});
  } else if (kind == "compare") {
    common.insert(common.end(),
                  {{"baseline_arm", "baseline"}, {"sweep_file", "sweep file"}, {"days", "days"}, {"sample", "sample"}});
  } else if (kind == "sensitivity") {
    common.insert(common.end(), {{"method", "method"}, {"sweep_file", "sweep file"}, {"resamples", "resamples", true}});
  } else if (kind == "calibration") {
    common.insert(common.end(), {{"waves", "waves", true}, {"cutoff", "cutoff", true}});
  }
  return common;
}

const char* what_it_is(const std::string& kind) {
  if (kind == "sweep") return "the index of a sweep's runs (`civicsim sweep`); `civicsim compare` reads it";
  if (kind == "compare") return "the figures of `civicsim compare` (arms against the baseline)";
  if (kind == "sensitivity") return "the indices of `civicsim sensitivity`";
  return "the waves of `civicsim calibrate`";
}

}  // namespace

std::string results_kind(hid_t file) {
  if (!has_attributes(file, {"civicsim_version"})) return "";
  if (has_attributes(file, {"runs", "arms", "grid_points"})) return "sweep";
  if (has_attributes(file, {"cutoff", "waves"})) return "calibration";
  if (has_attributes(file, {"method", "sweep_file", "resamples"})) return "sensitivity";
  if (has_attributes(file, {"baseline_arm", "sweep_file"})) return "compare";
  return "";
}

void inspect_results(hid_t file, const std::string& kind, bool partial, Report& r) {
  r.kind = kind;
  r.add("what", "what", what_it_is(kind));
  for (const Shown& s : shown(kind)) {
    std::string value;
    if (!root_attribute(file, s.key, value)) continue;
    r.add(s.key, s.label, value, s.number);
  }
  // compare, sensitivity and calibration files appear only when complete (written under a
  // temporary name, then renamed); a sweep's index says so itself, last.
  std::string status = kind == "sweep" ? "" : "complete";
  if (kind == "sweep") root_attribute(file, "status", status);
  if (partial) {
    r.verdict = "INCOMPLETE";
    r.problem = "still under its temporary name: the command writing it did not finish";
  } else if (status == "complete") {
    r.verdict = "COMPLETE";
    r.good = true;
  } else {
    r.verdict = "INCOMPLETE";
    r.problem = status.empty() ? "no `status` attribute: it was not finished"
                               : "status is '" + status +
                                     "': some runs are missing or failed; `civicsim sweep` again finishes them";
  }
}

bool records_log_name(const std::string& path) {
  const std::string suffix = ".records";
  return path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

namespace {
struct Discard : EngineObserver {};

/// Whether `path` starts as a records log does: empty (nothing written yet), or a first record
/// with its kind (1: interval, 2: day), a non-negative index and a packed size that fits the file.
bool looks_like_records_log(const std::string& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return false;
  if (size == 0) return true;
  unsigned char head[21];
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(head), sizeof head)) return false;
  std::int32_t index = 0;
  std::uint64_t packed = 0;
  std::memcpy(&index, head + 1, 4);
  std::memcpy(&packed, head + 13, 8);
  return (head[0] == 1 || head[0] == 2) && index >= 0 && packed <= size - sizeof head;
}

/// The process id of a run still writing `output` (its `.NAME.partial-PID-*` file, process alive), or 0.
long live_writer(const std::string& output) {
  namespace fs = std::filesystem;
  const fs::path file(output);
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const std::string prefix = "." + file.filename().string() + ".partial-";
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) return pid;
  }
  return 0;
}

}  // namespace

void inspect_records_log(const std::string& path, Report& r) {
  if (!looks_like_records_log(path)) {
    return foreign_file("named like a records log (.records) but neither empty nor starting with a record", r);
  }
  r.kind = "records log";
  const std::string checkpoint = path.substr(0, path.size() - std::string(".records").size());
  std::error_code ec;
  r.add("size_bytes", "size", std::to_string(std::filesystem::file_size(path, ec)), true);
  r.add("checkpoint", "checkpoint", checkpoint);
  const std::string ckpt = ".ckpt";
  const bool default_name =
      checkpoint.size() > ckpt.size() && checkpoint.compare(checkpoint.size() - ckpt.size(), ckpt.size(), ckpt) == 0;
  if (const long pid = default_name ? live_writer(checkpoint.substr(0, checkpoint.size() - ckpt.size())) : 0) {
    r.verdict = "IN USE";
    r.good = true;
    r.problem = "";
    r.add("writer_pid", "writer", std::to_string(pid) + " (still running: keep this log, the run appends to it)");
    return;
  }
  if (!std::filesystem::exists(checkpoint, ec)) {
    r.verdict = "ORPHANED";
    r.problem = "no checkpoint next to it (" + checkpoint +
                "): left by a run that finished or failed; nothing can resume from it, and it is safe to delete";
    return;
  }
  try {
    const io::CheckpointHeader h = io::read_checkpoint_header(checkpoint);
    Discard ignore;
    const std::uint64_t records = io::replay_records(path, h.records_bytes, h.records_crc, ignore);
    r.add("records", "records", std::to_string(records) + " (intact, as its checkpoint says)", false);
    r.add("output", "output", h.output);
    r.verdict = "USABLE";
    r.good = true;
  } catch (const io::CheckpointError& e) {
    r.verdict = "DAMAGED";
    r.problem = e.what();
  }
}

void foreign_file(const std::string& what, Report& r) {
  r.kind = "";
  r.verdict = "FOREIGN";
  r.problem = "not a file civicsim wrote: " + what;
}

}  // namespace civicsim::viz::detail
