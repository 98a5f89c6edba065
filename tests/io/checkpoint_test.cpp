// Checkpoint files the program must refuse, each with its reason and exit code: damaged,
// truncated, from another run or another build, not a checkpoint, a damaged records log; and the
// ways a run decides to resume (--resume, --resume auto, SLURM_RESTART_COUNT, an existing checkpoint).
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "io/checkpoint.hpp"
#include "tests/common/run_program.hpp"

namespace civicsim::io {
namespace {

namespace fs = std::filesystem;
using test::ProgramResult;
using test::run_program;

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Recomputes the footer's checksum after an edit of the body (a well-formed file with new content).
void reseal(std::string& bytes) {
  const std::size_t body = bytes.size() - 20;
  const std::uint32_t crc =
      static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(body)));
  std::memcpy(bytes.data() + body + 16, &crc, 4);
}

class Checkpoints : public test::ProgramTest {
 protected:
  /// tests/data/kill_resume.yaml (default.yaml at a tenth of its size), 200 days, stopped by SIGTERM
  /// after 0.4 s: leaves out.h5.ckpt.
  void SetUp() override {
    ProgramTest::SetUp();
    out_ = path("out.h5");
    const std::string script = std::string(CIVICSIM_BINARY) + " run " + scenario() +
                               " --days 200 -q --checkpoint-every 1 -o " + out_ +
                               " & pid=$!; sleep 0.4; kill -TERM $pid; wait $pid; echo exit=$?";
    stopped_ = test::run_shell(script).output;
    ASSERT_NE(stopped_.find("exit=75"), std::string::npos) << stopped_;
    ASSERT_TRUE(fs::exists(checkpoint()));
  }
  std::string checkpoint() const { return out_ + ".ckpt"; }
  static std::string scenario() { return std::string(CIVICSIM_TEST_DATA) + "/kill_resume.yaml"; }
  ProgramResult resume(const std::string& extra = "--resume", const std::string& env = "") {
    return run_program("run " + scenario() + " --days 200 -q -o " + out_ + " " + extra, env);
  }
  std::string out_, stopped_;
};

TEST_F(Checkpoints, AStoppedRunSaysWhereItStoppedAndResumes) {
  EXPECT_NE(stopped_.find("civicsim: stopped by SIGTERM at "), std::string::npos) << stopped_;
  const CheckpointHeader h = read_checkpoint_header(checkpoint());
  EXPECT_EQ(h.days, 200);
  EXPECT_EQ(h.scenario_name, "kill_resume");
  EXPECT_EQ(h.resumes, 0);
  const ProgramResult r = resume();
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("civicsim: resuming from " + checkpoint()), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out_));
  EXPECT_FALSE(fs::exists(checkpoint()));  // served its purpose
  EXPECT_FALSE(fs::exists(records_log_path(checkpoint())));
}

