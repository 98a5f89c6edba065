// The mean wait per day, group and arm for the report's "wait over time" plot, streamed from the
// runs' /series in slabs of report intervals: one run's slab at a time is in memory, plus the
// per-(arm, grid point, day, group) sums, whatever the number of runs.
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "io/h5_reader.hpp"
#include "io/output_names.hpp"
#include "sim/metrics.hpp"
#include "viz_export/compare_data.hpp"

namespace civicsim::viz::compare {
namespace {

namespace fs = std::filesystem;

constexpr int kChannelCount = 4;  // in_person, hotline, online, digital_human (sim/params.hpp)
/// The channels where requests queue: in_person, hotline and digital_human (not online).
constexpr int kQueuedChannels[] = {0, 1, 3};
constexpr std::int64_t kSecondsPerDay = 86400;

/// Σ wait seconds and Σ services started per (day, group) of one arm at one grid point.
struct DaySums {
  std::vector<std::int64_t> wait_seconds, served;  // [days, 4]
  void grow(std::size_t days) {
    if (served.size() < days * kGroupCount) {
      served.resize(days * kGroupCount, 0);
      wait_seconds.resize(days * kGroupCount, 0);
    }
  }
};

/// The longest run compare reads: scenario.time.days allows 20000 days (io/scenario.cpp).
constexpr std::int64_t kMaxDays = 20000;

struct OpenSeries {
  std::vector<std::int64_t> time_seconds;
  hsize_t districts = 0;
};

/// The two /series tables compare reads: services started and the sum of their waits.
std::string served_path() { return io::out::series(kSeriesMetricNames[kServed]); }
std::string wait_path() { return io::out::series(kSeriesMetricNames[kWaitSecondsSum]); }

/// Checks a run's /dims/time_seconds: ends of intervals, increasing, within the run's /dims/day
/// (when the file has it) and the longest run a scenario allows. It sizes compare's arrays and
/// compare.h5, so one crafted value must not make them gigabytes.
void check_time_seconds(const io::h5::Reader& reader, const std::vector<std::int64_t>& ends) {
  std::int64_t days = kMaxDays;
  const std::string day_path = io::out::dims(io::out::kDayDim);
  if (reader.is_dataset(day_path)) days = static_cast<std::int64_t>(reader.expect_shape(day_path, 1)[0]);
  days = std::min(days, kMaxDays);
  for (std::size_t t = 0; t < ends.size(); ++t) {
    if (ends[t] < 1 || ends[t] > days * kSecondsPerDay || (t > 0 && ends[t] <= ends[t - 1])) {
      reader.refuse("/dims/time_seconds[" + std::to_string(t) + "] = " + std::to_string(ends[t]) +
                    ": expected increasing ends of intervals within the run's " + std::to_string(days) + " days (" +
                    std::to_string(days * kSecondsPerDay) + " s)");
    }
  }
}

/// Opens a run's file and checks the shapes; returns "" or why it cannot be used. Throws
/// DataError for a file whose datasets are not a run's (wrong shapes, crafted sizes).
std::string open_series(const io::h5::Reader& reader, OpenSeries* out) {
  const std::string time_path = io::out::dims(io::out::kTimeDim);
  for (const std::string& name : {time_path, served_path(), wait_path()}) {
    if (!reader.is_dataset(name)) return reader.file_path() + " has no " + name;
  }
  out->time_seconds = reader.ints_1d(time_path);
  check_time_seconds(reader, out->time_seconds);
  const hsize_t intervals = out->time_seconds.size();
  const hsize_t any = io::h5::Reader::kAnyExtent;
  for (const std::string& name : {served_path(), wait_path()}) {
    out->districts = reader.expect_shape(name, 4, {intervals, any, kGroupCount, kChannelCount})[1];
    reader.check_read_size(name, {1, out->districts, kGroupCount, kChannelCount}, sizeof(std::int64_t));
  }
  return "";
}

/// Rows [first, first + rows) of a [T, D, 4, 4] int64 series.
void read_rows(const io::h5::Reader& reader, const std::string& name, hsize_t first, hsize_t rows,
               std::vector<std::int64_t>* buffer) {
  io::h5::Numbers numbers = reader.numeric_rows(name, first, rows);
  if (numbers.is_float) reader.refuse(name + " holds floating-point values; expected counts");
  *buffer = std::move(numbers.ints);
}

/// Adds one run's series to `sums`; returns "" or why the run could not be read.
std::string add_checked_run(const io::h5::Reader& reader, std::size_t slab_bytes, DaySums* sums) {
  OpenSeries series;
  if (std::string problem = open_series(reader, &series); !problem.empty()) return problem;
  const hsize_t intervals = series.time_seconds.size();
  const std::size_t row_values = series.districts * kGroupCount * kChannelCount;  // within the cap
  const hsize_t slab_rows =
      std::max<hsize_t>(1, slab_bytes / std::max<std::size_t>(1, row_values * sizeof(std::int64_t)));
  if (intervals > 0) sums->grow(static_cast<std::size_t>((series.time_seconds.back() - 1) / kSecondsPerDay) + 1);
  std::vector<std::int64_t> served, wait;
  for (hsize_t first = 0; first < intervals; first += slab_rows) {
    const hsize_t rows = std::min(slab_rows, intervals - first);
    read_rows(reader, served_path(), first, rows, &served);
    read_rows(reader, wait_path(), first, rows, &wait);
    for (hsize_t row = 0; row < rows; ++row) {
      const std::size_t day = static_cast<std::size_t>((series.time_seconds[first + row] - 1) / kSecondsPerDay);
      for (hsize_t d = 0; d < series.districts; ++d) {
        for (int g = 0; g < kGroupCount; ++g) {
          for (int c : kQueuedChannels) {
            const std::size_t at = ((row * series.districts + d) * kGroupCount + g) * kChannelCount + c;
            sums->served[day * kGroupCount + g] += served[at];
            sums->wait_seconds[day * kGroupCount + g] += wait[at];
          }
        }
      }
    }
  }
  return "";
}

/// add_checked_run on the file at `path`; a file that is gone or unreadable is a problem to
/// report, a crafted one (DataError) ends the comparison.
std::string add_run(const std::string& path, std::size_t slab_bytes, DaySums* sums) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return "missing file " + path;
  try {
    return add_checked_run(io::h5::Reader(path), slab_bytes, sums);
  } catch (const io::DataError&) {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

WaitByDay read_wait_by_day(const Sweep& sweep, std::size_t slab_bytes) {
  WaitByDay out;
  out.arms = static_cast<int>(sweep.arms.size());
  out.points = static_cast<int>(sweep.grid_points.size());
  std::vector<DaySums> sums(static_cast<std::size_t>(out.arms) * out.points);
  // Pooled over the replicates done in every arm at the grid point, so that each line of the plot
  // comes from the same seeds (the pairing of common random numbers).
  std::map<std::pair<int, int>, int> arms_done;  // (point, replicate) -> arms with that run done
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    if (sweep.done(r)) ++arms_done[{sweep.point[r], sweep.replicate[r]}];
  }
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    if (!sweep.done(r)) continue;
    if (arms_done[{sweep.point[r], sweep.replicate[r]}] < out.arms) {
      ++out.runs_unpaired;
      continue;
    }
    const std::string& id = sweep.run_id[r];
    if (id.empty() || id.find('/') != std::string::npos || id.find("..") != std::string::npos) {
      out.problems.push_back("'" + id + "' is not a run id (a file name under runs/)");
      continue;
    }
    const std::string path = (fs::path(sweep.dir) / "runs" / (id + ".h5")).string();
    // A failed read leaves the sums of this run half added: read into a copy, keep it if whole.
    DaySums& target = sums[static_cast<std::size_t>(sweep.arm[r]) * out.points + sweep.point[r]];
    DaySums attempt = target;
    if (std::string problem = add_run(path, slab_bytes, &attempt); !problem.empty()) {
      out.problems.push_back(sweep.run_id[r] + ": " + problem);
      continue;
    }
    target = std::move(attempt);
    ++out.runs_read;
  }
  for (const DaySums& s : sums) out.days = std::max(out.days, static_cast<int>(s.served.size() / kGroupCount));
  out.minutes.assign(sums.size() * out.days * kGroupCount, kNaN);
  for (std::size_t ap = 0; ap < sums.size(); ++ap) {
    for (std::size_t i = 0; i < sums[ap].served.size(); ++i) {
      if (sums[ap].served[i] > 0) {
        out.minutes[ap * out.days * kGroupCount + i] =
            static_cast<double>(sums[ap].wait_seconds[i]) / static_cast<double>(sums[ap].served[i]) / 60.0;
      }
    }
  }
  return out;
}

}  // namespace civicsim::viz::compare
