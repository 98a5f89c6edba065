// io/output: the layout of the run's HDF5 file (MODEL.md §10, docs/output.md), checked on real
// files in a temporary folder.
#include "io/output.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/h5_write.hpp"
#include "tests/common/h5_check.hpp"
#include "tests/io/output_fixture.hpp"

namespace civicsim::test {
namespace {

namespace fs = std::filesystem;
using io::OutputError;

TEST_F(OutputFileTest, EveryNormativePathHasItsShapeTypeAndUnits) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    write_everything(out);
    out.finish(two_interventions(), 12.5);
  }
  ReadFile file(path("run.h5"));
  const hid_t f = file.id();

  for (const char* name :
       {"civicsim_version", "scenario_name", "backend", "device", "git_sha", "started_utc", "status"}) {
    EXPECT_EQ(attribute_type(f, name), "variable-length UTF-8 string") << name;
  }
  EXPECT_EQ(attribute_type(f, "schema_version"), "int32");
  EXPECT_EQ(attribute_type(f, "threads"), "int32");
  EXPECT_EQ(attribute_type(f, "seed"), "uint64");
  EXPECT_EQ(attribute_type(f, "wall_seconds"), "float64");

  expect_dataset(f, "/scenario/yaml", {}, Dtype::kString, "1");
  expect_dataset(f, "/scenario/resolved", {}, Dtype::kString, "1");

  const hsize_t T = kIntervals, D = kD, G = kGroups, C = kChannels, days = kDays;
  expect_dataset(f, "/dims/time_seconds", {T}, Dtype::kInt64, "s");
  expect_dataset(f, "/dims/district", {D}, Dtype::kString, "1");
  expect_dataset(f, "/dims/group", {G}, Dtype::kString, "1");
  expect_dataset(f, "/dims/channel", {C}, Dtype::kString, "1");
  expect_dataset(f, "/dims/day", {days}, Dtype::kInt64, "day");

  const char* const expected_units[] = {"1", "1", "1", "1", "1", "1", "1", "s", "s", "s", "1"};
  for (int m = 0; m < kSeriesMetrics; ++m) {
    expect_dataset(f, std::string("/series/") + kSeriesMetricNames[m], {T, D, G, C}, Dtype::kInt64, expected_units[m]);
  }
  expect_dataset(f, "/series/servers_on_duty", {T, D, C}, Dtype::kInt64, "1");
  for (const char* name : kDailyCountNames) {  // agent counts say so; unmet needs are real-world
    const bool agents = std::string(name) != "unmet_needs";
    expect_dataset(f, std::string("/daily/") + name, {days, D, G}, Dtype::kInt64, agents ? "agents" : "1");
  }
  for (const char* name : kDailyMeanNames) {
    expect_dataset(f, std::string("/daily/") + name, {days, D, G}, Dtype::kFloat64, "1");
  }
  expect_dataset(f, "/daily/staff", {days, D, C}, Dtype::kInt64, "1");

  const hsize_t n = 2;
  expect_dataset(f, "/interventions/intervention", {n}, Dtype::kInt64, "1");
  expect_dataset(f, "/interventions/index", {n}, Dtype::kInt64, "1");
  expect_dataset(f, "/interventions/type", {n}, Dtype::kString, "1");
  expect_dataset(f, "/interventions/start_day", {n}, Dtype::kInt64, "day");
  expect_dataset(f, "/interventions/end_day", {n}, Dtype::kInt64, "day");
  expect_dataset(f, "/interventions/districts", {n}, Dtype::kString, "1");
  expect_dataset(f, "/interventions/districts_applied", {n}, Dtype::kInt64, "1");
  expect_dataset(f, "/interventions/agents_added", {n}, Dtype::kInt64, "1");
  expect_dataset(f, "/interventions/setup_cost", {n}, Dtype::kFloat64, "CNY");
  expect_dataset(f, "/interventions/daily_cost", {n}, Dtype::kFloat64, "CNY/day");
  expect_dataset(f, "/interventions/total_cost", {n}, Dtype::kFloat64, "CNY");
  expect_dataset(f, "/interventions/applied", {n}, Dtype::kInt8, "1");
  expect_dataset(f, "/interventions/funded", {n}, Dtype::kInt8, "1");
  expect_dataset(f, "/interventions/planned_cost", {n}, Dtype::kFloat64, "CNY");
  expect_dataset(f, "/interventions/citizens_reached", {n}, Dtype::kInt64, "agents");
  for (const char* count : {"staff_moved", "incidents", "dispatched_sessions"})
    expect_dataset(f, std::string("/interventions/") + count, {n}, Dtype::kInt64, "1");
  EXPECT_EQ(attribute_type(f, "population_scale"), "float64");
  EXPECT_EQ(attribute_type(f, "agents"), "uint64");
}

