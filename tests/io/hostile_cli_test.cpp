// Hostile values on the command line and hostile process limits (issue 15, items 9 and 10): a seed
// that does not fit is refused like the scenario's `seed`, and an address-space limit (ulimit -v)
// is a limit on memory that `plan` and `run` count, never a bad scenario (docs/robustness.md).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "h5_check.hpp"
#include "io/scenario.hpp"
#include "run_program.hpp"

namespace civicsim::io {
namespace {

using test::run_program;

class HostileCli : public test::ProgramTest {};

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

}  // namespace
}  // namespace civicsim::io
