#include "viz_export/inspect.hpp"

#include <hdf5.h>
#include <signal.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "io/checkpoint.hpp"
#include "io/h5_reader.hpp"
#include "io/json.hpp"
#include "io/output_names.hpp"
#include "viz_export/inspect_report.hpp"

namespace civicsim::viz {

namespace detail {

std::string number_text(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::ostringstream s;
  s.precision(6);
  s << v;
  return s.str();
}

/// A root attribute as text (strings as they are, numbers formatted); false if it is missing.
bool root_attribute(hid_t file, const char* name, std::string& value) {
  if (H5Aexists(file, name) <= 0) return false;
  io::h5::Handle attr(H5Aopen(file, name, H5P_DEFAULT), H5Aclose);
  if (attr.get() < 0) return false;
  io::h5::Handle type(H5Aget_type(attr.get()), H5Tclose);
  io::h5::Handle space(H5Aget_space(attr.get()), H5Sclose);
  // Read into room for one value, of a size the reader's cap allows.
  if (H5Sget_simple_extent_npoints(space.get()) != 1 || H5Tget_size(type.get()) > io::h5::dataset_byte_cap())
    return false;
  if (H5Tget_class(type.get()) == H5T_STRING) {
    if (H5Tis_variable_str(type.get()) > 0) {
      char* text = nullptr;
      io::h5::Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
      H5Tset_size(memory.get(), H5T_VARIABLE);
      H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
      if (H5Aread(attr.get(), memory.get(), &text) < 0 || text == nullptr) return false;
      value = text;
      H5free_memory(text);
      return true;
    }
    const std::size_t size = H5Tget_size(type.get());
    std::vector<char> text(size + 1, '\0');
    io::h5::Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memory.get(), size + 1);
    if (H5Aread(attr.get(), memory.get(), text.data()) < 0) return false;
    value = text.data();
    return true;
  }
  if (H5Tget_class(type.get()) == H5T_INTEGER) {
    long long v = 0;
    if (H5Aread(attr.get(), H5T_NATIVE_LLONG, &v) < 0) return false;
    value = std::to_string(v);
    return true;
  }
  double v = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v) < 0) return false;
  value = number_text(v);
  return true;
}

}  // namespace detail

