// Scenario loading: the file, the YAML document, and the small top-level sections. The larger
// sections live in io/scenario_*.cpp; the walker in io/yaml_schema.cpp.
#include "io/scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "io/scenario_sections.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io {

using schema::at_least;
using schema::above;
using schema::Field;
using schema::MapReader;
using schema::Names;
using schema::Report;
using schema::unit_interval;

std::string Diagnostic::str() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s + ": " + message;
}

namespace {

const Names kAgeNames = {"adult", "elderly"};
const Names kChannelKeys = schema::names_of(kChannelNames);
const Names kKindKeys = schema::names_of(kDistrictKindNames);
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

void read_time(MapReader& top, Params& p) {
  MapReader t = top.child("time");
  t.integer("days", p.days, 1, 20000);
  const bool step_ok = t.integer("step_minutes", p.step_minutes, 1, 60);
  const bool report_ok = t.integer("report_minutes", p.report_minutes, 1, kMinutesPerDay);
  t.name("start_weekday", "weekday", schema::names_of(kWeekdayNames), p.start_weekday);
  if (t.integer("warmup_days", p.warmup_days, 0, 20000) && p.warmup_days >= p.days && t.has("warmup_days")) {
    t.report().error(t.field("warmup_days").mark,
                     "time.warmup_days (" + std::to_string(p.warmup_days) + ") must be less than time.days (" +
                         std::to_string(p.days) + "): /summary covers the days after the warm-up, and none would be left");
  }
  if (step_ok && report_ok) {
    const Field report = t.has("report_minutes") ? t.field("report_minutes") : t.field("step_minutes");
    const std::string values = " (" + std::to_string(p.report_minutes) + ")";
    if (p.report_minutes % p.step_minutes != 0) {
      t.report().error(report.mark, "time.report_minutes" + values +
                                        " must be a multiple of time.step_minutes (" +
                                        std::to_string(p.step_minutes) + ")");
    } else if (kMinutesPerDay % p.report_minutes != 0) {
      t.report().error(report.mark, "time.report_minutes" + values +
                                        " must divide a day of 1440 minutes (e.g. 15, 60, 1440)");
    }
  }
  t.finish();
}

void read_population(MapReader& top, Params& p) {
  MapReader m = top.child("population");
  m.number("scale", p.scale, schema::Range{0, 1, true, false, false});
  m.number("share_15_plus", p.share_15_plus, schema::Range{0, 1, true, false, false});
  m.finish();
}

void read_citizens(MapReader& top, Params& p) {
  MapReader c = top.child("citizens");
  // The elderly (60+) are part of the residents aged 15+, from whom agents are drawn.
  if (c.number("elderly_share", p.elderly_share, unit_interval()) &&
      p.elderly_share > p.share_15_plus) {
    c.report().error(c.has("elderly_share") ? c.field("elderly_share").mark : c.mark(),
                     "citizens.elderly_share (" + schema::format_number(p.elderly_share) +
                         ") cannot exceed population.share_15_plus (" +
                         schema::format_number(p.share_15_plus) + "): the elderly are residents aged 15+");
  }
  {
    MapReader access = c.child("internet_access");
    access.number("urban", p.internet_access[0], unit_interval());
    access.number("rural", p.internet_access[1], unit_interval());
    access.number("elderly_factor", p.internet_elderly_factor, unit_interval());
    access.finish();
  }
  {
    MapReader literacy = c.child("digital_literacy");
    for (int a = 0; a < kAgeGroups; ++a) {
      MapReader group = literacy.child(kAgeNames[a]);
      group.number("mean", p.literacy_mean[a], unit_interval());
      group.number("sd", p.literacy_sd[a], at_least(0));
      group.finish();
    }
    literacy.finish();
  }
  c.numbers("initial_adoption", kAgeNames, unit_interval(), p.initial_adoption);
  {
    MapReader bass = c.child("adoption");
    bass.number("p", p.bass_p, at_least(0));
    bass.number("q", p.bass_q, at_least(0));
    bass.finish();
  }
  {
    MapReader trust = c.child("trust");
    trust.numbers("initial", kAgeNames, unit_interval(), p.initial_trust);
    trust.number("learn_rate", p.trust_learn_rate, unit_interval());
    trust.finish();
  }
  c.numbers("patience_minutes", kChannelKeys, schema::above_or_inf(0), p.patience_minutes);
  {
    int deterministic = p.patience_deterministic ? 1 : 0;
    c.name("patience_distribution", "patience distribution", {"exponential", "deterministic"}, deterministic);
    p.patience_deterministic = deterministic == 1;
  }
  {
    MapReader retry = c.child("retry");
    retry.number("probability", p.retry_probability, unit_interval());
    retry.numbers("delay_minutes", kChannelKeys, schema::run_minutes(1), p.retry_delay_minutes);
    retry.finish();
  }
  c.finish();
}

void read_choice(MapReader& top, Params& p) {
  MapReader c = top.child("choice");
  c.numbers("asc", kChannelKeys, schema::any_number(), p.asc);
  c.number("beta_time", p.beta_time, at_least(0));
  c.number("beta_effort", p.beta_effort, at_least(0));
  c.number("beta_trust", p.beta_trust, at_least(0));
  c.finish();
}

void read_staff(MapReader& top, Params& p) {
  MapReader s = top.child("staff");
  s.numbers("counter_staff_per_centre", kKindKeys, schema::headcount(), p.counter_staff_per_centre);
  s.number("hotline_operators", p.hotline_operators, schema::headcount());
  s.integer("hotline_shift_hours", p.hotline_shift_hours, 1, 24);
  s.number("skill_sd", p.skill_sd, unit_interval());
  s.numbers("attrition_per_year", kKindKeys, unit_interval(), p.attrition_per_year);
  s.integer("hiring_delay_days", p.hiring_delay_days, 0, 3650);
  s.integer("newcomer_days", p.newcomer_days, 0, 3650);
  s.number("newcomer_slowdown", p.newcomer_slowdown, at_least(1));
  s.finish();
}

void read_output(MapReader& top, Params& p) {
  MapReader o = top.child("output");
  o.text("path", p.output_path);
  o.finish();
}

void read_scenario(Report& report, const YAML::Node& root, const std::string& base_dir,
                   Params& p) {
  MapReader top(report, Field{true, root, root.Mark(), ""});
  read_version(top, p);
  top.text("name", p.name);
  schema::read_seed(report, top.field("seed"), p.seed);
  read_time(top, p);
  read_population(top, p);
  const bool districts_known = detail::read_geography(top, p, base_dir);
  read_citizens(top, p);
  detail::read_requests(top, p, districts_known);
  detail::read_channels(top, p);
  read_choice(top, p);
  read_staff(top, p);
  detail::read_interventions(top, p, districts_known);
  detail::read_budget(top, p);
  read_output(top, p);
  top.allow({"sweep"});  // read by io/sweep.cpp; `civicsim run` runs the file without it
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
  YAML::Mark where;   // where the parser stopped moving
};

class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts, first_nodes;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    node(mark);
  }
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
    report.error(mark_at(text, bad.first), "not a text file: " + bad.second +
                                               "; a scenario is UTF-8 text (YAML)");
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
    report.error(root.Mark(), "expected a scenario mapping (lines of 'key: value' that start "
                              "with 'civicsim: 1'), got " + schema::describe(root));
  } else {
    return true;
  }
  return false;
}

bool detail::read_file_limited(const std::string& path, std::size_t limit, std::string& text,
                               std::string& problem) {
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
  const std::string base_dir =
      base_dir_override.empty() ? fs::path(path).parent_path().string() : base_dir_override;
  return load_scenario_text(text, path, base_dir);
}

}  // namespace civicsim::io
