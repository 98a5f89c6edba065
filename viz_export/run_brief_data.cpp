#include "viz_export/run_brief_data.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "io/h5_reader.hpp"
#include "io/output_names.hpp"
#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace civicsim::viz {
namespace {

namespace iv = io::out::intervention;
constexpr std::int64_t kSecondsPerDay = 86400;

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// A comment line's text ("# text" → "text"); false for a line that is not a comment.
bool comment_text(const std::string& line, std::string* text) {
  const std::string t = trimmed(line);
  if (t.empty() || t[0] != '#') return false;
  *text = trimmed(t.substr(1));
  return true;
}

std::vector<double> doubles(const io::h5::Reader& r, const std::string& path) {
  const io::h5::Numbers n = r.numeric_row(path, hsize_t(-1));
  return n.is_float ? n.floats : std::vector<double>(n.ints.begin(), n.ints.end());
}

void read_root(const io::h5::Reader& r, RunBrief* b) {
  r.string_attribute("/", "scenario_name", &b->scenario_name);
  r.string_attribute("/", "civicsim_version", &b->civicsim_version);
  r.string_attribute("/", "git_sha", &b->git_sha);
  r.string_attribute("/", "started_utc", &b->started_utc);
  r.string_attribute("/", "backend", &b->backend);
  r.string_attribute("/", "device", &b->device);
  r.string_attribute("/", "sweep_run", &b->sweep_run);
  r.uint64_attribute("/", "seed", &b->seed);
  r.double_attribute("/", "threads", &b->threads);
  r.double_attribute("/", "wall_seconds", &b->wall_seconds);
  b->sample = read_run_sample(r);
  std::string question;
  if (r.string_attribute("/", "question", &question) && !trimmed(question).empty()) {
    b->question = trimmed(question);
    b->question_from = "question";
  }
}

void read_scenario_texts(const io::h5::Reader& r, RunBrief* b) {
  std::string yaml, resolved;
  if (b->question.empty() && r.scalar_string(io::out::path(io::out::kScenario, io::out::kScenarioYaml), &yaml)) {
    b->question = question_from_yaml(yaml);
    if (!b->question.empty()) b->question_from = "comment";
  }
  if (r.scalar_string(io::out::path(io::out::kScenario, io::out::kScenarioResolved), &resolved))
    b->city = city_source(resolved, &b->districts_source);
}

/// Adds the rows of a [T, D, G, C] series to `out` [day][g][c], summed over the districts.
void add_series(const io::h5::Reader& r, const char* metric, const std::vector<std::int64_t>& ends,
                std::vector<double>* out) {
  const std::string path = io::out::series(metric);
  const hsize_t districts = r.expect_shape(path, 4, {ends.size(), io::h5::Reader::kAnyExtent, kGroups, kChannels})[1];
  const std::size_t cells = static_cast<std::size_t>(kGroups) * kChannels;
  for (std::size_t t = 0; t < ends.size(); ++t) {
    const io::h5::Numbers row = r.numeric_row(path, t);
    const std::size_t day = static_cast<std::size_t>((ends[t] - 1) / kSecondsPerDay);
    for (std::size_t i = 0; i < districts * cells; ++i)
      (*out)[day * cells + i % cells] += row.is_float ? row.floats[i] : static_cast<double>(row.ints[i]);
  }
}

void read_daily(const io::h5::Reader& r, RunBrief* b) {
  DailyTotals& d = b->daily;
  d.days = static_cast<std::size_t>(b->days);
  const std::vector<std::int64_t> ends = r.ints_1d(io::out::dims(io::out::kTimeDim));
  for (std::size_t t = 0; t < ends.size(); ++t) {
    if (ends[t] < 1 || ends[t] > b->days * kSecondsPerDay || (t > 0 && ends[t] <= ends[t - 1]))
      r.refuse("/dims/time_seconds[" + std::to_string(t) + "] is not an increasing end of an interval within the run");
  }
  const std::size_t cells = d.days * kGroups * kChannels;
  for (auto [metric, table] : {std::pair{kServed, &d.served}, std::pair{kArrivals, &d.arrivals},
                               std::pair{kWaitSecondsSum, &d.wait_seconds}, std::pair{kAbandoned, &d.abandoned}}) {
    table->assign(cells, 0.0);
    add_series(r, kSeriesMetricNames[metric], ends, table);
  }
  const std::string unmet = io::out::daily(io::out::kDailyUnmetNeeds);
  const hsize_t districts = r.expect_shape(unmet, 3, {d.days, io::h5::Reader::kAnyExtent, kGroups})[1];
  const std::vector<double> values = doubles(r, unmet);
  d.unmet.assign(d.days * kGroups, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::size_t day = i / (districts * kGroups), g = i % kGroups;
    d.unmet[day * kGroups + g] += values[i];
  }
}

}  // namespace