TEST_F(OutputFileTest, ProvenanceAndDimensionValues) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    write_everything(out);
    out.finish({}, 12.5);
  }
  ReadFile file(path("run.h5"));
  const hid_t f = file.id();
  const RunInfo info = run_info();
  EXPECT_EQ(read_string_attribute(f, "/", "civicsim_version"), info.civicsim_version);
  EXPECT_EQ(read_attribute<std::int32_t>(f, "/", "schema_version"), 2);
  EXPECT_EQ(read_string_attribute(f, "/", "scenario_name"), "baseline");
  EXPECT_EQ(read_attribute<std::uint64_t>(f, "/", "seed"), info.seed);
  EXPECT_EQ(read_attribute<double>(f, "/", "population_scale"), 0.05);
  EXPECT_EQ(read_attribute<std::uint64_t>(f, "/", "agents"), 1234u);
  EXPECT_NE(read_string_attribute(f, "/daily/population", "description")
                .find("agent units: each agent stands for 20.0081 residents aged 15+ (24690 / 1234 agents)"),
            std::string::npos);
  EXPECT_EQ(read_string_attribute(f, "/interventions/agents_added", "description").find("scaled"), std::string::npos);
  EXPECT_EQ(read_string_attribute(f, "/", "backend"), "cpu-omp");
  EXPECT_EQ(read_attribute<std::int32_t>(f, "/", "threads"), 8);
  EXPECT_EQ(read_string_attribute(f, "/", "device"), "test host");
  EXPECT_EQ(read_string_attribute(f, "/", "git_sha"), "0123456789ab");
  EXPECT_EQ(read_string_attribute(f, "/", "started_utc"), "2025-01-02T03:04:05Z");
  EXPECT_EQ(read_attribute<double>(f, "/", "wall_seconds"), 12.5);
  EXPECT_EQ(read_string_attribute(f, "/", "status"), "complete");

  std::vector<std::int64_t> ends;
  for (int t = 0; t < kIntervals; ++t) ends.push_back((t + 1) * kReportSeconds);
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/dims/time_seconds"), ends);
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/dims/day"), (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(read_strings(f, "/dims/district"), kDistricts);
  EXPECT_EQ(read_strings(f, "/dims/group"), std::vector<std::string>(kGroupNames, kGroupNames + kGroups));
  EXPECT_EQ(read_strings(f, "/dims/channel"), std::vector<std::string>(kChannelNames, kChannelNames + kChannels));
}

TEST_F(OutputFileTest, DimensionScalesAreAttachedToEverySeriesAndDailyDataset) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    out.finish(two_interventions(), 1);
  }
  ReadFile file(path("run.h5"));
  const hid_t f = file.id();
  struct Case {
    std::string dataset;
    std::vector<std::string> dims;
  };
  std::vector<Case> cases;
  for (int m = 0; m < kSeriesMetrics; ++m) {
    cases.push_back(
        {std::string("/series/") + kSeriesMetricNames[m], {"time_seconds", "district", "group", "channel"}});
  }
  cases.push_back({"/series/servers_on_duty", {"time_seconds", "district", "channel"}});
  for (const char* name : kDailyCountNames) {
    cases.push_back({std::string("/daily/") + name, {"day", "district", "group"}});
  }
  for (const char* name : kDailyMeanNames) {
    cases.push_back({std::string("/daily/") + name, {"day", "district", "group"}});
  }
  cases.push_back({"/daily/staff", {"day", "district", "channel"}});
  for (const char* column : {"index", "type", "start_day", "end_day", "districts", "districts_applied", "agents_added",
                             "setup_cost", "daily_cost", "total_cost", "applied", "funded", "planned_cost",
                             "citizens_reached", "staff_moved", "incidents", "dispatched_sessions"}) {
    cases.push_back({std::string("/interventions/") + column, {"intervention"}});
  }

  for (const Case& c : cases) {
    SCOPED_TRACE(c.dataset);
    const std::string group = c.dataset.substr(0, c.dataset.rfind('/'));
    const hid_t dataset = H5Dopen2(f, c.dataset.c_str(), H5P_DEFAULT);
    ASSERT_GE(dataset, 0);
    for (unsigned axis = 0; axis < c.dims.size(); ++axis) {
      // The scale in the dataset's own group (where netCDF readers look for it) and the one in
      // /dims are the same object.
      std::vector<std::string> scale_paths = {group + "/" + c.dims[axis]};
      if (group != "/interventions") scale_paths.push_back("/dims/" + c.dims[axis]);
      for (const std::string& scale_path : scale_paths) {
        const hid_t scale = H5Dopen2(f, scale_path.c_str(), H5P_DEFAULT);
        ASSERT_GE(scale, 0) << scale_path;
        EXPECT_GT(H5DSis_scale(scale), 0) << scale_path;
        char name[64] = {0};
        H5DSget_scale_name(scale, name, sizeof name);
        EXPECT_EQ(std::string(name), c.dims[axis]);
        EXPECT_GT(H5DSis_attached(dataset, scale, axis), 0) << scale_path << " on axis " << axis;
        H5Dclose(scale);
      }
    }
    H5Dclose(dataset);
  }
}

