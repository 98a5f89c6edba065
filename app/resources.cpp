#include "app/resources.hpp"

#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/json.hpp"
#include "kernels/parallel.hpp"
#include "sim/sample_check.hpp"

namespace civicsim::cli {
namespace {

using io::json_number;
using io::json_string;
using io::JsonObject;

namespace fs = std::filesystem;

/// The first number in a file ("max" or a missing file: -1).
std::int64_t read_number(const std::string& path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word)) return -1;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(word.c_str(), &end, 10);
  return end != word.c_str() && *end == '\0' ? static_cast<std::int64_t>(v) : -1;
}

std::int64_t mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::int64_t kib = 0;
  std::string unit;
  while (in >> key >> kib) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return kib * 1024;
  }
  return -1;
}

/// This process's cgroup folder (v2: the "0::" line of /proc/self/cgroup; v1: the memory
/// controller's line), under /sys/fs/cgroup.
void cgroup_memory(std::int64_t& limit, std::int64_t& usage) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (line.compare(0, 3, "0::") == 0) {
      limit = read_number("/sys/fs/cgroup" + path + "/memory.max");
      usage = read_number("/sys/fs/cgroup" + path + "/memory.current");
      if (limit >= 0) return;
    } else if (controllers.find("memory") != std::string::npos) {
      limit = read_number("/sys/fs/cgroup/memory" + path + "/memory.limit_in_bytes");
      usage = read_number("/sys/fs/cgroup/memory" + path + "/memory.usage_in_bytes");
      if (limit >= (std::int64_t{1} << 60)) limit = -1;  // v1 writes "no limit" as a huge number
      if (limit >= 0) return;
    }
  }
}

/// A soft resource limit in bytes; -1 when unlimited.
std::int64_t soft_limit(int resource) {
  struct rlimit limit {};
  if (::getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
  return static_cast<std::int64_t>(std::min<rlim_t>(limit.rlim_cur, rlim_t{1} << 62));
}

/// What this process maps now: its virtual size and its data (heap, stack) in bytes.
void address_space_in_use(std::int64_t& virtual_bytes, std::int64_t& data_bytes) {
  std::ifstream in("/proc/self/statm");
  std::int64_t size = 0, resident = 0, shared = 0, text = 0, lib = 0, data = 0;
  if (!(in >> size >> resident >> shared >> text >> lib >> data)) return;
  const std::int64_t page = ::sysconf(_SC_PAGESIZE);
  virtual_bytes = size * page;
  data_bytes = data * page;
}

/// The room under a limit: what is left of `limit` after `used` (-1 when there is no limit).
std::int64_t room_under(std::int64_t limit, std::int64_t used) {
  return limit < 0 ? -1 : std::max<std::int64_t>(0, limit - std::max<std::int64_t>(0, used));
}

/// The least of the known figures (-1 = unknown or unlimited).
std::int64_t least(std::int64_t a, std::int64_t b) { return a < 0 ? b : b < 0 ? a : std::min(a, b); }

/// The output folder, or its nearest parent that exists (the run creates the rest).
fs::path existing_folder(const std::string& output_path) {
  fs::path folder = fs::absolute(fs::path(output_path)).parent_path();
  std::error_code ec;
  while (!folder.empty() && !fs::is_directory(folder, ec) && folder != folder.root_path())
    folder = folder.parent_path();
  return folder.empty() ? fs::path(".") : folder;
}

std::string suggestion() {
  return "To make it fit: lower population.scale (the citizens' memory grows with the agents; the needs "
         "in flight follow the real population at any scale), run fewer days (--days, time.days), or "
         "report less often (a larger time.report_minutes) for a smaller output file; `civicsim plan "
         "SCENARIO` shows the estimate. --no-resource-check runs it anyway.";
}

}  // namespace

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

Availability probe_availability(const std::string& output_path) {
  Availability a;
  if (const char* env = std::getenv("CIVICSIM_MEMORY_LIMIT"); env && *env) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (end != env && *end == '\0') a.env_limit_bytes = static_cast<std::int64_t>(v);
  }
  a.mem_available_bytes = mem_available();
  cgroup_memory(a.cgroup_limit_bytes, a.cgroup_usage_bytes);
  a.address_space_limit_bytes = soft_limit(RLIMIT_AS);
  a.data_limit_bytes = soft_limit(RLIMIT_DATA);
  address_space_in_use(a.address_space_used_bytes, a.data_used_bytes);
  if (a.env_limit_bytes >= 0) {
    a.host_bytes = a.env_limit_bytes;
  } else {
    a.host_bytes = least(a.mem_available_bytes, room_under(a.cgroup_limit_bytes, a.cgroup_usage_bytes));
    a.host_bytes = least(a.host_bytes, room_under(a.address_space_limit_bytes, a.address_space_used_bytes));
    a.host_bytes = least(a.host_bytes, room_under(a.data_limit_bytes, a.data_used_bytes));
  }
  const fs::path folder = existing_folder(output_path);
  a.disk_folder = folder.string();
  struct statvfs fsinfo {};
  if (::statvfs(folder.c_str(), &fsinfo) == 0)
    a.disk_free_bytes = static_cast<std::int64_t>(fsinfo.f_bavail) * static_cast<std::int64_t>(fsinfo.f_frsize);
  backend_device_memory(a.device_free_bytes, a.device_total_bytes);
  return a;
}

