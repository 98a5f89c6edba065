#include "io/design_file.hpp"

#include "io/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace civicsim::io::sweep_detail {
namespace {

using schema::Report;

struct Token {
  std::string text;
  int column = 0;  // 1-based
};

struct Line {
  int number = 0;  // 1-based
  std::vector<Token> tokens;
};

/// The non-empty, non-comment lines of a design file, split at whitespace and commas.
std::vector<Line> split_lines(const std::string& text) {
  std::vector<Line> lines;
  const bool bom = text.rfind("\xEF\xBB\xBF", 0) == 0;  // spreadsheets write one
  std::istringstream in(bom ? text.substr(3) : text);
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    Line line{number, {}};
    std::size_t i = 0;
    while (i < raw.size()) {
      if (raw[i] == '#' && line.tokens.empty()) break;
      if (raw[i] == ' ' || raw[i] == '\t' || raw[i] == ',') {
        ++i;
        continue;
      }
      const std::size_t end = std::min(raw.find_first_of(" \t,", i), raw.size());
      line.tokens.push_back({raw.substr(i, end - i), static_cast<int>(i) + 1});
      i = end;
    }
    if (!line.tokens.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

/// Whether the first line names the columns: without `parameters:` it must; with them, when it
/// names one of their keys, or holds only dotted names that are not numbers (misspelt keys).
bool is_header(const Line& line, const std::vector<std::string>& keys) {
  if (keys.empty()) return true;
  bool dotted = true;
  for (const Token& t : line.tokens) {
    if (std::find(keys.begin(), keys.end(), t.text) != keys.end()) return true;
    dotted &= t.text.find('.') != std::string::npos && !schema::parse_number(t.text, false);
  }
  return dotted;
}

/// Whether a cell is one YAML scalar ("0.5", "lognormal"), as a scenario value must be.
bool scalar_cell(const std::string& text) {
  try {
    const YAML::Node node = YAML::Load(text);
    return node.IsScalar();
  } catch (const YAML::Exception&) {
    return false;
  }
}

/// Which parameter each column sets (`order[c]`); false after reporting a problem.
bool read_header(Report& report, const DesignFile& file, const Line& header, KeyChecker& keys, Spec& spec,
                 std::vector<int>& order) {
  Sweep& s = spec.sweep;
  const bool declared = !s.grid_keys.empty();
  bool ok = true;
  for (const Token& t : header.tokens) {
    int index = declared
                    ? static_cast<int>(std::find(s.grid_keys.begin(), s.grid_keys.end(), t.text) - s.grid_keys.begin())
                    : static_cast<int>(s.design.keys.size());
    if (declared && index == static_cast<int>(s.grid_keys.size())) {
      report.error_in(file.name, header.number, t.column,
                      schema::unknown_name("design file column", t.text, s.grid_keys) +
                          " (the columns are the keys of sweep.parameters)");
      ok = false;
    } else if (declared && std::find(order.begin(), order.end(), index) != order.end()) {
      report.error_in(file.name, header.number, t.column, "column '" + t.text + "' is named twice");
      ok = false;
    } else if (!declared) {
      std::vector<std::string> parts;
      const std::string problem = keys.check("design file", t.text, parts);
      if (!problem.empty()) report.error_in(file.name, header.number, t.column, problem);
      ok &= problem.empty();
      s.design.keys.push_back(t.text);
      s.design.distributions.push_back("");
      spec.key_parts.push_back(parts);
      spec.key_marks.push_back(YAML::Mark());
    }
    order.push_back(index);
  }
  if (!declared) s.grid_keys = s.design.keys;
  if (ok && declared && order.size() != s.grid_keys.size()) {
    report.error_in(file.name, header.number, 1,
                    "the header names " + std::to_string(order.size()) + " of the " +
                        std::to_string(s.grid_keys.size()) +
                        " keys of sweep.parameters; a design file sets every one of them");
    ok = false;
  }
  return ok;
}

/// One cell: its text and value, checked against the column's distribution ("" when fine).
std::string read_cell(const Token& t, const Distribution* d, const std::string& key, double& value) {
  const auto number = schema::parse_number(t.text, false);
  value = number ? *number : std::numeric_limits<double>::quiet_NaN();
  if (d == nullptr) return "";
  if (d->kind == DistributionKind::discrete) {
    const auto same = [&](const std::string& item) {  // 200.0 is the item 200
      const auto x = schema::parse_number(item, false);
      return item == t.text || (x && number && *x == *number);
    };
    const auto it = std::find_if(d->values.begin(), d->values.end(), same);
    if (it == d->values.end())
      return "'" + t.text + "' is not one of the values of " + key + ": " + schema::join(d->values);
    if (!number) value = static_cast<double>(it - d->values.begin());
    return "";
  }
  if (!number) return key + ": expected a number, got '" + t.text + "'";
  if (*number < d->low || *number > d->high) {
    return key + ": " + t.text + " is outside its distribution's bounds [" + schema::format_number(d->low) + ", " +
           schema::format_number(d->high) + "]";
  }
  if (d->integer && std::floor(*number) != *number) return key + ": expected a whole number, got " + t.text;
  return "";
}

}  // namespace

void read_design_rows(Report& report, const DesignFile& file, KeyChecker& keys, const std::vector<Distribution>& dists,
                      Spec& spec) {
  Sweep& s = spec.sweep;
  const std::vector<Line> lines = split_lines(file.text);
  if (lines.empty()) {
    report.error_in(file.name, 1, 1, "the design file has no rows (one row per point, one column per parameter)");
    return;
  }
  std::vector<int> order;
  std::size_t first = 0;
  if (is_header(lines[0], s.grid_keys)) {
    const bool numbers = std::all_of(lines[0].tokens.begin(), lines[0].tokens.end(),
                                     [](const Token& t) { return schema::parse_number(t.text, false).has_value(); });
    if (numbers) {
      report.error_in(file.name, lines[0].number, 1,
                      "the first row must name the columns (dotted scenario keys): the sweep has no `parameters:`");
      return;
    }
    if (!read_header(report, file, lines[0], keys, spec, order)) return;
    first = 1;
  } else {
    for (std::size_t k = 0; k < s.grid_keys.size(); ++k) order.push_back(static_cast<int>(k));
  }
  const std::size_t k = order.size();
  const std::size_t per_point = s.arms.size() * static_cast<std::size_t>(s.replicates);
  if ((lines.size() - first) * per_point > kMaxRuns || lines.size() == first) {
    report.error_in(file.name, lines.back().number, 1,
                    "the design file gives " + std::to_string(lines.size() - first) + " points; the sweep needs 1 to " +
                        std::to_string(kMaxRuns / per_point) + " (at most " + std::to_string(kMaxRuns) + " runs)");
    return;
  }
  const std::size_t points = lines.size() - first;
  spec.design_texts.assign(points * k, "");
  spec.design_cells.assign(points * k, {0, 0});
  s.design.values.assign(points * k, 0.0);
  s.design.unit.assign(points * k, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t p = 0; p < points; ++p) {
    const Line& line = lines[first + p];
    if (line.tokens.size() != k) {
      report.error_in(
          file.name, line.number, 1,
          "expected " + std::to_string(k) + " values (one per column), got " + std::to_string(line.tokens.size()));
      continue;
    }
    for (std::size_t c = 0; c < k; ++c) {
      const std::size_t key = static_cast<std::size_t>(order[c]);
      const Distribution* d = dists.empty() ? nullptr : &dists[key];
      std::string problem = read_cell(line.tokens[c], d, s.grid_keys[key], s.design.values[p * k + key]);
      if (problem.empty() && !scalar_cell(line.tokens[c].text)) {
        problem =
            s.grid_keys[key] + ": '" + line.tokens[c].text + "' is not a single value (quote nothing, no brackets)";
      }
      if (!problem.empty()) report.error_in(file.name, line.number, line.tokens[c].column, problem);
      spec.design_cells[p * k + key] = {line.number, line.tokens[c].column};
      spec.design_texts[p * k + key] = line.tokens[c].text;
    }
  }
}

}  // namespace civicsim::io::sweep_detail

namespace civicsim::io {

std::string read_design_file(const std::string& path, DesignFile& out) {
  constexpr std::uintmax_t kMaxBytes = 64u << 20;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return "cannot read the design file '" + path + "': it does not exist";
  if (!std::filesystem::is_regular_file(status)) return "the design file '" + path + "' is not a regular file";
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxBytes) {
    return "the design file '" + path + "' is larger than 64 MiB (" + std::to_string(size) +
           " bytes); split the design into several sweeps";
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return "cannot read the design file '" + path + "'";
  out = DesignFile{path, text.str()};
  return "";
}

}  // namespace civicsim::io
