// The names inside a run's output file (MODEL.md §10, docs/output.md), listed once: the writer
// (io/output.cpp, io/output_summary.cpp) creates these groups and datasets, and the readers
// (viz_export/) look them up. The /series metrics are sim's (kSeriesMetricNames, sim/metrics.hpp).
#pragma once

#include <string>

namespace civicsim::io::out {

// Groups.
inline constexpr char kScenario[] = "/scenario";
inline constexpr char kDims[] = "/dims";
inline constexpr char kSeries[] = "/series";
inline constexpr char kDaily[] = "/daily";
inline constexpr char kSummary[] = "/summary";
inline constexpr char kInterventions[] = "/interventions";
inline constexpr char kGeography[] = "/geography";
inline constexpr char kGeographyDistricts[] = "/geography/districts";
inline constexpr char kGeographyHalls[] = "/geography/halls";
inline constexpr char kSummaryDistrict[] = "/summary/district";            // per district, [D]
inline constexpr char kSummaryDistrictKind[] = "/summary/district_kind";  // per district kind, [K]

/// "<group>/<name>": the path of dataset `name` in `group` ("/dims", "time_seconds").
inline std::string path(const char* group, const char* name) { return std::string(group) + "/" + name; }
inline std::string dims(const char* name) { return path(kDims, name); }
inline std::string series(const char* name) { return path(kSeries, name); }
inline std::string daily(const char* name) { return path(kDaily, name); }

// /scenario's two texts.
inline constexpr char kScenarioYaml[] = "yaml";
inline constexpr char kScenarioResolved[] = "resolved";

// The dimension scales: /dims/<name>, also linked into each group that uses them.
inline constexpr char kTimeDim[] = "time_seconds";
inline constexpr char kDistrictDim[] = "district";
inline constexpr char kGroupDim[] = "group";
inline constexpr char kChannelDim[] = "channel";
inline constexpr char kDayDim[] = "day";
inline constexpr char kInterventionDim[] = "intervention";  // in /interventions only
inline constexpr char kHallDim[] = "hall";                    // in /geography/halls
inline constexpr char kDistrictKindDim[] = "district_kind";   // in /summary/district_kind

// /series, besides the kSeriesMetricNames tables [time, district, group, channel].
inline constexpr char kServersOnDuty[] = "servers_on_duty";  // [time, district, channel]

// /daily: [day, district, group] tables, and staff [day, district, channel].
inline constexpr char kPopulation[] = "population";
inline constexpr char kAdopted[] = "adopted";
inline constexpr char kInternetAccess[] = "internet_access";
inline constexpr char kDailyUnmetNeeds[] = "unmet_needs";
inline constexpr char kTrustMean[] = "trust_mean";
inline constexpr char kSatisfactionMean[] = "satisfaction_mean";
inline constexpr char kStaff[] = "staff";

// /geography/districts [district] and /geography/halls [hall].
namespace geo {
inline constexpr char kName[] = "name";
inline constexpr char kNameZh[] = "name_zh";
inline constexpr char kKind[] = "kind";
inline constexpr char kLat[] = "lat";
inline constexpr char kLon[] = "lon";
inline constexpr char kPopulation[] = "population";
inline constexpr char kAreaKm2[] = "area_km2";
inline constexpr char kUrbanShare[] = "urban_share";
inline constexpr char kShare60Plus[] = "share_60_plus";
inline constexpr char kAgents[] = "agents";
inline constexpr char kHalls[] = "halls";
inline constexpr char kHallDistrict[] = "district";  // /geography/halls: index into /dims/district
inline constexpr char kXm[] = "x_m";
inline constexpr char kYm[] = "y_m";
}  // namespace geo

// /interventions: one column per field, along the `intervention` dimension.
namespace intervention {
inline constexpr char kIndex[] = "index";
inline constexpr char kType[] = "type";
inline constexpr char kStartDay[] = "start_day";
inline constexpr char kEndDay[] = "end_day";
inline constexpr char kDistricts[] = "districts";
inline constexpr char kDistrictsApplied[] = "districts_applied";
inline constexpr char kAgentsAdded[] = "agents_added";
inline constexpr char kSetupCost[] = "setup_cost";
inline constexpr char kDailyCost[] = "daily_cost";
inline constexpr char kTotalCost[] = "total_cost";
inline constexpr char kApplied[] = "applied";
inline constexpr char kFunded[] = "funded";
inline constexpr char kPlannedCost[] = "planned_cost";
inline constexpr char kCitizensReached[] = "citizens_reached";
inline constexpr char kStaffMoved[] = "staff_moved";
inline constexpr char kIncidents[] = "incidents";
inline constexpr char kDispatchedSessions[] = "dispatched_sessions";
}  // namespace intervention

/// The /interventions columns in the order the writer creates them (and docs/output.md lists them).
inline constexpr const char* kInterventionColumns[] = {intervention::kIndex,
                                                       intervention::kType,
                                                       intervention::kStartDay,
                                                       intervention::kEndDay,
                                                       intervention::kDistricts,
                                                       intervention::kDistrictsApplied,
                                                       intervention::kAgentsAdded,
                                                       intervention::kSetupCost,
                                                       intervention::kDailyCost,
                                                       intervention::kTotalCost,
                                                       intervention::kApplied,
                                                       intervention::kFunded,
                                                       intervention::kPlannedCost,
                                                       intervention::kCitizensReached,
                                                       intervention::kStaffMoved,
                                                       intervention::kIncidents,
                                                       intervention::kDispatchedSessions};

/// The axes a /summary figure lies over.
enum class SummaryShape { kScalar, kGroups, kGroupsChannels };

/// One /summary dataset: its name, axes, units attribute and description attribute.
struct SummaryFigure {
  const char* name;
  SummaryShape shape;
  const char* units;
  const char* description;
};

namespace summary {
// [groups, channels]
inline constexpr SummaryFigure kArrivals{"arrivals", SummaryShape::kGroupsChannels, "1",
                                         "contacts that chose the channel (real-world count)"};
inline constexpr SummaryFigure kServed{"served", SummaryShape::kGroupsChannels, "1",
                                       "services started (real-world count)"};
inline constexpr SummaryFigure kAbandoned{"abandoned", SummaryShape::kGroupsChannels, "1",
                                          "left the queue unserved (real-world count)"};
inline constexpr SummaryFigure kWaitMeanSeconds{"wait_mean_seconds", SummaryShape::kGroupsChannels, "s",
                                                "mean wait of those served (NaN: none served)"};
inline constexpr SummaryFigure kWaitP50Seconds{
    "wait_p50_seconds", SummaryShape::kGroupsChannels, "s",

    "median of the wait of those served: exact below an hour (whole seconds), interpolated within 1-minute bins above"};
inline constexpr SummaryFigure kWaitP90Seconds{"wait_p90_seconds", SummaryShape::kGroupsChannels, "s",

                                               "90th percentile of the wait of those served: exact below an hour "
                                               "(whole seconds), interpolated within 1-minute bins above"};
inline constexpr SummaryFigure kWaitP99Seconds{"wait_p99_seconds", SummaryShape::kGroupsChannels, "s",

                                               "99th percentile of the wait of those served: exact below an hour "
                                               "(whole seconds), interpolated within 1-minute bins above"};
inline constexpr SummaryFigure kAbandonmentRate{"abandonment_rate", SummaryShape::kGroupsChannels, "1",
                                                "abandoned / arrivals"};
// [groups]
inline constexpr SummaryFigure kNeeds{"needs", SummaryShape::kGroups, "1",
                                      "needs that ended in the window, met or unmet (real-world count)"};
inline constexpr SummaryFigure kResolved{"resolved", SummaryShape::kGroups, "1", "needs met (real-world count)"};
inline constexpr SummaryFigure kUnmetNeeds{
    "unmet_needs", SummaryShape::kGroups, "1",
    "needs given up, or that no channel could serve before the run's end (real-world count)"};
inline constexpr SummaryFigure kOpenNeeds{
    "open_needs", SummaryShape::kGroups, "1",
    "needs still open when the run stopped: neither met nor unmet, left out of the rates (real-world count)"};
inline constexpr SummaryFigure kResolutionRate{"resolution_rate", SummaryShape::kGroups, "1",
                                               "needs met / needs that ended (open needs left out)"};
inline constexpr SummaryFigure kFirstContactResolution{"first_contact_resolution", SummaryShape::kGroups, "1",
                                                       "needs met at the first contact / needs that ended"};
inline constexpr SummaryFigure kTotalTimeMeanSeconds{"total_time_mean_seconds", SummaryShape::kGroups, "s",
                                                     "mean travel + waits + services of met needs, over all attempts"};
inline constexpr SummaryFigure kElapsedMeanSeconds{
    "elapsed_mean_seconds", SummaryShape::kGroups, "s",
    "mean time from a need's arising to its end, met or unmet, time between retries included"};
inline constexpr SummaryFigure kAdoption{"adoption", SummaryShape::kGroups, "1",
                                         "share of citizens using digital government channels, last day"};
// scalars
inline constexpr SummaryFigure kUrbanRuralTotalTimeRatio{"urban_rural_total_time_ratio", SummaryShape::kScalar, "1",
                                                         "mean total time of met needs, urban / rural residents"};
inline constexpr SummaryFigure kElderlyAdultTotalTimeRatio{"elderly_adult_total_time_ratio", SummaryShape::kScalar, "1",
                                                           "mean total time of met needs, elderly / adults"};
inline constexpr SummaryFigure kUrbanRuralUnmetRatio{"urban_rural_unmet_ratio", SummaryShape::kScalar, "1",
                                                     "share of needs unmet, urban / rural residents"};
inline constexpr SummaryFigure kElderlyAdultUnmetRatio{"elderly_adult_unmet_ratio", SummaryShape::kScalar, "1",
                                                       "share of needs unmet, elderly / adults"};
inline constexpr SummaryFigure kUrbanRuralElapsedRatio{
    "urban_rural_elapsed_ratio", SummaryShape::kScalar, "1",
    "mean time from arising to end of every need that ended, urban / rural residents"};
inline constexpr SummaryFigure kElderlyAdultElapsedRatio{
    "elderly_adult_elapsed_ratio", SummaryShape::kScalar, "1",
    "mean time from arising to end of every need that ended, elderly / adults"};
inline constexpr SummaryFigure kTotalCost{"total_cost", SummaryShape::kScalar, "CNY",
                                          "cost of all interventions over the run"};
inline constexpr SummaryFigure kCostPerResolvedNeed{
    "cost_per_resolved_need", SummaryShape::kScalar, "CNY",
    "cost of the interventions in the window / needs met in it (real CNY per real need)"};
inline constexpr SummaryFigure kBudget{"budget", SummaryShape::kScalar, "CNY",
                                       "budget.total of the scenario (inf: no budget)"};
inline constexpr SummaryFigure kUnfundedInterventions{"unfunded_interventions", SummaryShape::kScalar, "1",
                                                      "interventions the budget could not fund (not applied)"};
}  // namespace summary

/// Every /summary figure, in the order the writer creates them.
inline constexpr const SummaryFigure* kSummaryFigures[] = {
    &summary::kArrivals,
    &summary::kServed,
    &summary::kAbandoned,
    &summary::kWaitMeanSeconds,
    &summary::kWaitP50Seconds,
    &summary::kWaitP90Seconds,
    &summary::kWaitP99Seconds,
    &summary::kAbandonmentRate,
    &summary::kNeeds,
    &summary::kResolved,
    &summary::kUnmetNeeds,
    &summary::kOpenNeeds,
    &summary::kResolutionRate,
    &summary::kFirstContactResolution,
    &summary::kTotalTimeMeanSeconds,
    &summary::kElapsedMeanSeconds,
    &summary::kAdoption,
    &summary::kUrbanRuralTotalTimeRatio,
    &summary::kElderlyAdultTotalTimeRatio,
    &summary::kUrbanRuralUnmetRatio,
    &summary::kElderlyAdultUnmetRatio,
    &summary::kUrbanRuralElapsedRatio,
    &summary::kElderlyAdultElapsedRatio,
    &summary::kTotalCost,
    &summary::kCostPerResolvedNeed,
    &summary::kBudget,
    &summary::kUnfundedInterventions,
};

/// The /summary figure called `name`; nullptr for one this build does not write.
inline const SummaryFigure* find_summary_figure(const std::string& name) {
  for (const SummaryFigure* figure : kSummaryFigures) {
    if (name == figure->name) return figure;
  }
  return nullptr;
}

}  // namespace civicsim::io::out
