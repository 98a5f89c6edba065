#include "io/sweep_spec.hpp"

#include <algorithm>
#include <cctype>

namespace civicsim::io::sweep_detail {

using schema::Field;
using schema::MapReader;
using schema::Report;

std::vector<std::string> split_path(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = key.find('.', begin);
    parts.push_back(key.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin));
    if (dot == std::string::npos) break;
    begin = dot + 1;
  }
  return parts;
}

bool is_index(const std::string& s) {
  return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

/// The node at `parts` below `root`, without creating anything; an invalid node when absent.
YAML::Node lookup(const YAML::Node& root, const std::vector<std::string>& parts) {
  YAML::Node cur;
  cur.reset(root);
  for (const auto& part : parts) {
    const YAML::Node& c = cur;
    YAML::Node next(YAML::NodeType::Undefined);
    if (c.IsMap()) {
      const YAML::Node child = c[part];  // an invalid node when absent: test before using it
      if (child.IsDefined()) next.reset(child);
    } else if (c.IsSequence() && is_index(part) && std::stoul(part) < c.size()) {
      next.reset(c[std::stoul(part)]);
    }
    if (!next.IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
    cur.reset(next);
  }
  return cur;
}

namespace {

constexpr int kMaxReplicates = 10000;

/// Every dotted path of a document's leaves and mappings, for suggestions.
void collect_paths(const YAML::Node& node, const std::string& prefix, schema::Names& out, int depth = 0) {
  if (!node.IsMap() || depth >= kMaxWalkDepth) return;
  for (auto it = node.begin(); it != node.end() && out.size() < kMaxPaths; ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string path = prefix.empty() ? it->first.Scalar() : prefix + "." + it->first.Scalar();
    out.push_back(path);
    collect_paths(it->second, path, out, depth + 1);
  }
}

/// The arms of `sweep:` (1-64 letters, digits, '_' and '-'; each once); one arm "scenario" when
/// none is given.
void read_arms(Report& report, MapReader& sweep, Spec& spec) {
  Sweep& s = spec.sweep;
  std::vector<Field> items;
  const Field arms = sweep.field("arms");
  if (schema::read_list(report, arms, items)) {
    if (arms.present && items.empty()) report.error(arms.mark, "sweep.arms: expected at least one arm");
    for (const auto& item : items) {
      MapReader arm(report, item);
      std::string name;
      if (arm.require("name", " (letters, digits, '_' and '-')") && arm.text("name", name)) {
        const bool valid = !name.empty() && name.size() <= 64 &&
                           std::all_of(name.begin(), name.end(),
                                       [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
        if (!valid) {
          report.error(arm.field("name").mark, item.path + ".name: '" + name +
                                                   "' is not a valid arm name; use 1-64 letters, "
                                                   "digits, '_' and '-' (it names files)");
        } else if (std::find(s.arms.begin(), s.arms.end(), name) != s.arms.end()) {
          report.error(arm.field("name").mark, item.path + ".name: arm '" + name + "' is named twice");
        }
      }
      spec.arm_sets_interventions.push_back(arm.has("interventions"));
      arm.allow({"interventions"});
      arm.finish();
      s.arms.push_back(name);
    }
  }
  if (s.arms.empty()) {
    s.arms.push_back("scenario");
    spec.arm_sets_interventions.push_back(false);
  }
}

/// The grid of `sweep:`: dotted scenario keys, each with a non-empty list of values, the whole
/// sweep at most kMaxRuns runs.
void read_grid(Report& report, const Field& grid, KeyChecker& keys, Spec& spec) {
  Sweep& s = spec.sweep;
  std::size_t points = 1;
  const std::size_t per_point = s.arms.size() * static_cast<std::size_t>(s.replicates);
  for (auto it = grid.node.begin(); it != grid.node.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node values = it->second;
    if (!key.IsScalar()) {
      report.error(key.Mark(), "sweep.grid: a key must be a dotted scenario key such as staff.skill_sd");
      continue;
    }
    const std::string k = key.Scalar();
    std::vector<std::string> parts;
    const std::string problem = keys.check("sweep.grid", k, parts);
    if (!problem.empty()) report.error(key.Mark(), problem);
    if (!values.IsSequence() || values.size() == 0) {
      report.error(values.IsNull() ? key.Mark() : values.Mark(),
                   "sweep.grid." + k + ": expected a non-empty list of values, got " + schema::describe(values));
      continue;
    }
    points *= values.size();
    if (points * per_point > kMaxRuns) {
      report.error(values.Mark(), "sweep.grid: with '" + k + "' the sweep would have more than " +
                                      std::to_string(kMaxRuns) +
                                      " runs (arms x grid points x replicates); "
                                      "split it into several files");
      break;
    }
    s.grid_keys.push_back(k);
    spec.key_marks.push_back(key.Mark());
    spec.key_parts.push_back(parts);
    spec.value_counts.push_back(static_cast<int>(values.size()));
  }
}

}  // namespace

KeyChecker::KeyChecker(const YAML::Node& root, const Params& base) : root_(root) {
  try {
    resolved_ = YAML::Load(resolved_yaml(base));
  } catch (const YAML::Exception&) {
    resolved_ = YAML::Node();
  }
  collect_paths(root_, "", valid_);
  collect_paths(resolved_, "", valid_);
}

YAML::Node KeyChecker::base_value(const std::vector<std::string>& parts) const {
  const YAML::Node written = lookup(root_, parts);
  return written.IsDefined() ? written : lookup(resolved_, parts);
}

std::string KeyChecker::check(const std::string& section, const std::string& k, std::vector<std::string>& parts) {
  parts = split_path(k);
  for (auto& part : parts) {
    if (is_index(part)) part = std::to_string(std::stoul(part));
  }
  std::string norm;
  for (const auto& part : parts) norm += (norm.empty() ? "" : ".") + part;
  auto overlaps = [&norm](const std::string& other) {
    const std::string& shorter = other.size() < norm.size() ? other : norm;
    const std::string& longer = other.size() < norm.size() ? norm : other;
    return longer == shorter || longer.rfind(shorter + ".", 0) == 0;
  };
  const auto clash = std::find_if(normalised_.begin(), normalised_.end(), overlaps);
  const bool known = base_value(parts).IsDefined();
  std::string problem;
  if (parts.front() == "sweep" || parts.front() == "civicsim" || parts.front() == "output" || parts.front() == "seed" ||
      parts.front() == "calibrate") {
    problem = section + ": '" + k + "' cannot be varied" +
              (parts.front() == "seed" ? std::string(" (replicates vary the seed: seed + r)")
                                       : std::string(" (it is not a model parameter)"));
  } else if (clash != normalised_.end()) {
    problem = section + ": key '" + k + "' overlaps '" +
              written_[static_cast<std::size_t>(clash - normalised_.begin())] +
              "' (one would overwrite the other); give each parameter once";
  } else if (!known && !(parts.front() == "interventions" && parts.size() > 1 && is_index(parts[1]))) {
    const std::string hint = schema::nearest(k, valid_);
    problem = section + ": '" + k + "' is not a parameter of this scenario" +
              (hint.empty() ? std::string("; keys are dotted paths such as staff.skill_sd")
                            : "; did you mean '" + hint + "'?");
  }
  normalised_.push_back(norm);
  written_.push_back(k);
  return problem;
}

void read_spec(Report& report, const YAML::Node& root, const Params& base, const DesignFile& design_file, Spec& spec) {
  Sweep& s = spec.sweep;
  MapReader top(report, Field{true, root, root.Mark(), ""});
  const Field field = top.field("sweep");
  s.declared = field.present;
  if (!s.declared) return;
  spec.calibrating = top.has("calibrate");
  MapReader sweep(report, field);
  sweep.integer("replicates", s.replicates, 1, kMaxReplicates);
  std::string baseline;
  const bool baseline_given = sweep.has("baseline");
  sweep.text("baseline", baseline);
  const YAML::Mark baseline_mark = sweep.field("baseline").mark;
  read_arms(report, sweep, spec);
  if (baseline_given) {
    const auto it = std::find(s.arms.begin(), s.arms.end(), baseline);
    if (it == s.arms.end()) {
      report.error(baseline_mark, schema::unknown_name("baseline arm", baseline, s.arms));
    } else {
      s.baseline = static_cast<int>(it - s.arms.begin());
    }
  }
  KeyChecker keys(root, base);
  const Field grid = sweep.field("grid");
  if (grid.present && !grid.node.IsNull() && !grid.node.IsMap()) {
    report.error(grid.mark, "sweep.grid: expected a mapping of dotted keys to lists of values, got " +
                                schema::describe(grid.node));
  } else if (grid.present && grid.node.IsMap()) {
    read_grid(report, grid, keys, spec);
  }
  read_design(report, sweep, keys, design_file, base.seed, spec);
  sweep.finish();
}

}  // namespace civicsim::io::sweep_detail