std::string host_memory_source(const Availability& a) {
  if (a.env_limit_bytes >= 0) return "CIVICSIM_MEMORY_LIMIT";
  if (a.host_bytes >= 0 && a.host_bytes == room_under(a.address_space_limit_bytes, a.address_space_used_bytes))
    return "RLIMIT_AS (ulimit -v) " + human_bytes(static_cast<double>(a.address_space_limit_bytes)) +
           " less the address space in use";
  if (a.host_bytes >= 0 && a.host_bytes == room_under(a.data_limit_bytes, a.data_used_bytes))
    return "RLIMIT_DATA (ulimit -d) " + human_bytes(static_cast<double>(a.data_limit_bytes)) + " less the data in use";
  if (a.host_bytes >= 0 && a.host_bytes == room_under(a.cgroup_limit_bytes, a.cgroup_usage_bytes))
    return "cgroup memory limit less usage";
  return "MemAvailable";
}

FitCheck check_fit(const ResourceEstimate& need, const Availability& have) {
  FitCheck c;
  auto refuse = [&](const std::string& what, double needed, std::int64_t available, const std::string& source) {
    if (available < 0 || needed <= static_cast<double>(available)) return;
    c.fits = false;
    c.problems.push_back(what + ": needs about " + human_bytes(needed) + ", " +
                         human_bytes(static_cast<double>(available)) + " available (" + source + ")");
  };
  refuse("host memory", need.host_peak_bytes, have.host_bytes, host_memory_source(have));
  refuse("device memory", need.device_bytes, have.device_free_bytes, "free on the GPU");
  const char* disk = need.checkpoints_at_once > 0 ? "disk space for the output file, its checkpoints and records log"
                                                  : "disk space for the output file and its records log";
  refuse(disk, need.disk_bytes(), have.disk_free_bytes, "free in " + have.disk_folder);
  return c;
}

std::string refusal_message(const FitCheck& check) {
  std::string m = "civicsim: this run would not fit on this machine:\n";
  for (const std::string& p : check.problems) m += "  " + p + "\n";
  return m + suggestion() + "\n";
}

void print_plan(std::ostream& out, const std::string& scenario_name, const Params& p, const std::string& output_path,
                const ResourceEstimate& e, const Availability& a, const FitCheck& check) {
  char line[256];
  auto row = [&](const char* label, const std::string& value) {
    std::snprintf(line, sizeof line, "  %-18s %s\n", label, value.c_str());
    out << line;
  };
  auto terms = [&](const std::vector<MemoryTerm>& list) {
    for (const MemoryTerm& t : list) {
      std::snprintf(line, sizeof line, "      %10s  %s\n", human_bytes(t.bytes).c_str(), t.name.c_str());
      out << line;
    }
  };
  out << "civicsim plan: " << scenario_name << " (" << p.days << " days, report every " << p.report_minutes << " min, "
      << backend_name() << " build)\n";
  char sample[256];
  std::snprintf(sample, sizeof sample, "%llu (population.scale %g; service capacity and needs at their real size)",
                static_cast<unsigned long long>(e.agents), p.scale);
  row("agents", sample);
  row("districts", std::to_string(e.districts) + " (halls " + std::to_string(e.halls) + ", queues " +
                       std::to_string(e.queues) + ")");
  row("service agents", std::to_string(e.service_agents) + " server slots");
  std::snprintf(line, sizeof line, "~%.0f per day, ~%.0f in flight at the peak", e.requests_per_day,
                e.requests_in_flight);
  row("requests", line);
  row("host memory", human_bytes(e.host_peak_bytes) + " estimated peak resident");
  terms(e.host_terms);
  if (e.device_terms.empty()) {
    row("device memory", "none (CPU backend)");
  } else {
    row("device memory", human_bytes(e.device_bytes) + " estimated");
    terms(e.device_terms);
  }
  row("output file", "~" + human_bytes(e.output_bytes) + " (at most " + human_bytes(e.output_max_bytes) +
                         " uncompressed), " + output_path);
  if (e.checkpoints_at_once > 0)
    row("checkpoints", "~" + human_bytes(e.checkpoint_bytes) +
                           " each (two while one replaces the other), records log ~" +
                           human_bytes(e.records_log_bytes));
  else
    row("checkpoints", "none asked (--checkpoint-every; one written on a stop signal, ~" +
                           human_bytes(e.checkpoint_bytes) + ", is not counted), records log ~" +
                           human_bytes(e.records_log_bytes));
  row("disk", "~" + human_bytes(e.disk_bytes()) + " at most at once");
  out << "available\n";
  auto known = [](std::int64_t v) { return v < 0 ? std::string("unknown") : human_bytes(static_cast<double>(v)); };
  std::string host = known(a.host_bytes) + " (MemAvailable " + known(a.mem_available_bytes) + ", cgroup limit " +
                     (a.cgroup_limit_bytes < 0 ? std::string("none") : known(a.cgroup_limit_bytes)) + ")";
  if (a.env_limit_bytes >= 0)
    host = known(a.env_limit_bytes) + " (CIVICSIM_MEMORY_LIMIT)";
  else if (host_memory_source(a).compare(0, 6, "RLIMIT") == 0)
    host = known(a.host_bytes) + " (" + host_memory_source(a) + ")";
  row("host memory", host);
  if (a.device_total_bytes >= 0)
    row("device memory", known(a.device_free_bytes) + " free of " + known(a.device_total_bytes));
  row("disk", known(a.disk_free_bytes) + " free in " + a.disk_folder);
  for (const std::string& w : sample_warnings(p)) out << "warning: " << w << "\n";
  if (check.fits) {
    out << "fits: yes\n";
  } else {
    out << "fits: NO\n";
    for (const std::string& problem : check.problems) out << "  " << problem << "\n";
  }
}