namespace {

using detail::Item;
using detail::number_text;
using detail::Report;
using detail::root_attribute;

namespace fs = std::filesystem;
using io::kExitDataErr;
using io::kExitNoInput;
using io::kExitOk;

/// `.NAME.partial-PID-RANDOM`: the temporary file of a run writing NAME (io/h5_file.hpp).
bool partial_name(const fs::path& file, std::string& final_name, long& pid) {
  const std::string name = file.filename().string();
  const auto at = name.rfind(".partial-");
  if (name.size() < 2 || name[0] != '.' || at == std::string::npos) return false;
  final_name = name.substr(1, at - 1);
  pid = std::strtol(name.c_str() + at + 9, nullptr, 10);
  return pid > 0;
}

bool process_alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

/// The partial file's writer (process, final name, checkpoint): what `whose` says about it.
std::string describe_writer(const std::string& path, const std::string& final_name, long pid, Report& r) {
  const fs::path final_path = fs::path(path).parent_path() / final_name;
  r.add("final_name", "final name", final_path.string());
  r.add("writer_pid", "writer", std::to_string(pid), true);
  r.add("writer_running", "running", process_alive(pid) ? "yes" : "no");
  std::error_code ec;
  const std::string checkpoint = final_path.string() + ".ckpt";
  if (fs::exists(checkpoint, ec)) {
    r.add("checkpoint", "checkpoint", checkpoint + " (`civicsim run ... --resume` continues from it)");
  }
  return "the temporary file of a run writing " + final_path.string() + " (process " + std::to_string(pid) +
         (process_alive(pid) ? ", still running" : ", no longer running: it was killed or crashed") + ")";
}

/// The run's provenance attributes, added to the report; returns its `status` ("" if none).
std::string add_provenance(hid_t file, Report& r) {
  const char* attributes[][2] = {{"status", "status"},
                                 {"scenario_name", "scenario"},
                                 {"seed", "seed"},
                                 {"civicsim_version", "civicsim"},
                                 {"git_sha", "git"},
                                 {"backend", "backend"},
                                 {"threads", "threads"},
                                 {"device", "device"},
                                 {"started_utc", "started"},
                                 {"wall_seconds", "wall seconds"},
                                 {"resumes", "resumes"},
                                 {"sweep_run", "sweep run"},
                                 {"sweep_arm", "sweep arm"},
                                 {"sweep_parameters", "sweep parameters"},
                                 {"sweep_replicate", "sweep replicate"}};
  std::string status;
  for (const auto& a : attributes) {
    std::string value;
    if (!root_attribute(file, a[0], value)) continue;
    if (std::strcmp(a[0], "status") == 0) status = value;
    const bool number = std::strcmp(a[0], "seed") == 0 || std::strcmp(a[0], "threads") == 0 ||
                        std::strcmp(a[0], "wall_seconds") == 0 || std::strcmp(a[0], "resumes") == 0 ||
                        std::strcmp(a[0], "sweep_replicate") == 0;
    r.add(a[0], a[1], value, number);
  }
  return status;
}

/// The verdict on a run's output file from its status, its groups and its name.
void judge_output(hid_t file, const std::string& status, bool partial, const std::string& whose, Report& r) {
  std::vector<std::string> missing;
  for (const char* group :
       {io::out::kScenario, io::out::kSeries, io::out::kDaily, io::out::kSummary, io::out::kInterventions}) {
    if (H5Lexists(file, group + 1, H5P_DEFAULT) <= 0) missing.push_back(group);
  }
  if (status.empty()) {
    r.verdict = "DAMAGED";
    r.problem = "no `status` attribute: not a complete civicsim output file";
  } else if (status != "complete") {
    r.verdict = "INCOMPLETE";
    r.problem = "status is '" + status + "': " + (partial ? whose : "the run that wrote it did not finish");
  } else if (!missing.empty()) {
    r.verdict = "DAMAGED";
    r.problem = "status is 'complete' but " + missing.front() + " is missing";
  } else if (partial) {
    r.verdict = "INCOMPLETE";
    r.problem = "complete, but still under its temporary name: " + whose;
  } else {
    r.verdict = "COMPLETE";
    r.good = true;
  }
}

void inspect_output(const std::string& path, Report& r) {
  r.kind = "output";
  std::string final_name;
  long pid = 0;
  const bool partial = partial_name(fs::path(path), final_name, pid);
  const std::string whose = partial ? describe_writer(path, final_name, pid, r) : "";
  io::h5::QuietErrors quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    if (!partial) return detail::foreign_file("neither an HDF5 file nor a civicsim checkpoint or records log", r);
    r.verdict = "DAMAGED";
    r.problem = "not a readable HDF5 file: " + whose;
    return;
  }
  io::h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) {
    r.verdict = "DAMAGED";
    r.problem =
        "HDF5 cannot open it (a run killed while writing leaves its file inconsistent; on a shared file "
        "system, HDF5_USE_FILE_LOCKING=FALSE may help)";
    if (partial) r.problem += ": " + whose;
    return;
  }
  if (const std::string kind = detail::results_kind(file.get()); !kind.empty()) {
    return detail::inspect_results(file.get(), kind, partial, r);
  }
  if (!partial && H5Aexists(file.get(), "civicsim_version") <= 0 && H5Aexists(file.get(), "status") <= 0) {
    return detail::foreign_file("an HDF5 file without civicsim's attributes (civicsim_version, status)", r);
  }
  judge_output(file.get(), add_provenance(file.get(), r), partial, whose, r);
}

/// A scalar string dataset (variable-length or fixed); false if it cannot be read.
bool scalar_text(hid_t file, const char* path, std::string& value) {
  if (H5Lexists(file, path, H5P_DEFAULT) <= 0) return false;
  io::h5::Handle dataset(H5Dopen2(file, path, H5P_DEFAULT), H5Dclose);
  if (dataset.get() < 0) return false;
  io::h5::Handle type(H5Dget_type(dataset.get()), H5Tclose);
  io::h5::Handle space(H5Dget_space(dataset.get()), H5Sclose);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1 ||
      H5Tget_size(type.get()) > io::h5::dataset_byte_cap()) {
    return false;
  }
  io::h5::Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
  if (H5Tis_variable_str(type.get()) > 0) {
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
    char* text = nullptr;
    if (H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) < 0 || text == nullptr) return false;
    value = text;
    H5free_memory(text);
    return true;
  }
  std::vector<char> text(H5Tget_size(type.get()) + 1, '\0');
  H5Tset_size(memory.get(), text.size());
  if (H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()) < 0) return false;
  value = text.data();
  return true;
}

struct Discard : EngineObserver {};

