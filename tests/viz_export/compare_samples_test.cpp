// `civicsim compare` states the sample of the runs it compares (population.scale and agents, read
// from each run file's root attributes) in compare.csv, compare.h5 and report.html, and says so
// when the arms differ in scale or when the run files do not record it.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"
#include "tests/common/run_program.hpp"
#include "tests/viz_export/synthetic_sweep.hpp"
#include "viz_export/compare.hpp"

namespace civicsim::viz {
namespace {

using test::SyntheticSweep;

class CompareSamples : public test::ProgramTest {
 protected:
  void compare(const SyntheticSweep& s) {
    test::write_synthetic_sweep(path("sweep"), s);
    compare_sweep(CompareOptions{path("sweep"), "", "", false, ""});
  }
  std::vector<std::string> csv_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(test::read_file(path("sweep/compare.csv")));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  std::string html() const { return test::read_file(path("sweep/report.html")); }
};

/// The last four fields of a CSV line (no quoted commas in these tests).
std::vector<std::string> sample_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.push_back("");  // an empty last column (days)
  // The four sample columns come just before the last one, `days`.
  return fields.size() < 5 ? fields : std::vector<std::string>(fields.end() - 5, fields.end() - 1);
}

SyntheticSweep at_scales(double baseline, double arm) {
  SyntheticSweep s;
  s.arms = {"baseline", "more_staff"};
  s.population_scale = [=](int a, int, int) { return a == 0 ? baseline : arm; };
  s.agents = [=](int a, int, int) {
    return static_cast<std::uint64_t>(std::llround(4024680 * (a == 0 ? baseline : arm)));
  };
  return s;
}

TEST_F(CompareSamples, OneScaleIsStatedInEveryFile) {
  compare(at_scales(0.05, 0.05));
  const auto lines = csv_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(sample_fields(lines[0]),
            (std::vector<std::string>{"population_scale", "agents", "baseline_population_scale", "baseline_agents"}));
  EXPECT_EQ(sample_fields(lines[1]), (std::vector<std::string>{"0.05", "201234", "0.05", "201234"}));

  const io::h5::Reader h5(path("sweep/compare.h5"));
  double scale = 0;
  std::uint64_t agents = 0;
  ASSERT_TRUE(h5.double_attribute("/", "population_scale", &scale));
  ASSERT_TRUE(h5.uint64_attribute("/", "agents", &agents));
  EXPECT_EQ(scale, 0.05);
  EXPECT_EQ(agents, 201234u);
  std::string sample, units;
  ASSERT_TRUE(h5.string_attribute("/", "sample", &sample));
  EXPECT_NE(sample.find("201,234 agents (population.scale 0.05)"), std::string::npos) << sample;
  ASSERT_TRUE(h5.string_attribute("/differences/agents", "units", &units));
  EXPECT_EQ(units, "agents");
  EXPECT_EQ(h5.strings_1d("/differences/baseline_agents"), (std::vector<std::string>{"201234"}));

  const std::string page = html();
  const std::size_t line = page.find("id=\"sample\"");
  ASSERT_NE(line, std::string::npos) << "report.html has no sample line";
  EXPECT_LT(line, page.find("<section")) << "the sample line belongs near the top, in the header";
  EXPECT_NE(page.find("Sample: 201,234 agents (population.scale 0.05): each agent stands for about 20 residents "
                      "aged 15+; counts of needs are real-world (every run)"),
            std::string::npos);
}

TEST_F(CompareSamples, ArmsOfDifferentScalesAreCalledOut) {
  compare(at_scales(0.05, 0.1));
  const auto lines = csv_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(sample_fields(lines[1]), (std::vector<std::string>{"0.1", "402468", "0.05", "201234"}));

  const io::h5::Reader h5(path("sweep/compare.h5"));
  double scale = 0;
  EXPECT_FALSE(h5.double_attribute("/", "population_scale", &scale)) << "no single scale to state";
  std::string sample;
  ASSERT_TRUE(h5.string_attribute("/", "sample", &sample));
  EXPECT_NE(sample.find("the arms differ in scale"), std::string::npos) << sample;

  const std::string page = html();
  EXPECT_NE(page.find("the arms differ in scale (counts in agent units are not comparable between them): "
                      "baseline: 201,234 agents (population.scale 0.05); more_staff: 402,468 agents "
                      "(population.scale 0.1)"),
            std::string::npos);
}

TEST_F(CompareSamples, RunFilesWithoutTheScaleSaySo) {
  compare(SyntheticSweep{});  // run files as written before population_scale and agents
  const auto lines = csv_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(sample_fields(lines[1]), (std::vector<std::string>{"NaN", "NaN", "NaN", "NaN"}));
  std::string sample;
  ASSERT_TRUE(io::h5::Reader(path("sweep/compare.h5")).string_attribute("/", "sample", &sample));
  EXPECT_NE(sample.find("scale not recorded"), std::string::npos) << sample;
  EXPECT_NE(html().find("Sample: scale not recorded in the run files"), std::string::npos);
}

TEST_F(CompareSamples, AMissingRunFileIsNotADifferentScale) {
  SyntheticSweep s = at_scales(0.05, 0.05);
  s.has_run_file = [](int a, int, int rep) { return !(a == 1 && rep == 2); };
  compare(s);
  const auto lines = csv_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(sample_fields(lines[1]), (std::vector<std::string>{"0.05", "201234", "0.05", "201234"}));
  const std::string page = html();
  EXPECT_EQ(page.find("runs of different scales"), std::string::npos);
  EXPECT_NE(page.find("Sample: 201,234 agents (population.scale 0.05)"), std::string::npos);
  EXPECT_NE(page.find("(every run whose file was read)"), std::string::npos);
  // The run dropped from the pairs is listed with those that could not be read.
  const std::string header = page.substr(0, page.find("</header>"));
  EXPECT_NE(header.find("could not be read"), std::string::npos) << header;
  EXPECT_NE(header.find("<li>more_staff-r2: missing file"), std::string::npos) << header;
}

}  // namespace
}  // namespace civicsim::viz