TEST_F(OutputFileTest, WrittenValuesReadBackExactly) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    write_everything(out);
    out.finish({}, 1);
  }
  ReadFile file(path("run.h5"));
  const hid_t f = file.id();
  for (int m = 0; m < kSeriesMetrics; ++m) {
    std::vector<std::int64_t> expected;
    for (int t = 0; t < kIntervals; ++t) {
      for (std::size_t cell = 0; cell < kD * kCells; ++cell) {
        expected.push_back(series_value(t, m, cell));
      }
    }
    EXPECT_EQ(read_dataset<std::int64_t>(f, std::string("/series/") + kSeriesMetricNames[m]), expected)
        << kSeriesMetricNames[m];
  }
  std::vector<std::int64_t> servers;
  for (int t = 0; t < kIntervals; ++t) {
    for (std::size_t cell = 0; cell < kD * kChannels; ++cell) {
      servers.push_back(servers_value(t, cell));
    }
  }
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/series/servers_on_duty"), servers);

  for (int field = 0; field < 4; ++field) {
    std::vector<std::int64_t> expected;
    for (int day = 0; day < kDays; ++day) {
      for (std::size_t cell = 0; cell < kD * kGroups; ++cell) {
        expected.push_back(daily_count(day, field, cell));
      }
    }
    const std::string name = std::string("/daily/") + kDailyCountNames[field];
    EXPECT_EQ(read_dataset<std::int64_t>(f, name), expected) << name;
  }
  for (int field = 0; field < 2; ++field) {
    std::vector<double> expected;
    for (int day = 0; day < kDays; ++day) {
      for (std::size_t cell = 0; cell < kD * kGroups; ++cell) {
        expected.push_back(daily_mean(day, field, cell));
      }
    }
    const std::string name = std::string("/daily/") + kDailyMeanNames[field];
    EXPECT_EQ(read_dataset<double>(f, name), expected) << name;  // bit for bit
  }
  std::vector<std::int64_t> staff;
  for (int day = 0; day < kDays; ++day) {
    for (std::size_t cell = 0; cell < kD * kChannels; ++cell) {
      staff.push_back(staff_value(day, cell));
    }
  }
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/daily/staff"), staff);
}

TEST_F(OutputFileTest, ScenarioTextIsStoredExactly) {
  RunInfo info = run_info();
  info.scenario_yaml = "# 场景\ncivicsim: 1\nname: \"a b\"   \n\ttab: [1, 2]\n\n\n";
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), info);
    out.finish({}, 1);
  }
  ReadFile file(path("run.h5"));
  EXPECT_EQ(read_strings(file.id(), "/scenario/yaml"), std::vector<std::string>{info.scenario_yaml});
  EXPECT_EQ(read_strings(file.id(), "/scenario/resolved"), std::vector<std::string>{info.scenario_resolved});
}

TEST_F(OutputFileTest, InterventionsAreOneColumnPerField) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    out.finish(two_interventions(), 1);
  }
  ReadFile file(path("run.h5"));
  const hid_t f = file.id();
  using I64 = std::vector<std::int64_t>;
  using F64 = std::vector<double>;
  using I8 = std::vector<std::int8_t>;
  using Text = std::vector<std::string>;
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/intervention"), (I64{0, 1}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/index"), (I64{0, 1}));
  EXPECT_EQ(read_strings(f, "/interventions/type"), (Text{"digital_human_rollout", "staffing"}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/start_day"), (I64{1, 5}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/end_day"), (I64{-1, 9}));
  EXPECT_EQ(read_strings(f, "/interventions/districts"), (Text{"rural", "[天河区, Conghua]"}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/districts_applied"), (I64{1, 2}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/agents_added"), (I64{160, -3}));
  EXPECT_EQ(read_dataset<double>(f, "/interventions/setup_cost"), (F64{2.5e6, 0}));
  EXPECT_EQ(read_dataset<double>(f, "/interventions/daily_cost"), (F64{1200.5, 0}));
  EXPECT_EQ(read_dataset<double>(f, "/interventions/total_cost"), (F64{2501200.5, 0}));
  EXPECT_EQ(read_dataset<std::int8_t>(f, "/interventions/applied"), (I8{1, 0}));
  EXPECT_EQ(read_dataset<std::int8_t>(f, "/interventions/funded"), (I8{1, 0}));
  EXPECT_EQ(read_dataset<double>(f, "/interventions/planned_cost"), (F64{2.6e6, 9e5}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/citizens_reached"), (I64{0, 0}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/staff_moved"), (I64{0, 0}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/incidents"), (I64{0, 0}));
  EXPECT_EQ(read_dataset<std::int64_t>(f, "/interventions/dispatched_sessions"), (I64{7, 0}));
}

TEST_F(OutputFileTest, NoInterventionsGiveAnEmptyTable) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    out.finish({}, 1);
  }
  ReadFile file(path("run.h5"));
  expect_dataset(file.id(), "/interventions/intervention", {0}, Dtype::kInt64, "1");
  expect_dataset(file.id(), "/interventions/type", {0}, Dtype::kString, "1");
  expect_dataset(file.id(), "/interventions/total_cost", {0}, Dtype::kFloat64, "CNY");
  expect_dataset(file.id(), "/interventions/funded", {0}, Dtype::kInt8, "1");
}

