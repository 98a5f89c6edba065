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

std::vector<District> districts_of(const std::string& path) {
  std::vector<District> out;
  for (const DistrictRow& row : read_geography(path).districts) {
    out.push_back(District{row.name, row.kind, row.lat, row.lon, row.population});
  }
  return out;
}

/// The city in a sentence, from where /scenario/resolved says its districts came from.
std::string city_of(const std::string& resolved) {
  std::string detail;
  switch (city_source(resolved, &detail)) {
    case CitySource::kGenerated:
      return "a synthetic city generated by ring_city (rings of districts with made-up positions and populations): "
             "not calibrated to any real place; read the effects as how the mechanisms behave, not as a city's figures";
    case CitySource::kDataFile:
      return "a city from data (" + detail +
             "); how far its behaviour is calibrated is stated in the scenario's comments and docs/calibration.md, "
             "and parameters marked [assumed] there are not";
    case CitySource::kInline:
      return "districts written into the scenario, not checked against data";
    case CitySource::kUnknown:
      break;
  }
  return "not recorded in the run files";
}

/// The question, its source and the city, from the first run file that says (then sweep.h5's text).
void read_question(const Sweep& sweep, const std::string& path, RunDetails& out) {
  std::string yaml, attribute, resolved;
  if (!path.empty()) {
    const io::h5::Reader file(path);
    if (file.string_attribute("/", "question", &attribute) && !attribute.empty()) {
      out.question = attribute;
      out.question_source = "the scenario's question";
    }
    file.scalar_string("/scenario/yaml", &yaml);
    file.scalar_string("/scenario/resolved", &resolved);
  }
  if (yaml.empty()) io::h5::Reader(sweep.file).scalar_string("/scenario/yaml", &yaml);
  if (out.question.empty()) {
    out.question = question_from_yaml(yaml);
    if (!out.question.empty()) out.question_source = "the leading \"# Question:\" comment of the scenario";
  }
  out.city = city_of(resolved);
}

}  // namespace

namespace {

/// Runs `read`, listing its failure under the run's id (never fatal, but for lack of memory).
template <class Read>
bool attempt(RunDetails& out, const std::string& id, Read read) {
  try {
    read();
    return true;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    out.problems.push_back(id + ": " + reading_message(e));
    return false;
  }
}

/// The first done run of the baseline, else of any arm (runs() when there is none).
std::size_t first_run(const Sweep& sweep, int baseline) {
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    if (sweep.done(r) && sweep.arm[r] == baseline) return r;
  }
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    if (sweep.done(r)) return r;
  }
  return sweep.runs();
}

/// The question, the city, the districts and the window from one run's file (then sweep.h5's text).
void read_scenario_facts(const Sweep& sweep, std::size_t run, RunDetails& out) {
  const std::string path = run < sweep.runs() ? run_path(sweep, run) : "";
  std::error_code ec;
  const bool readable = !path.empty() && fs::is_regular_file(path, ec);
  if (readable && attempt(out, sweep.run_id[run], [&] { read_question(sweep, path, out); })) {
    attempt(out, sweep.run_id[run], [&] {
      if (io::h5::Reader(path).exists("/geography/districts")) out.districts = districts_of(path);
      io::h5::Reader(path).string_attribute("/summary", "window", &out.window);
    });
    return;
  }
  attempt(out, sweep.file, [&] { read_question(sweep, "", out); });
}

/// Each done run's figures by name (empty where its file could not be read), and each arm's
/// interventions from the first of its files that has them.
std::vector<std::map<std::string, double>> read_rows(const Sweep& sweep, RunDetails& out) {
  std::vector<std::map<std::string, double>> rows(sweep.runs());
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    const std::string path = sweep.done(r) ? run_path(sweep, r) : "";
    if (path.empty()) continue;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {  // dropped from the pairs: listed with the unreadable ones
      out.problems.push_back(sweep.run_id[r] + ": missing file " + path);
      continue;
    }
    const int arm = sweep.arm[r];
    const bool read = attempt(out, sweep.run_id[r], [&] {
      rows[r] = figures_of(path);
      const io::h5::Reader file(path);
      if (!out.interventions_known[arm] && file.exists("/interventions/type")) {
        out.interventions[arm] = read_interventions(file);  // run_brief_data.hpp
        out.interventions_known[arm] = 1;
      }
    });
    if (!read) rows[r].clear();
    out.files_read += read;
  }
  return rows;
}

}  // namespace

RunDetails read_run_details(const Sweep& sweep, int baseline) {
  RunDetails out;
  Sweep& table = out.table;  // sweep.h5's runs, with the figures read here
  table.dir = sweep.dir;
  table.arms = sweep.arms;
  table.grid_points = sweep.grid_points;
  table.replicates = sweep.replicates;
  table.run_id = sweep.run_id;
  table.arm = sweep.arm;
  table.point = sweep.point;
  table.replicate = sweep.replicate;
  table.run_status = sweep.run_status;
  out.interventions.assign(sweep.arms.size(), {});
  out.interventions_known.assign(sweep.arms.size(), 0);

  const std::size_t first = first_run(sweep, baseline);
  read_scenario_facts(sweep, first, out);
  const std::vector<std::map<std::string, double>> rows = read_rows(sweep, out);
  // The figures: those of the first run's file, else of the first file read.
  std::size_t model = first < sweep.runs() && !rows[first].empty() ? first : 0;
  while (model < rows.size() && rows[model].empty()) ++model;
  set_figures(table, model < rows.size() ? rows[model] : std::map<std::string, double>{}, out.districts);
  const std::size_t figures = table.figures.size();
  table.values.assign(sweep.runs() * figures, kNaN);
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    for (std::size_t f = 0; f < figures; ++f) {
      const auto it = rows[r].find(table.figures[f]);
      if (it != rows[r].end()) table.values[r * figures + f] = it->second;
    }
  }
  out.pairs = pair_up(table, baseline);
  return out;
}

}  // namespace civicsim::viz::compare
