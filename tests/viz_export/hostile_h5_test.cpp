// Crafted HDF5 files against the readers (docs/robustness.md, issue 15 items 3, 5 and 8): huge
// dataspaces (chunked, nothing written, so a 2^60-element dataset costs a few bytes), wrong shapes,
// values that would size arrays, crowded groups, and run files that are not their sweep's. Every
// one ends in exit 65 with a message naming the file's dataset, never a crash or a silent read.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"
#include "tests/common/run_program.hpp"
#include "tests/viz_export/synthetic_sweep.hpp"
#include "viz_export/compare.hpp"

namespace civicsim::viz {
namespace {

namespace fs = std::filesystem;
using test::run_program;
constexpr int kExitDataErr = 65;
constexpr hsize_t k2to58 = hsize_t{1} << 58, k2to60 = hsize_t{1} << 60;

/// An open file, closed at the end of the scope.
struct File {
  explicit File(const std::string& path) : id(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {}
  ~File() { H5Fclose(id); }
  hid_t id;
};

/// A fixed-length string type of `size` bytes (S16 for 16).
hid_t fixed_string(std::size_t size) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, size);
  return t;
}

/// Replaces (or adds) `path` in `file` by a chunked dataset of `dims` with nothing written.
void replace_with_empty(const std::string& file, const std::string& path, hid_t type,
                        const std::vector<hsize_t>& dims) {
  File f(file);
  ASSERT_GE(f.id, 0) << file;
  if (H5Lexists(f.id, path.c_str(), H5P_DEFAULT) > 0) {
    ASSERT_GE(H5Ldelete(f.id, path.c_str(), H5P_DEFAULT), 0);
  }
  hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  const std::vector<hsize_t> chunk(dims.size(), 1);
  if (!dims.empty()) H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());  // a scalar: contiguous
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  hid_t ds = H5Dcreate2(f.id, path.c_str(), type, space, lcpl, dcpl, H5P_DEFAULT);
  EXPECT_GE(ds, 0) << path;
  H5Dclose(ds);
  H5Pclose(lcpl);
  H5Pclose(dcpl);
  H5Sclose(space);
}

/// Sets element `index` of a 1-D int64 dataset.
void set_int(const std::string& file, const char* path, hsize_t index, std::int64_t value) {
  File f(file);
  hid_t ds = H5Dopen2(f.id, path, H5P_DEFAULT);
  hid_t space = H5Dget_space(ds);
  const hsize_t one = 1;
  H5Sselect_hyperslab(space, H5S_SELECT_SET, &index, nullptr, &one, nullptr);
  hid_t memory = H5Screate_simple(1, &one, nullptr);
  EXPECT_GE(H5Dwrite(ds, H5T_NATIVE_INT64, memory, space, H5P_DEFAULT, &value), 0);
  H5Sclose(memory);
  H5Sclose(space);
  H5Dclose(ds);
}

class HostileH5 : public test::ProgramTest {
 protected:
  /// A real output file of the minimal scenario.
  std::string real_output() {
    const std::string out = path("out.h5");
    const auto r = run_program("run " + std::string(CIVICSIM_TEST_DATA) + "/minimal.yaml -o " + out + " --days 2 -q",
                               "OMP_WAIT_POLICY=passive");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return out;
  }
  /// A synthetic sweep (tests/viz_export/synthetic_sweep.hpp): 2 arms × 2 replicates.
  std::string synthetic_sweep() {
    test::SyntheticSweep s;
    s.replicates = 2;
    test::write_synthetic_sweep(path("sweep"), s);
    return path("sweep");
  }
  static void expect_refused(const test::ProgramResult& r, const std::string& dataset) {
    EXPECT_EQ(r.exit_code, kExitDataErr) << r.output;
    EXPECT_NE(r.output.find(dataset), std::string::npos) << r.output;
  }
};

