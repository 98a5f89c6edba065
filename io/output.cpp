// The run's HDF5 file, laid out as MODEL.md §10 and docs/output.md say. The dimension scales are
// created in /dims and hard-linked into /series and /daily: netCDF readers (h5netcdf, netCDF4)
// resolve a dimension only in the variable's own group or an ancestor, and xarray gives a group
// its coordinate values only from variables of that group.
#include "io/output.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>

#include "io/h5_chunks.hpp"
#include "io/h5_file.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_scales.hpp"
#include "io/h5_write.hpp"
#include "io/output_districts.hpp"
#include "io/output_geography.hpp"
#include "io/output_interventions.hpp"
#include "io/output_names.hpp"
#include "io/output_summary.hpp"

namespace civicsim::io {

namespace {

using h5::Handle;

using out::kChannelDim;
using out::kDayDim;
using out::kDistrictDim;
using out::kGroupDim;
using out::kTimeDim;

constexpr int kDeflateLevel = 1;

constexpr const char* kSeriesDescriptions[kSeriesMetrics] = {
    "contacts that chose the channel",
    "services started",
    "services started with zero wait",
    "services finished",
    "services finished with the need met",
    "requests that left the queue (patience ran out, or the hall closed)",
    "digital-human sessions handed to a human channel",
    "sum of waits over services started",
    "sum of service times over services started",
    "sum of round-trip travel times over in-person arrivals",
    "requests waiting at the end of the interval"};

struct DailyCount {
  const char* name;
  std::vector<std::int64_t> DayRecord::*values;
  const char* description;
  bool in_agents;  // counts citizen agents (units "agents"), not real-world counts (units "1")
};
constexpr DailyCount kDailyCounts[] = {
    {out::kPopulation, &DayRecord::population, "citizen agents living in the district", true},
    {out::kAdopted, &DayRecord::adopted, "agents who use digital government channels", true},
    {out::kInternetAccess, &DayRecord::internet_access, "agents with home internet and a device", true},
    {out::kDailyUnmetNeeds, &DayRecord::unmet_needs, "needs given up during the day (real-world count)", false}};

struct DailyMean {
  const char* name;
  std::vector<double> DayRecord::*values;
  const char* description;
};
constexpr DailyMean kDailyMeans[] = {
    {out::kTrustMean, &DayRecord::trust_mean, "mean trust in digital channels, 0 to 1"},
    {out::kSatisfactionMean, &DayRecord::satisfaction_mean, "mean of the citizens' satisfaction averages, 0 to 1"}};

[[noreturn]] void refuse(const std::string& message) { throw OutputError(io::kExitIoErr, message); }

/// What one agent stands for, appended to the description of every dataset in agent units.
std::string agent_units_note(const RunInfo& info) {
  if (info.agents == 0 || info.residents_15_plus <= 0) {
    return "; agent units: each agent stands for residents aged 15+ / agents residents (about "
           "1/population_scale)";
  }
  char text[160];
  std::snprintf(text, sizeof text, "; agent units: each agent stands for %.6g residents aged 15+ (%.0f / %llu agents)",
                info.residents_15_plus / static_cast<double>(info.agents), info.residents_15_plus,
                static_cast<unsigned long long>(info.agents));
  return text;
}

void validate(const OutputLayout& layout) {
  if (layout.districts.empty()) refuse("invalid output layout: no districts");
  if (layout.days < 1) refuse("invalid output layout: days = " + std::to_string(layout.days));
  if (layout.intervals < 1) {
    refuse("invalid output layout: intervals = " + std::to_string(layout.intervals));
  }
  if (layout.report_seconds < 1) {
    refuse("invalid output layout: report_seconds = " + std::to_string(layout.report_seconds));
  }
  if (const std::string problem = geography_problem(layout.geography, layout.districts.size()); !problem.empty()) {
    refuse("invalid output layout: " + problem);
  }
}

void expect_size(const char* call, const char* field, std::size_t actual, std::size_t expected,
                 const std::string& shape) {
  if (actual != expected) {
    refuse(std::string(call) + ": " + field + " has " + std::to_string(actual) + " values, expected " +
           std::to_string(expected) + " (" + shape + ")");
  }
}

}  // namespace

struct OutputFile::Impl {
  OutputLayout layout;
  std::string agent_units;  // agent_units_note of the run
  hsize_t D;
  h5::AtomicFile file;  // declared first: destroyed (and, unless finished, deleted) last
  struct Dimension {
    Handle scale;  // the dimension scale dataset in /dims
    hsize_t size = 0;
  };
  Dimension time, district, group, channel, day;
  std::array<Handle, kSeriesMetrics> series;
  Handle servers_on_duty;
  std::array<Handle, std::size(kDailyCounts)> daily_counts;
  std::array<Handle, std::size(kDailyMeans)> daily_means;
  Handle staff;
  std::vector<h5::ChunkedRows> series_rows, daily_rows;  // series then servers_on_duty; counts, means, staff
  DistrictTally districts_tally;                         // for /summary/district*
  h5::ScaleLinks scale_links;                            // the datasets along each scale
  bool finished = false;

