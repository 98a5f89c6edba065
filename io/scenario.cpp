// Scenario loading: the file, the YAML document, and the small top-level sections. The larger
// sections live in io/scenario_*.cpp; the walker in io/yaml_schema.cpp.
#include "io/scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "io/calendar_date.hpp"
#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io {

using schema::Field;
using schema::MapReader;
using schema::Names;
using schema::Report;

std::string Diagnostic::str() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s + ": " + message;
}

/// Defined here rather than in io/yaml_schema.cpp: the walker knows no scenario type.
ScenarioResult schema::Report::finish(Params params) {
  auto rank = [this](const Diagnostic& d) { return std::find(files_.begin(), files_.end(), d.file) - files_.begin(); };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::make_tuple(rank(a), a.line, a.column) < std::make_tuple(rank(b), b.line, b.column);
  });
  ScenarioResult result;
  result.errors = diagnostics_;
  if (result.errors.empty()) {
    result.params = std::move(params);
    result.exit_code = kExitOk;
  } else {
    result.exit_code = missing_input_ ? kExitNoInput : kExitDataErr;
  }
  return result;
}

namespace {

constexpr int kMinutesPerDay = 1440;

void read_version(MapReader& top, Params& p) {
  const Field f = top.field("civicsim");
  if (!top.require("civicsim", " (the schema version: start the file with 'civicsim: 1')")) return;
  const std::string supported = std::to_string(p.schema_version);
  const auto version = f.node.IsScalar() ? schema::parse_number(f.node.Scalar(), false) : std::nullopt;
  if (!version || *version != p.schema_version) {
    top.report().error(f.mark, "civicsim: schema version " + schema::describe(f.node) +
                                   " is not supported; this civicsim reads version " + supported);
  }
}

/// A section of regular parameters only.
void read_section(MapReader& top, const char* key, const params::Table<Params>& table, Params& p) {
  MapReader m = top.child(key);
  params::read_params(m, table, p);
  m.finish();
}

/// time.start_date: a real ISO date; its weekday is time.start_weekday (taken from it when the
/// weekday is not given, checked against it when it is).
void check_start_date(MapReader& t, Params& p) {
  if (p.start_date.empty()) return;
  const Field field = t.field("start_date");
  CalendarDate date;
  if (!parse_iso_date(p.start_date, date)) {
    t.report().error(field.mark, "time.start_date '" + p.start_date +
                                     "' is not a date; expected YYYY-MM-DD (ISO 8601) from 1900, e.g. 2025-01-06");
    return;
  }
  const int weekday = weekday_of(date);
  static const char* const kNames[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (!t.has("start_weekday")) {
    p.start_weekday = weekday;
  } else if (p.start_weekday != weekday) {
    t.report().error(field.mark, "time.start_date " + p.start_date + " is a " + kNames[weekday] +
                                     ", but time.start_weekday is " + kNames[p.start_weekday] +
                                     "; give only the date, or make the two agree");
  }
}

void read_time(MapReader& top, Params& p) {
  MapReader t = top.child("time");
  const auto& table = params::time_params();
  std::vector<bool> ok;
  params::read_params(t, table, p, &ok);  // time.warmup_days checks itself against time.days
  if (params::read_ok(table, ok, "step_minutes") && params::read_ok(table, ok, "report_minutes")) {
    const Field report = t.has("report_minutes") ? t.field("report_minutes") : t.field("step_minutes");
    const std::string values = " (" + std::to_string(p.report_minutes) + ")";
    if (p.report_minutes % p.step_minutes != 0) {
      t.report().error(report.mark, "time.report_minutes" + values + " must be a multiple of time.step_minutes (" +
                                        std::to_string(p.step_minutes) + ")");
    } else if (kMinutesPerDay % p.report_minutes != 0) {
      t.report().error(report.mark,
                       "time.report_minutes" + values + " must divide a day of 1440 minutes (e.g. 15, 60, 1440)");
    }
  }
  if (params::read_ok(table, ok, "start_date") && params::read_ok(table, ok, "start_weekday")) {
    check_start_date(t, p);
  }
  t.finish();
}

void read_scenario(Report& report, const YAML::Node& root, const std::string& base_dir, Params& p) {
  MapReader top(report, Field{true, root, root.Mark(), ""});
  read_version(top, p);
  params::read_params(top, params::top_params(), p);  // name, question, seed
  read_time(top, p);
  read_section(top, "population", params::population_params(), p);
  const bool districts_known = detail::read_geography(top, p, base_dir);
  read_section(top, "citizens", params::citizens_params(), p);
  detail::read_requests(top, p, districts_known);
  detail::read_channels(top, p);
  read_section(top, "choice", params::choice_params(), p);
  read_section(top, "staff", params::staff_params(), p);
  detail::read_interventions(top, p, districts_known);
  read_section(top, "budget", params::budget_params(), p);
  read_section(top, "output", params::output_params(), p);
  top.allow({"sweep", "calibrate"});  // read by io/sweep.cpp and io/calibrate_spec.cpp; `civicsim run` ignores them
  top.finish();
}

/// Deeper than any scenario (about 6 levels) and well inside yaml-cpp 0.7's own guard (500 levels),
/// which reports only "bad file" and whose recursion, like ours over the nodes, costs stack.
constexpr int kMaxNesting = 64;

struct TooDeep {
  YAML::Mark mark;
};

/// How many YAML documents a text holds (1, or 2 for "more than one"), without building them. yaml-cpp
/// 0.7's LoadAll loops for ever, allocating, on some invalid input (a lone ',' is enough: its
/// parser reports an empty document without moving on; fixed upstream in jbeder/yaml-cpp#1319).
/// A document that starts where the previous one did is that case, and is reported.
struct DocumentScan {
  int documents = 0;
  YAML::Mark second;  // the first node of the second document
  bool stuck = false;
  YAML::Mark where;  // where the parser stopped moving
};

class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts, first_nodes;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { node(mark); }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void node(const YAML::Mark& mark) {
    if (first_nodes.size() < starts.size()) first_nodes.push_back(mark);
  }
  void open(const YAML::Mark& mark) {
    node(mark);
    if (++depth_ > kMaxNesting) throw TooDeep{mark};
  }
  int depth_ = 0;
};

DocumentScan scan_documents(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts events;
  DocumentScan scan;
  // Up to a third document: a parser stuck on a token shows as two documents starting at one place.
  int documents = 0;
  while (documents < 3 && parser.HandleNextDocument(events)) {
    ++documents;
    scan.documents = std::min(documents, 2);
    const std::size_t n = events.starts.size();
    if (n >= 2 && events.starts[n - 1].pos == events.starts[n - 2].pos) {
      scan.stuck = true;
      scan.where = events.starts[n - 1];
      return scan;
    }
  }
  if (scan.documents >= 2) scan.second = events.first_nodes.size() >= 2 ? events.first_nodes[1] : events.starts[1];
  return scan;
}

/// Where byte `offset` of `text` is, as yaml-cpp would mark it (0-based line, byte column).
YAML::Mark mark_at(const std::string& text, std::size_t offset) {
  YAML::Mark mark;
  mark.pos = static_cast<int>(offset);
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++mark.line;
      mark.column = 0;
    } else {
      ++mark.column;
    }
  }
  return mark;
}

}  // namespace

