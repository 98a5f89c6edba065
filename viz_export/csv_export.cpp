#include "viz_export/csv_export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/csv_text.hpp"
#include "io/h5_reader.hpp"
#include "io/output_names.hpp"
#include "sim/metrics.hpp"
#include "viz_export/calendar.hpp"
#include "viz_export/csv_tables.hpp"
#include "viz_export/export_common.hpp"
#include "viz_export/run_sample.hpp"

namespace civicsim::viz {
namespace {

namespace fs = std::filesystem;

/// The /daily metrics of MODEL.md §10, in its order (the engine's DayRecord).
constexpr const char* kDailyMetricNames[] = {io::out::kPopulation,       io::out::kAdopted,
                                             io::out::kInternetAccess,   io::out::kTrustMean,
                                             io::out::kSatisfactionMean, io::out::kDailyUnmetNeeds};

using io::csv_field;

/// A CSV file of the export folder, replacing an existing one only with --force.
class CsvFile : public exporting::TextFile {
 public:
  CsvFile(const CsvFolder& out, const std::string& name)
      : TextFile((fs::path(out.dir) / name).string(), out.force, "CSV file", *out.batch) {}
};

using exporting::is_metric;
using exporting::number_text;
using exporting::ordered_metrics;

struct Dims {
  std::vector<std::int64_t> time_seconds;
  std::vector<std::int64_t> day;
  std::vector<std::string> district;
  std::vector<std::string> group;
  std::vector<std::string> channel;
};

Dims read_dims(const io::h5::Reader& file) {
  Dims dims;
  dims.time_seconds = file.ints_1d(io::out::dims(io::out::kTimeDim));
  dims.day = file.ints_1d(io::out::dims(io::out::kDayDim));
  dims.district = file.strings_1d(io::out::dims(io::out::kDistrictDim));
  dims.group = file.strings_1d(io::out::dims(io::out::kGroupDim));
  dims.channel = file.strings_1d(io::out::dims(io::out::kChannelDim));
  return dims;
}

std::string shape_text(const std::vector<hsize_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

void check_shape(const io::h5::Reader& file, const std::string& path, const std::vector<hsize_t>& expected,
                 const char* axes) {
  const std::vector<hsize_t> shape = file.shape(path);
  if (shape != expected) {
    file.refuse(path + " has shape " + shape_text(shape) + "; expected " + axes + " = " + shape_text(expected));
  }
}

/// One labelled axis of a table: its name, the (already CSV-quoted) cells of each index and their
/// header, the name unless the axis fills two columns (a time and its date).
struct Axis {
  std::string name;
  std::vector<std::string> labels;
  std::string header;
};

Axis axis(const std::string& name, const std::vector<std::string>& values) {
  Axis a{name, {}, name};
  for (const std::string& v : values) a.labels.push_back(csv_field(v));
  return a;
}

/// The time axis of /series: time_seconds (the end of each interval) and the same instant as an
/// ISO 8601 date and time of the nominal calendar.
Axis time_axis(const std::vector<std::int64_t>& seconds, const NominalCalendar& calendar) {
  Axis a{io::out::kTimeDim, {}, std::string(io::out::kTimeDim) + ",nominal_time"};
  for (std::int64_t s : seconds) a.labels.push_back(std::to_string(s) + "," + calendar.date_time(s));
  return a;
}

/// The day axis of /daily: the day and its ISO 8601 date in the nominal calendar.
Axis day_axis(const std::vector<std::int64_t>& days, const NominalCalendar& calendar) {
  Axis a{io::out::kDayDim, {}, std::string(io::out::kDayDim) + ",nominal_date"};
  for (std::int64_t d : days) a.labels.push_back(std::to_string(d) + "," + calendar.date(d));
  return a;
}

/// One value column of a long table: `metric` (a dataset of the group) under `header`. With
/// `per_resident_scale` > 0 the column is the metric in real residents instead: each value divided
/// by population.scale, rounded to a whole number.
struct Column {
  std::string metric;
  std::string header;
  double per_resident_scale = 0;
};

std::vector<Column> plain_columns(const std::vector<std::string>& metrics) {
  std::vector<Column> columns;
  for (const std::string& m : metrics) columns.push_back({m, m});
  return columns;
}

void append_value(std::string& line, const Column& column, const io::h5::Numbers& numbers, std::size_t i) {
  if (column.per_resident_scale <= 0) {
    line += number_text(numbers, i);
    return;
  }
  const double agents = numbers.is_float ? numbers.floats[i] : static_cast<double>(numbers.ints[i]);
  const double residents = agents / column.per_resident_scale;
  line += std::isfinite(residents) ? std::to_string(std::llround(residents)) : io::h5::format_double(residents);
}

/// Writes `name` as a long table: one line per cell of `axes` (the first axis outermost), one
/// column per entry of `columns`. Every metric is a dataset in `group` whose shape is the axes'
/// lengths; it is read one index of the first axis at a time, so memory does not grow with the
/// run's length.
void write_long_table(const io::h5::Reader& file, const CsvFolder& out, const std::string& name,
                      const std::string& group, const std::vector<Axis>& axes, const std::vector<Column>& columns) {
  std::vector<hsize_t> shape;
  std::string axes_text = "[";
  for (const Axis& a : axes) {
    shape.push_back(a.labels.size());
    axes_text += (shape.size() > 1 ? ", " : "") + a.name;
  }
  axes_text += "]";
  for (const Column& c : columns) check_shape(file, group + "/" + c.metric, shape, axes_text.c_str());

  CsvFile csv(out, name);
  std::string line;
  for (const Axis& a : axes) line += (line.empty() ? "" : ",") + a.header;
  for (const Column& c : columns) line += "," + csv_field(c.header);
  csv.line(line);

  std::size_t cells_per_row = 1;  // product of the axes after the first
  for (std::size_t k = 1; k < axes.size(); ++k) cells_per_row *= axes[k].labels.size();
  std::vector<io::h5::Numbers> rows(columns.size());
  std::vector<std::size_t> index(axes.size(), 0);
  for (std::size_t r = 0; r < shape[0]; ++r) {
    for (std::size_t m = 0; m < columns.size(); ++m) rows[m] = file.numeric_row(group + "/" + columns[m].metric, r);
    for (std::size_t i = 0; i < cells_per_row; ++i) {
      std::size_t rest = i;  // row-major: the last axis varies fastest
      for (std::size_t k = axes.size() - 1; k >= 1; --k) {
        index[k] = rest % axes[k].labels.size();
        rest /= axes[k].labels.size();
      }
      line = axes[0].labels[r];
      for (std::size_t k = 1; k < axes.size(); ++k) line += "," + axes[k].labels[index[k]];
      for (std::size_t m = 0; m < columns.size(); ++m) {
        line += ',';
        append_value(line, columns[m], rows[m], i);
      }
      csv.line(line);
    }
  }
  csv.commit();
}

std::size_t rank_of(const io::h5::Reader& file, const std::string& path) {
  return file.is_dataset(path) ? file.shape(path).size() : 0;
}

void export_series(const io::h5::Reader& file, const Dims& dims, const NominalCalendar& calendar,
                   const CsvFolder& out) {
  std::vector<std::string> known(kSeriesMetricNames, kSeriesMetricNames + kSeriesMetrics);
  known.push_back(io::out::kServersOnDuty);
  for (const std::string& name : file.members(io::out::kSeries)) {
    const std::string path = io::out::series(name.c_str());
    if (is_metric(file, path) && rank_of(file, path) != 3 && rank_of(file, path) != 4) {
      file.fail(path + " has shape " + shape_text(file.shape(path)) +
                "; expected [time_seconds, district, group, channel] or"
                " [time_seconds, district, channel]");
    }
  }
  const std::vector<std::string> by_group = ordered_metrics(
      file, io::out::kSeries, known, [&](const std::string& p) { return is_metric(file, p) && rank_of(file, p) == 4; });
  const std::vector<std::string> by_channel = ordered_metrics(
      file, io::out::kSeries, known, [&](const std::string& p) { return is_metric(file, p) && rank_of(file, p) == 3; });
  if (by_group.empty()) file.fail("/series holds no [time_seconds, district, group, channel] metric");

  const Axis time = time_axis(dims.time_seconds, calendar);
  const Axis district = axis(io::out::kDistrictDim, dims.district);
  const Axis group = axis(io::out::kGroupDim, dims.group);
  const Axis channel = axis(io::out::kChannelDim, dims.channel);
  write_long_table(file, out, "series.csv", io::out::kSeries, {time, district, group, channel},
                   plain_columns(by_group));
  if (!by_channel.empty()) {
    write_long_table(file, out, "servers.csv", io::out::kSeries, {time, district, channel}, plain_columns(by_channel));
  }
}

/// The columns of daily.csv: a dataset whose `units` attribute is "agents" is labelled
/// `<name>_agents`; `population` in agents is followed by `population_real`, the residents aged
/// 15+ they stand for (agents / population_scale, approximately: agents are rounded per district).
std::vector<Column> daily_columns(const io::h5::Reader& file, const std::vector<std::string>& metrics,
                                  const RunSample& sample) {
  std::vector<Column> columns;
  for (const std::string& m : metrics) {
    const bool in_agents = exporting::counts_agents(file, io::out::daily(m.c_str()));
    columns.push_back({m, in_agents ? m + "_agents" : m});
    if (in_agents && m == io::out::kPopulation && sample.recorded && sample.population_scale > 0) {
      columns.push_back({m, "population_real", sample.population_scale});
    }
  }
  return columns;
}

void export_daily(const io::h5::Reader& file, const Dims& dims, const RunSample& sample,
                  const NominalCalendar& calendar, const CsvFolder& out) {
  const std::vector<std::string> known(std::begin(kDailyMetricNames), std::end(kDailyMetricNames));
  const std::vector<std::string> per_channel = {io::out::kStaff};  // [days, D, C]; the rest are [days, D, G]
  auto is_per_channel = [&](const std::string& path) {
    return std::find(per_channel.begin(), per_channel.end(), path.substr(path.rfind('/') + 1)) != per_channel.end();
  };
  const std::vector<std::string> by_group = ordered_metrics(
      file, io::out::kDaily, known, [&](const std::string& p) { return is_metric(file, p) && !is_per_channel(p); });
  const std::vector<std::string> by_channel =
      ordered_metrics(file, io::out::kDaily, per_channel,
                      [&](const std::string& p) { return is_metric(file, p) && is_per_channel(p); });
  if (by_group.empty()) file.fail("/daily holds no [day, district, group] metric");

  const Axis day = day_axis(dims.day, calendar);
  const Axis district = axis(io::out::kDistrictDim, dims.district);
  write_long_table(file, out, "daily.csv", io::out::kDaily, {day, district, axis(io::out::kGroupDim, dims.group)},
                   daily_columns(file, by_group, sample));
  if (!by_channel.empty()) {
    write_long_table(file, out, "staff.csv", io::out::kDaily, {day, district, axis(io::out::kChannelDim, dims.channel)},
                     plain_columns(by_channel));
  }
}

/// /interventions as a group of equally long 1-D datasets (a dataset per column, as io/ writes
/// it; its row-number scale is left out) or as a compound dataset (a field per column).
void export_interventions(const io::h5::Reader& file, const CsvFolder& out) {
  const std::string path = io::out::kInterventions;
  if (!file.exists(path)) return;
  std::vector<std::pair<std::string, std::vector<std::string>>> columns;
  if (file.is_dataset(path)) {
    columns = file.table_1d(path);
  } else {
    const std::vector<std::string> known(std::begin(io::out::kInterventionColumns),
                                         std::end(io::out::kInterventionColumns));
    for (const std::string& name :
         ordered_metrics(file, path, known, [&](const std::string& p) { return is_metric(file, p); })) {
      auto table = file.table_1d(path + "/" + name);
      for (auto& column : table) columns.push_back(std::move(column));
    }
  }
  if (columns.empty()) return;
  const std::size_t rows = columns[0].second.size();
  for (const auto& column : columns) {
    if (column.second.size() != rows) {
      file.fail(path + "/" + column.first + " has " + std::to_string(column.second.size()) + " rows; expected " +
                std::to_string(rows) + " like " + path + "/" + columns[0].first);
    }
  }
  CsvFile csv(out, "interventions.csv");
  std::string line;
  for (const auto& column : columns) line += (line.empty() ? "" : ",") + csv_field(column.first);
  csv.line(line);
  for (std::size_t r = 0; r < rows; ++r) {
    line.clear();
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (k) line += ',';
      line += csv_field(columns[k].second[r]);
    }
    csv.line(line);
  }
  csv.commit();
}

/// run.csv: the run's metadata as key,value rows, the sample (scale and agents) and the calendar
/// of the dates included.
void export_run(const io::h5::Reader& file, const RunSample& sample, const NominalCalendar& calendar,
                const CsvFolder& out) {
  CsvFile csv(out, "run.csv");
  csv.line("key,value");
  const auto row = [&](const std::string& key, const std::string& value) { csv.line(key + "," + csv_field(value)); };
  for (const char* name : {"scenario_name", "civicsim_version", "git_sha", "started_utc", "status"}) {
    std::string value;
    file.string_attribute("/", name, &value);
    row(name, value);
  }
  std::uint64_t seed = 0;
  row("seed", file.uint64_attribute("/", "seed", &seed) ? std::to_string(seed) : "");
  row("population_scale", sample.recorded ? io::h5::format_double(sample.population_scale) : "");
  row("agents", sample.recorded ? std::to_string(sample.agents) : "");
  row("residents_per_agent", sample.recorded ? short_number(sample.residents_per_agent()) : "");
  row("residents_per_agent_basis", sample.recorded ? "1 / population_scale (approximately)" : "");
  row("sample", sample_sentence(sample));
  row("calendar", calendar.basis());
  csv.commit();
}

}  // namespace

std::vector<std::string> csv_file_names() {
  return {"run.csv",           "series.csv",  "servers.csv",   "daily.csv",         "staff.csv",
          "interventions.csv", "summary.csv", "districts.csv", "district_kinds.csv"};
}

std::vector<std::string> export_csv(const std::string& h5_path, const std::string& out_dir, bool force,
                                    ExportBatch* batch) {
  ExportBatch own;
  const io::h5::Reader file(h5_path);
  exporting::require_complete_run(file);
  const Dims dims = read_dims(file);
  const CsvFolder out{out_dir, force, batch ? batch : &own};
  for (const std::string& name : csv_file_names()) {
    io::check_replaceable((fs::path(out_dir) / name).string(), force, "CSV file");
  }
  exporting::create_folder(out_dir);

  const RunSample sample = read_run_sample(file);
  const NominalCalendar calendar = read_calendar(file);
  export_run(file, sample, calendar, out);
  export_series(file, dims, calendar, out);
  export_daily(file, dims, sample, calendar, out);
  export_interventions(file, out);
  std::vector<std::string> notes;
  if (file.exists(io::out::kSummary)) {
    export_summary_csv(file, out);
  } else {
    notes.push_back("summary.csv not written: the file has no /summary");
  }
  if (file.exists("/geography/districts") && file.exists("/summary/district")) {
    export_district_csv(file, out, "district");
    if (file.exists("/summary/district_kind")) export_district_csv(file, out, "district_kind");
  } else {
    notes.push_back(
        "districts.csv and district_kinds.csv not written: the file has no /geography (written by an "
        "older civicsim, schema 1); run its scenario again with this version for them");
  }
  if (!batch) own.commit();
  return notes;
}

}  // namespace civicsim::viz