  Impl(const std::string& final_path, bool force, const OutputLayout& layout_, const RunInfo& info)
      : layout(layout_),
        agent_units(agent_units_note(info)),
        D(layout_.districts.size()),
        file(final_path, force),
        districts_tally(D, layout_.warmup_days, layout_.report_seconds) {}
  ~Impl() {
    if (!file.published()) file.drop_contents();  // before any close writes (see h5_file.hpp)
    close_datasets();
  }

  hid_t id() const { return file.id(); }

  void write_provenance(const RunInfo& info) {
    const hid_t root = id();
    h5::write_attribute(root, "civicsim_version", info.civicsim_version);
    h5::write_attribute(root, "schema_version", static_cast<std::int32_t>(info.schema_version));
    h5::write_attribute(root, "scenario_name", info.scenario_name);
    h5::write_attribute(root, "question", info.question);
    h5::write_attribute(root, "start_date", info.start_date);
    h5::write_attribute(root, "seed", static_cast<std::uint64_t>(info.seed));
    h5::write_attribute(root, "backend", info.backend);
    h5::write_attribute(root, "threads", static_cast<std::int32_t>(info.threads));
    h5::write_attribute(root, "device", info.device);
    h5::write_attribute(root, "git_sha", info.git_sha);
    h5::write_attribute(root, "started_utc", info.started_utc);
    if (!info.sweep_run.empty()) {
      h5::write_attribute(root, "sweep_run", info.sweep_run);
      h5::write_attribute(root, "sweep_arm", info.sweep_arm);
      h5::write_attribute(root, "sweep_parameters", info.sweep_parameters);
      h5::write_attribute(root, "sweep_replicate", static_cast<std::int32_t>(info.sweep_replicate));
    }
    h5::write_attribute(root, "resumes", static_cast<std::int32_t>(info.resumes));
    h5::write_attribute(root, "population_scale", info.population_scale);
    h5::write_attribute(root, "agents", static_cast<std::uint64_t>(info.agents));
    h5::write_attribute(root, "wall_seconds", 0.0);  // set by finish()
    h5::write_attribute(root, "status", std::string("running"));
  }

  void write_scenario(const RunInfo& info) {
    const h5::Storage contiguous;
    Handle type = h5::utf8_string_type();
    h5::create_group(id(), out::kScenario);
    Handle yaml = h5::create_dataset(id(), out::path(out::kScenario, out::kScenarioYaml), type.get(), {}, contiguous,
                                     "1", "the scenario file exactly as given");
    h5::write_scalar(yaml.get(), without_nul(info.scenario_yaml, "the scenario text"));
    Handle resolved = h5::create_dataset(id(), out::path(out::kScenario, out::kScenarioResolved), type.get(), {},
                                         contiguous, "1", "every parameter after defaults");
    h5::write_scalar(resolved.get(), without_nul(info.scenario_resolved, "the resolved scenario"));
  }

