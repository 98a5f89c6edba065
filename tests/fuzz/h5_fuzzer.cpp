// libFuzzer target over the readers of HDF5 files (docs/robustness.md): `summary` (with and without
// --days), `inspect`, `export --csv`, `--geojson` and `--xdmf`, and `compare`'s sweep reader and run readers (the wait
// per day, the samples, --days). The input is an HDF5 file; the corpus starts from real outputs (a run, a sweep.h5 and
// its runs: scripts/fuzz makes them) and tests/fuzz/h5_mutator.cpp changes them object by object. A refusal (an
// exception, exit 65 or 66) is a good outcome; a crash, a sanitizer report, a hang, running out of memory, or `compare`
// failing inside (exit 70) is a bug.
//
// The readers take file names, so each input is written to a private folder, on /dev/shm (memory)
// when the machine has one.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "io/h5_reader.hpp"
#include "tests/fuzz/h5_mutator.hpp"
#include "tests/fuzz/private_dir.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/compare_data.hpp"
#include "viz_export/csv_export.hpp"
#include "viz_export/geojson_export.hpp"
#include "viz_export/inspect.hpp"
#include "viz_export/summary_report.hpp"
#include "viz_export/window_figures.hpp"
#include "viz_export/xdmf_export.hpp"

namespace {

namespace fs = std::filesystem;
using namespace civicsim;

/// A small cap keeps each input fast; the readers check it exactly as they check the real one.
constexpr std::size_t kFuzzByteCap = std::size_t{16} << 20;

/// Made once per process and removed at exit.
const std::string& private_dir() {
  static const std::string dir = [] {
    std::error_code ec;
    const fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    const std::string made = fuzz::make_private_dir(base, "civicsim-h5fuzz");
    fs::create_directories(fs::path(made) / "sweep" / "runs");
    return made;
  }();
  static const fuzz::RemoveAtExit cleanup{dir};
  return dir;
}

void write_input(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "h5_fuzzer: %s\n", what.c_str());
  std::abort();
}

void read_as_run_file(const std::string& file, const std::string& dir) {
  std::ostringstream out, err;
  try {
    viz::print_summary(file, /*json=*/false, out);
    viz::print_summary(file, /*json=*/true, out);
  } catch (const std::exception&) {
  }
  try {
    const viz::DayRange days = viz::parse_day_range("1:2");
    viz::print_summary(file, /*json=*/false, out, &days);
  } catch (const std::exception&) {
  }
  viz::inspect_command(file, /*json=*/true, out, err);
  // --force: every input writes over the last one's files.
  try {
    viz::export_csv(file, (fs::path(dir) / "csv").string(), /*force=*/true);
  } catch (const std::exception&) {
  }
  try {
    viz::export_geojson(file, (fs::path(dir) / "geojson").string(), /*force=*/true);
  } catch (const std::exception&) {
  }
  try {
    viz::export_xdmf(file, (fs::path(dir) / "run.xmf").string(), /*force=*/true);
  } catch (const std::exception&) {
  }
}

/// compare's run readers on a sweep of two arms whose runs are both the input (runs/run.h5).
void read_as_sweep_run(const std::string& dir) {
  viz::compare::Sweep s;
  s.dir = (fs::path(dir) / "sweep").string();
  s.file = s.dir + "/sweep.h5";
  s.arms = {"baseline", "arm"};
  s.grid_points = {""};
  s.replicates = 1;
  s.run_id = {"run", "run"};
  s.arm = {0, 1};
  s.point = {0, 0};
  s.replicate = {0, 0};
  s.run_status = {"done", "done"};
  s.figures = {"wait_mean_minutes/all", "resolution_rate/rural_elderly"};
  s.units = {"min", "1"};
  s.values.assign(4, 1.0);
  try {
    viz::compare::read_wait_by_day(s, 4096);
    viz::compare::read_samples(s);
    viz::compare::apply_days(s, "0:1");
  } catch (const std::exception&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  io::h5::set_dataset_byte_cap(kFuzzByteCap);
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return fuzz::mutate_h5(data, size, max_size, seed);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& dir = private_dir();
  const fs::path run = fs::path(dir) / "run.h5";
  write_input(run, data, size);
  read_as_run_file(run.string(), dir);

  // The same bytes as a sweep folder's sweep.h5 and as its run "run".
  write_input(fs::path(dir) / "sweep" / "sweep.h5", data, size);
  write_input(fs::path(dir) / "sweep" / "runs" / "run.h5", data, size);
  read_as_sweep_run(dir);
  std::ostringstream err;
  const viz::CompareOptions options{(fs::path(dir) / "sweep").string(), "", (fs::path(dir) / "compare").string(), false,
                                    ""};
  if (viz::compare_command(options, err) == 70) fail("compare failed inside: " + err.str());
  return 0;
}
