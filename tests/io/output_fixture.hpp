// Shared set-up of the io/output tests: a small layout, records whose every value is distinct,
// and a fixture that gives each test its own temporary folder.
#pragma once

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "io/output.hpp"
#include "tests/common/h5_check.hpp"

namespace civicsim::test {

namespace fs = std::filesystem;

constexpr int kDays = 2;
constexpr int kReportSeconds = 3600;
constexpr int kIntervals = kDays * 24;
constexpr int kCells = kGroups * kChannels;

inline const std::vector<std::string> kDistricts = {"Tianhe", "Conghua", "天河区"};
inline const std::size_t kD = kDistricts.size();

inline const char* const kDailyCountNames[] = {"population", "adopted", "internet_access", "unmet_needs"};
inline const char* const kDailyMeanNames[] = {"trust_mean", "satisfaction_mean"};

inline io::OutputLayout small_layout() {
  io::OutputLayout layout;
  layout.districts = kDistricts;
  layout.days = kDays;
  layout.intervals = kIntervals;
  layout.report_seconds = kReportSeconds;
  return layout;
}

inline RunInfo run_info() {
  RunInfo info;
  info.civicsim_version = "0.1.0";
  info.schema_version = 2;
  info.scenario_name = "baseline";
  info.seed = 0x8000000000000005ULL;  // needs all 64 bits, unsigned
  info.backend = "cpu-omp";
  info.threads = 8;
  info.device = "test host";
  info.git_sha = "0123456789ab";
  info.started_utc = "2025-01-02T03:04:05Z";
  info.scenario_yaml = "civicsim: 1\nname: baseline  # 基线\n\n";
  info.scenario_resolved = "civicsim: 1\nname: baseline\nseed: 42\n";
  info.population_scale = 0.05;
  info.agents = 1234;
  info.residents_15_plus = 24690;  // 20.0081 residents per agent
  return info;
}

// Every written number is distinct, so a value in the wrong cell cannot go unnoticed.
inline std::int64_t series_value(int t, int metric, std::size_t cell) {
  return (static_cast<std::int64_t>(t) * 100 + metric) * 100000 + static_cast<std::int64_t>(cell);
}
inline std::int64_t servers_value(int t, std::size_t cell) { return 7000000 + t * 1000 + cell; }
inline std::int64_t daily_count(int day, int field, std::size_t cell) {
  return (static_cast<std::int64_t>(day) * 10 + field) * 1000 + static_cast<std::int64_t>(cell);
}
inline double daily_mean(int day, int field, std::size_t cell) {
  return day + field * 0.25 + cell / 1024.0 + 1.0 / 3.0;
}
inline std::int64_t staff_value(int day, std::size_t cell) { return 900 + day * 100 + cell; }

inline IntervalRecord interval_record(int t) {
  IntervalRecord record;
  for (int m = 0; m < kSeriesMetrics; ++m) {
    for (std::size_t cell = 0; cell < kD * kCells; ++cell) {
      record.series.push_back(series_value(t, m, cell));
    }
  }
  for (std::size_t cell = 0; cell < kD * kChannels; ++cell) {
    record.servers_on_duty.push_back(servers_value(t, cell));
  }
  return record;
}

inline DayRecord day_record(int day) {
  DayRecord record;
  std::vector<std::int64_t>* counts[] = {&record.population, &record.adopted, &record.internet_access,
                                         &record.unmet_needs};
  std::vector<double>* means[] = {&record.trust_mean, &record.satisfaction_mean};
  for (std::size_t cell = 0; cell < kD * kGroups; ++cell) {
    for (int f = 0; f < 4; ++f) counts[f]->push_back(daily_count(day, f, cell));
    for (int f = 0; f < 2; ++f) means[f]->push_back(daily_mean(day, f, cell));
  }
  for (std::size_t cell = 0; cell < kD * kChannels; ++cell) {
    record.staff.push_back(staff_value(day, cell));
  }
  return record;
}

inline std::vector<InterventionRecord> two_interventions() {
  InterventionRecord rollout;
  rollout.index = 0;
  rollout.type = "digital_human_rollout";
  rollout.start_day = 1;
  rollout.districts = "rural";
  rollout.districts_applied = 1;
  rollout.agents_added = 160;
  rollout.setup_cost = 2.5e6;
  rollout.daily_cost = 1200.5;
  rollout.total_cost = 2501200.5;
  rollout.applied = true;
  rollout.planned_cost = 2.6e6;
  rollout.dispatched_sessions = 7;
  InterventionRecord staffing;
  staffing.index = 1;
  staffing.type = "staffing";
  staffing.start_day = 5;
  staffing.end_day = 9;
  staffing.districts = "[天河区, Conghua]";
  staffing.districts_applied = 2;
  staffing.agents_added = -3;
  staffing.setup_cost = 0;
  staffing.daily_cost = 0;
  staffing.total_cost = 0;
  staffing.applied = false;
  staffing.funded = false;
  staffing.planned_cost = 9e5;
  return {rollout, staffing};
}

/// Writes every interval and day (in reverse order: each write must land in its own row).
inline void write_everything(io::OutputFile& out) {
  for (int t = kIntervals - 1; t >= 0; --t) out.write_interval(t, interval_record(t));
  for (int day = kDays - 1; day >= 0; --day) out.write_day(day, day_record(day));
}

/// Expects `action` to throw OutputError with `exit_code` and a message containing `fragment`.
inline void expect_output_error(int exit_code, const std::string& fragment, const std::function<void()>& action) {
  try {
    action();
    ADD_FAILURE() << "no OutputError thrown (expected exit " << exit_code << ")";
  } catch (const io::OutputError& error) {
    EXPECT_EQ(error.exit_code, exit_code) << error.what();
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
        << "message '" << error.what() << "' should contain '" << fragment << "'";
  }
}

/// An HDF5 file opened read-only for the duration of a scope.
class ReadFile {
 public:
  explicit ReadFile(const fs::path& path) : id_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {
    EXPECT_GE(id_, 0) << "cannot open " << path;
  }
  ~ReadFile() {
    if (id_ >= 0) H5Fclose(id_);
  }
  ReadFile(const ReadFile&) = delete;
  ReadFile& operator=(const ReadFile&) = delete;
  hid_t id() const { return id_; }

 private:
  hid_t id_;
};

inline std::string attribute_type(hid_t file, const std::string& name) {
  const hid_t attribute = H5Aopen_by_name(file, "/", name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (attribute < 0) return "missing";
  const hid_t type = H5Aget_type(attribute);
  std::string text = describe_type(type);
  H5Tclose(type);
  H5Aclose(attribute);
  return text;
}

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    folder_ = fs::temp_directory_path() / ("civicsim-output-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(folder_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(folder_, ec);
  }

  std::string path(const std::string& name) const { return (folder_ / name).string(); }

  /// Names of everything in `dir` (hidden files included), sorted.
  static std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
    return names;
  }

  fs::path folder_;
};

}  // namespace civicsim::test
