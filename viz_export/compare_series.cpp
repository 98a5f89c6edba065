// The mean wait per day, group and arm for the report's "wait over time" plot, streamed from the
// runs' /series in slabs of report intervals: one run's slab at a time is in memory, plus the
// per-(arm, grid point, day, group) sums, whatever the number of runs.
#include <map>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "viz_export/compare_data.hpp"
#include "viz_export/h5_reader.hpp"

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

struct OpenSeries {
  h5::Id file, served, wait;
  std::vector<std::int64_t> time_seconds;
  hsize_t districts = 0;
};

/// Opens a run's file and checks the shapes; returns "" or why it cannot be used.
std::string open_series(const std::string& path, OpenSeries* out) {
  h5::QuietErrors quiet;
  std::error_code ec;
  if (!fs::exists(path, ec)) return "missing file " + path;
  if (H5Fis_hdf5(path.c_str()) <= 0) return path + " is not an HDF5 file";
  out->file = h5::Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (out->file.get() < 0) return "HDF5 cannot open " + path;
  const hid_t file = out->file.get();
  for (const char* name : {"/dims", "/dims/time_seconds", "/series", "/series/served",
                           "/series/wait_seconds_sum"}) {
    if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return path + " has no " + name;
  }
  h5::Id time(H5Dopen2(file, "/dims/time_seconds", H5P_DEFAULT), H5Dclose);
  h5::Id time_space(H5Dget_space(time.get()), H5Sclose);
  if (H5Sget_simple_extent_ndims(time_space.get()) != 1) return path + ": /dims/time_seconds is not 1-D";
  hsize_t intervals = 0;
  H5Sget_simple_extent_dims(time_space.get(), &intervals, nullptr);
  out->time_seconds.resize(intervals);
  if (intervals > 0 && H5Dread(time.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                               out->time_seconds.data()) < 0) {
    return "cannot read /dims/time_seconds of " + path;
  }
  out->served = h5::Id(H5Dopen2(file, "/series/served", H5P_DEFAULT), H5Dclose);
  out->wait = h5::Id(H5Dopen2(file, "/series/wait_seconds_sum", H5P_DEFAULT), H5Dclose);
  for (const h5::Id* dataset : {&out->served, &out->wait}) {
    if (dataset->get() < 0) return "cannot open the series of " + path;
    h5::Id space(H5Dget_space(dataset->get()), H5Sclose);
    hsize_t dims[4] = {0, 0, 0, 0};
    if (H5Sget_simple_extent_ndims(space.get()) != 4 ||
        H5Sget_simple_extent_dims(space.get(), dims, nullptr) < 0 || dims[0] != intervals ||
        dims[2] != kGroupCount || dims[3] != kChannelCount) {
      return path + ": /series/served and /series/wait_seconds_sum must be [time_seconds, district, 4 groups, 4 channels]";
    }
    out->districts = dims[1];
  }
  return "";
}

/// Rows [first, first + rows) of a [T, D, 4, 4] int64 series.
bool read_rows(hid_t dataset, hsize_t first, hsize_t rows, hsize_t districts,
               std::vector<std::int64_t>* buffer) {
  h5::Id space(H5Dget_space(dataset), H5Sclose);
  const hsize_t start[4] = {first, 0, 0, 0};
  const hsize_t count[4] = {rows, districts, kGroupCount, kChannelCount};
  if (H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0) return false;
  h5::Id memory(H5Screate_simple(4, count, nullptr), H5Sclose);
  buffer->resize(rows * districts * kGroupCount * kChannelCount);
  return buffer->empty() || H5Dread(dataset, H5T_NATIVE_INT64, memory.get(), space.get(),
                                    H5P_DEFAULT, buffer->data()) >= 0;
}

/// Adds one run's series to `sums`; returns "" or why the run could not be read.
std::string add_run(const std::string& path, std::size_t slab_bytes, DaySums* sums) {
  OpenSeries series;
  if (std::string problem = open_series(path, &series); !problem.empty()) return problem;
  h5::QuietErrors quiet;
  const hsize_t intervals = series.time_seconds.size();
  const std::size_t row_values = series.districts * kGroupCount * kChannelCount;
  const hsize_t slab_rows =
      std::max<hsize_t>(1, slab_bytes / std::max<std::size_t>(1, row_values * sizeof(std::int64_t)));
  for (std::int64_t t : series.time_seconds) {
    if (t < 1) return path + ": /dims/time_seconds holds " + std::to_string(t) + " (expected ends of intervals, > 0)";
  }
  if (intervals > 0) sums->grow(static_cast<std::size_t>((series.time_seconds.back() - 1) / kSecondsPerDay) + 1);
  std::vector<std::int64_t> served, wait;
  for (hsize_t first = 0; first < intervals; first += slab_rows) {
    const hsize_t rows = std::min(slab_rows, intervals - first);
    if (!read_rows(series.served.get(), first, rows, series.districts, &served) ||
        !read_rows(series.wait.get(), first, rows, series.districts, &wait)) {
      return "cannot read the series of " + path;
    }
    for (hsize_t row = 0; row < rows; ++row) {
      const std::size_t day = static_cast<std::size_t>((series.time_seconds[first + row] - 1) / kSecondsPerDay);
      sums->grow(day + 1);
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
