// The scale and agents of a sweep's runs for `civicsim compare`: read from the root attributes of
// each done run's file (schema 2), gathered per arm and grid point, and put in one sentence that
// compare.csv, compare.h5 and report.html state. Arms (or grid points) of different scales are
// called out: their counts in agent units are not comparable.
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>

#include "io/data_error.hpp"
#include "viz_export/compare_data.hpp"

namespace civicsim::viz::compare {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kListedCells = 12;

/// The sample of one run's file; not `recorded` when the file is older; nullopt when it is gone
/// or unreadable (the series and details passes report those).
std::optional<RunSample> sample_of(const Sweep& sweep, std::size_t run) {
  const std::string& id = sweep.run_id[run];
  if (id.empty() || id.find('/') != std::string::npos || id.find("..") != std::string::npos) return std::nullopt;
  try {
    return read_run_sample((fs::path(sweep.dir) / "runs" / (id + ".h5")).string());
  } catch (const io::DataError&) {
    throw;  // a crafted file: compare refuses it (exit 65)
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string cell_label(const Sweep& s, int arm, int point) {
  return s.grid_points.size() > 1 ? s.arms[arm] + " g" + std::to_string(point) : s.arms[arm];
}

/// "the arms differ in scale: base 0.05 (201,234 agents), more 0.1 (402,468 agents)".
std::string differing(const Sweep& s, const Samples& out) {
  const int points = static_cast<int>(s.grid_points.size());
  std::set<double> scales;
  bool arms_differ = false;
  for (int p = 0; p < points; ++p) {
    std::set<double> at_point;
    for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
      const RunSample& c = out.at(a, p, points);
      if (!c.recorded) continue;
      at_point.insert(c.population_scale);
      scales.insert(c.population_scale);
    }
    arms_differ = arms_differ || at_point.size() > 1;
  }
  std::string text = arms_differ         ? "the arms differ in scale"
                     : scales.size() > 1 ? "the grid points differ in scale"
                                         : "the runs differ in agents";
  text += " (counts in agent units are not comparable between them): ";
  std::size_t listed = 0;
  for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
    for (int p = 0; p < points; ++p) {
      if (listed++ == kListedCells) return text + ", \xE2\x80\xA6";
      const std::size_t i = static_cast<std::size_t>(a) * points + p;
      text += (listed > 1 ? "; " : "") + cell_label(s, a, p) + ": " +
              (out.mixed[i] ? std::string("runs of different scales") : sample_text(out.cells[i]));
    }
  }
  return text;
}

}  // namespace

Samples read_samples(const Sweep& sweep) {
  const std::size_t cells = sweep.arms.size() * sweep.grid_points.size();
  Samples out;
  out.cells.assign(cells, RunSample{});
  out.mixed.assign(cells, 0);
  std::vector<char> seen(cells, 0);
  bool any_recorded = false, any_unrecorded = false, any_unread = false, all_same = true;
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    if (!sweep.done(r)) continue;
    const std::optional<RunSample> read = sample_of(sweep, r);
    if (!read) {  // no file to judge the scale by: neither mixed nor different
      any_unread = true;
      continue;
    }
    const RunSample& sample = *read;
    (sample.recorded ? any_recorded : any_unrecorded) = true;
    const std::size_t i = static_cast<std::size_t>(sweep.arm[r]) * sweep.grid_points.size() + sweep.point[r];
    if (!seen[i]) {
      seen[i] = 1;
      out.cells[i] = sample;
    } else if (!out.cells[i].same_as(sample)) {
      out.mixed[i] = 1;
    }
    if (!out.common.recorded && sample.recorded) out.common = sample;
    all_same = all_same && (!sample.recorded || sample.same_as(out.common));
  }
  for (std::size_t i = 0; i < cells; ++i) {
    if (out.mixed[i]) out.cells[i] = RunSample{};
  }
  out.uniform = any_recorded && !any_unrecorded && all_same;
  if (!any_recorded) {
    out.common = RunSample{};
    out.statement =
        "Sample: scale not recorded in the run files (they predate population_scale and agents); "
        "their counts may be in agent units";
  } else if (out.uniform) {
    out.statement = sample_sentence(out.common) + (any_unread ? " (every run whose file was read)" : " (every run)");
  } else {
    out.statement = "Sample: " + differing(sweep, out) + (any_unrecorded ? "; some run files do not record it" : "");
    out.common = RunSample{};
  }
  return out;
}

}  // namespace civicsim::viz::compare