TEST_F(HostileH5, OverflowSafeBytes) {
  EXPECT_EQ(io::h5::checked_bytes({k2to60}, 16), std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(io::h5::checked_bytes({k2to58, 4, 4}, 8), std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(io::h5::checked_bytes({k2to60, 0}, 16), 0u);
  EXPECT_EQ(io::h5::checked_bytes({3, 4}, 8), 96u);
  EXPECT_EQ(io::h5::checked_bytes({}, 8), 8u);
}

// Item 3: `n × element` overflowed to a 1-byte buffer that H5Dread filled (exit 139).
TEST_F(HostileH5, TableOfAHugeStringAxisIsRefused) {
  const std::string out = real_output();
  hid_t s16 = fixed_string(16);
  replace_with_empty(out, "/dims/district", s16, {k2to60});
  H5Tclose(s16);
  try {
    io::h5::Reader(out).table_1d("/dims/district");
    ADD_FAILURE() << "read a 2^60-element dataset";
  } catch (const io::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("/dims/district"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(out), std::string::npos) << e.what();
  }
  expect_refused(run_program("export " + out + " --csv " + path("csv")), "/dims/district");
}

TEST_F(HostileH5, DatasetsOverTheCapAreRefusedBeforeAllocating) {
  const std::string out = real_output();
  replace_with_empty(out, "/dims/time_seconds", H5T_STD_I64LE, {hsize_t{1} << 31});  // 16 GiB as int64
  expect_refused(run_program("export " + out + " --csv " + path("csv")), "/dims/time_seconds");
  expect_refused(run_program("summary " + out + " --days 0:1"), "/dims/time_seconds");
}

TEST_F(HostileH5, CompareRefusesHugeArmNamesAndRunIds) {
  for (const char* dataset : {"/arms/name", "/table/run_id"}) {
    const std::string dir = synthetic_sweep();
    hid_t s16 = fixed_string(16);
    replace_with_empty(dir + "/sweep.h5", dataset, s16, {k2to60});
    H5Tclose(s16);
    expect_refused(run_program("compare " + dir), dataset);
    fs::remove_all(dir);
  }
}

// arms × grid points sizes compare's arrays: 4096 × 4096 names (a few kB each) were 16M cells.
TEST_F(HostileH5, CompareRefusesMoreArmsAndGridPointsThanRuns) {
  const std::string dir = synthetic_sweep();
  {
    File f(dir + "/sweep.h5");
    for (const char* dataset : {"/arms/name", "/grid/point"}) {
      H5Ldelete(f.id, dataset, H5P_DEFAULT);
      test::synthetic_detail::strings(f.id, dataset, std::vector<std::string>(4096, "x"));
    }
  }
  expect_refused(run_program("compare " + dir), "4096 arms x 4096 grid points");
}

TEST_F(HostileH5, CompareRefusesARunWithHugeDistricts) {
  const std::string dir = synthetic_sweep();
  replace_with_empty(dir + "/runs/arm-r1.h5", "/series/served", H5T_STD_I64LE, {12, k2to58, 4, 4});
  expect_refused(run_program("compare " + dir), "/series/served");
}

// Item 5: one time_seconds of 86400 × 3e7 gave 3.7 GB of memory and a 2.16 GB compare.h5.
TEST_F(HostileH5, CompareRefusesATimeAxisBeyondTheRun) {
  const std::string dir = synthetic_sweep();
  set_int(dir + "/runs/baseline-r0.h5", "/dims/time_seconds", 11, std::int64_t{86400} * 30000000);
  const auto r = run_program("compare " + dir);
  expect_refused(r, "/dims/time_seconds");
  EXPECT_FALSE(fs::exists(dir + "/compare.h5"));
}

TEST_F(HostileH5, SummaryOfACrowdedGroupIsRefusedQuickly) {
  const std::string out = real_output();
  {
    File f(out);
    for (int i = 0; i < 20000; ++i) {
      const std::string name = "/summary/extra" + std::to_string(i);
      ASSERT_GE(H5Lcreate_hard(f.id, "/summary/budget", f.id, name.c_str(), H5P_DEFAULT, H5P_DEFAULT), 0);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_program("summary " + out);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  expect_refused(r, "/summary has 20");
  EXPECT_LT(seconds, 10.0);  // it took 24 s, listing the group link by link
}

// Found by tests/fuzz/h5_fuzzer.cpp: 3000 links in /series made `export` read 3000 columns (10 s).
TEST_F(HostileH5, ExportOfACrowdedSeriesGroupIsRefused) {
  const std::string out = real_output();
  {
    File f(out);
    for (int i = 0; i < 3000; ++i) {
      const std::string name = "/series/crowd" + std::to_string(i);
      ASSERT_GE(H5Lcreate_hard(f.id, "/series/arrivals", f.id, name.c_str(), H5P_DEFAULT, H5P_DEFAULT), 0);
    }
  }
  expect_refused(run_program("export " + out + " --csv " + path("csv")), "/series has 30");
}

TEST_F(HostileH5, SummaryRefusesAWrongShapedFigure) {
  const std::string out = real_output();
  replace_with_empty(out, "/summary/arrivals", H5T_STD_I64LE, {5, 5});
  expect_refused(run_program("summary " + out), "/summary/arrivals");
  replace_with_empty(out, "/summary/arrivals", H5T_STD_I64LE, {4, 4});
  replace_with_empty(out, "/summary/needs", H5T_STD_I64LE, {});  // a scalar where [groups] belongs
  expect_refused(run_program("summary " + out), "/summary/needs");
}

// Item 8: a file in runs/ must be the run sweep.h5 lists under its name.
TEST_F(HostileH5, CompareRefusesARunFileOfAnotherRun) {
  const std::string dir = synthetic_sweep();
  fs::copy_file(dir + "/runs/arm-r0.h5", dir + "/runs/baseline-r0.h5", fs::copy_options::overwrite_existing);
  const auto r = run_program("compare " + dir);
  expect_refused(r, "baseline-r0.h5");
  EXPECT_NE(r.output.find("sweep_run"), std::string::npos) << r.output;
}

TEST_F(HostileH5, MergeRefusesOutputsOfAnotherScenarioOrRun) {
  const std::string dir = path("sweep");
  auto r = run_program("sweep " + std::string(CIVICSIM_TEST_DATA) + "/sweep_small.yaml -o " + dir + " -q --jobs 2",
                       "OMP_WAIT_POLICY=passive");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<std::string> ids = io::h5::Reader(dir + "/sweep.h5").strings_1d("/table/run_id");
  ASSERT_GE(ids.size(), 4u);
  // Another scenario's complete output, and another run of this sweep, copied in under run names.
  const std::string other = real_output();
  fs::copy_file(other, dir + "/runs/" + ids[0] + ".h5", fs::copy_options::overwrite_existing);
  fs::copy_file(dir + "/runs/" + ids[2] + ".h5", dir + "/runs/" + ids[1] + ".h5", fs::copy_options::overwrite_existing);
  {  // and a run whose resolved scenario claims 2 GiB (a fixed-length string, never written)
    File f(dir + "/runs/" + ids[3] + ".h5");
    H5Ldelete(f.id, "/scenario/resolved", H5P_DEFAULT);
    hid_t type = fixed_string(std::size_t{1} << 31), space = H5Screate(H5S_SCALAR),
          dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_LATE);
    hid_t ds = H5Dcreate2(f.id, "/scenario/resolved", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    EXPECT_GE(ds, 0);
    H5Dclose(ds);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Tclose(type);
  }
  r = run_program("merge " + dir);
  EXPECT_EQ(r.exit_code, 2) << r.output;  // some runs failed
  EXPECT_NE(r.output.find("refused " + dir + "/runs/" + ids[3] + ".h5: it is not a complete"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("refused " + dir + "/runs/" + ids[0] + ".h5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("output of sweep run '" + ids[2] + "'"), std::string::npos) << r.output;
  const std::vector<std::string> status = io::h5::Reader(dir + "/sweep.h5").strings_1d("/table/status");
  EXPECT_EQ(status[0], "failed");
  EXPECT_EQ(status[1], "failed");
  EXPECT_EQ(status[2], "done");
  EXPECT_EQ(status[3], "failed");
}

}  // namespace
}  // namespace civicsim::viz
