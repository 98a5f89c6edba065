// The policy scenarios (docs/scenarios.md) share one baseline: every arm is scenarios/baseline.yaml
// with its own `interventions` and `budget` (and name, question and output path), so that arms differ only in
// their interventions. The two compute_dispatch arms also face the same demand surge
// (`requests.surges`): a situation they share, so they differ from each other only in their
// interventions too. Checked on the loaded parameters and on the YAML blocks themselves.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/scenario.hpp"
#include "params_compare.hpp"

namespace civicsim::io {
namespace {

const std::string kScenarios = std::string(CIVICSIM_SOURCE_DIR) + "/scenarios/";
const std::vector<std::string> kArms = {"digital_human_rural", "staffing_vs_ai",   "hundred_counties",
                                        "data_sharing",        "compute_dispatch", "compute_dispatch_local"};
const std::vector<std::string> kOwnKeys = {"name", "question", "interventions", "budget", "output"};

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The scenario's blocks other than its own keys (and its demand surges), as YAML text.
std::string shared_blocks(const std::string& path) {
  const YAML::Node root = YAML::LoadFile(path);
  YAML::Node shared(YAML::NodeType::Map);
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (std::find(kOwnKeys.begin(), kOwnKeys.end(), key) != kOwnKeys.end()) continue;
    if (key == "requests") {
      YAML::Node requests(YAML::NodeType::Map);
      for (auto r = it->second.begin(); r != it->second.end(); ++r)
        if (r->first.Scalar() != "surges") requests[r->first] = r->second;
      shared[key] = requests;
    } else {
      shared[key] = it->second;
    }
  }
  YAML::Emitter out;
  out << shared;
  return out.c_str();
}

TEST(ScenarioFamily, EveryArmRepeatsTheBaselineUnchanged) {
  const std::string baseline = shared_blocks(kScenarios + "baseline.yaml");
  const ScenarioResult base = load_scenario_file(kScenarios + "baseline.yaml");
  ASSERT_TRUE(base.ok());
  EXPECT_TRUE(base.params.interventions.empty());
  for (const std::string& arm : kArms) {
    SCOPED_TRACE(arm);
    const std::string path = kScenarios + arm + ".yaml";
    EXPECT_EQ(shared_blocks(path), baseline);
    const ScenarioResult r = load_scenario_file(path);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r.params.interventions.empty());
    EXPECT_EQ(r.params.name, arm);
    // Loaded, too, the arm equals the baseline but for its interventions, budget, name, question and output.
    Params same = r.params;
    same.interventions = base.params.interventions;
    same.budget = base.params.budget;
    same.surges = base.params.surges;
    same.name = base.params.name;
    same.question = base.params.question;
    same.output_path = base.params.output_path;
    const auto differences = test::param_differences(base.params, same);
    EXPECT_TRUE(differences.empty()) << differences.front();
  }
}

TEST(ScenarioFamily, OnlyTheComputeArmsFaceASurgeAndTheyFaceTheSameOne) {
  const ScenarioResult with = load_scenario_file(kScenarios + "compute_dispatch.yaml");
  const ScenarioResult without = load_scenario_file(kScenarios + "compute_dispatch_local.yaml");
  ASSERT_TRUE(with.ok() && without.ok());
  ASSERT_EQ(with.params.surges.size(), 1u);
  EXPECT_TRUE(test::same_list(with.params.surges, without.params.surges, test::same_surge));
  for (const std::string& arm : kArms) {
    if (arm.rfind("compute_dispatch", 0) == 0) continue;
    const ScenarioResult r = load_scenario_file(kScenarios + arm + ".yaml");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.params.surges.empty()) << arm;
  }
}

TEST(ScenarioFamily, EveryScenarioOpensWithTheQuestionItAnswers) {
  std::vector<std::string> all = kArms;
  all.push_back("baseline");
  for (const std::string& name : all) {
    const std::string text = read(kScenarios + name + ".yaml");
    EXPECT_EQ(text.rfind("# Question: ", 0), 0u) << name;
  }
}

}  // namespace
}  // namespace civicsim::io