std::vector<BriefIntervention> read_interventions(const io::h5::Reader& r) {
  std::vector<BriefIntervention> rows;
  if (!r.exists(io::out::kInterventions)) return rows;
  auto column = [&](const char* name) { return io::out::path(io::out::kInterventions, name); };
  const std::vector<std::string> types = r.strings_1d(column(iv::kType));
  const std::vector<std::string> districts = r.strings_1d(column(iv::kDistricts));
  const std::vector<std::int64_t> start = r.ints_1d(column(iv::kStartDay)), end = r.ints_1d(column(iv::kEndDay));
  const std::vector<std::int64_t> applied_to = r.ints_1d(column(iv::kDistrictsApplied));
  const std::vector<std::int64_t> applied = r.ints_1d(column(iv::kApplied)), funded = r.ints_1d(column(iv::kFunded));
  const std::vector<double> cost = doubles(r, column(iv::kTotalCost));
  const std::size_t n = types.size();
  for (std::size_t size :
       {districts.size(), start.size(), end.size(), applied_to.size(), applied.size(), funded.size(), cost.size()}) {
    if (size != n) r.refuse("the columns of /interventions differ in length");
  }
  for (std::size_t i = 0; i < n; ++i) {
    rows.push_back({types[i], districts[i], start[i], end[i], applied_to[i], cost[i], applied[i] != 0, funded[i] != 0});
  }
  if (r.exists(column(iv::kAgentsAdded))) {
    const std::vector<std::int64_t> added = r.ints_1d(column(iv::kAgentsAdded));
    if (added.size() != n) r.refuse("the columns of /interventions differ in length");
    for (std::size_t i = 0; i < n; ++i) {
      rows[i].agents_added = added[i];
      rows[i].agents_added_known = true;
    }
  }
  return rows;
}

std::size_t DailyTotals::cell(std::size_t day, int group, int channel) const {
  return (day * kGroups + static_cast<std::size_t>(group)) * kChannels + static_cast<std::size_t>(channel);
}

std::string question_from_yaml(const std::string& yaml) {
  std::istringstream in(yaml);
  std::string line, text, question;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!comment_text(line, &text)) {
      if (!trimmed(line).empty() || inside) break;  // the leading comment ends at the first key
      continue;
    }
    if (!inside) {
      std::string lower = text.substr(0, 9);
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (lower != "question:") continue;
      inside = true;
      text = trimmed(text.substr(9));
    } else if (text.empty()) {
      break;  // an empty comment line ends the paragraph
    }
    question += (question.empty() ? "" : " ") + text;
    if (const std::size_t mark = question.find('?'); mark != std::string::npos) return question.substr(0, mark + 1);
  }
  return question;
}

CitySource city_source(const std::string& resolved, std::string* detail) {
  const std::string first = resolved.substr(0, resolved.find('\n'));
  const std::string key = "Districts: ";
  const std::size_t at = first.find(key);
  if (first.empty() || first[0] != '#' || at == std::string::npos) return CitySource::kUnknown;
  const std::string rest = trimmed(first.substr(at + key.size()));
  if (rest.rfind("from ", 0) == 0) {
    *detail = rest.substr(5);
    return CitySource::kDataFile;
  }
  if (rest.rfind("generated by ", 0) == 0) {
    *detail = rest.substr(13);
    return CitySource::kGenerated;
  }
  if (rest.rfind("given inline", 0) == 0) return CitySource::kInline;
  return CitySource::kUnknown;
}

RunBrief read_run_brief(const std::string& h5_path) {
  RunBrief b;
  b.file = h5_path;
  b.summary = read_summary_values(h5_path);  // throws unless complete, with /summary
  const io::h5::Reader r(h5_path);
  read_root(r, &b);
  read_scenario_texts(r, &b);
  double first = 0, days = 0;
  r.double_attribute(io::out::kSummary, "window_first_day", &first);
  r.double_attribute(io::out::kSummary, "window_days", &days);
  b.window_first_day = static_cast<int>(first);
  b.window_days = static_cast<int>(days);
  b.days = static_cast<std::int64_t>(r.expect_shape(io::out::dims(io::out::kDayDim), 1)[0]);
  if (b.days > 20000) r.refuse("/dims/day has " + std::to_string(b.days) + " days; a run has at most 20000");
  b.interventions = read_interventions(r);
  read_daily(r, &b);
  b.has_geography = r.exists(io::out::kGeographyDistricts);
  if (b.has_geography) {
    b.geography = read_geography(h5_path);
    b.districts = read_district_summary(h5_path, "district");
    b.kinds = read_district_summary(h5_path, "district_kind");
  }
  return b;
}

}  // namespace civicsim::viz
