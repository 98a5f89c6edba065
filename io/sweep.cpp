#include "io/sweep.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "io/scenario_sections.hpp"
#include "io/sweep_spec.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io {
namespace {

using namespace sweep_detail;
using schema::Field;
using schema::MapReader;
using schema::Report;

/// Whether a value has at most `budget` nodes (aliases counted each time they are used).
bool small_value(const YAML::Node& node, std::size_t& budget, int depth = 0) {
  if (budget == 0 || depth >= kMaxWalkDepth) return false;
  --budget;
  if (node.IsSequence() || node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (node.IsSequence()
              ? !small_value(*it, budget, depth + 1)
              : !small_value(it->first, budget, depth + 1) || !small_value(it->second, budget, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

std::string label_of(const YAML::Node& value) {
  if (value.IsScalar()) return value.Scalar();
  std::size_t budget = kMaxLabelNodes;
  if (!small_value(value, budget)) return value.IsMap() ? "{...}" : "[...]";
  YAML::Emitter e;
  e << YAML::Flow << value;
  return e.c_str();
}

/// Sets `parts` below `root` to `value`, creating missing mappings. Returns "" or what went wrong.
std::string assign(YAML::Node& root, const std::vector<std::string>& parts, const YAML::Node& value) {
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    const YAML::Node& c = cur;
    if (c.IsSequence()) {
      if (!is_index(part) || std::stoul(part) >= c.size()) {
        return "'" + part + "' is not an index of this list (it has " + std::to_string(c.size()) + " items)";
      }
      const std::size_t k = std::stoul(part);
      if (last) {
        cur[k] = value;
        return "";
      }
      YAML::Node next;
      next.reset(c[k]);
      cur.reset(next);
      continue;
    }
    if (!c.IsMap() && !c.IsNull()) return "'" + part + "' is below a value that is not a mapping";
    if (is_index(part)) return "'" + part + "' indexes a list that this run does not have";
    if (last) {
      cur[part] = value;
      return "";
    }
    YAML::Node next(YAML::NodeType::Undefined);
    if (c.IsMap()) {
      const YAML::Node child = c[part];
      if (child.IsDefined()) next.reset(child);
    }
    if (next.IsDefined() && !next.IsNull()) {
      cur.reset(next);
    } else {
      YAML::Node map(YAML::NodeType::Map);
      cur[part] = map;
      cur.reset(map);
    }
  }
  return "";
}

std::vector<int> point_values(const Spec& spec, int point) {
  std::vector<int> v(spec.value_counts.size());
  for (int k = static_cast<int>(v.size()) - 1; k >= 0; --k) {
    v[k] = point % spec.value_counts[k];
    point /= spec.value_counts[k];
  }
  return v;
}

/// The labels of the grid's or the design's points.
void label_points(const YAML::Node& root, Spec& spec) {
  Sweep& s = spec.sweep;
  const std::size_t keys = s.grid_keys.size();
  if (s.has_design) {
    for (std::size_t p = 0; keys > 0 && p < spec.design_texts.size() / keys; ++p) {
      std::vector<std::pair<std::string, std::string>> pairs;
      for (std::size_t k = 0; k < keys; ++k) pairs.emplace_back(s.grid_keys[k], spec.design_texts[p * keys + k]);
      s.points.push_back(grid_label(pairs));
    }
    return;
  }
  std::size_t points = 1;
  for (int n : spec.value_counts) points *= static_cast<std::size_t>(n);
  const YAML::Node grid = spec.value_counts.empty() ? YAML::Node() : root["sweep"]["grid"];
  for (std::size_t p = 0; p < points; ++p) {
    const auto values = point_values(spec, static_cast<int>(p));
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t k = 0; k < values.size(); ++k)
      pairs.emplace_back(s.grid_keys[k], label_of(grid[s.grid_keys[k]][values[k]]));
    s.points.push_back(grid_label(pairs));
  }
}

/// Expands arms × points × replicates into runs (ids, seeds) and labels the points.
void expand(const YAML::Node& root, Spec& spec) {
  Sweep& s = spec.sweep;
  label_points(root, spec);
  const std::size_t points = s.points.size();
  const bool numbered = !s.grid_keys.empty();
  const std::string r_width = std::to_string(std::to_string(s.replicates - 1).size());
  const std::string g_width = std::to_string(std::to_string(points - 1).size());
  auto padded = [](int value, const std::string& width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ("%0" + width + "d").c_str(), value);
    return std::string(buf);
  };
  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    for (std::size_t p = 0; p < points; ++p) {
      for (int r = 0; r < s.replicates; ++r) {
        SweepRun run;
        run.index = static_cast<int>(s.runs.size());
        run.arm = static_cast<int>(a);
        run.point = static_cast<int>(p);
        run.replicate = r;
        run.seed = s.base_seed + static_cast<std::uint64_t>(r);
        run.id = s.arms[a] + (numbered ? "-g" + padded(static_cast<int>(p), g_width) : "") + "-r" + padded(r, r_width);
        s.runs.push_back(run);
      }
    }
  }
}

/// A design's value as a fresh node (never one that the file's aliases share) marked where its
/// parameter is written: parsed behind as many line breaks and spaces as that mark, so that a value
/// the scenario refuses (a fraction for a key that takes whole numbers) is reported there.
YAML::Node design_value(const YAML::Mark& at, const std::string& text) {
  const bool placed = at.line >= 0 && at.line < 1000000 && at.column >= 0 && at.column < 10000;
  try {
    return YAML::Load(placed ? std::string(static_cast<std::size_t>(at.line), '\n') +
                                   std::string(static_cast<std::size_t>(at.column), ' ') + text
                             : text);
  } catch (const YAML::Exception&) {
    return YAML::Node(text);  // read_design_rows refuses such cells; kept as text all the same
  }
}

/// A design file's cells are not in the scenario: a problem the scenario reports about key k
/// ("key: expected ...") is moved to the cell that set it.
void point_at_cells(const Spec& spec, int point, std::vector<Diagnostic>& errors) {
  const Sweep& s = spec.sweep;
  const std::size_t k = s.grid_keys.size();
  if (s.design_path.empty() || spec.design_cells.size() < (static_cast<std::size_t>(point) + 1) * k) return;
  for (Diagnostic& d : errors) {
    for (std::size_t key = 0; key < k; ++key) {
      const std::string& name = s.grid_keys[key];
      const bool about_key = d.message.rfind(name, 0) == 0 && d.message.size() > name.size() &&
                             (d.message[name.size()] == ':' || d.message[name.size()] == ' ');
      if (d.file != s.scenario_path || !about_key) continue;
      d.file = s.design_path;
      d.line = spec.design_cells[static_cast<std::size_t>(point) * k + key].first;
      d.column = spec.design_cells[static_cast<std::size_t>(point) * k + key].second;
    }
  }
}

std::string run_context(const Sweep& s, int arm, int point) {
  std::string c = "arm '" + s.arms[arm] + "'";
  if (!s.points[point].empty()) c += ", grid point " + s.points[point];
  return c;
}

/// Loads one arm × grid point: the file with the arm's interventions and the point's values.
ScenarioResult load_variant(const Spec& spec, int arm, int point) {
  const Sweep& s = spec.sweep;
  const auto values = s.has_design ? std::vector<int>(s.grid_keys.size(), 0) : point_values(spec, point);
  const bool sets_interventions = spec.arm_sets_interventions[arm];
  auto edit = [&](Report& report, YAML::Node& root) {
    if (!root["sweep"].IsDefined()) return;
    const YAML::Node sweep = root["sweep"];
    if (sets_interventions) root["interventions"] = sweep["arms"][arm]["interventions"];
    for (std::size_t k = 0; k < values.size(); ++k) {
      const YAML::Node value = s.has_design
                                   ? design_value(spec.key_marks[k], spec.design_texts[point * values.size() + k])
                                   : sweep["grid"][s.grid_keys[k]][values[k]];
      const std::string problem = assign(root, spec.key_parts[k], value);
      if (!problem.empty()) {
        report.error(spec.key_marks[k], "sweep.grid." + s.grid_keys[k] + ": " + problem);
      }
    }
  };
  ScenarioResult result = detail::load_scenario_edited(s.text, s.scenario_path, s.base_dir, edit);
  point_at_cells(spec, point, result.errors);
  return result;
}

SweepResult fail_with(std::vector<Diagnostic> errors, int exit_code) {
  SweepResult r;
  r.errors = std::move(errors);
  r.exit_code = exit_code;
  return r;
}

/// Re-reads the sweep section; `spec` gets everything load_variant needs.
SweepResult build(const ScenarioResult& base, const std::string& display_name, const std::string& base_dir,
                  bool check_runs, const DesignFile& design_file, Spec& spec) {
  if (!base.ok()) return fail_with(base.errors, base.exit_code);
  Sweep& s = spec.sweep;
  s.design_path = design_file.name;
  s.design_text = design_file.text;
  s.scenario_path = display_name;
  s.text = base.params.yaml_text;
  s.base_dir = base_dir;
  s.name = base.params.name;
  s.base_seed = base.params.seed;
  const YAML::Node root = YAML::Load(s.text);  // parsed before, without errors
  Report report(display_name, s.text);
  read_spec(report, root, base.params, design_file, spec);
  ScenarioResult sections = report.finish(Params{});
  if (!sections.ok()) return fail_with(sections.errors, sections.exit_code);
  if (design_file.given() && !s.declared) {
    return fail_with({Diagnostic{display_name, 0, 0, "--design-file needs a `sweep` section in the scenario"}},
                     kExitDataErr);
  }
  expand(root, spec);
  if (s.runs.size() > kMaxRuns) {
    return fail_with({Diagnostic{display_name, 0, 0,
                                 "the sweep has " + std::to_string(s.runs.size()) + " runs; at most " +
                                     std::to_string(kMaxRuns) + " are allowed (split it into several files)"}},
                     kExitDataErr);
  }
  if (check_runs) {
    std::vector<Diagnostic> errors;
    std::set<std::string> seen;
    int exit_code = kExitOk;
    const std::vector<std::size_t> points = representative_points(s);
    for (std::size_t a = 0; a < s.arms.size(); ++a) {
      for (std::size_t p : points) {
        const ScenarioResult variant = load_variant(spec, static_cast<int>(a), static_cast<int>(p));
        for (Diagnostic d : variant.errors) {
          if (!seen.insert(d.str()).second) continue;  // the same problem in another run
          d.message += " [" + run_context(s, static_cast<int>(a), static_cast<int>(p)) + "]";
          errors.push_back(std::move(d));
        }
        if (!variant.ok()) exit_code = variant.exit_code;
      }
    }
    if (!errors.empty()) return fail_with(std::move(errors), exit_code);
  }
  SweepResult result;
  result.sweep = s;
  return result;
}

/// Spec objects are rebuilt per call: a Sweep is plain data that can travel between processes.
Spec respec(const Sweep& sweep) {
  Spec spec;
  const YAML::Node root = YAML::Load(sweep.text);
  Report report(sweep.scenario_path, sweep.text);
  ScenarioResult base = load_scenario_text(sweep.text, sweep.scenario_path, sweep.base_dir);
  read_spec(report, root, base.params, DesignFile{sweep.design_path, sweep.design_text}, spec);
  return spec;
}

}  // namespace

