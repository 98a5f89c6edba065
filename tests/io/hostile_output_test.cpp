// Someone else can write the output folder (docs/robustness.md): links, fifos and other files put
// where civicsim writes are refused and never followed; one run per output; a run killed while it
// completes can finish; failures leave nothing behind and say one line.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "io/checkpoint.hpp"
#include "io/h5_write.hpp"
#include "io/output.hpp"
#include "io/run_lock.hpp"
#include "io/safe_file.hpp"
#include "io/scenario.hpp"
#include "tests/common/run_program.hpp"

namespace civicsim::test {
namespace {

namespace fs = std::filesystem;

constexpr char kVictim[] = "the victim's bytes\n";

class HostileOutput : public ProgramTest {
 protected:
  void SetUp() override {
    ProgramTest::SetUp();
    std::ofstream(path("victim"), std::ios::binary) << kVictim;
  }
  /// A symbolic link at `name` (in the test's folder) to the victim file.
  void link_to_victim(const std::string& name) const { fs::create_symlink(path("victim"), path(name)); }
  void expect_victim_untouched() const { EXPECT_EQ(read_file(path("victim")), kVictim); }
  ProgramResult run_small(const std::string& args, const std::string& env = "") const {
    return run_program("run " + small() + " -q " + args, env);
  }
  static std::string slow() { return std::string(CIVICSIM_TEST_DATA) + "/kill_resume.yaml --days 200"; }
  std::set<std::string> names() const {
    std::set<std::string> all;
    for (const auto& e : fs::directory_iterator(dir_)) all.insert(e.path().filename().string());
    return all;
  }
};

// ---- item 1 and 2: the one safe way to create a file -----------------------------------------

TEST_F(HostileOutput, ALinkedRecordsLogIsRefusedAndItsTargetKept) {
  link_to_victim("out.h5.ckpt.records");
  const ProgramResult r = run_small("-o " + path("out.h5"));
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;
  EXPECT_NE(r.output.find("records log '" + path("out.h5.ckpt.records") + "' is a symbolic link"), std::string::npos)
      << r.output;
  expect_victim_untouched();
  EXPECT_TRUE(fs::is_symlink(path("out.h5.ckpt.records")));  // not ours to remove either
  EXPECT_FALSE(fs::exists(path("out.h5")));
}

TEST_F(HostileOutput, ALinkedTimingsFileIsRefusedBeforeTheRun) {
  link_to_victim("t.json");  // as --timings /dev/stdout: a link
  const ProgramResult r = run_small("-o " + path("out.h5") + " --timings " + path("t.json"));
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;
  EXPECT_NE(r.output.find("timings file '" + path("t.json") + "' is a symbolic link"), std::string::npos) << r.output;
  expect_victim_untouched();
  EXPECT_TRUE(fs::is_symlink(path("t.json")));
}

TEST_F(HostileOutput, ForceNeverReplacesALinkOrAFifo) {
  link_to_victim("linked.h5");  // as -o /dev/null --force: never replace what is not a regular file
  ProgramResult r = run_small("-o " + path("linked.h5") + " --force");
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;
  EXPECT_NE(r.output.find("is a symbolic link; civicsim only ever replaces regular files"), std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::is_symlink(path("linked.h5")));
  expect_victim_untouched();

  ASSERT_EQ(::mkfifo(path("fifo.h5").c_str(), 0600), 0);
  r = run_small("-o " + path("fifo.h5") + " --force");
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;
  EXPECT_NE(r.output.find("'" + path("fifo.h5") + "' is a fifo"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_fifo(path("fifo.h5")));
}

TEST_F(HostileOutput, ForceStillReplacesARegularFile) {
  std::ofstream(path("old.h5")) << "old";
  const ProgramResult r = run_small("-o " + path("old.h5") + " --force --timings " + path("t.json"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(read_file(path("old.h5")), "old");
  EXPECT_EQ(names(), (std::set<std::string>{"old.h5", "t.json", "victim"}));
}

TEST_F(HostileOutput, TheOldPredictableCheckpointNameIsNotFollowed) {
  // Before: `.NAME.tmp-PID` opened with O_TRUNC through whatever link stood there.
  const std::string ckpt = path("c.ckpt");
  link_to_victim(".c.ckpt.tmp-" + std::to_string(::getpid()));
  io::CheckpointHeader h;
  h.scenario_resolved = "x";
  io::write_checkpoint(ckpt, h, [](StateSink&) {});
  expect_victim_untouched();
  EXPECT_EQ(io::read_checkpoint_header(ckpt).scenario_resolved, "x");
  // A link at the checkpoint's own name is refused, not replaced or followed.
  fs::remove(ckpt);
  link_to_victim("c.ckpt");
  try {
    io::write_checkpoint(ckpt, h, [](StateSink&) {});
    ADD_FAILURE() << "a linked checkpoint was written";
  } catch (const io::OutputError& e) {
    EXPECT_EQ(e.exit_code, io::kExitCantCreate);
  }
  expect_victim_untouched();
}

TEST_F(HostileOutput, SafeFileNamesAreUnpredictableAndALinkPutThereMeanwhileIsRefused) {
  const std::string target = path("report.csv");
  io::SafeFile a(target, true, "CSV file"), b(target, true, "CSV file");
  EXPECT_NE(a.temporary_path(), b.temporary_path());
  const std::string stem = ".report.csv.partial-" + std::to_string(::getpid()) + "-";
  EXPECT_EQ(fs::path(a.temporary_path()).filename().string().rfind(stem, 0), 0u) << a.temporary_path();
  a.write("a,b\n");
  link_to_victim("report.csv");  // after the file was opened, before it is committed
  EXPECT_THROW(a.commit(), io::OutputError);
  expect_victim_untouched();
  b.discard();
  fs::remove(target);
  io::SafeFile c(target, true, "CSV file");
  c.write("a,b\n");
  c.commit();
  EXPECT_EQ(read_file(target), "a,b\n");
  EXPECT_EQ(names(), (std::set<std::string>{"report.csv", "victim"}));
}

TEST_F(HostileOutput, ExportDoesNotFollowTheOldPartialName) {
  ASSERT_EQ(run_small("-o " + path("out.h5")).exit_code, 0);
  fs::create_directories(path("csv"));
  link_to_victim("csv/.series.csv.partial");
  const ProgramResult r = run_program("export " + path("out.h5") + " --csv " + path("csv"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  expect_victim_untouched();
  EXPECT_TRUE(fs::is_regular_file(path("csv/series.csv")));
  // A link at a table's own name is refused with exit 73, --force included (the other tables exist:
  // without --force they would be refused first).
  fs::remove(path("csv/series.csv"));
  link_to_victim("csv/series.csv");
  const ProgramResult refused = run_program("export " + path("out.h5") + " --csv " + path("csv") + " --force");
  EXPECT_EQ(refused.exit_code, io::kExitCantCreate) << refused.output;
  EXPECT_NE(refused.output.find("series.csv' is a symbolic link"), std::string::npos) << refused.output;
  expect_victim_untouched();
}

// ---- item 6: one run per output ----------------------------------------------------------------

TEST_F(HostileOutput, ASecondRunOfOneOutputIsRefusedAndNamesTheHolder) {
  const std::string out = path("out.h5");
  {
    io::RunLock held(out);  // this test process is "the first run"
    const ProgramResult r = run_small("-o " + out);
    EXPECT_EQ(r.exit_code, io::kExitTempFail) << r.output;
    EXPECT_NE(r.output.find("another run is writing '" + out + "' (PID " + std::to_string(::getpid()) + " on host "),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_THROW(io::RunLock again(out), io::OutputError);
  }
  EXPECT_FALSE(fs::exists(io::run_lock_path(out)));  // the holder removes its lock file
  const ProgramResult r = run_small("-o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(names(), (std::set<std::string>{"out.h5", "victim"}));
}

TEST_F(HostileOutput, ALinkedLockFileIsRefused) {
  link_to_victim(".out.h5.lock");
  const ProgramResult r = run_small("-o " + path("out.h5"));
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;
  expect_victim_untouched();
}

// ---- item 7: killed while completing -------------------------------------------------------------

TEST_F(HostileOutput, ACompleteOutputWithOnlyItsRecordsLogLeftIsDone) {
  // Killed after the checkpoint was deleted and before its records log was.
  const std::string out = path("out.h5"), log = io::records_log_path(out + ".ckpt");
  ASSERT_EQ(run_small("-o " + out).exit_code, 0);
  const std::string complete = read_file(out);
  for (const auto& [how, env] :
       {std::pair<std::string, std::string>{"--resume", ""}, {"--resume auto", ""}, {"", "SLURM_RESTART_COUNT=1"}}) {
    std::ofstream(log, std::ios::binary) << "830 KB of records";
    const ProgramResult r = run_small("-o " + out + " " + how, env);
    EXPECT_EQ(r.exit_code, 0) << how << env << ": " << r.output;
    EXPECT_NE(r.output.find("is complete already"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(log)) << how << env;
    EXPECT_EQ(read_file(out), complete);
  }
}

TEST_F(HostileOutput, ACompleteOutputWithNothingLeftIsDoneWhenResuming) {
  // Killed after its clean-up and before it exited: a requeued job must not fail on its own output.
  const std::string out = path("out.h5");
  ASSERT_EQ(run_small("-o " + out).exit_code, 0);
  const std::string complete = read_file(out);
  for (const auto& [how, env] :
       {std::pair<std::string, std::string>{"--resume auto", ""}, {"", "SLURM_RESTART_COUNT=1"}}) {
    const ProgramResult r = run_small("-o " + out + " " + how, env);
    EXPECT_EQ(r.exit_code, 0) << how << env << ": " << r.output;
    EXPECT_NE(r.output.find("is complete already; nothing to resume"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(out), complete);
  }
  // Without resuming, or for another run, the output is someone's file: refused, kept.
  for (const std::string& how : {std::string(""), std::string("--resume auto --seed 9")}) {
    const ProgramResult r = run_small("-o " + out + " " + how);
    EXPECT_EQ(r.exit_code, io::kExitCantCreate) << how << ": " << r.output;
    EXPECT_NE(r.output.find("already exists"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(out), complete);
  }
  // The same run written by another build (an older version lacks what this one writes): refused.
  {
    const hid_t f = H5Fopen(out.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    H5Adelete(f, "git_sha");
    io::h5::write_attribute(f, "git_sha", std::string("0123456789abcdef"));
    H5Fclose(f);
  }
  const ProgramResult other_build = run_small("-o " + out + " --resume auto");
  EXPECT_EQ(other_build.exit_code, io::kExitCantCreate) << other_build.output;
}

// ---- item 12: leftovers and noise ----------------------------------------------------------------

TEST_F(HostileOutput, AFailedWriteLeavesNoRecordsLog) {
  // RLIMIT_FSIZE fails the writes past 1000 blocks (EFBIG) as a full disk would.
  const std::string out = path("out.h5");
  const ProgramResult r =
      run_shell("trap \"\" XFSZ; ulimit -f 1000; " + std::string(CIVICSIM_BINARY) + " run " + slow() + " -q -o " + out);
  EXPECT_EQ(r.exit_code, io::kExitIoErr) << r.output;
  EXPECT_EQ(names(), std::set<std::string>{"victim"});
}

TEST_F(HostileOutput, AFullDiskSaysOneLineNotHdf5sErrorStack) {
  const std::string folder = path("full");
  fs::create_directories(folder);
  const ProgramResult r = run_shell("unshare -m bash -c \"mount -t tmpfs -o size=1m tmpfs " + folder + " || exit 77; " +
                                    CIVICSIM_BINARY + " run " + slow() + " -q --no-resource-check -o " + folder +
                                    "/out.h5; echo exit=\\$?; ls -A " + folder + "\"");
  if (r.exit_code == 77 || r.output.find("exit=") == std::string::npos) GTEST_SKIP() << "cannot mount a tmpfs here";
  EXPECT_NE(r.output.find("exit=74"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("HDF5-DIAG"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("No space left on device"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.substr(r.output.find("exit=74") + 8), "") << "files left behind: " << r.output;
}

TEST_F(HostileOutput, ASmallRunFitsASmallDiskWithoutCheckpointsCounted) {
  // The disk check counts the output and its records log; two checkpoints only with
  // --checkpoint-every. It refused a 143 KB output on a 2 MiB disk when it counted them always.
  const std::string folder = path("small-disk");
  fs::create_directories(folder);
  const std::string small = std::string(CIVICSIM_TEST_DATA) + "/small.yaml", out = folder + "/out.h5";
  const std::string bin = CIVICSIM_BINARY;
  const ProgramResult r = run_shell("unshare -m bash -c \"mount -t tmpfs -o size=2m tmpfs " + folder + " || exit 77; " +
                                    bin + " run " + small + " -q -o " + out + "; echo exit=\\$?; " + bin + " plan " +
                                    small + " --checkpoint-every 1 -o " + out + " >/dev/null; echo every=\\$?\"");
  if (r.exit_code == 77 || r.output.find("exit=") == std::string::npos) GTEST_SKIP() << "cannot mount a tmpfs here";
  EXPECT_NE(r.output.find("exit=0"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("every=75"), std::string::npos) << "two checkpoints of ~2 MB do not fit: " << r.output;
}

TEST_F(HostileOutput, AnEmptyOrFolderOutputIsRefusedAndCreatesNothing) {
  ProgramResult r = run_small("-o \"\"");
  EXPECT_EQ(r.exit_code, io::kExitUsage) << r.output;
  r = run_small("-o " + path("new") + "/");
  EXPECT_EQ(r.exit_code, io::kExitCantCreate) << r.output;
  EXPECT_NE(r.output.find("does not name a file"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(path("new")));
}

TEST_F(HostileOutput, SummarySaysItCannotRead) {
  const ProgramResult r = run_program("summary " + path("missing.h5"));
  EXPECT_EQ(r.exit_code, io::kExitNoInput) << r.output;
  EXPECT_NE(r.output.find("civicsim summary: cannot read '"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("export"), std::string::npos) << r.output;
}

TEST_F(HostileOutput, SighupWritesACheckpointLikeSigterm) {
  const std::string out = path("out.h5");
  const ProgramResult r = run_shell(std::string(CIVICSIM_BINARY) + " run " + slow() + " -q -o " + out +
                                    " & pid=$!; sleep 0.4; kill -HUP $pid; wait $pid; echo exit=$?");
  EXPECT_NE(r.output.find("stopped by SIGHUP"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("exit=75"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out + ".ckpt"));
}

TEST_F(HostileOutput, ARunDiesWithTheSweepThatStartedIt) {
  // A "sweep" (a shell) starts a run and is SIGKILLed: the run gets SIGTERM, checkpoints, exits.
  const std::string out = path("out.h5");
  const std::string script =
      "sh -c \"export CIVICSIM_SWEEP_PARENT=\\$\\$; " + std::string(CIVICSIM_BINARY) + " run " + slow() + " -q -o " +
      out + " 2>" + path("run.log") + " & echo \\$! > " + path("run.pid") +
      "; sleep 60 >/dev/null 2>&1\" & sweep=$!; sleep 0.4; kill -KILL $sweep; wait $sweep 2>/dev/null; run=$(cat " +
      path("run.pid") +
      "); for i in $(seq 100); do kill -0 $run 2>/dev/null || break; sleep 0.1; done; kill -0 $run 2>/dev/null && "
      "echo still running";
  const ProgramResult r = run_shell(script);
  EXPECT_EQ(r.output.find("still running"), std::string::npos) << r.output;
  EXPECT_NE(read_file(path("run.log")).find("stopped by SIGTERM"), std::string::npos) << read_file(path("run.log"));
  EXPECT_TRUE(fs::exists(out + ".ckpt"));
  // A run whose sweep is gone before it starts does not start.
  const ProgramResult orphan = run_small("-o " + path("o.h5"), "CIVICSIM_SWEEP_PARENT=1");
  EXPECT_EQ(orphan.exit_code, io::kExitTempFail) << orphan.output;
  EXPECT_FALSE(fs::exists(path("o.h5")));
}

/// tests/data/sweep20.yaml (2 arms x 10 replicates) with runs of `days` days, written to the test's
/// folder; returns its path.
std::string long_sweep(const std::string& file, int days) {
  std::string text = read_file(std::string(CIVICSIM_TEST_DATA) + "/sweep20.yaml");
  const std::string from = "time: {days: 28,";
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) text.replace(at, from.size(), "time: {days: " + std::to_string(days) + ",");
  std::ofstream(file) << text;
  return file;
}

TEST_F(HostileOutput, ASigkilledSweepsRunsStopWithACheckpoint) {
  const std::string sweep = long_sweep(path("sweep.yaml"), 400), out = path("S");
  const std::string script = std::string(CIVICSIM_BINARY) + " sweep " + sweep + " -o " + out + " --jobs 2 -q & s=$!; " +
                             "for i in $(seq 200); do ls " + out +
                             "/runs/.*.lock >/dev/null 2>&1 && break; sleep 0.05; done; " +
                             "sleep 0.3; kill -KILL $s; wait $s 2>/dev/null; " + "for i in $(seq 200); do ls " + out +
                             "/runs/.*.lock >/dev/null 2>&1 || break; sleep 0.1; done; " + "ls -A " + out +
                             "/runs; cat " + out + "/logs/*.log";
  const ProgramResult r = run_shell(script);
  EXPECT_NE(r.output.find("stopped by SIGTERM"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(".h5.ckpt\n"), std::string::npos) << r.output;  // checkpoints are there
  EXPECT_EQ(r.output.find(".lock"), std::string::npos) << "a run still runs: " << r.output;
}

TEST_F(HostileOutput, ASweepRunsLogIsNeverWrittenThroughALink) {
  const std::string sweep = long_sweep(path("sweep.yaml"), 1), out = path("S");
  fs::create_directories(out + "/logs");
  fs::create_symlink(path("victim"), out + "/logs/baseline-r1.log");
  const ProgramResult r = run_program("sweep " + sweep + " -o " + out + " -q");
  EXPECT_EQ(r.exit_code, 2) << r.output;  // that run failed, the others ran
  expect_victim_untouched();
  EXPECT_NE(read_file(out + "/manifest.csv").find("is a symbolic link"), std::string::npos)
      << read_file(out + "/manifest.csv");
}

}  // namespace
}  // namespace civicsim::test
