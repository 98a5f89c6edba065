#include "viz_export/window_figures.hpp"

#include <cctype>
#include <limits>

#include "io/h5_reader.hpp"
#include "io/output_names.hpp"
#include "io/scenario.hpp"
#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace civicsim::viz {
namespace {

namespace fig = io::out::summary;  // the /summary figures

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kCells = static_cast<std::size_t>(kGroups) * kChannels;

[[noreturn]] void usage(const std::string& message) { throw WindowError(io::kExitUsage, message); }

/// A day number: digits only (no sign, no spaces); -1 for an empty end.
std::int64_t day_number(const std::string& text, const std::string& whole) {
  if (text.empty()) return -1;
  for (char ch : text)
    if (!std::isdigit(static_cast<unsigned char>(ch)))
      usage("--days takes A:B (whole days, either end may be left out: 7:, :20, 7:20), not '" + whole + "'");
  if (text.size() > 9) usage("--days '" + whole + "': day " + text + " is too large");
  return std::stoll(text);
}

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : kNaN; }

double number_at(const io::h5::Numbers& row, std::size_t i) {
  return row.is_float ? row.floats[i] : static_cast<double>(row.ints[i]);
}

/// Σ over districts of rows `rows` of a [rows, D, ...inner] dataset, by inner cell (`inner` cells).
std::vector<double> sum_rows(const io::h5::Reader& reader, const std::string& path, const std::vector<hsize_t>& rows,
                             std::size_t inner) {
  std::vector<double> sum(inner, 0.0);
  for (hsize_t row : rows) {
    const io::h5::Numbers values = reader.numeric_row(path, row);
    for (std::size_t i = 0; i < values.size(); ++i) sum[i % inner] += number_at(values, i);
  }
  return sum;
}

/// The report intervals of /series whose day, (time_seconds − 1) div 86400, lies in the window.
std::vector<hsize_t> intervals_in(const io::h5::Reader& reader, const DayWindow& w) {
  std::vector<hsize_t> rows;
  const std::vector<std::int64_t> ends = reader.ints_1d(io::out::dims(io::out::kTimeDim));
  for (std::size_t t = 0; t < ends.size(); ++t) {
    const std::int64_t day = (ends[t] - 1) / kSecondsPerDay;
    if (ends[t] >= 1 && day >= w.first && day <= w.last) rows.push_back(t);
  }
  return rows;
}

std::vector<hsize_t> days_in(const DayWindow& w) {
  std::vector<hsize_t> rows;
  for (std::int64_t d = w.first; d <= w.last; ++d) rows.push_back(static_cast<hsize_t>(d));
  return rows;
}

/// The [G, C] figures from /series over the window's intervals.
void add_series_figures(const io::h5::Reader& reader, const DayWindow& w, SummaryValues* s) {
  const std::vector<hsize_t> rows = intervals_in(reader, w);
  for (const char* name : {fig::kArrivals.name, fig::kServed.name, fig::kAbandoned.name})
    s->values[name] = sum_rows(reader, io::out::series(name), rows, kCells);
  const std::vector<double> wait = sum_rows(reader, io::out::series(kSeriesMetricNames[kWaitSecondsSum]), rows, kCells);
  std::vector<double>& mean = s->values[fig::kWaitMeanSeconds.name];
  std::vector<double>& abandonment = s->values[fig::kAbandonmentRate.name];
  for (std::size_t i = 0; i < kCells; ++i) {
    mean.push_back(ratio(wait[i], s->values[fig::kServed.name][i]));
    abandonment.push_back(ratio(s->values[fig::kAbandoned.name][i], s->values[fig::kArrivals.name][i]));
  }
  // Needs met: each is resolved by exactly one service, of any channel.
  const std::vector<double> resolved = sum_rows(reader, io::out::series(kSeriesMetricNames[kResolved]), rows, kCells);
  std::vector<double>& met = s->values[fig::kResolved.name];
  met.assign(kGroups, 0.0);
  for (std::size_t i = 0; i < kCells; ++i) met[i / kChannels] += resolved[i];
}

/// The [G] figures from /daily over the window's days, and the rates built on both.
void add_daily_figures(const io::h5::Reader& reader, const DayWindow& w, SummaryValues* s) {
  s->values[fig::kUnmetNeeds.name] = sum_rows(reader, io::out::daily(io::out::kDailyUnmetNeeds), days_in(w), kGroups);
  const std::vector<hsize_t> last = {static_cast<hsize_t>(w.last)};
  const std::vector<double> adopted = sum_rows(reader, io::out::daily(io::out::kAdopted), last, kGroups);
  const std::vector<double> population = sum_rows(reader, io::out::daily(io::out::kPopulation), last, kGroups);
  for (int g = 0; g < kGroups; ++g) {
    const double met = s->values[fig::kResolved.name][g], unmet = s->values[fig::kUnmetNeeds.name][g];
    s->values[fig::kNeeds.name].push_back(met + unmet);
    s->values[fig::kResolutionRate.name].push_back(ratio(met, met + unmet));
    s->values[fig::kAdoption.name].push_back(ratio(adopted[g], population[g]));
  }
}

