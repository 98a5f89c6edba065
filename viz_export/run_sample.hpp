// The sample a run simulated: the root attributes `population_scale` and `agents` of its output
// file (schema 2, docs/output.md), and the sentence every report states about it. Files written
// before schema 2 have neither: then the sample is "not recorded". Internal to viz_export/.
#pragma once

#include <cstdint>
#include <string>

namespace civicsim::io::h5 {
class Reader;
}

namespace civicsim::viz {

struct RunSample {
  bool recorded = false;        // both attributes present
  double population_scale = 0;  // population.scale: agents per resident aged 15+
  std::uint64_t agents = 0;     // citizen agents in the run
  /// Residents aged 15+ per agent: 1 / population_scale, approximately (agents are rounded to
  /// whole numbers per district).
  double residents_per_agent() const { return population_scale > 0 ? 1.0 / population_scale : 0.0; }
  bool same_as(const RunSample& other) const {
    return recorded == other.recorded && population_scale == other.population_scale && agents == other.agents;
  }
};

RunSample read_run_sample(const io::h5::Reader& file);
/// Opens the file; throws std::runtime_error if it cannot be read.
RunSample read_run_sample(const std::string& h5_path);

/// 201234 → "201,234".
std::string grouped_thousands(std::uint64_t n);
/// A scale or ratio in its shortest readable form: 0.05 → "0.05", 20 → "20", 1/3 → "0.333333".
std::string short_number(double value);
/// "201,234 agents (population.scale 0.05)", or "scale not recorded".
std::string sample_text(const RunSample& sample);
/// "Sample: 201,234 agents (population.scale 0.05): each agent stands for about 20 residents aged
/// 15+; counts of needs are real-world", or, for an older file, "Sample: scale not recorded (the
/// file predates population_scale and agents); its counts may be in agent units".
std::string sample_sentence(const RunSample& sample);

}  // namespace civicsim::viz
