// `civicsim compare DIR --days A:B`: the figures that /series and /daily give exactly over whole
// days (viz_export/window_figures.hpp, the same reading as `civicsim summary --days`) replace
// sweep.h5's in the table, run by run, before the paired differences are taken.
#include <filesystem>

#include "io/scenario.hpp"
#include "viz_export/compare.hpp"
#include "viz_export/compare_data.hpp"
#include "viz_export/figures.hpp"
#include "viz_export/window_figures.hpp"

namespace civicsim::viz::compare {
namespace {

namespace fs = std::filesystem;

/// The catalogue index of each column of sweep.h5's table (-1: not in this civicsim's catalogue).
std::vector<int> catalogue_columns(const Sweep& sweep) {
  const auto& catalogue = figure_catalogue();
  std::vector<int> index(sweep.figures.size(), -1);
  for (std::size_t f = 0; f < sweep.figures.size(); ++f)
    for (std::size_t k = 0; k < catalogue.size(); ++k)
      if (catalogue[k].name == sweep.figures[f]) index[f] = static_cast<int>(k);
  return index;
}

std::string statement_of(const AnalysisDays& days, const Sweep& sweep) {
  std::string recomputed;
  for (std::size_t f = 0; f < sweep.figures.size(); ++f) {
    const std::string figure = split_figure(sweep.figures[f]).first;
    if (days.recomputed[f] && recomputed.find(figure) == std::string::npos)
      recomputed += (recomputed.empty() ? "" : ", ") + figure;
  }
  return "Days " + std::to_string(days.first) + " to " + std::to_string(days.last) +
         " of each run, recomputed from "
         "its /series and /daily: " +
         recomputed +
         ". The other figures (first-contact resolution, total time, "
         "the gaps in total time, costs) are sweep.h5's, over each run's own analysis window "
         "(time.warmup_days): the files keep no per-need record to recompute them";
}

/// Sets the run's recomputed columns from its file (NaN when it cannot be read); returns the
/// days it covered, or false when its file was unreadable.
bool recompute_run(Sweep& sweep, std::size_t run, const DayRange& range, const std::vector<int>& columns,
                   AnalysisDays& days, DayWindow* window) {
  const std::string& id = sweep.run_id[run];
  std::vector<double> figures;
  try {
    if (id.empty() || id.find('/') != std::string::npos || id.find("..") != std::string::npos)
      throw WindowError(io::kExitNoInput, "'" + id + "' is not a run id (a file name under runs/)");
    figures = window_run_figures((fs::path(sweep.dir) / "runs" / (id + ".h5")).string(), range, window);
  } catch (const WindowError& e) {
    if (e.exit_code == io::kExitUsage || e.exit_code == io::kExitDataErr)
      throw CompareError(e.exit_code, "run " + id + ": " + e.what());
    days.problems.push_back(id + ": " + e.what());
  }
  for (std::size_t f = 0; f < columns.size(); ++f)
    if (days.recomputed[f]) sweep.values[run * sweep.figures.size() + f] = figures.empty() ? kNaN : figures[columns[f]];
  return !figures.empty();
}

}  // namespace

AnalysisDays apply_days(Sweep& sweep, const std::string& days_text) {
  AnalysisDays days;
  DayRange range;
  try {
    range = parse_day_range(days_text);
  } catch (const WindowError& e) {
    throw CompareError(e.exit_code, e.what());
  }
  days.on = true;
  const std::vector<int> columns = catalogue_columns(sweep);
  days.recomputed.assign(columns.size(), 0);
  for (std::size_t f = 0; f < columns.size(); ++f)
    days.recomputed[f] = columns[f] >= 0 && figure_in_window(sweep.figures[f]);
  bool first_read = true;
  for (std::size_t r = 0; r < sweep.runs(); ++r) {
    if (!sweep.done(r)) continue;
    DayWindow w;
    if (!recompute_run(sweep, r, range, columns, days, &w)) continue;
    if (first_read) {
      days.first = w.first;
      days.last = w.last;
      first_read = false;
    } else if (w.first != days.first || w.last != days.last) {
      throw CompareError(io::kExitUsage, "--days " + days_text + " gives days " + std::to_string(w.first) + " to " +
                                             std::to_string(w.last) + " in run " + sweep.run_id[r] + " but " +
                                             std::to_string(days.first) + " to " + std::to_string(days.last) +
                                             " in others (runs of different lengths): give both ends");
    }
  }
  if (first_read && !days.problems.empty())
    throw CompareError(io::kExitNoInput, "--days: no run file could be read (" + days.problems.front() + ")");
  if (first_read) {  // no run done: the days as given
    days.first = range.first < 0 ? 0 : range.first;
    days.last = range.last < 0 ? days.first : range.last;
  }
  days.statement = statement_of(days, sweep);
  return days;
}

}  // namespace civicsim::viz::compare
