// The priors of `civicsim calibrate`: the entries of `sweep.parameters`, read by the sweep's own
// reader (io/sweep_design.cpp) and checked by its key checker.
#include "io/calibrate_priors.hpp"

#include "io/sweep_spec.hpp"

namespace civicsim::io {

void read_priors(schema::Report& report, const YAML::Node& root, const Params& base, CalibrateSpec& spec) {
  sweep_detail::KeyChecker keys(root, base);
  const YAML::Node params = root["sweep"]["parameters"];
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    std::vector<std::string> parts;
    Distribution prior;
    if (const std::string problem = keys.check("sweep.parameters", key, parts); !problem.empty()) {
      report.error(it->first.Mark(), problem);
    } else {
      const schema::Field field{true, it->second, it->second.Mark(), "sweep.parameters." + key};
      sweep_detail::read_distribution(report, field, key, keys.base_value(parts), prior);
    }
    spec.keys.push_back(key);
    spec.priors.push_back(prior);
  }
}

}  // namespace civicsim::io