  Dimension scale(const char* name, hid_t type, hsize_t size, const char* units, const char* description) {
    Handle dataset =
        h5::create_dataset(id(), out::path(out::kDims, name), type, {size}, h5::Storage{}, units, description);
    h5::make_scale(dataset.get(), name);
    return {std::move(dataset), size};
  }

  void write_dims() {
    h5::create_group(id(), out::kDims);
    Handle text = h5::utf8_string_type();
    const hid_t int64 = h5::TypeOf<std::int64_t>::file();

    time = scale(kTimeDim, int64, layout.intervals, "s",
                 "end of each report interval, in seconds from the scenario start");
    std::vector<std::int64_t> ends(layout.intervals);
    for (int t = 0; t < layout.intervals; ++t) {
      ends[t] = static_cast<std::int64_t>(t + 1) * layout.report_seconds;
    }
    h5::write_all(time.scale.get(), ends);

    district = scale(kDistrictDim, text.get(), D, "1", "district names (home district)");
    h5::write_all(district.scale.get(), layout.districts);
    group = scale(kGroupDim, text.get(), kGroups, "1", "reporting groups of citizens");
    h5::write_all(group.scale.get(), std::vector<std::string>(kGroupNames, kGroupNames + kGroups));
    channel = scale(kChannelDim, text.get(), kChannels, "1", "service channels");
    h5::write_all(channel.scale.get(), std::vector<std::string>(kChannelNames, kChannelNames + kChannels));

    day = scale(kDayDim, int64, layout.days, "day", "day of the run, from 0");
    std::vector<std::int64_t> day_numbers(layout.days);
    for (int d = 0; d < layout.days; ++d) day_numbers[d] = d;
    h5::write_all(day.scale.get(), day_numbers);

    // Each group that uses a dimension holds it too: the same scale object under a second name.
    h5::create_group(id(), out::kSeries);
    for (const char* name : {kTimeDim, kDistrictDim, kGroupDim, kChannelDim}) {
      h5::hard_link(id(), out::path(out::kDims, name), out::path(out::kSeries, name));
    }
    h5::create_group(id(), out::kDaily);
    for (const char* name : {kDayDim, kDistrictDim, kGroupDim, kChannelDim}) {
      h5::hard_link(id(), out::path(out::kDims, name), out::path(out::kDaily, name));
    }
  }

  /// A chunked, compressed dataset over `axes` (time or day first), with their scales attached,
  /// and a buffer in `rows` that gathers a chunk's rows for it.
  template <class T>
  Handle table(const std::string& path, std::initializer_list<const Dimension*> axes, const char* units,
               const char* description, std::vector<h5::ChunkedRows>& rows) {
    std::vector<hsize_t> shape;
    for (const Dimension* axis : axes) shape.push_back(axis->size);
    const h5::Storage storage{h5::row_chunks(shape, sizeof(T)), kDeflateLevel};
    Handle dataset = h5::create_dataset(id(), path, h5::TypeOf<T>::file(), shape, storage, units, description);
    std::vector<hid_t> scales;
    for (const Dimension* axis : axes) scales.push_back(axis->scale.get());
    scale_links.attach(dataset.get(), scales);
    rows.emplace_back(dataset.get(), h5::TypeOf<T>::memory(), shape, storage.chunk);
    return dataset;
  }

  void flush_rows() {
    for (h5::ChunkedRows& b : series_rows) b.flush();
    for (h5::ChunkedRows& b : daily_rows) b.flush();
  }

