#include "viz_export/run_sample.hpp"

#include <cstdio>

#include "io/h5_reader.hpp"

namespace civicsim::viz {

RunSample read_run_sample(const io::h5::Reader& file) {
  RunSample sample;
  const bool has_scale = file.double_attribute("/", "population_scale", &sample.population_scale);
  const bool has_agents = file.uint64_attribute("/", "agents", &sample.agents);
  sample.recorded = has_scale && has_agents && sample.population_scale > 0;
  return sample;
}

RunSample read_run_sample(const std::string& h5_path) { return read_run_sample(io::h5::Reader(h5_path)); }

std::string grouped_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string sample_text(const RunSample& sample) {
  if (!sample.recorded) return "scale not recorded";
  return grouped_thousands(sample.agents) + " agents (population.scale " + short_number(sample.population_scale) + ")";
}

std::string sample_sentence(const RunSample& sample) {
  if (!sample.recorded) {
    return "Sample: scale not recorded (the file predates population_scale and agents); its counts may be in "
           "agent units";
  }
  return "Sample: " + sample_text(sample) + ": each agent stands for about " +
         short_number(sample.residents_per_agent()) + " residents aged 15+; counts of needs are real-world";
}

}  // namespace civicsim::viz
