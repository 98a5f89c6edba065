#include "viz_export/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <new>

#include "io/data_error.hpp"
#include "io/names.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/sensitivity_data.hpp"

namespace civicsim::viz {
namespace {

constexpr int kMostResamples = 1000000;
constexpr double kNoisy = 0.5;     // noise share above which a figure's indices mostly measure noise
constexpr double kPoorFit = 0.5;   // R^2 of the rank regression below which its ranking is doubtful
constexpr std::size_t kNamed = 6;  // figures named in a warning

/// The columns of --figures, in the order given (repeats once), or every figure.
std::vector<int> chosen_figures(const compare::Sweep& s, const std::vector<std::string>& requested) {
  std::vector<int> out;
  if (requested.empty()) {
    for (int f = 0; f < static_cast<int>(s.figures.size()); ++f) out.push_back(f);
    return out;
  }
  for (const std::string& name : requested) {
    const int f = s.figure_index(name);
    if (f < 0) {
      const std::string close = io::schema::nearest(name, s.figures);
      throw io::UserError(io::kExitUsage, "--figures: unknown figure '" + name + "'" +
                                              (close.empty() ? "" : "; did you mean '" + close + "'?") +
                                              " (names are <figure>/<scope> as in /table/figure of " + s.file +
                                              ", e.g. wait_mean_minutes/all)");
    }
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

std::vector<int> chosen_arms(const compare::Sweep& s, const std::string& requested) {
  const bool named_all = std::find(s.arms.begin(), s.arms.end(), "all") != s.arms.end();
  if (requested != "all" || named_all) return {compare::arm_index(s, requested, "--arm")};
  std::vector<int> out(s.arms.size());
  for (int a = 0; a < static_cast<int>(out.size()); ++a) out[a] = a;
  return out;
}

std::string label_of(const sensitivity::Analysis& a, const sensitivity::FigureIndices& f) {
  return a.sweep.figures[f.figure] + (a.arms.size() > 1 ? " (" + a.sweep.arms[f.arm] + ")" : "");
}

/// "3 figures ...: a, b, c" for the figures that `flagged` picks, or nothing.
void warn_about(SensitivitySummary& summary, const sensitivity::Analysis& a, const std::string& what,
                bool (*flagged)(const sensitivity::FigureIndices&)) {
  std::vector<std::string> names;
  for (const sensitivity::FigureIndices& f : a.results) {
    if (flagged(f)) names.push_back(label_of(a, f));
  }
  if (names.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < names.size() && i < kNamed; ++i) list += (i ? ", " : "") + names[i];
  if (names.size() > kNamed) list += ", ...";
  summary.warnings.push_back(std::to_string(names.size()) + " figure" + (names.size() == 1 ? "" : "s") + " " + what +
                             ": " + list);
}

SensitivitySummary summarise(const sensitivity::Analysis& a) {
  const compare::Sweep& s = a.sweep;
  SensitivitySummary summary;
  summary.scenario_name = s.scenario_name;
  summary.method = a.design.method;
  summary.parameters = a.design.k();
  summary.points = static_cast<int>(s.grid_points.size());
  summary.replicates = s.replicates;
  summary.runs = static_cast<int>(s.runs());
  for (std::size_t r = 0; r < s.runs(); ++r) {
    summary.done_runs += s.run_status[r] == "done";
    summary.failed_runs += s.run_status[r] == "failed";
  }
  for (const sensitivity::FigureIndices& f : a.results) summary.rows += f.indices.size();
  if (s.replicates < 2) {
    summary.warnings.push_back(
        "one replicate per point: replicate noise is not separated from the parameters' effects (noise_share NaN)");
  }
  warn_about(summary, a,
             "where replicate noise is more than half the variance of the point means (their indices "
             "mostly measure noise)",
             [](const sensitivity::FigureIndices& f) { return f.noise_share > kNoisy; });
  warn_about(summary, a,
             "whose rank regression explains less than half of the ranks' variance (R^2 < 0.5: the "
             "ranking is not to be trusted)",
             [](const sensitivity::FigureIndices& f) { return f.r_squared < kPoorFit; });
  warn_about(summary, a, "with no design point left (every run failed, or the figure is undefined)",
             [](const sensitivity::FigureIndices& f) { return f.points_used == 0; });
  return summary;
}

}  // namespace

SensitivitySummary sensitivity_of_sweep(const SensitivityOptions& options) {
  if (options.resamples < 0 || options.resamples > kMostResamples) {
    throw io::UserError(io::kExitUsage, "--resamples " + std::to_string(options.resamples) + " is not in [0, " +
                                            std::to_string(kMostResamples) + "]");
  }
  sensitivity::Analysis a;
  a.sweep = compare::read_sweep(options.sweep_dir);
  a.design = sensitivity::read_design(a.sweep);
  a.bootstrap = sensitivity::Bootstrap{options.resamples, options.seed};
  a.figures = chosen_figures(a.sweep, options.figures);
  a.arms = chosen_arms(a.sweep, options.arm);
  for (int arm : a.arms) {
    for (int figure : a.figures) a.results.push_back(sensitivity::figure_indices(a, arm, figure));
  }
  const std::string out_dir = options.out_dir.empty() ? options.sweep_dir : options.out_dir;
  SensitivitySummary summary = summarise(a);
  summary.written.push_back(sensitivity::write_sensitivity_csv(a, out_dir));
  summary.written.push_back(sensitivity::write_sensitivity_h5(a, out_dir));
  summary.written.push_back(sensitivity::write_sensitivity_html(a, out_dir));
  return summary;
}

int sensitivity_command(const SensitivityOptions& options, std::ostream& err) {
  try {
    const SensitivitySummary s = sensitivity_of_sweep(options);
    for (const std::string& warning : s.warnings) err << "civicsim sensitivity: warning: " << warning << "\n";
    err << "sensitivity (" << s.method << ") of " << s.parameters << " parameter" << (s.parameters == 1 ? "" : "s")
        << " over " << s.points << " design point" << (s.points == 1 ? "" : "s") << " and " << s.replicates
        << " replicate" << (s.replicates == 1 ? "" : "s") << " (" << s.done_runs << " of " << s.runs << " runs done";
    if (s.failed_runs > 0) err << ", " << s.failed_runs << " failed";
    err << "): " << s.rows << " indices; wrote";
    for (std::size_t i = 0; i < s.written.size(); ++i) err << (i ? ", " : " ") << s.written[i];
    err << "\n";
    return io::kExitOk;
  } catch (const std::bad_alloc&) {
    throw;  // the program says "out of memory" (exit 70)
  } catch (const io::UserError& e) {
    err << "civicsim sensitivity: " << e.what() << "\n";
    return e.exit_code;
  } catch (const std::exception& e) {
    err << "civicsim sensitivity: " << e.what() << "\n";
    return io::kExitSoftware;
  }
}

}  // namespace civicsim::viz
