// `sweep.parameters` and `sweep.design` (docs/sensitivity.md): each parameter's distribution, checked
// against the key it varies, and the design's points as the texts that set each key in each run.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "io/design_file.hpp"
#include "io/sweep_spec.hpp"

namespace civicsim::io::sweep_detail {
namespace {

using schema::Field;
using schema::MapReader;
using schema::Report;

constexpr int kMaxSamples = 100000;

const schema::Names kMethods = {"grid", "lhs", "sobol", "morris"};
const schema::Names kKinds = {"uniform", "log_uniform", "normal", "triangular", "discrete"};

/// Whether the key's value in the scenario is a number (a continuous distribution can vary it). A
/// key that takes whole numbers cannot be told from its text ("60" may be a double): loading the
/// runs finds it, at the parameter's line.
bool numeric(const YAML::Node& value) {
  return value.IsDefined() && value.IsScalar() && schema::parse_number(value.Scalar(), /*allow_inf=*/true);
}

/// The bounds and shape of a continuous distribution; false after reporting a problem.
bool read_shape(MapReader& m, const std::string& where, Distribution& d) {
  Report& report = m.report();
  bool ok = m.require("low", " (the lower bound)") & m.require("high", " (the upper bound)");
  ok &= m.number("low", d.low, schema::any_number()) & m.number("high", d.high, schema::any_number());
  if (d.kind == DistributionKind::normal) {
    ok &= m.require("mean") & m.require("sd");
    ok &= m.number("mean", d.mean, schema::any_number()) & m.number("sd", d.sd, schema::above(0));
  }
  if (d.kind == DistributionKind::triangular) ok &= m.require("mode") & m.number("mode", d.mode, schema::any_number());
  if (!ok) return false;
  if (!(d.low < d.high)) {
    report.error(m.field("high").mark, where + ": the bounds are reversed or equal (low " +
                                           schema::format_number(d.low) + ", high " + schema::format_number(d.high) +
                                           "); low must be below high");
    return false;
  }
  if (d.kind == DistributionKind::log_uniform && d.low <= 0) {
    report.error(m.field("low").mark, where + ": a log_uniform distribution needs low > 0 (got " +
                                          schema::format_number(d.low) + "); use uniform for a range that reaches 0");
    return false;
  }
  if (d.kind == DistributionKind::triangular && (d.mode < d.low || d.mode > d.high)) {
    report.error(m.field("mode").mark, where + ": mode " + schema::format_number(d.mode) + " is outside [low, high]");
    return false;
  }
  return true;
}

}  // namespace

bool read_distribution(Report& report, const Field& field, const std::string& key, const YAML::Node& base_value,
                       Distribution& d) {
  const std::string where = "sweep.parameters." + key;
  MapReader m(report, field);
  int kind = 0;
  if (!m.is_map() || !m.require("distribution", " (uniform, log_uniform, normal, triangular or discrete)") ||
      !m.name("distribution", "distribution", kKinds, kind)) {
    m.allow({"low", "high", "mean", "sd", "mode", "values", "integer"});
    m.finish();
    return false;
  }
  d.kind = static_cast<DistributionKind>(kind);
  bool ok = true;
  if (d.kind == DistributionKind::discrete) {
    std::vector<Field> items;
    const Field values = m.field("values");
    ok = m.require("values", " (the list of values to choose from)") && schema::read_list(report, values, items);
    if (ok && items.empty()) {
      report.error(values.mark, where + ".values: expected at least one value");
      ok = false;
    }
    for (const auto& item : items) {
      YAML::Emitter e;
      e << YAML::Flow << item.node;
      d.values.push_back(e.c_str());
    }
  } else {
    ok = read_shape(m, where, d);
    m.flag("integer", d.integer);
    if (const std::string why = ok ? d.problem() : ""; !why.empty()) {  // no mass, no whole number inside
      report.error(m.field("distribution").mark, where + ": " + why);
      ok = false;
    }
    if (ok && base_value.IsDefined() && !numeric(base_value)) {
      report.error(m.field("distribution").mark, where + ": a " + distribution_name(d.kind) +
                                                     " distribution is not allowed for this key: its value " +
                                                     schema::describe(base_value) +
                                                     " is not a number; use `distribution: discrete` with a list");
      ok = false;
    }
  }
  m.finish();
  return ok;
}

namespace {

/// `sweep.design`; false after reporting a problem. Left out in a file with `calibrate:`, it is
/// the first wave of `civicsim calibrate`'s default: a Latin hypercube of 10 points a parameter.
bool read_design_spec(Report& report, MapReader& sweep, std::size_t parameters, std::uint64_t default_seed,
                      bool calibrating, DesignSpec& spec) {
  const Field field = sweep.field("design");
  MapReader m(report, field);
  int method = 1;
  spec.seed = default_seed;
  if (!field.present && calibrating) {
    spec.method = DesignMethod::lhs;
    spec.samples = static_cast<int>(10 * std::max<std::size_t>(parameters, 1));
    return true;
  }
  bool ok = m.is_map() && m.require("method", " (lhs, sobol, morris or grid)") &&
            m.name("method", "design method", kMethods, method);
  spec.method = static_cast<DesignMethod>(method);
  const bool sampled = spec.method != DesignMethod::grid;
  if (ok && sampled) ok = m.require("samples", spec.method == DesignMethod::morris ? " (trajectories)" : " (points)");
  ok &= m.integer("samples", spec.samples, 2, kMaxSamples);
  schema::read_seed(report, m.field("seed"), spec.seed);
  spec.levels = spec.method == DesignMethod::grid ? 3 : 4;
  ok &= m.integer("levels", spec.levels, 2, 1000);
  ok &= m.flag("second_order", spec.second_order);
  if (ok && spec.method == DesignMethod::morris && spec.levels % 2 != 0) {
    report.error(m.field("levels").mark,
                 "sweep.design.levels: Morris trajectories need an even number of levels (got " +
                     std::to_string(spec.levels) + "); 4 is the usual choice");
    ok = false;
  }
  if (ok && spec.method == DesignMethod::sobol && parameters > 20) {
    report.error(field.mark, "sweep.design: a sobol design takes at most 20 parameters (this one has " +
                                 std::to_string(parameters) + "); screen them first with method: morris");
    ok = false;
  }
  if (ok && spec.second_order && spec.method != DesignMethod::sobol) {
    report.error(m.field("second_order").mark,
                 "sweep.design.second_order: only a sobol design has second-order indices");
    ok = false;
  }
  m.finish();
  return ok;
}

/// The text that sets a key to the value at unit coordinate `u`, and the value as a number.
std::string value_text(const Distribution& d, double u, double& value) {
  const double q = d.quantile(u);
  if (d.kind != DistributionKind::discrete) {
    value = q;
    return schema::format_number(q);
  }
  const std::string& item = d.values[static_cast<std::size_t>(q)];
  const auto number = schema::parse_number(item, false);
  value = number ? *number : q;
  return item;
}

/// Items of each discrete distribution (0 for the others): what the grid design needs.
std::vector<int> discrete_counts(const std::vector<Distribution>& dists) {
  std::vector<int> counts;
  for (const auto& d : dists)
    counts.push_back(d.kind == DistributionKind::discrete ? static_cast<int>(d.values.size()) : 0);
  return counts;
}

/// The sampled design's points as texts and values.
void sample(const std::vector<Distribution>& dists, Spec& spec) {
  SweepDesign& design = spec.sweep.design;
  design.unit = unit_design(design.spec, discrete_counts(dists));
  const std::size_t k = dists.size();
  design.values.resize(design.unit.size());
  spec.design_texts.resize(design.unit.size());
  for (std::size_t i = 0; i < design.unit.size(); ++i)
    spec.design_texts[i] = value_text(dists[i % k], design.unit[i], design.values[i]);
}

}  // namespace

void read_design(Report& report, MapReader& sweep, KeyChecker& keys, const DesignFile& design_file,
                 std::uint64_t default_seed, Spec& spec) {
  Sweep& s = spec.sweep;
  const Field params = sweep.field("parameters");
  const bool has_params = params.present && !params.node.IsNull();
  sweep.allow({"design"});  // read below, or not needed
  if (!has_params && !design_file.given()) {
    if (sweep.has("design")) report.error(sweep.key_mark("design"), "sweep.design: needs `parameters:` to sample");
    return;
  }
  if (!s.grid_keys.empty()) {
    report.error(sweep.key_mark(has_params ? "parameters" : "grid"),
                 has_params ? "sweep: give either `grid` or `parameters` (a design), not both; a full grid is "
                              "`design: {method: grid}`"
                            : "sweep: a --design-file gives the points, so the sweep cannot have a `grid` too");
    return;
  }
  if (has_params && !design_file.given() && !sweep.has("design") && !spec.calibrating) {
    report.error(params.mark,
                 "sweep.parameters: add `design: {method: lhs, samples: N}` (or sobol, morris, grid) to "
                 "sample them, or give the points with --design-file");
    return;
  }
  std::vector<Distribution> dists;
  if (has_params && !params.node.IsMap()) {
    report.error(params.mark, "sweep.parameters: expected a mapping of dotted keys to distributions, got " +
                                  schema::describe(params.node));
    return;
  }
  bool ok = true;
  for (auto it = params.node.begin(); has_params && it != params.node.end(); ++it) {
    const std::string k = it->first.Scalar();
    std::vector<std::string> parts;
    const std::string problem = keys.check("sweep.parameters", k, parts);
    Distribution d;
    if (!problem.empty()) {
      report.error(it->first.Mark(), problem);
      ok = false;
    } else {
      ok &= read_distribution(report, Field{true, it->second, it->second.Mark(), "sweep.parameters." + k}, k,
                              keys.base_value(parts), d);
    }
    s.grid_keys.push_back(k);
    spec.key_parts.push_back(parts);
    spec.key_marks.push_back(it->first.Mark());
    dists.push_back(d);
  }
  if (has_params && dists.empty()) {
    report.error(params.mark, "sweep.parameters: expected at least one parameter");
    ok = false;
  }
  s.has_design = true;
  s.design.keys = s.grid_keys;
  for (const auto& d : dists) s.design.distributions.push_back(d.describe());
  if (design_file.given()) {
    s.design.spec.method = DesignMethod::file;
    if (ok) read_design_rows(report, design_file, keys, dists, spec);
  } else if (read_design_spec(report, sweep, dists.size(), default_seed, spec.calibrating, s.design.spec) && ok) {
    const std::size_t per_point = s.arms.size() * static_cast<std::size_t>(s.replicates);
    const std::size_t points = design_size(s.design.spec, discrete_counts(dists));
    if (points * per_point > kMaxRuns || points == 0) {
      report.error(sweep.key_mark("design"), "sweep.design: it would give " + std::to_string(points) + " points, " +
                                                 std::to_string(points * per_point) + " runs (at most " +
                                                 std::to_string(kMaxRuns) + "); lower samples or levels");
    } else {
      sample(dists, spec);
    }
  }
}

}  // namespace civicsim::io::sweep_detail