TEST_F(Checkpoints, ADamagedCheckpointIsRefusedByItsChecksum) {
  std::string bytes = test::read_file(checkpoint());
  bytes[bytes.size() / 2] ^= 0x5a;
  write_bytes(checkpoint(), bytes);
  for (const char* mode : {"--resume", "--resume auto"}) {  // auto does not start over either
    const ProgramResult r = resume(mode);
    EXPECT_EQ(r.exit_code, 65) << r.output;
    EXPECT_NE(r.output.find("its checksum does not match"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("remove it to start from day 0"), std::string::npos) << r.output;
  }
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(Checkpoints, ATruncatedCheckpointIsRefused) {
  const std::string bytes = test::read_file(checkpoint());
  write_bytes(checkpoint(), bytes.substr(0, bytes.size() / 3));
  const ProgramResult r = resume();
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("it is truncated"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no end marker"), std::string::npos) << r.output;
}

TEST_F(Checkpoints, ACheckpointOfAnotherRunIsRefusedOrWithAutoIgnored) {
  const ProgramResult r = resume("--resume --seed 7");
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("it is from another run (scenario 'kill_resume')"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("'seed: 42' in the checkpoint, 'seed: 7' now"), std::string::npos) << r.output;
  const ProgramResult other_days = run_program("run " + scenario() + " --days 150 -q -o " + out_ + " --resume");
  EXPECT_EQ(other_days.exit_code, 65) << other_days.output;
  EXPECT_NE(other_days.output.find("days: 200"), std::string::npos) << other_days.output;
  const ProgramResult automatic = resume("--resume auto --seed 7");
  EXPECT_EQ(automatic.exit_code, 0) << automatic.output;
  EXPECT_NE(automatic.output.find("ignoring checkpoint"), std::string::npos) << automatic.output;
  EXPECT_NE(automatic.output.find("starting from day 0"), std::string::npos) << automatic.output;
}

TEST_F(Checkpoints, ACheckpointOfAnotherBuildIsRefused) {
  std::string bytes = test::read_file(checkpoint());
  const CheckpointHeader h = read_checkpoint_header(checkpoint());
  ASSERT_FALSE(h.git_sha.empty());
  const std::size_t at = bytes.find(h.git_sha);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, h.git_sha.size(), std::string(h.git_sha.size(), 'f'));
  reseal(bytes);
  write_bytes(checkpoint(), bytes);
  const ProgramResult r = resume();
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("it was written by civicsim"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(git " + std::string(h.git_sha.size(), 'f')), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("resume it with the build that wrote it"), std::string::npos) << r.output;
}

TEST_F(Checkpoints, ACheckpointOfTheOtherBackendIsRefused) {
  std::string bytes = test::read_file(checkpoint());
  const CheckpointHeader h = read_checkpoint_header(checkpoint());
  const std::size_t at = bytes.find(h.backend);
  ASSERT_NE(at, std::string::npos);
  const std::string other = std::string("gpu-cuda-x").substr(0, h.backend.size());
  bytes.replace(at, h.backend.size(), other);
  reseal(bytes);
  write_bytes(checkpoint(), bytes);
  const ProgramResult r = resume();
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find(", " + other + "), this is civicsim"), std::string::npos) << r.output;
}

TEST_F(Checkpoints, ACompleteOutputWithALeftoverCheckpointIsDone) {
  // Killed between publishing the output and deleting the checkpoint: both are there.
  const std::string ckpt = test::read_file(checkpoint()), log = test::read_file(records_log_path(checkpoint()));
  ASSERT_EQ(resume().exit_code, 0);
  for (const char* how : {"--resume auto", ""}) {
    write_bytes(checkpoint(), ckpt);
    write_bytes(records_log_path(checkpoint()), log);
    const ProgramResult r = resume(how, std::string(how).empty() ? "SLURM_RESTART_COUNT=2" : "");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("is complete already; its leftover checkpoint"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(checkpoint()));
    EXPECT_FALSE(fs::exists(records_log_path(checkpoint())));
  }
  // Another run's complete output is not mistaken for this one's.
  write_bytes(checkpoint(), ckpt);
  write_bytes(records_log_path(checkpoint()), log);
  const ProgramResult other = resume("--resume auto --seed 9");
  EXPECT_EQ(other.exit_code, 73) << other.output;
}

TEST_F(Checkpoints, StartingOverRemovesTheOldCheckpointFirst) {
  // --force starts over; killed before it writes a checkpoint of its own, it must not leave the old
  // checkpoint next to its new (shorter) records log.
  // Killed once the new run has removed the old checkpoint (before that, the old checkpoint and its
  // untouched log would simply resume).
  const std::string script = std::string(CIVICSIM_BINARY) + " run " + scenario() + " --days 200 -q --force -o " + out_ +
                             " & pid=$!; for i in $(seq 2000); do [ -f " + checkpoint() +
                             " ] || break; sleep 0.01; done; kill -KILL $pid; wait $pid; echo exit=$?";
  const std::string killed = test::run_shell(script).output;
  ASSERT_NE(killed.find("exit=137"), std::string::npos) << killed;
  EXPECT_FALSE(fs::exists(checkpoint()));
  const ProgramResult r = resume("--resume auto");  // no checkpoint: from day 0
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("resuming"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out_));
}

TEST_F(Checkpoints, AFileThatIsNotACheckpointIsRefused) {
  ASSERT_EQ(run_program("run --days 1 -q -o " + path("other.h5")).exit_code, 0);
  const ProgramResult r = resume("--resume --checkpoint " + path("other.h5"));
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("it is not a civicsim checkpoint"), std::string::npos) << r.output;
}

TEST_F(Checkpoints, ADamagedRecordsLogIsRefused) {
  const std::string log = records_log_path(checkpoint());
  std::string bytes = test::read_file(log);
  ASSERT_GT(bytes.size(), 100u);
  bytes[bytes.size() / 2] ^= 0x01;
  write_bytes(log, bytes);
  const ProgramResult r = resume();
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("records log"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("checksum does not match"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out_));
  fs::remove(log);
  const ProgramResult gone = resume();
  EXPECT_EQ(gone.exit_code, 66) << gone.output;
  EXPECT_NE(gone.output.find("cannot be found"), std::string::npos) << gone.output;
}

TEST_F(Checkpoints, WhetherARunResumes) {
  // An existing checkpoint is not overwritten by accident.
  const ProgramResult plain = resume("");
  EXPECT_EQ(plain.exit_code, 73) << plain.output;
  EXPECT_NE(plain.output.find("add --resume to continue it, or --force to start over"), std::string::npos)
      << plain.output;
  // A requeued SLURM job resumes without being told.
  const ProgramResult requeued = resume("", "SLURM_RESTART_COUNT=1");
  EXPECT_EQ(requeued.exit_code, 0) << requeued.output;
  EXPECT_NE(requeued.output.find("civicsim: resuming from"), std::string::npos) << requeued.output;
  // No checkpoint: --resume refuses, --resume auto starts.
  fs::remove(out_);
  const ProgramResult missing = resume();
  EXPECT_EQ(missing.exit_code, 66) << missing.output;
  EXPECT_NE(missing.output.find("no checkpoint '" + checkpoint() + "'"), std::string::npos) << missing.output;
  const ProgramResult bad_mode = resume("--resume sometimes");
  EXPECT_EQ(bad_mode.exit_code, 64) << bad_mode.output;
  EXPECT_NE(bad_mode.output.find("--resume takes 'auto', 'never' or nothing"), std::string::npos) << bad_mode.output;
  const ProgramResult fresh = run_program("run " + scenario() + " --days 2 -q -o " + out_ + " --resume auto");
  EXPECT_EQ(fresh.exit_code, 0) << fresh.output;
}

TEST_F(Checkpoints, InspectReportsACheckpointAndItsDamage) {
  const ProgramResult good = run_program("inspect " + checkpoint());
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_NE(good.output.find("civicsim checkpoint file, USABLE"), std::string::npos) << good.output;
  EXPECT_NE(good.output.find("records, intact)"), std::string::npos) << good.output;
  std::string bytes = test::read_file(checkpoint());
  write_bytes(checkpoint(), bytes.substr(0, bytes.size() - 7));
  const ProgramResult cut = run_program("inspect " + checkpoint() + " --json");
  EXPECT_EQ(cut.exit_code, 65) << cut.output;
  EXPECT_NE(cut.output.find("\"verdict\": \"DAMAGED\""), std::string::npos) << cut.output;
  EXPECT_NE(cut.output.find("truncated"), std::string::npos) << cut.output;
  const ProgramResult none = run_program("inspect " + path("nothing.h5"));
  EXPECT_EQ(none.exit_code, 66) << none.output;
}

}  // namespace
}  // namespace civicsim::io