  void create_series() {
    for (int m = 0; m < kSeriesMetrics; ++m) {
      series[m] =
          table<std::int64_t>(out::path(out::kSeries, kSeriesMetricNames[m]), {&time, &district, &group, &channel},
                              kSeriesMetricUnits[m], kSeriesDescriptions[m], series_rows);
    }
    servers_on_duty =
        table<std::int64_t>(out::path(out::kSeries, out::kServersOnDuty), {&time, &district, &channel}, "1",
                            "staff on duty, real headcount (digital_human: concurrent sessions)", series_rows);
  }

  void create_daily() {
    for (std::size_t i = 0; i < daily_counts.size(); ++i) {
      const DailyCount& count = kDailyCounts[i];
      const std::string description = count.description + (count.in_agents ? agent_units : std::string());
      daily_counts[i] = table<std::int64_t>(out::path(out::kDaily, count.name), {&day, &district, &group},
                                            count.in_agents ? "agents" : "1", description.c_str(), daily_rows);
    }
    for (std::size_t i = 0; i < daily_means.size(); ++i) {
      daily_means[i] = table<double>(out::path(out::kDaily, kDailyMeans[i].name), {&day, &district, &group}, "1",
                                     kDailyMeans[i].description, daily_rows);
    }
    staff = table<std::int64_t>(out::path(out::kDaily, out::kStaff), {&day, &district, &channel}, "1",
                                "employed staff, real headcount (digital_human: sessions)", daily_rows);
  }

  void close_datasets() {
    for (Handle* handle :
         {&time.scale, &district.scale, &group.scale, &channel.scale, &day.scale, &servers_on_duty, &staff}) {
      handle->reset();
    }
    for (auto& dataset : series) dataset.reset();
    for (auto& dataset : daily_counts) dataset.reset();
    for (auto& dataset : daily_means) dataset.reset();
  }

  void flush() { h5::check(H5Fflush(id(), H5F_SCOPE_GLOBAL), "flushing", file.temporary_path()); }

  void write_summary(const RunSummary& s) {
    write_summary_group(id(), SummaryAxes{group.scale.get(), group.size, channel.scale.get(), channel.size}, s,
                        scale_links);
    if (layout.geography.districts.empty()) return;
    write_district_summary(id(), DistrictAxes{district.scale.get(), channel.scale.get()}, layout.geography.districts,
                           districts_tally.sums(s.window_first_day), s.window_first_day, s.window_days, scale_links);
  }

