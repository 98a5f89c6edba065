// Hostile values on the command line and hostile process limits (issue 15, items 9 and 10): a seed
// that does not fit is refused like the scenario's `seed`, and an address-space limit (ulimit -v)
// is a limit on memory that `plan` and `run` count, never a bad scenario (docs/robustness.md).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/common/h5_check.hpp"
#include "io/scenario.hpp"
#include "tests/common/run_program.hpp"

namespace civicsim::io {
namespace {

using test::run_program;
using test::run_shell;

class HostileCli : public test::ProgramTest {
 protected:
  /// A valid scenario of 2e8 residents, one agent each: far more than 1 GB of address space.
  std::string big_scenario() {
    std::ofstream(path("big.yaml")) << "civicsim: 1\nname: big\npopulation: {scale: 1}\ntime: {days: 1}\n"
                                       "geography: {generate: {ring_city: {population: 2e8}}}\n";
    return path("big.yaml");
  }
};

TEST_F(HostileCli, SeedsThatDoNotFitAreRefusedNotWrapped) {
  // -1 wrapped to 2^64 - 1, and 2^64 and 1e23 saturated to it: three seeds, one run.
  for (const std::string seed : {"-1", "18446744073709551616", "1e23", "0x10", "''", "' 7'", "+7"}) {
    const auto r = run_program("run " + small() + " -q --days 1 --seed " + seed + " -o " + path("out.h5"));
    EXPECT_EQ(r.exit_code, kExitUsage) << seed << ": " << r.output;
    EXPECT_NE(r.output.find("--seed"), std::string::npos) << seed << ": " << r.output;
    EXPECT_NE(r.output.find("expected an integer in [0, 18446744073709551615]"), std::string::npos)
        << seed << ": " << r.output;
    EXPECT_FALSE(std::filesystem::exists(path("out.h5"))) << seed;
  }
}

TEST_F(HostileCli, TheLargestSeedRuns) {
  const auto r = run_program("run " + small() + " -q --days 1 --seed 18446744073709551615 -o " + path("out.h5"));
  ASSERT_EQ(r.exit_code, kExitOk) << r.output;
  const hid_t f = H5Fopen(path("out.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_EQ(test::read_attribute<std::uint64_t>(f, "/", "seed"), UINT64_MAX);
  H5Fclose(f);
}

// Under `ulimit -v`, plan said "fits: yes" and run died with "big.yaml: std::bad_alloc", exit 65.
TEST_F(HostileCli, AnAddressSpaceLimitIsCountedByPlanAndRun) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves terabytes of shadow address space: it cannot start under ulimit -v";
#endif
  const std::string limited = "ulimit -v 1000000 && " + std::string(CIVICSIM_BINARY) + " ";
  const auto plan = run_shell(limited + "plan " + big_scenario() + " -o " + path("out.h5"));
  EXPECT_EQ(plan.exit_code, kExitTempFail) << plan.output;
  EXPECT_NE(plan.output.find("fits: NO"), std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("RLIMIT_AS (ulimit -v)"), std::string::npos) << plan.output;
  const auto run = run_shell(limited + "run " + big_scenario() + " -q -o " + path("out.h5"));
  EXPECT_EQ(run.exit_code, kExitTempFail) << run.output;
  EXPECT_NE(run.output.find("would not fit"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("RLIMIT_AS (ulimit -v)"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(path("out.h5")));
}

TEST_F(HostileCli, RunningOutOfAddressSpaceIsOutOfMemoryNotABadScenario) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves terabytes of shadow address space: it cannot start under ulimit -v";
#endif
  const auto run = run_shell("ulimit -v 1000000 && " + std::string(CIVICSIM_BINARY) + " run " + big_scenario() +
                             " -q --no-resource-check -o " + path("out.h5"));
  EXPECT_EQ(run.exit_code, kExitSoftware) << run.output;
  EXPECT_NE(run.output.find("civicsim: out of memory"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("bad_alloc"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("problem"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(path("out.h5")));
}

}  // namespace
}  // namespace civicsim::io
