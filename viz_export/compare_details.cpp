// What the comparison brief needs from the done runs' files beyond sweep.h5: the scenario's
// question and city, what each arm does (/interventions), and per run the figures that sweep.h5
// does not hold (needs met and total waiting from /summary; per district kind and per district
// from /summary/district_kind and /summary/district), paired against the baseline by the same
// statistics as sweep.h5's figures. One run file is open at a time.
#include <cmath>
#include <filesystem>
#include <map>
#include <new>
#include <stdexcept>

#include "io/h5_reader.hpp"
#include "viz_export/compare_data.hpp"
#include "viz_export/geography.hpp"

namespace civicsim::viz::compare {
namespace {

namespace fs = std::filesystem;

/// The channels where requests queue: in_person, hotline and digital_human (not online).
constexpr int kQueuedChannels[] = {0, 1, 3};
constexpr int kChannels = 4;
constexpr const char* kKindFigures[][3] = {
    // figure in /summary/district_kind, figure in the brief, units
    {"wait_mean_seconds", "wait_mean_minutes", "min"},
    {"abandonment_rate", "abandonment_rate", "1"},
    {"unmet_share", "unmet_share", "1"},
    {"needs_met_per_1000_residents", "needs_met_per_1000_residents", "1"},
};

std::string run_path(const Sweep& sweep, std::size_t run) {
  const std::string& id = sweep.run_id[run];
  if (id.empty() || id.find('/') != std::string::npos || id.find("..") != std::string::npos) return "";
  return (fs::path(sweep.dir) / "runs" / (id + ".h5")).string();
}

double sum_of(const io::h5::Numbers& n) {
  double sum = 0;
  for (std::size_t i = 0; i < n.size(); ++i) sum += n.is_float ? n.floats[i] : static_cast<double>(n.ints[i]);
  return sum;
}

/// Needs met and the total waiting of the residents (real minutes at the queued channels) over the
/// run's analysis window, from /summary: Σ resolved, Σ wait_mean_seconds × served.
void add_summary_figures(const io::h5::Reader& file, std::map<std::string, double>& out) {
  if (!file.exists("/summary/resolved")) return;  // a file from before /summary (or a test's)
  out["needs_met/all"] = sum_of(file.numeric_row("/summary/resolved", hsize_t(-1)));
  const io::h5::Numbers wait = file.numeric_row("/summary/wait_mean_seconds", hsize_t(-1));
  const io::h5::Numbers served = file.numeric_row("/summary/served", hsize_t(-1));
  if (wait.size() != served.size() || wait.size() % kChannels != 0 || !wait.is_float) {
    file.refuse("/summary/wait_mean_seconds and /summary/served are not both [groups, 4 channels]");
  }
  double seconds = 0;
  for (std::size_t row = 0; row < wait.size(); row += kChannels) {
    for (int c : kQueuedChannels) {
      const double n = served.is_float ? served.floats[row + c] : static_cast<double>(served.ints[row + c]);
      if (n > 0 && std::isfinite(wait.floats[row + c])) seconds += wait.floats[row + c] * n;
    }
  }
  out["waiting_minutes/all"] = seconds / 60.0;
}

/// The figures of /summary/district_kind ("…/kind:rural") and the mean wait of each district
/// ("wait_mean_minutes/district:NAME"), when the file has them (schema 2).
void add_district_figures(const std::string& path, const io::h5::Reader& file, std::map<std::string, double>& out) {
  if (file.exists("/summary/district_kind")) {
    const DistrictFigures kinds = read_district_summary(path, "district_kind");
    for (const auto& f : kKindFigures) {
      const auto it = kinds.values.find(f[0]);
      if (it == kinds.values.end()) continue;
      const double scale = std::string(f[0]) == "wait_mean_seconds" ? 1.0 / 60.0 : 1.0;
      for (std::size_t k = 0; k < kinds.names.size() && k < it->second.size(); ++k) {
        out[std::string(f[1]) + "/kind:" + kinds.names[k]] = it->second[k] * scale;
      }
    }
  }
  if (file.exists("/summary/district")) {
    const DistrictFigures districts = read_district_summary(path, "district");
    const auto it = districts.values.find("wait_mean_seconds");
    if (it != districts.values.end()) {
      for (std::size_t d = 0; d < districts.names.size() && d < it->second.size(); ++d) {
        out["wait_mean_minutes/district:" + districts.names[d]] = it->second[d] / 60.0;
      }
    }
  }
}

std::map<std::string, double> figures_of(const std::string& path) {
  const io::h5::Reader file(path);
  std::map<std::string, double> out;
  add_summary_figures(file, out);
  add_district_figures(path, file, out);
  return out;
}

/// The figures in a stable order: the two totals, then per kind, then per district (file order).
void set_figures(Sweep& table, const std::map<std::string, double>& first, const std::vector<District>& districts) {
  table.figures = {"needs_met/all", "waiting_minutes/all"};
  for (const auto& f : kKindFigures) {
    for (const char* kind : {"urban", "suburban", "rural"}) {
      const std::string name = std::string(f[1]) + "/kind:" + kind;
      if (first.count(name)) table.figures.push_back(name);
    }
  }
  for (const District& d : districts) {
    if (first.count("wait_mean_minutes/district:" + d.name))
      table.figures.push_back("wait_mean_minutes/district:" + d.name);
  }
  table.units.clear();
  for (const std::string& figure : table.figures) {
    table.units.push_back(figure.rfind("wait", 0) == 0 ? "min" : "1");
  }
}

std::vector<InterventionRow> read_interventions(const io::h5::Reader& file) {
  const std::vector<std::string> type = file.strings_1d("/interventions/type");
  const std::vector<std::string> districts = file.strings_1d("/interventions/districts");
  const std::vector<std::int64_t> start = file.ints_1d("/interventions/start_day");
  const std::vector<std::int64_t> end = file.ints_1d("/interventions/end_day");
  const io::h5::Numbers cost = file.numeric_row("/interventions/total_cost", hsize_t(-1));
  const std::vector<std::int64_t> funded = file.ints_1d("/interventions/funded");
  const std::vector<std::int64_t> applied = file.ints_1d("/interventions/applied");
  const std::size_t n = type.size();
  if (districts.size() != n || start.size() != n || end.size() != n || cost.size() != n || funded.size() != n ||
      applied.size() != n) {
    file.refuse("the columns of /interventions differ in length");
  }
  std::vector<InterventionRow> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    rows[i] = InterventionRow{type[i],
                              districts[i],
                              start[i],
                              end[i],
                              cost.is_float ? cost.floats[i] : static_cast<double>(cost.ints[i]),
                              funded[i] != 0,
                              applied[i] != 0};
  }
  return rows;
}

std::vector<District> districts_of(const std::string& path) {
  std::vector<District> out;
  for (const DistrictRow& row : read_geography(path).districts) {
    out.push_back(District{row.name, row.kind, row.lat, row.lon, row.population});
  }
  return out;
}

/// "a synthetic city …", "a city calibrated …" or "a city given in the scenario …", from its text.
std::string city_of(const std::string& yaml) {
  if (yaml.find("ring_city") != std::string::npos) {
    return "a synthetic ring city generated by the scenario (geography.generate.ring_city): not calibrated to any "
           "real place";
  }
  if (yaml.find("[calibrated") != std::string::npos) {
    return "a city calibrated to public figures, as the scenario's comments mark them (docs/calibration.md); "
           "figures not marked calibrated are assumptions";
  }
  return "a city described in the scenario; nothing in the scenario says it is calibrated to real figures";
}

/// The question, its source and the city, from the first run file that says (then sweep.h5's text).
void read_question(const Sweep& sweep, const std::string& path, RunDetails& out) {
  std::string yaml, attribute;
  if (!path.empty()) {
    const io::h5::Reader file(path);
    if (file.string_attribute("/", "question", &attribute) && !attribute.empty()) {
      out.question = attribute;
      out.question_source = "the scenario's question";
    }
    file.scalar_string("/scenario/yaml", &yaml);
  }
  if (yaml.empty()) io::h5::Reader(sweep.file).scalar_string("/scenario/yaml", &yaml);
  if (out.question.empty()) {
    out.question = question_from_yaml(yaml);
    if (!out.question.empty()) out.question_source = "the leading \"# Question:\" comment of the scenario";
  }
  out.city = city_of(yaml);
}

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

std::string question_from_yaml(const std::string& yaml) {
  std::string question;
  bool inside = false;
  std::size_t at = 0;
  while (at < yaml.size()) {
    std::size_t end = yaml.find('\n', at);
    if (end == std::string::npos) end = yaml.size();
    const std::string line = trimmed(yaml.substr(at, end - at));
    at = end + 1;
    if (line.empty() && !inside) continue;
    if (line.empty() || line[0] != '#') break;  // the leading comment ends
    const std::size_t hashes = line.find_first_not_of('#');
    const std::string text = hashes == std::string::npos ? "" : trimmed(line.substr(hashes));
    if (!inside) {
      if (text.rfind("Question:", 0) != 0) continue;
      inside = true;
      question = trimmed(text.substr(9));
    } else {
      if (text.empty()) break;  // a bare "#" ends the paragraph
      question += " " + text;
    }
    const std::size_t mark = question.find('?');
    if (mark != std::string::npos) return question.substr(0, mark + 1);
  }
  return question;
}

RunDetails read_run_details(const Sweep& sweep, int baseline) {
  RunDetails out;
  out.table.dir = sweep.dir;
  out.table.arms = sweep.arms;
  out.table.grid_points = sweep.grid_points;
  out.table.replicates = sweep.replicates;
  out.table.run_id = sweep.run_id;
  out.table.arm = sweep.arm;
  out.table.point = sweep.point;
  out.table.replicate = sweep.replicate;
  out.table.run_status = sweep.run_status;
  out.interventions.assign(sweep.arms.size(), {});
  out.interventions_known.assign(sweep.arms.size(), 0);

  // The first done run of the baseline (else of any arm) gives the question, the city and the map.
  std::string first;
  for (std::size_t r = 0; r < sweep.runs() && first.empty(); ++r) {
    if (sweep.done(r) && sweep.arm[r] == baseline) first = run_path(sweep, r);
  }
  for (std::size_t r = 0; r < sweep.runs() && first.empty(); ++r) {
    if (sweep.done(r)) first = run_path(sweep, r);
  }

  std::vector<std::map<std::string, double>> rows(sweep.runs());
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    const std::string path = sweep.done(r) ? run_path(sweep, r) : "";
    std::error_code ec;
    if (path.empty() || !fs::is_regular_file(path, ec)) continue;  // the series pass reports it
    try {
      rows[r] = figures_of(path);
      ++out.files_read;
      if (!out.interventions_known[sweep.arm[r]] && io::h5::Reader(path).exists("/interventions/type")) {
        out.interventions[sweep.arm[r]] = read_interventions(io::h5::Reader(path));
        out.interventions_known[sweep.arm[r]] = 1;
      }
      if (path == first) {
        read_question(sweep, path, out);
        if (io::h5::Reader(path).exists("/geography/districts")) out.districts = districts_of(path);
        out.table.figures.clear();
        set_figures(out.table, rows[r], out.districts);
        io::h5::Reader(path).string_attribute("/summary", "window", &out.window);
      }
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      rows[r].clear();
      out.problems.push_back(sweep.run_id[r] + ": " + reading_message(e));
    }
  }
  if (out.question_source.empty() && out.city.empty()) {
    try {
      read_question(sweep, "", out);
    } catch (const std::exception& e) {
      out.problems.push_back(reading_message(e));
    }
  }
  for (std::size_t r = 0; r < sweep.runs() && out.table.figures.empty(); ++r) {
    if (!rows[r].empty()) set_figures(out.table, rows[r], out.districts);  // the first run's file was unreadable
  }
  if (out.table.figures.empty()) set_figures(out.table, {}, {});
  const std::size_t figures = out.table.figures.size();
  out.table.values.assign(sweep.runs() * figures, kNaN);
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    for (std::size_t f = 0; f < figures; ++f) {
      const auto it = rows[r].find(out.table.figures[f]);
      if (it != rows[r].end()) out.table.values[r * figures + f] = it->second;
    }
  }
  out.pairs = pair_up(out.table, baseline);
  return out;
}

}  // namespace civicsim::viz::compare
