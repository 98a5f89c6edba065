// /interventions of a run's file (MODEL.md §10, docs/output.md): one row per intervention of the
// scenario, one 1-D column per field along the `intervention` dimension.
#include "io/output_interventions.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "io/h5_handle.hpp"
#include "io/h5_write.hpp"
#include "io/output_error.hpp"
#include "io/output_names.hpp"

namespace civicsim::io {

using h5::Handle;
using out::kInterventionDim;

std::string without_nul(const std::string& text, const char* what) {
  if (text.find('\0') != std::string::npos) {
    throw OutputError(kExitIoErr, std::string("cannot store ") + what + ": it contains a NUL byte");
  }
  return text;
}

namespace {

/// Writes the 1-D columns of /interventions along the `intervention` dimension.
class Columns {
 public:
  Columns(hid_t file, hid_t scale, h5::ScaleLinks& links) : file_(file), scale_(scale), links_(links) {}
  template <class T>
  void operator()(const char* name, const std::vector<T>& values, const char* units, const char* description) const {
    Handle dataset = h5::create_dataset(file_, out::path(out::kInterventions, name), h5::TypeOf<T>::file(),
                                        {values.size()}, h5::Storage{}, units, description);
    h5::write_all(dataset.get(), values);
    links_.attach(dataset.get(), {scale_});
  }
  void text(const char* name, const std::vector<std::string>& values, const char* description) const {
    Handle type = h5::utf8_string_type();
    Handle dataset = h5::create_dataset(file_, out::path(out::kInterventions, name), type.get(), {values.size()},
                                        h5::Storage{}, "1", description);
    h5::write_all(dataset.get(), values);
    links_.attach(dataset.get(), {scale_});
  }

 private:
  hid_t file_, scale_;
  h5::ScaleLinks& links_;
};

}  // namespace

void write_interventions_group(hid_t file, const std::vector<InterventionRecord>& records,
                               const std::string& agent_units, h5::ScaleLinks& links) {
  const std::size_t n = records.size();
  std::vector<std::int64_t> row(n), index(n), start_day(n), end_day(n), districts_applied(n), agents_added(n),
      citizens_reached(n), staff_moved(n), incidents(n), dispatched(n);
  std::vector<std::string> type(n), districts(n);
  std::vector<double> setup_cost(n), daily_cost(n), total_cost(n), planned_cost(n);
  std::vector<std::int8_t> applied(n), funded(n);
  for (std::size_t i = 0; i < n; ++i) {
    const InterventionRecord& r = records[i];
    row[i] = static_cast<std::int64_t>(i);
    index[i] = r.index;
    type[i] = without_nul(r.type, "an intervention type");
    start_day[i] = r.start_day;
    end_day[i] = r.end_day;
    districts[i] = without_nul(r.districts, "an intervention's districts");
    districts_applied[i] = r.districts_applied;
    agents_added[i] = r.agents_added;
    setup_cost[i] = r.setup_cost;
    daily_cost[i] = r.daily_cost;
    total_cost[i] = r.total_cost;
    applied[i] = r.applied ? 1 : 0;
    funded[i] = r.funded ? 1 : 0;
    planned_cost[i] = r.planned_cost;
    citizens_reached[i] = r.citizens_reached;
    staff_moved[i] = r.staff_moved;
    incidents[i] = r.incidents;
    dispatched[i] = r.dispatched_sessions;
  }
  h5::create_group(file, out::kInterventions);
  Handle scale_id = h5::create_dataset(file, out::path(out::kInterventions, kInterventionDim),
                                       h5::TypeOf<std::int64_t>::file(), {n}, h5::Storage{}, "1", "row number");
  h5::write_all(scale_id.get(), row);
  h5::make_scale(scale_id.get(), kInterventionDim);
  const Columns column(file, scale_id.get(), links);
  namespace col = out::intervention;
  column(col::kIndex, index, "1", "position in the scenario's list of interventions");
  column.text(col::kType, type, "intervention type");
  column(col::kStartDay, start_day, "day", "first day it applies");
  column(col::kEndDay, end_day, "day", "last day it applies; -1 = until the end of the run");
  column.text(col::kDistricts, districts, "district selector as written in the scenario");
  column(col::kDistrictsApplied, districts_applied, "1", "number of districts it applied to");
  column(col::kAgentsAdded, agents_added, "1",
         "staff or digital-human sessions added, real headcount (negative: removed)");
  column(col::kSetupCost, setup_cost, "CNY", "one-off set-up cost");
  column(col::kDailyCost, daily_cost, "CNY/day", "cost per day while active");
  column(col::kTotalCost, total_cost, "CNY", "cost over the run");
  column(col::kApplied, applied, "1", "1 = its start day fell within the run and it was funded");
  column(col::kFunded, funded, "1", "1 = funded; 0 = beyond the scenario's budget (then not applied)");
  column(col::kPlannedCost, planned_cost, "CNY", "cost expected when the budget decided (at its start day)");
  column(col::kCitizensReached, citizens_reached, "agents",
         ("citizen agents connected (broadband) or trained (literacy)" + agent_units).c_str());
  column(col::kStaffMoved, staff_moved, "1",
         "staff moved from urban to rural halls, real headcount (talent_incentive)");
  column(col::kIncidents, incidents, "1", "privacy incidents (data_sharing)");
  column(col::kDispatchedSessions, dispatched, "1",
         "digital-human sessions served by capacity lent from another region (compute_capacity)");
}

}  // namespace civicsim::io
