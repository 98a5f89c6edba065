// The reported quantities: the names and units of MODEL.md §10, and the flat layouts the engine
// accumulates them in. Plain data; the HDF5 writer (io/output) and the tests read these tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace civicsim {

// The metric indices (enum SeriesMetric) live in kernels/views.hpp, where the rules count them.
constexpr const char* kSeriesMetricNames[kSeriesMetrics] = {
    "arrivals",  "served",           "served_immediately",  "completed",          "resolved",    "abandoned",
    "escalated", "wait_seconds_sum", "service_seconds_sum", "travel_seconds_sum", "queue_length"};
constexpr const char* kSeriesMetricUnits[kSeriesMetrics] = {"1", "1", "1", "1", "1", "1", "1", "s", "s", "s", "1"};

/// One report interval: series[m][d][g][c] flattened, and servers_on_duty[d][c].
struct IntervalRecord {
  std::vector<std::int64_t> series;           // kSeriesMetrics * D * kGroups * kChannels
  std::vector<std::int64_t> servers_on_duty;  // D * kChannels

  /// Every table in the one order of the records log: f(name, vector).
  template <class Self, class F>
  static void for_each_table(Self& self, F&& f) {
    f("series", self.series);
    f("servers_on_duty", self.servers_on_duty);
  }
};

/// One day, reported at its end: [d][g] tables and staff[d][c].
struct DayRecord {
  std::vector<std::int64_t> population;       // agents
  std::vector<std::int64_t> adopted;          // agents who use digital government channels
  std::vector<std::int64_t> internet_access;  // agents with home internet and a device
  std::vector<double> trust_mean;             // mean trust in digital channels, [0, 1]
  std::vector<double> satisfaction_mean;      // mean of citizens' satisfaction averages, [0, 1]
  std::vector<std::int64_t> unmet_needs;      // needs given up today
  std::vector<std::int64_t> staff;            // employed service agents (DH: sessions), [d][c]

  /// Every table in the one order of the records log: f(name, vector).
  template <class Self, class F>
  static void for_each_table(Self& self, F&& f) {
    f("population", self.population);
    f("adopted", self.adopted);
    f("internet_access", self.internet_access);
    f("trust_mean", self.trust_mean);
    f("satisfaction_mean", self.satisfaction_mean);
    f("unmet_needs", self.unmet_needs);
    f("staff", self.staff);
  }
};

/// One row of /interventions.
struct InterventionRecord {
  int index = 0;  // position in the scenario's list
  std::string type;
  int start_day = 0;
  int end_day = -1;                      // -1 = until the end of the run
  std::string districts;                 // selector text
  std::int64_t districts_applied = 0;    // number of districts it applied to
  std::int64_t agents_added = 0;         // scaled staff or digital-human sessions added (may be < 0)
  double setup_cost = 0;                 // CNY
  double daily_cost = 0;                 // CNY per day while active
  double total_cost = 0;                 // CNY over the run
  bool applied = false;                  // its start day fell within the run and it was funded
  bool funded = true;                    // false when the scenario's budget could not fund it
  double planned_cost = 0;               // CNY: what it was expected to cost when the budget decided
  std::int64_t citizens_reached = 0;     // agents connected (broadband) or trained (literacy)
  std::int64_t staff_moved = 0;          // agents moved to rural halls (talent_incentive)
  std::int64_t incidents = 0;            // privacy incidents (data_sharing)
  std::int64_t dispatched_sessions = 0;  // sessions served by lent capacity (compute_capacity)
};

/// Headline figures of a run (/summary) over its analysis window: days [window_first_day,
/// window_first_day + window_days), after time.warmup_days. Counts of contacts and needs are
/// real-world counts (agents raise the needs of the residents they stand for). [g][c] tables are
/// flattened group-major.
struct RunSummary {
  int window_first_day = 0;  // time.warmup_days (days before it are left out)
  int window_days = 0;       // days in the window
  // per group and channel
  std::vector<std::int64_t> arrivals, served, abandoned;  // [G][C]
  std::vector<double> wait_mean_seconds;                  // [G][C], over served; NaN if none
  std::vector<double> wait_p50_seconds;                   // [G][C], median, interpolated in its bin; NaN if none
  std::vector<double> wait_p90_seconds;                   // [G][C], 90th percentile; NaN if none
  std::vector<double> wait_p99_seconds;                   // [G][C], 99th percentile; NaN if none
  std::vector<double> abandonment_rate;                   // [G][C], abandoned / arrivals
  // per group, over needs that ended in the window
  std::vector<std::int64_t> needs;               // [G] needs that ended (met or given up)
  std::vector<std::int64_t> resolved;            // [G] ... met
  std::vector<std::int64_t> unmet_needs;         // [G] ... given up (or never servable)
  std::vector<double> resolution_rate;           // [G] resolved / needs (open needs excluded)
  std::vector<double> first_contact_resolution;  // [G] met at the first contact / needs
  std::vector<double> total_time_mean_seconds;   // [G] travel + waits + services of met needs
  std::vector<double> elapsed_mean_seconds;      // [G] arising to end of every need that ended, retry delays included
  std::vector<std::int64_t> open_needs;          // [G] needs still open when the run stopped
  std::vector<double> adoption;                  // [G] adopter share at the end
  // gaps and cost
  double urban_rural_total_time_ratio = 0;    // mean total time of met needs, urban / rural residents
  double elderly_adult_total_time_ratio = 0;  // mean total time of met needs, elderly / adults
  double urban_rural_unmet_ratio = 0;         // share of needs unmet, urban / rural
  double elderly_adult_unmet_ratio = 0;       // share of needs unmet, elderly / adults
  double urban_rural_elapsed_ratio = 0;       // mean arising-to-end time of every need, urban / rural
  double elderly_adult_elapsed_ratio = 0;     // ... elderly / adults
  double total_cost = 0;                      // CNY, all interventions
  double cost_per_resolved_need = 0;          // CNY
  double budget = 0;                          // CNY, budget.total (+inf: none)
  std::int64_t unfunded_interventions = 0;    // interventions the budget could not fund
};

/// Provenance written as root attributes.
struct RunInfo {
  std::string civicsim_version;
  int schema_version = 2;  // of the output file's layout (MODEL.md §10 schema 2), not of the scenario
  std::string scenario_name;
  std::string question;    // the scenario's `question` (root attribute `question`; "" = none given)
  std::string start_date;  // time.start_date (root attribute `start_date`; "" = none: nominal dates)
  std::uint64_t seed = 0;
  std::string backend;
  int threads = 1;
  std::string device;
  std::string git_sha;
  std::string started_utc;
  std::string scenario_yaml;      // /scenario/yaml
  std::string scenario_resolved;  // /scenario/resolved
  // A run of a sweep (docs/sweeps.md): root attributes sweep_run, sweep_arm, sweep_parameters and
  // sweep_replicate say which one. Empty `sweep_run`: not part of a sweep, no attributes.
  std::string sweep_run, sweep_arm, sweep_parameters;
  int sweep_replicate = 0;
  int resumes = 0;  // times the run was resumed from a checkpoint (root attribute `resumes`)
  // The sample: root attributes `population_scale` (population.scale) and `agents` (citizen agents
  // in the run). The residents aged 15+ they stand for go into the descriptions of the datasets
  // that stay in agent units (0: unknown, then the descriptions say "about 1/population_scale").
  double population_scale = 0;
  std::uint64_t agents = 0;
  double residents_15_plus = 0;
};

}  // namespace civicsim
