// `civicsim run --timings` and `civicsim plan`: real processes, real files.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/common/h5_check.hpp"
#include "tests/common/run_program.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using test::json_field;
using test::run_program;

class PlanAndTimings : public test::ProgramTest {
 protected:
  static std::string read(const std::string& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

TEST_F(PlanAndTimings, RunWritesConsistentTimings) {
  const auto r = run_program("run " + small() + " -q -o " + path("out.h5") + " --timings " + path("t.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string json = read(path("t.json"));
  for (const char* key : {"wall_s", "setup_s", "daily_pass_s", "windows_s", "end_of_day_s", "output_s", "windows",
                          "peak_rss_bytes", "citizens", "districts", "days", "requests", "threads",
                          "citizen_days_per_s", "requests_per_s", "daily_pass_bytes_per_citizen"})
    EXPECT_FALSE(std::isnan(json_field(json, key))) << key << " missing in\n" << json;
  for (const char* key : {"civicsim_version", "backend", "device", "scenario"})
    EXPECT_NE(json.find(std::string("\"") + key + "\": \""), std::string::npos) << key;
  EXPECT_NE(json.find("\"scenario\": \"small\""), std::string::npos);
  for (const auto& entry : fs::directory_iterator(fs::path(path("t.json")).parent_path()))
    EXPECT_EQ(entry.path().filename().string().rfind(".t.json.partial-", 0), std::string::npos) << entry.path();

  const double wall = json_field(json, "wall_s");
  const double phases =
      json_field(json, "daily_pass_s") + json_field(json, "windows_s") + json_field(json, "end_of_day_s");
  EXPECT_GT(wall, 0);
  EXPECT_LE(phases, wall);
  // The observer's writes happen inside the windows and the end of day; setup and the rest not.
  EXPECT_LE(json_field(json, "setup_s") + phases, wall);
  EXPECT_LE(json_field(json, "output_s"), wall);
  EXPECT_GT(json_field(json, "output_s"), 0);
  EXPECT_EQ(json_field(json, "days"), 3);
  EXPECT_EQ(json_field(json, "districts"), 3);
  EXPECT_GE(json_field(json, "windows"), 3 * 24);  // at least one window per report interval
  EXPECT_GT(json_field(json, "requests"), 0);
  EXPECT_GT(json_field(json, "peak_rss_bytes"), 1e6);
  const double citizens = json_field(json, "citizens");
  EXPECT_NEAR(json_field(json, "citizen_days_per_s"), citizens * 3 / wall, 1e-6 * citizens * 3 / wall);

  // The citizens are the agents in the output file: day 0's population.
  const hid_t f = H5Fopen(path("out.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const auto population = test::read_dataset<std::int64_t>(f, "/daily/population");
  H5Fclose(f);
  double day0 = 0;
  for (std::size_t i = 0; i < 3 * 4; ++i) day0 += static_cast<double>(population[i]);
  EXPECT_EQ(citizens, day0);
}

TEST_F(PlanAndTimings, PlanJsonMatchesTheRunAndItsOutputFile) {
  const auto plan = run_program("plan " + small() + " --json -o " + path("out.h5"), "", /*stdout_only=*/true);
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  for (const char* key :
       {"agents", "districts", "halls", "queues", "service_agents", "requests_per_day", "host_peak_bytes",
        "device_bytes", "output_bytes", "output_max_bytes", "host_bytes", "mem_available_bytes", "disk_free_bytes"})
    EXPECT_NE(plan.output.find(std::string("\"") + key + "\":"), std::string::npos) << key << "\n" << plan.output;
  EXPECT_NE(plan.output.find("\"fits\": true"), std::string::npos);
  EXPECT_EQ(json_field(plan.output, "districts"), 3);
  EXPECT_EQ(json_field(plan.output, "halls"), 1 + 2 + 3);
  EXPECT_EQ(json_field(plan.output, "queues"), 6 + 1 + 3 + 3);  // halls, hotline, assistant pools, kiosk queues

  const auto run = run_program("run " + small() + " -q -o " + path("out.h5") + " --timings " + path("t.json"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string timings = read(path("t.json"));
  EXPECT_EQ(json_field(plan.output, "agents"), json_field(timings, "citizens"));
  // The output size: a bound, and an estimate within a factor of 1.5 (compression varies).
  const double size = static_cast<double>(fs::file_size(path("out.h5")));
  EXPECT_LE(size, json_field(plan.output, "output_max_bytes"));
  EXPECT_LT(size, 1.5 * json_field(plan.output, "output_bytes"));
  EXPECT_GT(size, json_field(plan.output, "output_bytes") / 1.5);
  // A checkpoint of the same run: within a factor of 1.5 of the estimate.
  const std::string script = std::string(CIVICSIM_BINARY) + " run " + small() + " -q --force -o " + path("out.h5") +
                             " --checkpoint-every 1 & pid=$!; for i in $(seq 4000); do [ -f " + path("out.h5.ckpt") +
                             " ] && break; sleep 0.002; done; kill -KILL $pid; wait $pid";
  test::run_shell(script);
  ASSERT_TRUE(fs::exists(path("out.h5.ckpt")));
  const double checkpoint = static_cast<double>(fs::file_size(path("out.h5.ckpt")));
  EXPECT_LT(checkpoint, 1.5 * json_field(plan.output, "checkpoint_bytes")) << checkpoint;
  EXPECT_GT(checkpoint, json_field(plan.output, "checkpoint_bytes") / 1.5) << checkpoint;
  // Disk: every run keeps a records log until it completes; one that checkpoints as it goes also
  // holds two checkpoints at once, one that does not is not charged for the stop signal's.
  EXPECT_EQ(json_field(plan.output, "checkpoints_at_once"), 0);
  EXPECT_DOUBLE_EQ(json_field(plan.output, "disk_bytes"),
                   json_field(plan.output, "output_bytes") + json_field(plan.output, "records_log_bytes"));
  const auto every = run_program("plan " + small() + " --json --checkpoint-every 7 -o " + path("out.h5"), "", true);
  ASSERT_EQ(every.exit_code, 0) << every.output;
  EXPECT_EQ(json_field(every.output, "checkpoints_at_once"), 2);
  EXPECT_DOUBLE_EQ(json_field(every.output, "disk_bytes"), json_field(every.output, "output_bytes") +
                                                               json_field(every.output, "records_log_bytes") +
                                                               2 * json_field(every.output, "checkpoint_bytes"));
  // Memory: at this size the estimate is mostly the binary's baseline, and must at least be of the
  // right order (docs/performance.md has the calibration at 250k-4M agents). AddressSanitizer's
  // shadow memory and quarantine multiply the real footprint, so the check means nothing there.
#if !defined(__SANITIZE_ADDRESS__)
  const double peak = json_field(timings, "peak_rss_bytes");
  EXPECT_GT(json_field(plan.output, "host_peak_bytes"), peak / 2);
  EXPECT_LT(json_field(plan.output, "host_peak_bytes"), peak * 2);
#endif
}

TEST_F(PlanAndTimings, PlanAndRunRefuseWhatDoesNotFit) {
  const std::string tiny = "CIVICSIM_MEMORY_LIMIT=1000000";
  const auto plan = run_program("plan " + small() + " -o " + path("out.h5"), tiny);
  EXPECT_EQ(plan.exit_code, 75) << plan.output;
  EXPECT_NE(plan.output.find("host memory: needs about"), std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("976.6 KiB available (CIVICSIM_MEMORY_LIMIT)"), std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("population.scale"), std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("fits: NO"), std::string::npos) << plan.output;

  const auto run = run_program("run " + small() + " -o " + path("out.h5"), tiny);
  EXPECT_EQ(run.exit_code, 75) << run.output;
  EXPECT_NE(run.output.find("would not fit"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--no-resource-check"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(path("out.h5")));
  EXPECT_TRUE(fs::is_empty(dir_));  // refused before anything was created

  const auto forced = run_program("run " + small() + " -q --days 1 --no-resource-check -o " + path("out.h5"), tiny);
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_TRUE(fs::exists(path("out.h5")));
}

TEST_F(PlanAndTimings, PlanTableNamesWhatItCounts) {
  const auto plan = run_program("plan " + small() + " -o " + path("out.h5"), "", /*stdout_only=*/true);
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  for (const char* label : {"agents", "districts", "service agents", "host memory", "citizens (14 B each)",
                            "output file", "available", "disk", "fits: yes"})
    EXPECT_NE(plan.output.find(label), std::string::npos) << label << "\n" << plan.output;
}

}  // namespace
}  // namespace civicsim