int Sweep::find_run(const std::string& id_or_index) const {
  for (const auto& r : runs) {
    if (r.id == id_or_index) return r.index;
  }
  if (is_index(id_or_index)) {
    const unsigned long i = std::stoul(id_or_index);
    if (i < runs.size()) return static_cast<int>(i);
  }
  return -1;
}

SweepResult load_sweep_text(const std::string& text, const std::string& display_name, const std::string& base_dir,
                            bool check_runs, const DesignFile& design_file) {
  Spec spec;
  return build(load_scenario_text(text, display_name, base_dir), display_name, base_dir, check_runs, design_file, spec);
}

SweepResult load_sweep_file(const std::string& path, bool check_runs, const std::string& base_dir_override,
                            const DesignFile& design_file) {
  Spec spec;
  const std::string base_dir =
      base_dir_override.empty() ? std::filesystem::path(path).parent_path().string() : base_dir_override;
  return build(load_scenario_file(path, base_dir), path, base_dir, check_runs, design_file, spec);
}

SweepResult load_sweep_structure(const std::string& text, const std::string& display_name,
                                 const DesignFile& design_file) {
  Report report(display_name, text);
  YAML::Node root;
  Spec spec;
  Sweep& s = spec.sweep;
  s.scenario_path = display_name;
  s.text = text;
  s.design_path = design_file.name;
  s.design_text = design_file.text;
  Params base = default_params();
  if (detail::parse_scenario_text(report, text, root)) {
    MapReader top(report, Field{true, root, root.Mark(), ""});
    top.text("name", base.name);
    schema::read_seed(report, top.field("seed"), base.seed);
    read_spec(report, root, base, design_file, spec);
  }
  s.name = base.name;
  s.base_seed = base.seed;
  ScenarioResult sections = report.finish(Params{});
  if (!sections.ok()) return fail_with(sections.errors, sections.exit_code);
  expand(root, spec);
  SweepResult result;
  result.sweep = s;
  return result;
}

