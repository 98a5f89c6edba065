// io/output: how the run's HDF5 file is created, published and abandoned (the temporary name, the
// rename, --force, unwritable folders, bad records, a full disk), on real files.
#include "io/output.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/common/h5_check.hpp"
#include "tests/io/output_fixture.hpp"

namespace civicsim::test {
namespace {

namespace fs = std::filesystem;
using io::OutputError;

TEST_F(OutputFileTest, StatusIsRunningUntilFinishThenComplete) {
  const std::string final_path = path("out.h5");
  io::OutputFile out(final_path, false, small_layout(), run_info());
  EXPECT_EQ(out.final_path(), final_path);
  const fs::path temporary = out.temporary_path();
  EXPECT_EQ(temporary.parent_path(), folder_);
  EXPECT_EQ(temporary.filename().string().rfind(".out.h5.partial-", 0), 0u) << temporary;
  EXPECT_TRUE(fs::exists(temporary));
  EXPECT_FALSE(fs::exists(final_path));
  write_everything(out);

  // What is on disk now is a readable HDF5 file that says it is not finished.
  const fs::path snapshot = folder_ / "snapshot";
  fs::create_directories(snapshot);
  fs::copy_file(temporary, snapshot / "copy.h5");
  {
    ReadFile file(snapshot / "copy.h5");
    EXPECT_EQ(read_string_attribute(file.id(), "/", "status"), "running");
  }
  fs::remove_all(snapshot);

  out.finish({}, 3.25);
  EXPECT_FALSE(fs::exists(temporary));
  EXPECT_EQ(entries(folder_), std::set<std::string>{"out.h5"});
  ReadFile file(final_path);
  EXPECT_EQ(read_string_attribute(file.id(), "/", "status"), "complete");
  EXPECT_EQ(read_attribute<double>(file.id(), "/", "wall_seconds"), 3.25);
}

TEST_F(OutputFileTest, CreatesMissingFolders) {
  const std::string final_path = path("a/b/c/run.h5");
  {
    io::OutputFile out(final_path, false, small_layout(), run_info());
    out.finish({}, 1);
  }
  EXPECT_TRUE(fs::is_regular_file(final_path));
  EXPECT_EQ(entries(folder_ / "a/b/c"), std::set<std::string>{"run.h5"});
}

TEST_F(OutputFileTest, ExistingOutputIsRefusedWithoutForce) {
  const std::string final_path = path("run.h5");
  std::ofstream(final_path) << "an earlier run";
  expect_output_error(73, "--force", [&] { io::OutputFile out(final_path, false, small_layout(), run_info()); });
  EXPECT_EQ(read_text(final_path), "an earlier run");
  EXPECT_EQ(entries(folder_), std::set<std::string>{"run.h5"});
}

TEST_F(OutputFileTest, ForceReplacesExistingOutputWhenFinished) {
  const std::string final_path = path("run.h5");
  std::ofstream(final_path) << "an earlier run";
  io::OutputFile out(final_path, true, small_layout(), run_info());
  write_everything(out);
  EXPECT_EQ(read_text(final_path), "an earlier run");  // untouched until the new one is complete
  out.finish({}, 1);
  EXPECT_EQ(entries(folder_), std::set<std::string>{"run.h5"});
  ReadFile file(final_path);
  EXPECT_EQ(read_string_attribute(file.id(), "/", "status"), "complete");
}

TEST_F(OutputFileTest, AFolderThatCannotBeCreatedIsExit73) {
  std::ofstream(path("blocker")) << "a file, not a folder";
  expect_output_error(73, "cannot create output folder",
                      [&] { io::OutputFile out(path("blocker/sub/run.h5"), false, small_layout(), run_info()); });
  EXPECT_EQ(entries(folder_), std::set<std::string>{"blocker"});
}

TEST_F(OutputFileTest, AReadOnlyFolderIsExit73) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into read-only folders";
  fs::create_directories(folder_ / "locked");
  fs::permissions(folder_ / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  expect_output_error(73, "Permission denied",
                      [&] { io::OutputFile out(path("locked/run.h5"), false, small_layout(), run_info()); });
  fs::permissions(folder_ / "locked", fs::perms::owner_all);
  EXPECT_TRUE(entries(folder_ / "locked").empty());
}

TEST_F(OutputFileTest, AFolderAsOutputPathIsExit73) {
  fs::create_directories(folder_ / "dir.h5");
  expect_output_error(73, "is a folder", [&] { io::OutputFile out(path("dir.h5"), true, small_layout(), run_info()); });
}

TEST_F(OutputFileTest, AnUnfinishedFileLeavesNothingBehind) {
  {
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    out.write_interval(0, interval_record(0));
    out.write_day(0, day_record(0));
  }
  EXPECT_TRUE(entries(folder_).empty());
}

TEST_F(OutputFileTest, AFailedConstructionLeavesNothingBehind) {
  RunInfo info = run_info();
  info.scenario_yaml = std::string("civicsim: 1\n\0oops", 17);
  expect_output_error(74, "NUL", [&] { io::OutputFile out(path("run.h5"), false, small_layout(), info); });
  EXPECT_TRUE(entries(folder_).empty());

  io::OutputLayout no_days = small_layout();
  no_days.days = 0;
  expect_output_error(74, "days", [&] { io::OutputFile out(path("run.h5"), false, no_days, run_info()); });
  EXPECT_TRUE(entries(folder_).empty());
}

TEST_F(OutputFileTest, RecordSizeMismatchIsExit74) {
  io::OutputFile out(path("run.h5"), false, small_layout(), run_info());

  IntervalRecord short_series = interval_record(0);
  short_series.series.pop_back();
  expect_output_error(74, "IntervalRecord.series", [&] { out.write_interval(0, short_series); });
  IntervalRecord long_servers = interval_record(0);
  long_servers.servers_on_duty.push_back(1);
  expect_output_error(74, "servers_on_duty", [&] { out.write_interval(0, long_servers); });
  expect_output_error(74, "interval -1", [&] { out.write_interval(-1, interval_record(0)); });
  expect_output_error(74, "interval 48", [&] { out.write_interval(kIntervals, interval_record(0)); });

  const std::vector<std::pair<const char*, std::function<void(DayRecord&)>>> breakages = {
      {"population", [](DayRecord& r) { r.population.pop_back(); }},
      {"adopted", [](DayRecord& r) { r.adopted.clear(); }},
      {"internet_access", [](DayRecord& r) { r.internet_access.push_back(0); }},
      {"unmet_needs", [](DayRecord& r) { r.unmet_needs.pop_back(); }},
      {"trust_mean", [](DayRecord& r) { r.trust_mean.pop_back(); }},
      {"satisfaction_mean", [](DayRecord& r) { r.satisfaction_mean.push_back(0); }},
      {"staff", [](DayRecord& r) { r.staff.pop_back(); }}};
  for (const auto& [field, breakage] : breakages) {
    SCOPED_TRACE(field);
    DayRecord record = day_record(0);
    breakage(record);
    expect_output_error(74, field, [&] { out.write_day(0, record); });
  }
  expect_output_error(74, "day 2", [&] { out.write_day(kDays, day_record(0)); });
  expect_output_error(74, "day -1", [&] { out.write_day(-1, day_record(0)); });

  // Refused records change nothing: the file still finishes.
  write_everything(out);
  out.finish({}, 1);
  EXPECT_TRUE(fs::exists(path("run.h5")));
}

TEST_F(OutputFileTest, CallsAfterFinishAreExit74) {
  io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
  out.finish({}, 1);
  expect_output_error(74, "already finished", [&] { out.write_interval(0, interval_record(0)); });
  expect_output_error(74, "already finished", [&] { out.write_day(0, day_record(0)); });
  expect_output_error(74, "already finished", [&] { out.finish({}, 1); });
  EXPECT_EQ(entries(folder_), std::set<std::string>{"run.h5"});
}

TEST_F(OutputFileTest, TwoWritersOfOneNameUseTwoTemporaryFiles) {
  io::OutputFile first(path("run.h5"), false, small_layout(), run_info());
  io::OutputFile second(path("run.h5"), false, small_layout(), run_info());
  EXPECT_NE(first.temporary_path(), second.temporary_path());
  first.finish({}, 1);
  // The name was free when `second` started but is taken now: its complete results are kept
  // under the temporary name, which the message gives.
  expect_output_error(73, second.temporary_path(), [&] { second.finish({}, 1); });
  EXPECT_TRUE(fs::exists(second.temporary_path()));
}
TEST_F(OutputFileTest, AFailingDiskIsExit74AndLeavesNothingBehind) {
  // RLIMIT_FSIZE makes writes past 256 KiB fail (EFBIG) as a full disk would (ENOSPC). A child
  // process writes, so that the limit, and HDF5's shutdown after a failed write, stay out of this
  // one. The limit is lifted before the file is abandoned: it would also hit the in-memory file
  // that the abandoned file's last writes go to, which a full disk does not.
  std::fflush(nullptr);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit file_size{256 * 1024, RLIM_INFINITY};
    ::setrlimit(RLIMIT_FSIZE, &file_size);
    int code = 0;
    try {
      io::OutputLayout layout = small_layout();
      layout.days = 60;
      layout.intervals = layout.days * 24;
      auto out = std::make_unique<io::OutputFile>(path("run.h5"), false, layout, run_info());
      try {
        IntervalRecord record = interval_record(0);
        for (int t = 0; t < layout.intervals; ++t) {
          for (std::size_t i = 0; i < record.series.size(); ++i) {  // incompressible values
            const std::uint64_t mixed = (t * 7919ULL + i) * 0x9E3779B97F4A7C15ULL;
            record.series[i] = static_cast<std::int64_t>(mixed >> 20);
          }
          out->write_interval(t, record);
        }
        out->finish({}, 1);
      } catch (const OutputError& error) {
        code = error.exit_code;
      }
      file_size.rlim_cur = RLIM_INFINITY;
      ::setrlimit(RLIMIT_FSIZE, &file_size);
      out.reset();
    } catch (...) {
      code = 99;
    }
    std::exit(code);  // runs HDF5's shutdown, which must not crash
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "child killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 74);
  EXPECT_TRUE(entries(folder_).empty());
}

TEST_F(OutputFileTest, AFullDiskIsExit74AndLeavesNothingBehind) {
  // A real full disk: a small tmpfs mounted over the folder, in a child process with its own
  // mount namespace (it vanishes with the child). Needs CAP_SYS_ADMIN, else skipped.
  for (const char* size : {"size=24k", "size=1m"}) {
    SCOPED_TRACE(size);
    std::fflush(nullptr);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
          ::mount("tmpfs", folder_.c_str(), "tmpfs", 0, size) != 0) {
        std::exit(77);
      }
      int code = 0;
      try {
        io::OutputLayout layout = small_layout();
        layout.days = 100;
        layout.intervals = layout.days * 24;
        io::OutputFile out(path("run.h5"), false, layout, run_info());
        IntervalRecord record = interval_record(0);
        for (int t = 0; t < layout.intervals; ++t) {
          for (std::size_t i = 0; i < record.series.size(); ++i) {  // incompressible values
            const std::uint64_t mixed = (t * 7919ULL + i) * 0x9E3779B97F4A7C15ULL;
            record.series[i] = static_cast<std::int64_t>(mixed >> 20);
          }
          out.write_interval(t, record);
        }
        out.finish({}, 1);
      } catch (const OutputError& error) {
        code = error.exit_code;
      } catch (...) {
        code = 99;
      }
      if (!entries(folder_).empty()) code = 75;  // something was left behind
      std::exit(code);                           // runs HDF5's shutdown, which must not crash
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << "child killed by signal " << WTERMSIG(status);
    if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "cannot mount a tmpfs here";
    EXPECT_NE(WEXITSTATUS(status), 75) << "files left in the full folder";
    EXPECT_EQ(WEXITSTATUS(status), 74);
  }
}

fs::path own_executable() {
  char buffer[PATH_MAX] = {0};
  const ssize_t length = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  return length > 0 ? fs::path(std::string(buffer, static_cast<std::size_t>(length))) : fs::path();
}

TEST_F(OutputFileTest, WorksWithFileLockingDisabled) {
  const char* locking = std::getenv("HDF5_USE_FILE_LOCKING");
  if (locking && std::string(locking) == "FALSE") {
    // This process is the rerun below (or the user's own run with locking disabled).
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    write_everything(out);
    out.finish(two_interventions(), 1);
    ReadFile file(path("run.h5"));
    EXPECT_EQ(read_string_attribute(file.id(), "/", "status"), "complete");
    return;
  }
  // HDF5 reads the variable when the library starts: rerun the file tests in a fresh process.
  const fs::path self = own_executable();
  ASSERT_FALSE(self.empty());
  const std::string command = "HDF5_USE_FILE_LOCKING=FALSE '" + self.string() +
                              "' --gtest_filter='OutputFileTest.*' > '" + path("rerun.log") + "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << read_text(path("rerun.log"));
}

}  // namespace
}  // namespace civicsim::test
