// The sample of a run (MODEL.md §10, schema 2): `civicsim run` records population.scale and the
// number of agents as root attributes, the daily tables in agent units say so, and `civicsim
// summary` states them (and says so when an older file does not record them).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "tests/common/h5_check.hpp"
#include "tests/common/run_program.hpp"
#include "viz_export/run_sample.hpp"

namespace civicsim {
namespace {

using test::read_attribute;
using test::read_dataset;
using test::read_file;
using test::read_string_attribute;
using test::run_program;

class RunSampleProgram : public test::ProgramTest {
 protected:
  /// Runs tests/data/small.yaml with population.scale replaced by `scale`; returns the file.
  std::string run_at(const std::string& scale) {
    std::string yaml = read_file(small());
    const std::string key = "population: {scale: 0.02}";
    const std::size_t at = yaml.find(key);
    EXPECT_NE(at, std::string::npos) << "tests/data/small.yaml no longer sets " << key;
    if (at != std::string::npos) yaml.replace(at, key.size(), "population: {scale: " + scale + "}");
    const std::string scenario = path("scale-" + scale + ".yaml"), out = path("scale-" + scale + ".h5");
    std::ofstream(scenario) << yaml;
    const auto r = run_program("run " + scenario + " -o " + out + " --days 2 --quiet");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return out;
  }
};

/// Σ of /daily/population on day 0: every agent lives in one district and one group.
std::uint64_t agents_on_day0(hid_t f) {
  const std::vector<std::int64_t> population = read_dataset<std::int64_t>(f, "/daily/population");
  const std::size_t cells = population.size() / 2;  // 2 days
  return static_cast<std::uint64_t>(std::accumulate(population.begin(), population.begin() + cells, std::int64_t{0}));
}

TEST_F(RunSampleProgram, RootAttributesGiveTheScaleAndTheAgentsAtTwoScales) {
  std::uint64_t agents[2] = {0, 0};
  const char* scales[2] = {"0.02", "0.05"};
  for (int i = 0; i < 2; ++i) {
    const std::string out = run_at(scales[i]);
    const hid_t f = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0) << out;
    EXPECT_EQ(read_attribute<double>(f, "/", "population_scale"), std::stod(scales[i]));
    agents[i] = read_attribute<std::uint64_t>(f, "/", "agents");
    EXPECT_EQ(agents[i], agents_on_day0(f)) << "agents must be every citizen agent of the run";
    for (const char* m : {"population", "adopted", "internet_access"}) {
      EXPECT_EQ(read_string_attribute(f, std::string("/daily/") + m, "units"), "agents") << m;
      EXPECT_NE(read_string_attribute(f, std::string("/daily/") + m, "description").find("each agent stands for"),
                std::string::npos)
          << m;
    }
    EXPECT_EQ(read_string_attribute(f, "/daily/unmet_needs", "units"), "1");
    EXPECT_EQ(read_string_attribute(f, "/interventions/citizens_reached", "units"), "agents");
    H5Fclose(f);
  }
  // 2.5 times the scale: 2.5 times the agents, up to rounding in each of the 3 districts.
  EXPECT_NEAR(static_cast<double>(agents[1]), 2.5 * static_cast<double>(agents[0]), 3 * 1.5);
}

TEST_F(RunSampleProgram, SummaryStatesTheScaleAndTheAgents) {
  const std::string out = run_at("0.05");
  const hid_t f = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const std::uint64_t agents = read_attribute<std::uint64_t>(f, "/", "agents");
  H5Fclose(f);

  const auto table = run_program("summary " + out, "", /*stdout_only=*/true);
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("Sample: " + viz::grouped_thousands(agents) +
                              " agents (population.scale 0.05): each agent stands for about 20 residents aged 15+; "
                              "counts of needs are real-world"),
            std::string::npos)
      << table.output;

  const auto json = run_program("summary --json " + out, "", /*stdout_only=*/true);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(test::json_field(json.output, "population_scale"), 0.05) << json.output;
  EXPECT_EQ(test::json_field(json.output, "agents"), static_cast<double>(agents)) << json.output;
}

TEST_F(RunSampleProgram, SummaryOfAFileWithoutTheScaleSaysItIsNotRecorded) {
  const std::string out = run_at("0.02");
  const hid_t f = H5Fopen(out.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  ASSERT_GE(H5Adelete(f, "population_scale"), 0);  // as written before schema 2
  ASSERT_GE(H5Adelete(f, "agents"), 0);
  H5Fclose(f);

  const auto table = run_program("summary " + out, "", /*stdout_only=*/true);
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("Sample: scale not recorded"), std::string::npos) << table.output;
  const auto json = run_program("summary --json " + out, "", /*stdout_only=*/true);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_NE(json.output.find("\"population_scale\": null"), std::string::npos) << json.output;
  EXPECT_NE(json.output.find("\"agents\": null"), std::string::npos) << json.output;
}

}  // namespace
}  // namespace civicsim