TEST_F(OutputFileTest, SeriesAndDailyAreChunkedAlongTimeAndCompressed) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    out.finish({}, 1);
  }
  ReadFile file(path("run.h5"));
  std::vector<std::string> paths = {"/series/servers_on_duty", "/daily/staff"};
  for (int m = 0; m < kSeriesMetrics; ++m) {
    paths.push_back(std::string("/series/") + kSeriesMetricNames[m]);
  }
  for (const char* name : kDailyCountNames) paths.push_back(std::string("/daily/") + name);
  for (const char* name : kDailyMeanNames) paths.push_back(std::string("/daily/") + name);
  for (const std::string& p : paths) {
    SCOPED_TRACE(p);
    const hid_t dataset = H5Dopen2(file.id(), p.c_str(), H5P_DEFAULT);
    const hid_t create = H5Dget_create_plist(dataset);
    ASSERT_EQ(H5Pget_layout(create), H5D_CHUNKED);
    hsize_t chunk[4] = {0, 0, 0, 0}, shape[4] = {0, 0, 0, 0};
    const int rank = H5Pget_chunk(create, 4, chunk);
    const hid_t space = H5Dget_space(dataset);
    H5Sget_simple_extent_dims(space, shape, nullptr);
    H5Sclose(space);
    hsize_t bytes = 8;
    for (int axis = 0; axis < rank; ++axis) bytes *= chunk[axis];
    for (int axis = 1; axis < rank; ++axis) EXPECT_EQ(chunk[axis], shape[axis]) << "whole rows";
    EXPECT_GE(chunk[0], 1u);
    EXPECT_LE(bytes, 1024u * 1024u);
    ASSERT_EQ(H5Pget_nfilters(create), 2);
    unsigned flags = 0, values[4] = {0, 0, 0, 0};
    std::size_t count = 4;
    EXPECT_EQ(H5Pget_filter2(create, 0, &flags, &count, values, 0, nullptr, nullptr), H5Z_FILTER_SHUFFLE);
    count = 4;
    EXPECT_EQ(H5Pget_filter2(create, 1, &flags, &count, values, 0, nullptr, nullptr), H5Z_FILTER_DEFLATE);
    EXPECT_EQ(values[0], 1u) << "deflate level";
    H5Pclose(create);
    H5Dclose(dataset);
  }
}

TEST(OutputChunks, WholeRowsOfAboutSixtyFourKiB) {
  using Shape = std::vector<hsize_t>;
  // 11 districts: 1408 bytes per interval, 46 intervals per chunk.
  EXPECT_EQ(io::h5::row_chunks({720, 11, 4, 4}, 8), (Shape{46, 11, 4, 4}));
  EXPECT_EQ(io::h5::row_chunks({10, 11, 4, 4}, 8), (Shape{10, 11, 4, 4}));    // the whole run
  EXPECT_EQ(io::h5::row_chunks({720, 600, 4, 4}, 8), (Shape{1, 600, 4, 4}));  // 75 KiB rows
  // A row over 1 MiB is split along districts.
  EXPECT_EQ(io::h5::row_chunks({720, 10000, 4, 4}, 8), (Shape{1, 8192, 4, 4}));
  EXPECT_EQ(io::h5::row_chunks({30, 11, 4}, 8), (Shape{30, 11, 4}));
}
TEST_F(OutputFileTest, ReadOutputScriptReadsTheFile) {
  const std::string python = "/usr/bin/python3";
  if (std::system((python + " -c 'import h5py, xarray, h5netcdf' > /dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << python << " lacks h5py, xarray or h5netcdf";
  }
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    write_everything(out);
    out.finish(two_interventions(), 1);
  }
  const std::string script = std::string(CIVICSIM_SOURCE_DIR) + "/tests/io/read_output.py";
  const std::string command = python + " '" + script + "' '" + path("run.h5") + "' > '" + path("python.log") + "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << read_text(path("python.log"));
}

}  // namespace
}  // namespace civicsim::test
