// TEMPORARY until main's sweep_detail::read_distribution lands: uniform and log_uniform only.
#include "io/calibrate_priors.hpp"

namespace civicsim::io {

void read_priors(schema::Report& report, const YAML::Node& root, const Params&, CalibrateSpec& spec) {
  const YAML::Node params = root["sweep"]["parameters"];
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string key = it->first.Scalar();
    schema::MapReader m(report, schema::Field{true, it->second, it->second.Mark(), "sweep.parameters." + key});
    Distribution d;
    std::string kind;
    m.text("distribution", kind);
    distribution_kind(kind, d.kind);
    m.number("low", d.low, schema::any_number());
    m.number("high", d.high, schema::any_number());
    m.flag("integer", d.integer);
    m.allow({"mean", "sd", "mode", "values"});
    m.finish();
    spec.keys.push_back(key);
    spec.priors.push_back(d);
  }
}

}  // namespace civicsim::io
