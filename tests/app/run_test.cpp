// The program end to end: real runs, real HDF5 files.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/common/h5_check.hpp"
#include "tests/common/run_program.hpp"
#include "sim/metrics.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using test::Dtype;
using test::expect_dataset;

using Result = test::ProgramResult;

Result run(const std::string& args, const std::string& cwd = "") { return test::run_program(args, "", false, cwd); }

class Run : public test::ProgramTest {};

std::vector<std::string> data_paths() {
  std::vector<std::string> paths;
  for (const char* m : kSeriesMetricNames) paths.push_back(std::string("/series/") + m);
  paths.push_back("/series/servers_on_duty");
  for (const char* m : {"population", "adopted", "internet_access", "unmet_needs", "staff"})
    paths.push_back(std::string("/daily/") + m);
  return paths;
}

void expect_same_data(const std::string& a, const std::string& b, bool same = true) {
  const hid_t fa = H5Fopen(a.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t fb = H5Fopen(b.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(fa, 0);
  ASSERT_GE(fb, 0);
  bool all_equal = true;
  for (const std::string& p : data_paths()) {
    const bool equal = test::read_dataset<std::int64_t>(fa, p) == test::read_dataset<std::int64_t>(fb, p);
    if (same) {
      EXPECT_TRUE(equal) << p;
    }
    all_equal = all_equal && equal;
  }
  for (const char* p : {"/daily/trust_mean", "/daily/satisfaction_mean"}) {
    const auto x = test::read_dataset<double>(fa, p), y = test::read_dataset<double>(fb, p);
    const bool equal = x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
    if (same) {
      EXPECT_TRUE(equal) << p;
    }
    all_equal = all_equal && equal;
  }
  if (!same) {
    EXPECT_FALSE(all_equal);
  }
  H5Fclose(fa);
  H5Fclose(fb);
}

TEST_F(Run, OneAndTwoThreadsWriteIdenticalSeriesAndDaily) {
  ASSERT_EQ(run("run " + small() + " -q --threads 1 -o " + path("t1.h5")).exit_code, 0);
  ASSERT_EQ(run("run " + small() + " -q --threads 2 -o " + path("t2.h5")).exit_code, 0);
  expect_same_data(path("t1.h5"), path("t2.h5"));
}

TEST_F(Run, SameSeedIsIdenticalAndAnotherSeedDiffers) {
  ASSERT_EQ(run("run " + small() + " -q -o " + path("a.h5")).exit_code, 0);
  ASSERT_EQ(run("run " + small() + " -q -o " + path("b.h5")).exit_code, 0);
  ASSERT_EQ(run("run " + small() + " -q --seed 8 -o " + path("c.h5")).exit_code, 0);
  expect_same_data(path("a.h5"), path("b.h5"));
  expect_same_data(path("a.h5"), path("c.h5"), /*same=*/false);
}

TEST_F(Run, OutputHasEveryNormativePathShapeTypeAndUnit) {
  const Result r = run("run " + small() + " -o " + path("out.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("done:"), std::string::npos) << r.output;  // the closing summary line
  const hid_t f = H5Fopen(path("out.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hsize_t T = 3 * 24, D = 3, G = 4, C = 4, days = 3;
  for (const char* m : kSeriesMetricNames) {
    const std::string unit = std::string(m).find("seconds") != std::string::npos ? "s" : "1";
    expect_dataset(f, std::string("/series/") + m, {T, D, G, C}, Dtype::kInt64, unit);
  }
  expect_dataset(f, "/series/servers_on_duty", {T, D, C}, Dtype::kInt64, "1");
  for (const char* m : {"population", "adopted", "internet_access"})
    expect_dataset(f, std::string("/daily/") + m, {days, D, G}, Dtype::kInt64, "agents");
  expect_dataset(f, "/daily/unmet_needs", {days, D, G}, Dtype::kInt64, "1");
  for (const char* m : {"trust_mean", "satisfaction_mean"})
    expect_dataset(f, std::string("/daily/") + m, {days, D, G}, Dtype::kFloat64, "1");
  expect_dataset(f, "/daily/staff", {days, D, C}, Dtype::kInt64, "1");
  expect_dataset(f, "/dims/time_seconds", {T}, Dtype::kInt64, "s");
  expect_dataset(f, "/dims/day", {days}, Dtype::kInt64, "day");
  EXPECT_EQ(test::read_strings(f, "/dims/district"), (std::vector<std::string>{"centre", "ring", "fields"}));
  EXPECT_EQ(test::read_strings(f, "/dims/channel"),
            (std::vector<std::string>{"in_person", "hotline", "online", "digital_human"}));
  EXPECT_EQ(test::read_strings(f, "/dims/group"),
            (std::vector<std::string>{"urban_adult", "urban_elderly", "rural_adult", "rural_elderly"}));
  EXPECT_EQ(test::read_string_attribute(f, "/", "status"), "complete");
  EXPECT_EQ(test::read_string_attribute(f, "/", "backend"), "cpu-omp");
  EXPECT_EQ(test::read_string_attribute(f, "/", "scenario_name"), "small");
  EXPECT_EQ(test::read_attribute<std::uint64_t>(f, "/", "seed"), 7u);
  for (const char* a : {"civicsim_version", "device", "git_sha", "started_utc"})
    EXPECT_FALSE(test::read_string_attribute(f, "/", a).empty()) << a;
  std::ifstream yaml(small());
  const std::string text((std::istreambuf_iterator<char>(yaml)), std::istreambuf_iterator<char>());
  EXPECT_EQ(test::read_strings(f, "/scenario/yaml").at(0), text);
  EXPECT_NE(test::read_strings(f, "/scenario/resolved").at(0).find("districts"), std::string::npos);
  EXPECT_TRUE(test::h5_exists(f, "/interventions"));
  // Every interval's time is its end.
  const auto time = test::read_dataset<std::int64_t>(f, "/dims/time_seconds");
  EXPECT_EQ(time.front(), 3600);
  EXPECT_EQ(time.back(), 3 * 86400);
  H5Fclose(f);
}

TEST_F(Run, DefaultScenarioRunsWithoutArgumentsFromAnyFolder) {
  const Result r = run("run -q --days 1", dir_.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "default.h5"));
  // and never leaves a temporary file next to it
  for (const auto& entry : fs::directory_iterator(dir_ / "out")) EXPECT_EQ(entry.path().filename(), "default.h5");
}

TEST_F(Run, ExistingOutputIsKeptWithoutForce) {
  ASSERT_EQ(run("run " + small() + " -q --days 1 -o " + path("x.h5")).exit_code, 0);
  const auto before = fs::last_write_time(path("x.h5"));
  const Result again = run("run " + small() + " -q --days 1 -o " + path("x.h5"));
  EXPECT_EQ(again.exit_code, 73) << again.output;
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;
  EXPECT_EQ(fs::last_write_time(path("x.h5")), before);
  EXPECT_EQ(run("run " + small() + " -q --days 1 --force -o " + path("x.h5")).exit_code, 0);
}

TEST_F(Run, VerboseReportsBytesPerCitizen) {
  const Result r = run("run " + small() + " -v --days 1 -o " + path("v.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("14 bytes of state per citizen"), std::string::npos) << r.output;
}

TEST_F(Run, ExportWritesTidyCsvTables) {
  ASSERT_EQ(run("run " + small() + " -q --days 1 -o " + path("e.h5")).exit_code, 0);
  const Result r = run("export " + path("e.h5") + " --csv " + path("csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream series(path("csv/series.csv"));
  std::string header;
  std::getline(series, header);
  EXPECT_EQ(header.rfind("time_seconds,nominal_time,district,group,channel,arrivals", 0), 0u) << header;
  std::size_t rows = 0;
  for (std::string line; std::getline(series, line);) ++rows;
  EXPECT_EQ(rows, 24u * 3 * 4 * 4);  // one row per interval, district, group and channel
  EXPECT_EQ(run("export " + path("missing.h5") + " --csv " + path("csv2")).exit_code, 66);
}

TEST_F(Run, SummaryPrintsTheHeadlineFiguresAsTableAndJson) {
  ASSERT_EQ(run("run " + small() + " -q -o " + path("s.h5")).exit_code, 0);
  const Result table = run("summary " + path("s.h5"));
  ASSERT_EQ(table.exit_code, 0) << table.output;
  for (const char* text : {"rural_elderly", "digital_human", "urban/rural", "first contact", "CNY",
                           "Budget: none; 0 intervention(s) not funded"})
    EXPECT_NE(table.output.find(text), std::string::npos) << text << "\n" << table.output;
  const Result json = run("summary --json " + path("s.h5"));
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_NE(json.output.find("\"wait_p90_seconds\": {\"urban_adult\": {\"in_person\": "), std::string::npos)
      << json.output;
  EXPECT_NE(json.output.find("\"unfunded_interventions\": 0"), std::string::npos) << json.output;
  EXPECT_EQ(run("summary " + path("none.h5")).exit_code, 66);
}

TEST_F(Run, UsageErrorsAndVersion) {
  EXPECT_EQ(run("run --threads zero").exit_code, 64);
  EXPECT_EQ(run("frobnicate").exit_code, 64);
  EXPECT_EQ(run("").exit_code, 64);
  const Result v = run("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.output.find("civicsim "), std::string::npos);
  EXPECT_EQ(run("run " + path("missing.yaml") + " -o " + path("m.h5")).exit_code, 66);
  EXPECT_FALSE(fs::exists(path("m.h5")));
}

}  // namespace
}  // namespace civicsim
