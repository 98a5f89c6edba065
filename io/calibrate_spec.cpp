#include "io/calibrate_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "io/scenario.hpp"
#include "io/scenario_sections.hpp"
#include "io/sweep_spec.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io {
namespace {

using schema::Field;
using schema::MapReader;
using schema::Report;

constexpr int kMaxWaves = 20;
constexpr int kMaxSamples = 10000;

/// One item of `targets` or `heldout`: {figure, observed} and, for a target, exactly one of sd
/// and tolerance. The uncertainty stays as written; read_calibrate turns a tolerance into an sd.
bool read_figure(Report& report, const Field& item, bool target, CalibrationFigure& out) {
  MapReader map(report, item);
  if (!map.is_map()) return false;
  bool ok = map.require("figure", " (a figure of sweep.h5's /table/figure, such as adoption/all)");
  ok = map.text("figure", out.figure) && ok;
  ok = map.require("observed", " (the value observed in the data)") && ok;
  ok = map.number("observed", out.observed, schema::any_number()) && ok;
  const auto [line, column] = report.position(map.key_mark("figure"));
  out.file = report.file();
  out.line = line;
  out.column = column;
  if (target) {
    const bool sd = map.has("sd"), tolerance = map.has("tolerance");
    if (sd == tolerance) {
      report.error(sd ? map.key_mark("tolerance") : map.mark(),
                   item.path + (sd ? ": give either sd or tolerance, not both"
                                   : ": missing the observation's uncertainty: add sd (its standard deviation) or "
                                     "tolerance (the half-width within which a match is accepted)"));
      ok = false;
    }
    ok = map.number("sd", out.sd, schema::above(0)) && ok;
    ok = map.number("tolerance", out.tolerance, schema::above(0)) && ok;
  }
  map.finish();
  return ok;
}

/// `targets` or `heldout`: a list of figures, none named twice in the section.
void read_figures(Report& report, MapReader& section, const char* key, bool target, std::vector<CalibrationFigure>& out,
                  std::vector<std::string>& seen) {
  std::vector<Field> items;
  const Field list = section.field(key);
  if (!schema::read_list(report, list, items)) return;
  if (target && list.present && items.empty())
    report.error(list.mark, "calibrate.targets: expected at least one target");
  for (const Field& item : items) {
    CalibrationFigure figure;
    if (!read_figure(report, item, target, figure)) continue;
    if (std::find(seen.begin(), seen.end(), figure.figure) != seen.end()) {
      report.error(schema::member(item, "figure").mark, item.path + ".figure: '" + figure.figure +
                                                            "' is named twice in calibrate (targets and held-out "
                                                            "figures each once)");
      continue;
    }
    seen.push_back(figure.figure);
    out.push_back(figure);
  }
}

/// Whether the file's sweep has a non-empty `parameters:` mapping (the priors).
bool sweep_has_parameters(const YAML::Node& root) {
  const YAML::Node sweep = root.IsMap() ? root["sweep"] : YAML::Node();
  if (!sweep.IsDefined() || !sweep.IsMap()) return false;
  const YAML::Node parameters = sweep["parameters"];
  return parameters.IsDefined() && parameters.IsMap() && parameters.size() > 0;
}

/// The priors: each entry of `sweep.parameters` read by the sweep's own reader (io/sweep_design.cpp)
/// and checked by its key checker.
void read_priors(Report& report, const YAML::Node& root, const Params& base, CalibrateSpec& spec) {
  sweep_detail::KeyChecker keys(root, base);
  const YAML::Node params = root["sweep"]["parameters"];
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    std::vector<std::string> parts;
    Distribution prior;
    if (const std::string problem = keys.check("sweep.parameters", key, parts); !problem.empty()) {
      report.error(it->first.Mark(), problem);
    } else {
      const Field field{true, it->second, it->second.Mark(), "sweep.parameters." + key};
      sweep_detail::read_distribution(report, field, key, keys.base_value(parts), prior);
    }
    spec.keys.push_back(key);
    spec.priors.push_back(prior);
  }
}

void read_calibrate(Report& report, const YAML::Node& root, CalibrateSpec& spec) {
  MapReader top(report, Field{true, root, root.Mark(), ""});
  const Field field = top.field("calibrate");
  spec.declared = field.present;
  if (!spec.declared) return;
  if (!sweep_has_parameters(root)) {
    report.error(top.key_mark("calibrate"),
                 "calibrate: needs the sweep's `parameters:` (the parameters to calibrate and their prior "
                 "distributions), e.g. sweep: {parameters: {citizens.adoption.q: {distribution: uniform, low: 0.05, "
                 "high: 1.5}}}");
  }
  MapReader section(report, field);
  section.integer("waves", spec.waves, 1, kMaxWaves);
  section.integer("samples", spec.samples, 2, kMaxSamples);
  section.number("cutoff", spec.cutoff, schema::above(0));
  spec.seed_given = section.has("seed");
  schema::read_seed(report, section.field("seed"), spec.seed);
  std::vector<std::string> seen;
  section.require("targets", " (the figures to match, each {figure, observed, sd or tolerance})");
  read_figures(report, section, "targets", true, spec.targets, seen);
  read_figures(report, section, "heldout", false, spec.heldout, seen);
  section.finish();
  // A tolerance is the half-width accepted when replicate noise is nil: I <= cutoff <=> |obs - E| <= tolerance.
  for (CalibrationFigure& t : spec.targets) {
    if (t.tolerance > 0) t.sd = t.tolerance / spec.cutoff;
  }
}

}  // namespace

CalibrateResult load_calibrate_text(const std::string& text, const std::string& display_name, const Params& base) {
  CalibrateResult result;
  Report report(display_name, text);
  YAML::Node root;
  if (detail::parse_scenario_text(report, text, root)) {
    read_calibrate(report, root, result.spec);
    if (result.spec.declared && sweep_has_parameters(root)) read_priors(report, root, base, result.spec);
  }
  ScenarioResult finished = report.finish(Params{});
  result.errors = std::move(finished.errors);
  result.exit_code = finished.exit_code;
  return result;
}

}  // namespace civicsim::io