  void expect_open(const char* call) const {
    if (finished) {
      refuse(std::string(call) + ": output file '" + file.final_path() + "' is already finished");
    }
  }
};

OutputFile::OutputFile(const std::string& final_path, bool force, const OutputLayout& layout, const RunInfo& info) {
  validate(layout);
  // Any failure below destroys impl_, which deletes the temporary file.
  impl_ = std::make_unique<Impl>(final_path, force, layout, info);
  impl_->write_provenance(info);
  impl_->write_scenario(info);
  impl_->write_dims();
  write_geography_group(impl_->id(), impl_->district.scale.get(), layout.geography, impl_->scale_links);
  impl_->create_series();
  impl_->create_daily();
  impl_->scale_links.write_references(impl_->id());
  impl_->flush();  // the temporary file is a readable HDF5 file with status = "running"
}

OutputFile::~OutputFile() = default;

void OutputFile::write_interval(int t, const IntervalRecord& record) {
  Impl& o = *impl_;
  o.expect_open("write_interval");
  if (t < 0 || t >= o.layout.intervals) {
    refuse("write_interval: interval " + std::to_string(t) + " is outside 0.." +
           std::to_string(o.layout.intervals - 1));
  }
  const std::size_t cell = o.D * kGroups * kChannels;  // one metric's [D, G, C] block
  const std::string districts = std::to_string(o.D) + " districts";
  expect_size("write_interval", "IntervalRecord.series", record.series.size(), kSeriesMetrics * cell,
              std::to_string(kSeriesMetrics) + " metrics x " + districts + " x 4 groups x 4 channels");
  expect_size("write_interval", "IntervalRecord.servers_on_duty", record.servers_on_duty.size(), o.D * kChannels,
              districts + " x 4 channels");
  for (int m = 0; m < kSeriesMetrics; ++m) o.series_rows[m].add(t, record.series.data() + m * cell);
  o.series_rows[kSeriesMetrics].add(t, record.servers_on_duty.data());
  o.districts_tally.add_interval(t, record.series);
}

void OutputFile::write_day(int day, const DayRecord& record) {
  Impl& o = *impl_;
  o.expect_open("write_day");
  if (day < 0 || day >= o.layout.days) {
    refuse("write_day: day " + std::to_string(day) + " is outside 0.." + std::to_string(o.layout.days - 1));
  }
  const std::string by_group = std::to_string(o.D) + " districts x 4 groups";
  for (const auto& field : kDailyCounts) {
    expect_size("write_day", (std::string("DayRecord.") + field.name).c_str(), (record.*field.values).size(),
                o.D * kGroups, by_group);
  }
  for (const auto& field : kDailyMeans) {
    expect_size("write_day", (std::string("DayRecord.") + field.name).c_str(), (record.*field.values).size(),
                o.D * kGroups, by_group);
  }
  expect_size("write_day", "DayRecord.staff", record.staff.size(), o.D * kChannels,
              std::to_string(o.D) + " districts x 4 channels");
  std::size_t b = 0;
  for (std::size_t i = 0; i < o.daily_counts.size(); ++i)
    o.daily_rows[b++].add(day, (record.*kDailyCounts[i].values).data());
  for (std::size_t i = 0; i < o.daily_means.size(); ++i)
    o.daily_rows[b++].add(day, (record.*kDailyMeans[i].values).data());
  o.daily_rows[b].add(day, record.staff.data());
  o.districts_tally.add_day(day, record.unmet_needs);
}

void OutputFile::write_summary(const RunSummary& summary) {
  Impl& o = *impl_;
  o.expect_open("write_summary");
  const std::size_t gc = static_cast<std::size_t>(kGroups) * kChannels;
  for (const auto* v : {&summary.arrivals, &summary.served, &summary.abandoned})
    expect_size("write_summary", "RunSummary [G][C] counts", v->size(), gc, "4 groups x 4 channels");
  for (const auto* v : {&summary.wait_mean_seconds, &summary.wait_p50_seconds, &summary.wait_p90_seconds,
                        &summary.wait_p99_seconds, &summary.abandonment_rate})
    expect_size("write_summary", "RunSummary [G][C] figures", v->size(), gc, "4 groups x 4 channels");
  for (const auto* v : {&summary.needs, &summary.resolved, &summary.unmet_needs, &summary.open_needs})
    expect_size("write_summary", "RunSummary [G] counts", v->size(), kGroups, "4 groups");
  for (const auto* v : {&summary.resolution_rate, &summary.first_contact_resolution, &summary.total_time_mean_seconds,
                        &summary.elapsed_mean_seconds, &summary.adoption})
    expect_size("write_summary", "RunSummary [G] figures", v->size(), kGroups, "4 groups");
  o.write_summary(summary);
}

void OutputFile::finish(const std::vector<InterventionRecord>& interventions, double wall_seconds) {
  Impl& o = *impl_;
  o.expect_open("finish");
  o.finished = true;  // whatever happens next, no more writes
  o.flush_rows();
  write_interventions_group(o.id(), interventions, o.agent_units, o.scale_links);
  o.scale_links.write_references(o.id());
  h5::write_attribute(o.id(), "wall_seconds", wall_seconds);
  o.flush();  // a full disk shows here, while the file can still be closed cleanly
  o.close_datasets();
  // Last: a file that says "complete" has everything above on disk.
  h5::write_attribute(o.id(), "status", std::string("complete"));
  o.file.publish();
}

const std::string& OutputFile::final_path() const { return impl_->file.final_path(); }
const std::string& OutputFile::temporary_path() const { return impl_->file.temporary_path(); }

}  // namespace civicsim::io
