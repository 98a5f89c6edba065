#include "viz_export/compare.hpp"

#include <new>

#include "io/data_error.hpp"
#include "io/scenario.hpp"
#include "viz_export/compare_data.hpp"

namespace civicsim::viz {

CompareSummary compare_sweep(const CompareOptions& options) {
  compare::Comparison c;
  c.sweep = compare::read_sweep(options.sweep_dir);
  c.baseline = compare::arm_index(c.sweep, options.baseline, "--baseline");
  if (options.days_given) c.days = compare::apply_days(c.sweep, options.days);
  compare::compute_statistics(c);
  c.wait = compare::read_wait_by_day(c.sweep);
  c.samples = compare::read_samples(c.sweep);
  c.details = compare::read_run_details(c.sweep, c.baseline);

  const std::string out_dir = options.out_dir.empty() ? options.sweep_dir : options.out_dir;
  CompareSummary summary;
  summary.written.push_back(compare::write_compare_csv(c, out_dir));
  summary.written.push_back(compare::write_compare_h5(c, out_dir));
  summary.written.push_back(compare::write_report_html(c, out_dir));

  const compare::Sweep& s = c.sweep;
  summary.scenario_name = s.scenario_name;
  summary.baseline = s.arms[c.baseline];
  summary.arms = static_cast<int>(s.arms.size());
  summary.grid_points = static_cast<int>(s.grid_points.size());
  summary.replicates = s.replicates;
  summary.runs = static_cast<int>(s.runs());
  for (std::size_t r = 0; r < s.runs(); ++r) {
    if (s.run_status[r] == "done")
      ++summary.done_runs;
    else if (s.run_status[r] == "failed")
      ++summary.failed_runs;
    else
      ++summary.missing_runs;
  }
  summary.rows = c.differences.size();
  for (const std::string& problem : c.wait.problems) summary.warnings.push_back("series not read: " + problem);
  for (const std::string& problem : c.details.problems) {
    if (problem.find(": missing file ") != std::string::npos) continue;  // the series pass warned of it
    summary.warnings.push_back("summary, districts or interventions not read: " + problem);
  }
  for (const std::string& problem : c.days.problems)
    summary.warnings.push_back("figures over --days not read (NaN, left out of the pairs): " + problem);
  summary.days = c.days.on ? "days " + std::to_string(c.days.first) + " to " + std::to_string(c.days.last) : "";
  if (summary.arms == 1) summary.warnings.push_back("the sweep has one arm: there is nothing to compare it with");
  return summary;
}

int compare_command(const CompareOptions& options, std::ostream& err) {
  try {
    const CompareSummary s = compare_sweep(options);
    for (const std::string& warning : s.warnings) err << "civicsim compare: warning: " << warning << "\n";
    err << "compared " << (s.arms - 1) << " arm" << (s.arms == 2 ? "" : "s") << " with '" << s.baseline << "' over "
        << s.grid_points << " grid point" << (s.grid_points == 1 ? "" : "s") << " and " << s.replicates << " replicate"
        << (s.replicates == 1 ? "" : "s") << " (" << s.done_runs << " of " << s.runs << " runs done";
    if (!s.days.empty()) err << "; waits, abandonment, resolution, unmet needs and adoption over " << s.days;
    if (s.failed_runs > 0) err << ", " << s.failed_runs << " failed";
    if (s.missing_runs > 0) err << ", " << s.missing_runs << " missing";
    err << "); wrote";
    for (std::size_t i = 0; i < s.written.size(); ++i) err << (i ? ", " : " ") << s.written[i];
    err << "\n";
    return io::kExitOk;
  } catch (const CompareError& e) {
    err << "civicsim compare: " << e.what() << "\n";
    return e.exit_code;
  } catch (const std::bad_alloc&) {
    throw;  // the program says "out of memory" (exit 70)
  } catch (const io::DataError& e) {
    err << "civicsim compare: " << e.what() << "\n";
    return io::DataError::kExitCode;
  } catch (const std::exception& e) {
    err << "civicsim compare: " << e.what() << "\n";
    return io::kExitSoftware;
  }
}

}  // namespace civicsim::viz