void inspect_checkpoint(const std::string& path, Report& r) {
  r.kind = "checkpoint";
  io::CheckpointHeader h;
  try {
    h = io::read_checkpoint_header(path);
  } catch (const io::CheckpointError& e) {
    r.verdict = "DAMAGED";
    r.problem = e.what();
    return;
  }
  const long long s = h.time_seconds % 86400;
  char clock[64];
  if (!h.in_day) {
    std::snprintf(clock, sizeof clock, "%d of %d days done", h.day, h.days);
  } else {
    std::snprintf(clock, sizeof clock, "day %d, %02lld:%02lld (of %d days)", h.day, s / 3600, (s % 3600) / 60, h.days);
  }
  r.add("position", "position", clock);
  r.add("day", "day", std::to_string(h.day), true);
  r.add("scenario_name", "scenario", h.scenario_name);
  if (!h.sweep_run.empty()) r.add("sweep_run", "sweep run", h.sweep_run);
  r.add("output", "output", h.output);
  r.add("civicsim_version", "civicsim", h.civicsim_version);
  r.add("git_sha", "git", h.git_sha);
  r.add("backend", "backend", h.backend);
  r.add("created_utc", "written", h.created_utc);
  r.add("started_utc", "run started", h.started_utc);
  r.add("resumes", "resumes", std::to_string(h.resumes), true);
  r.add("wall_seconds", "wall seconds", number_text(h.wall_seconds), true);
  const std::string log = io::records_log_path(path);
  try {
    Discard ignore;
    const std::uint64_t records = io::replay_records(log, h.records_bytes, h.records_crc, ignore);
    r.add("records_log", "records log", log + " (" + std::to_string(records) + " records, intact)");
    r.verdict = "USABLE";
    r.good = true;
  } catch (const io::CheckpointError& e) {
    r.verdict = "DAMAGED";
    r.problem = e.what();
  }
}

void print(const Report& r, bool json, std::ostream& out) {
  if (json) {
    io::JsonObject o;
    o.text("file", r.file).text("kind", r.kind).text("verdict", r.verdict).boolean("ok", r.good);
    if (!r.problem.empty()) o.text("problem", r.problem);
    for (const Item& i : r.items) {
      if (i.number)
        o.raw(i.key, i.value);
      else
        o.text(i.key, i.value);
    }
    out << o.str() << "\n";
    return;
  }
  if (r.verdict == "FOREIGN") {
    out << r.file << ": not a civicsim file, FOREIGN\n  problem      " << r.problem << "\n";
    return;
  }
  out << r.file << ": civicsim " << (r.kind.empty() ? "file?" : r.kind + " file") << ", " << r.verdict << "\n";
  if (!r.problem.empty()) out << "  problem      " << r.problem << "\n";
  for (const Item& i : r.items) {
    if (i.key == "day") continue;  // in `position`
    std::string label = i.label;
    label.resize(std::max<std::size_t>(label.size(), 12), ' ');
    out << "  " << label << " " << i.value << "\n";
  }
}

}  // namespace

FinishedRun read_finished_run(const std::string& path) {
  FinishedRun run;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return run;
  io::h5::QuietErrors quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) return run;
  io::h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  std::string status;
  if (file.get() < 0 || !root_attribute(file.get(), "status", status) || status != "complete" ||
      !scalar_text(file.get(), io::out::path(io::out::kScenario, io::out::kScenarioResolved).c_str(),
                   run.scenario_resolved)) {
    return run;
  }
  root_attribute(file.get(), "sweep_run", run.sweep_run);
  root_attribute(file.get(), "civicsim_version", run.civicsim_version);
  root_attribute(file.get(), "git_sha", run.git_sha);
  run.complete = true;
  return run;
}

int inspect_command(const std::string& file, bool json, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (!fs::exists(status)) {
    err << "civicsim inspect: no file '" << file << "'\n";
    return kExitNoInput;
  }
  if (fs::is_directory(status)) {
    err << "civicsim inspect: '" << file << "' is a folder; give an output (.h5) or checkpoint (.ckpt) file\n";
    return kExitNoInput;
  }
  Report r;
  r.file = file;
  char head[20] = {};
  {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      err << "civicsim inspect: cannot read '" << file << "'\n";
      return kExitNoInput;
    }
    in.read(head, sizeof head);
  }
  if (std::memcmp(head, "CIVICSIM CHECKPOINT\n", sizeof head) == 0) {
    inspect_checkpoint(file, r);
  } else if (detail::records_log_name(file)) {
    detail::inspect_records_log(file, r);
  } else {
    inspect_output(file, r);
  }
  print(r, json, out);
  return r.good ? kExitOk : kExitDataErr;
}

}  // namespace civicsim::viz
