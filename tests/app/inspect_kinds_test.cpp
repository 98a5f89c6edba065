// `civicsim inspect` names each kind of file for what it is (issue 20): a sweep's index, compare.h5,
// a records log with or without its checkpoint, and files civicsim did not write; none of them is
// called a damaged run output.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/common/run_program.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using test::ProgramResult;
using test::run_program;

class InspectKinds : public test::ProgramTest {
 protected:
  ProgramResult inspect(const std::string& file, bool json = false) const {
    return run_program(std::string("inspect ") + (json ? "--json " : "") + file, "", /*stdout_only=*/true);
  }
};

TEST_F(InspectKinds, ASweepAndItsComparisonAreNamed) {
  const std::string dir = path("sweep");
  const std::string scenario = std::string(CIVICSIM_TEST_DATA) + "/sweep_small.yaml";
  ASSERT_EQ(run_program("sweep " + scenario + " -o " + dir + " -q").exit_code, 0);
  ProgramResult r = inspect(dir + "/sweep.h5");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(": civicsim sweep file, COMPLETE"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("missing      0"), std::string::npos) << r.output;
  r = inspect(dir + "/sweep.h5", /*json=*/true);
  EXPECT_NE(r.output.find("\"kind\": \"sweep\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"runs\": 8"), std::string::npos) << r.output;  // 2 arms x 2 points x 2 replicates
  // Under a temporary name (a sweep that was killed while writing its index): not complete.
  const std::string partial = dir + "/.sweep.h5.partial-999999-x";
  fs::copy_file(dir + "/sweep.h5", partial);
  r = inspect(partial);
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find(": civicsim sweep file, INCOMPLETE"), std::string::npos) << r.output;
  fs::remove(partial);
  ASSERT_EQ(run_program("compare " + dir).exit_code, 0);
  r = inspect(dir + "/compare.h5");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(": civicsim compare file, COMPLETE"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("DAMAGED"), std::string::npos) << r.output;
}

TEST_F(InspectKinds, FilesCivicsimDidNotWriteAreForeignNotDamaged) {
  std::ofstream(path("notes.txt")) << "a text file\n";
  ProgramResult r = inspect(path("notes.txt"));
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("not a civicsim file, FOREIGN"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("neither an HDF5 file nor a civicsim checkpoint"), std::string::npos) << r.output;
  const hid_t f = H5Fcreate(path("other.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Fclose(f);
  r = inspect(path("other.h5"));
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("an HDF5 file without civicsim's attributes"), std::string::npos) << r.output;
  r = inspect(path("other.h5"), /*json=*/true);
  EXPECT_NE(r.output.find("\"verdict\": \"FOREIGN\""), std::string::npos) << r.output;
  // Named like a records log, but not one: never "safe to delete".
  fs::copy_file(path("other.h5"), path("x.records"));
  r = inspect(path("x.records"));
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find("not a civicsim file, FOREIGN"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("safe to delete"), std::string::npos) << r.output;
}

TEST_F(InspectKinds, ARecordsLogIsUsableWithItsCheckpointAndOrphanedWithout) {
  const std::string out = path("out.h5");
  const std::string script = std::string(CIVICSIM_BINARY) + " run " + std::string(CIVICSIM_TEST_DATA) +
                             "/kill_resume.yaml --days 200 -q --checkpoint-every 1 -o " + out +
                             " & pid=$!; sleep 0.4; kill -TERM $pid; wait $pid; echo exit=$?";
  ASSERT_NE(test::run_shell(script).output.find("exit=75"), std::string::npos);
  const std::string log = out + ".ckpt.records";
  ASSERT_TRUE(fs::exists(log));
  ProgramResult r = inspect(log);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(": civicsim records log file, USABLE"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("intact, as its checkpoint says"), std::string::npos) << r.output;
  fs::remove(out + ".ckpt");
  r = inspect(log);
  EXPECT_EQ(r.exit_code, 65) << r.output;
  EXPECT_NE(r.output.find(": civicsim records log file, ORPHANED"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("safe to delete"), std::string::npos) << r.output;
}

TEST_F(InspectKinds, TheRecordsLogOfARunStillGoingIsInUse) {
  const std::string out = path("live.h5");
  const std::string script = std::string(CIVICSIM_BINARY) + " run " + std::string(CIVICSIM_TEST_DATA) +
                             "/kill_resume.yaml --days 200 -q --checkpoint-every 100 -o " + out +
                             " & pid=$!; for i in $(seq 2000); do [ -s " + out +
                             ".ckpt.records ] && break; sleep 0.01; done; " + CIVICSIM_BINARY + " inspect " + out +
                             ".ckpt.records; echo inspect=$?; kill -KILL $pid; wait $pid";
  const std::string output = test::run_shell(script).output;
  EXPECT_NE(output.find(": civicsim records log file, IN USE"), std::string::npos) << output;
  EXPECT_NE(output.find("inspect=0"), std::string::npos) << output;
  EXPECT_EQ(output.find("safe to delete"), std::string::npos) << output;
}

}  // namespace
}  // namespace civicsim