bool detail::parse_scenario_text(Report& report, const std::string& text, YAML::Node& root) {
  // Binary data, NUL bytes or another encoding would reach yaml-cpp's guesses (a leading NUL reads
  // as UTF-16) and then the output file's text attributes; say what it is instead.
  const auto bad = schema::first_bad_character(text);
  if (bad.first != std::string::npos) {
    report.error(mark_at(text, bad.first), "not a text file: " + bad.second + "; a scenario is UTF-8 text (YAML)");
    return false;
  }
  DocumentScan scan;
  try {
    scan = scan_documents(text);
    if (scan.stuck) {
      report.error(scan.where, "not valid YAML: this character cannot start a value here");
    } else if (scan.documents == 1) {
      root = YAML::Load(text);
    }
  } catch (const TooDeep& e) {
    report.error(e.mark, "values are nested more than " + std::to_string(kMaxNesting) +
                             " levels deep here; a scenario needs fewer than 10 (an unclosed '[' or '{'?)");
  } catch (const YAML::ParserException& e) {
    std::string hint;
    if (e.msg == YAML::ErrorMsg::MAP_VALUE && e.mark.column > 1024) {
      hint = " (a key is at most 1024 characters long)";  // yaml-cpp then sees no key before ':'
    }
    report.error(e.mark, "not valid YAML: " + e.msg + hint);
  } catch (const YAML::Exception& e) {
    report.error(e.mark, std::string("not valid YAML: ") + e.what());
  }
  const YAML::Mark start;  // line 0, column 0: the first character
  if (report.count() > 0) return false;
  if (scan.documents > 1) {
    report.error(scan.second, "a scenario holds one YAML document; a second one starts here");
  } else if (scan.documents == 0 || root.IsNull()) {
    report.error(start, "the scenario is empty; expected a mapping that starts with 'civicsim: 1'");
  } else if (!root.IsMap()) {
    report.error(root.Mark(),
                 "expected a scenario mapping (lines of 'key: value' that start "
                 "with 'civicsim: 1'), got " +
                     schema::describe(root));
  } else {
    return true;
  }
  return false;
}