std::vector<std::size_t> representative_points(const Sweep& s) {
  std::vector<std::size_t> points;
  const std::size_t k = s.grid_keys.size();
  if (!s.has_design || k == 0 || s.points.size() <= kAllPointsUpTo) {
    for (std::size_t p = 0; p < s.points.size(); ++p) points.push_back(p);
    return points;
  }
  std::set<std::size_t> chosen = {0};
  for (std::size_t key = 0; key < k; ++key) {
    std::map<double, std::size_t> first;  // each value's first point (NaN values: a text column, all kept)
    std::size_t lo = 0, hi = 0;
    for (std::size_t p = 0; p < s.points.size(); ++p) {
      const double v = s.design.values[p * k + key];
      if (v < s.design.values[lo * k + key]) lo = p;
      if (v > s.design.values[hi * k + key]) hi = p;
      const bool discrete = s.design.distributions[key].rfind("discrete", 0) == 0;
      if ((discrete || std::isnan(v)) && (std::isnan(v) || first.emplace(v, p).second)) chosen.insert(p);
    }
    chosen.insert(lo);
    chosen.insert(hi);
  }
  return std::vector<std::size_t>(chosen.begin(), chosen.end());
}

struct SweepLoader::State {
  Spec spec;
};

SweepLoader::SweepLoader(const Sweep& sweep) {
  auto state = std::make_shared<State>();
  state->spec = respec(sweep);
  state->spec.sweep = sweep;
  state_ = state;
}

ScenarioResult SweepLoader::load(int index) const {
  const SweepRun& run = state_->spec.sweep.runs.at(static_cast<std::size_t>(index));
  ScenarioResult result = load_variant(state_->spec, run.arm, run.point);
  if (result.ok()) result.params.seed = run.seed;
  return result;
}

ScenarioResult load_sweep_run(const Sweep& sweep, int index) { return SweepLoader(sweep).load(index); }

}  // namespace civicsim::io