std::string window_sentence(const DayWindow& w, std::int64_t days) {
  return "days " + std::to_string(w.first) + " to " + std::to_string(w.last) +
         ", recomputed from /series and /daily (the run has days 0 to " + std::to_string(days - 1) + ")";
}

}  // namespace

DayRange parse_day_range(const std::string& text) {
  DayRange range;
  range.text = text;
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) {
    if (text.empty()) usage("--days needs a value: A:B, A:, :B or A");
    range.first = range.last = day_number(text, text);
    return range;
  }
  if (text.find(':', colon + 1) != std::string::npos) usage("--days takes one ':' (A:B), not '" + text + "'");
  range.first = day_number(text.substr(0, colon), text);
  range.last = day_number(text.substr(colon + 1), text);
  return range;
}

DayWindow resolve_days(const DayRange& range, std::int64_t days, const std::string& file) {
  if (days < 1) throw WindowError(io::kExitNoInput, file + ": /dims/day is empty: the run has no days");
  DayWindow w{range.first < 0 ? 0 : range.first, range.last < 0 ? days - 1 : range.last};
  const std::string has = file + " has days 0 to " + std::to_string(days - 1) + " (/dims/day)";
  if (w.first > days - 1)
    usage("--days " + range.text + ": day " + std::to_string(w.first) + " is after the run: " + has);
  if (w.last > days - 1)
    usage("--days " + range.text + ": day " + std::to_string(w.last) + " is after the run: " + has);
  if (w.first > w.last) usage("--days " + range.text + ": the first day comes after the last");
  return w;
}

const std::vector<std::string>& window_not_recomputed() {
  static const std::vector<std::string> names = {fig::kWaitP50Seconds.name,
                                                 fig::kWaitP90Seconds.name,
                                                 fig::kWaitP99Seconds.name,
                                                 fig::kOpenNeeds.name,
                                                 fig::kFirstContactResolution.name,
                                                 fig::kTotalTimeMeanSeconds.name,
                                                 fig::kElapsedMeanSeconds.name,
                                                 fig::kUrbanRuralTotalTimeRatio.name,
                                                 fig::kElderlyAdultTotalTimeRatio.name,
                                                 fig::kUrbanRuralUnmetRatio.name,
                                                 fig::kElderlyAdultUnmetRatio.name,
                                                 fig::kUrbanRuralElapsedRatio.name,
                                                 fig::kElderlyAdultElapsedRatio.name,
                                                 fig::kCostPerResolvedNeed.name};
  return names;
}

const char* window_not_recomputed_reason() {
  return "wait quantiles, open needs, first-contact resolution, total and elapsed times, their gaps and the cost "
         "per need met come only from the run's own window (time.warmup_days): the file keeps no per-day "
         "histogram of waits and no per-need record";
}

SummaryValues read_window_summary(const std::string& path, const DayRange& range, DayWindow* window) {
  SummaryValues whole;
  try {
    whole = read_summary_values(path);
  } catch (const io::DataError& e) {
    throw WindowError(io::DataError::kExitCode, e.what());
  } catch (const std::exception& e) {
    throw WindowError(io::kExitNoInput, e.what());
  }
  SummaryValues s;
  s.scenario = whole.scenario;
  s.status = whole.status;
  s.sample = whole.sample;
  for (const char* run_wide : {fig::kTotalCost.name, fig::kBudget.name, fig::kUnfundedInterventions.name})
    if (whole.has(run_wide)) s.values[run_wide] = whole.at(run_wide);
  try {
    const io::h5::Reader reader(path);
    const std::vector<hsize_t> day_shape = reader.shape(io::out::dims(io::out::kDayDim));
    const DayWindow w = resolve_days(range, day_shape.empty() ? 0 : static_cast<std::int64_t>(day_shape[0]), path);
    add_series_figures(reader, w, &s);
    add_daily_figures(reader, w, &s);
    s.window = window_sentence(w, static_cast<std::int64_t>(day_shape[0]));
    s.days_first = w.first;
    s.days_last = w.last;
    if (window) *window = w;
  } catch (const WindowError&) {
    throw;
  } catch (const io::DataError& e) {
    throw WindowError(io::DataError::kExitCode, e.what());
  } catch (const std::exception& e) {
    throw WindowError(io::kExitNoInput, e.what());
  }
  return s;
}

}  // namespace civicsim::viz