bool detail::read_file_limited(const std::string& path, std::size_t limit, std::string& text, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    problem = "cannot be read (permission denied)";
    return false;
  }
  // Read at most one byte past the limit: a device such as /dev/zero never ends.
  std::string buffer(64 * 1024, '\0');
  text.clear();
  while (in && text.size() <= limit) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    problem = "cannot be read (I/O error)";
    return false;
  }
  if (text.size() > limit) {
    problem = "is larger than " + std::to_string(limit >> 20) + " MiB; is it the right file?";
    return false;
  }
  return true;
}

std::string override_days(Params& params, int days) {
  if (days <= 0) return "";
  if (params.warmup_days >= days)
    return "--days " + std::to_string(days) + " leaves no analysis window after time.warmup_days (" +
           std::to_string(params.warmup_days) + "): give --days greater than " + std::to_string(params.warmup_days) +
           " or lower time.warmup_days";
  params.days = days;
  return "";
}

ScenarioResult load_scenario_text(const std::string& text, const std::string& display_name,
                                  const std::string& base_dir) {
  return detail::load_scenario_edited(text, display_name, base_dir, nullptr);
}

ScenarioResult detail::load_scenario_edited(const std::string& text, const std::string& display_name,
                                            const std::string& base_dir, const NodeEdit& edit) {
  Report report(display_name, text);
  Params p = default_params();
  YAML::Node root;
  if (parse_scenario_text(report, text, root)) {
    if (edit) edit(report, root);
    read_scenario(report, root, base_dir, p);
  }
  p.yaml_text = text;
  p.source_path = display_name;
  return report.finish(std::move(p));
}

ScenarioResult load_scenario_file(const std::string& path, const std::string& base_dir_override) {
  namespace fs = std::filesystem;
  auto fail = [&path](const std::string& message) {
    ScenarioResult result;
    result.errors.push_back(Diagnostic{path, 0, 0, message});
    result.exit_code = kExitNoInput;
    return result;
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return fail("cannot read the scenario: no such file");
  if (fs::is_directory(status)) return fail("cannot read the scenario: this is a directory, not a YAML file");
  // A pipe is a file's text; a device (/dev/zero, a terminal) has no end or waits for ever.
  if (!fs::is_regular_file(status) && !fs::is_fifo(status)) {
    return fail("cannot read the scenario: this is a device or socket, not a YAML file");
  }
  std::string text, problem;
  if (!detail::read_file_limited(path, detail::kMaxScenarioBytes, text, problem)) {
    return fail("the scenario " + problem);
  }
  const std::string base_dir = base_dir_override.empty() ? fs::path(path).parent_path().string() : base_dir_override;
  return load_scenario_text(text, path, base_dir);
}

}  // namespace civicsim::io
