#include "app/timings_report.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "civicsim_version.hpp"
#include "io/json.hpp"
#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "kernels/parallel.hpp"
#include "kernels/tallies.hpp"

namespace civicsim::cli {

using io::JsonObject;

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024.0;  // Linux: kibibytes
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

std::string write_timings_json(const std::string& path, const RunTimings& t) {
  const double citizen_days = static_cast<double>(t.citizens) * t.days;
  auto per_second = [](double n, double s) { return s > 0 ? n / s : 0.0; };
  auto per_window = [&](std::uint64_t n) {
    return t.engine.windows > 0 ? static_cast<double>(n) / static_cast<double>(t.engine.windows) : 0.0;
  };
  JsonObject o;
  o.text("civicsim_version", CIVICSIM_VERSION)
      .text("git_sha", CIVICSIM_GIT_SHA)
      .text("backend", backend_name())
      .integer("threads", backend_threads())
      .text("device", backend_device())
      .text("scenario", t.scenario)
      .integer("citizens", static_cast<std::int64_t>(t.citizens))
      .integer("districts", t.districts)
      .integer("days", t.days)
      .integer("requests", static_cast<std::int64_t>(t.requests))
      .number("wall_s", t.wall_s)
      .number("setup_s", t.setup_s)
      .number("daily_pass_s", t.engine.daily_pass_s)
      .number("windows_s", t.engine.windows_s)
      .number("end_of_day_s", t.engine.end_of_day_s)
      .number("output_s", t.output_s)
      .number("output_create_s", t.output_create_s)
      .number("output_close_s", t.output_close_s)
      .integer("checkpoints", t.checkpoints)
      .number("checkpoint_s", t.checkpoint_s)
      .integer("checkpoint_bytes", static_cast<std::int64_t>(t.checkpoint_bytes))
      .number("resume_s", t.resume_s)
      .integer("windows", static_cast<std::int64_t>(t.engine.windows))
      .integer("windows_quiet", static_cast<std::int64_t>(t.engine.windows_quiet))
      .integer("events", static_cast<std::int64_t>(t.engine.events))
      // Work handed to the backend, counted the same way on every backend (kernels/parallel.hpp).
      .integer("launches", static_cast<std::int64_t>(launch_counts().launches))
      .integer("host_syncs", static_cast<std::int64_t>(launch_counts().host_syncs))
      .number("launches_per_window", per_window(t.engine.window_launches))
      .number("host_syncs_per_window", per_window(t.engine.window_host_syncs))
      .number("cpu_s", cpu_seconds())
      .number("peak_rss_bytes", peak_rss_bytes())
      .number("citizen_days_per_s", per_second(citizen_days, t.wall_s))
      .number("requests_per_s", per_second(static_cast<double>(t.requests), t.wall_s))
      // Bytes the daily pass reads and writes per citizen (kernels/tallies.hpp).
      .integer("daily_pass_bytes_per_citizen", kDailyPassBytesPerCitizen);

  try {  // never through a link, never over anything but a regular file (io/safe_file.hpp)
    io::SafeFile file(path, /*replace=*/true, "timings file");
    file.write(o.str() + "\n");
    file.commit();
  } catch (const io::OutputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace civicsim::cli