void print_plan_json(std::ostream& out, const std::string& scenario_name, const Params& p,
                     const std::string& output_path, const ResourceEstimate& e, const Availability& a,
                     const FitCheck& check) {
  auto term_list = [](const std::vector<MemoryTerm>& list) {
    std::string s = "[";
    for (std::size_t i = 0; i < list.size(); ++i)
      s += (i ? ", " : "") + std::string("{\"name\": ") + json_string(list[i].name) +
           ", \"bytes\": " + json_number(list[i].bytes) + "}";
    return s + "]";
  };
  auto strings = [](const std::vector<std::string>& list) {
    std::string s = "[";
    for (std::size_t i = 0; i < list.size(); ++i) s += (i ? ", " : "") + json_string(list[i]);
    return s + "]";
  };
  auto known = [](std::int64_t v) { return v < 0 ? std::string("null") : std::to_string(v); };
  JsonObject available(1);
  available.raw("host_bytes", known(a.host_bytes))
      .raw("mem_available_bytes", known(a.mem_available_bytes))
      .raw("cgroup_limit_bytes", known(a.cgroup_limit_bytes))
      .raw("cgroup_usage_bytes", known(a.cgroup_usage_bytes))
      .raw("memory_limit_env_bytes", known(a.env_limit_bytes))
      .raw("address_space_limit_bytes", known(a.address_space_limit_bytes))
      .raw("address_space_used_bytes", known(a.address_space_used_bytes))
      .raw("data_limit_bytes", known(a.data_limit_bytes))
      .raw("data_used_bytes", known(a.data_used_bytes))
      .text("host_source", host_memory_source(a))
      .raw("disk_free_bytes", known(a.disk_free_bytes))
      .text("disk_folder", a.disk_folder)
      .raw("device_free_bytes", known(a.device_free_bytes))
      .raw("device_total_bytes", known(a.device_total_bytes));
  JsonObject o;
  o.text("scenario", scenario_name)
      .text("backend", backend_name())
      .integer("days", p.days)
      .integer("report_minutes", p.report_minutes)
      .integer("agents", static_cast<std::int64_t>(e.agents))
      .number("population_scale", p.scale)
      .integer("districts", e.districts)
      .integer("halls", e.halls)
      .integer("queues", e.queues)
      .integer("service_agents", e.service_agents)
      .number("requests_per_day", e.requests_per_day)
      .number("requests_in_flight", e.requests_in_flight)
      .integer("intervals", e.intervals)
      .number("host_peak_bytes", e.host_peak_bytes)
      .raw("host_terms", term_list(e.host_terms))
      .number("device_bytes", e.device_bytes)
      .raw("device_terms", term_list(e.device_terms))
      .text("output", output_path)
      .number("output_bytes", e.output_bytes)
      .number("output_max_bytes", e.output_max_bytes)
      .number("checkpoint_bytes", e.checkpoint_bytes)
      .number("records_log_bytes", e.records_log_bytes)
      .integer("checkpoints_at_once", e.checkpoints_at_once)
      .number("disk_bytes", e.disk_bytes())
      .object("available", available)
      .boolean("fits", check.fits)
      .raw("problems", strings(check.problems))
      .raw("sample_warnings", strings(sample_warnings(p)));
  out << o.str() << "\n";
}

}  // namespace civicsim::cli
