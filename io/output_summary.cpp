#include "io/output_summary.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "io/h5_handle.hpp"
#include "io/h5_write.hpp"

namespace civicsim::io {
namespace {

/// A /summary dataset over no axis (a scalar), the groups, or the groups and channels.
class SummaryWriter {
 public:
  SummaryWriter(hid_t file, const SummaryAxes& axes) : file_(file), axes_(axes) {}

  template <class T>
  void by_group_channel(const char* name, const std::vector<T>& values, const char* units, const char* what) const {
    write(name, {axes_.groups, axes_.channels}, {axes_.group_scale, axes_.channel_scale}, values, units, what);
  }
  template <class T>
  void by_group(const char* name, const std::vector<T>& values, const char* units, const char* what) const {
    write(name, {axes_.groups}, {axes_.group_scale}, values, units, what);
  }
  template <class T>
  void scalar(const char* name, T value, const char* units, const char* what) const {
    write(name, {}, {}, std::vector<T>{value}, units, what);
  }

 private:
  template <class T>
  void write(const char* name, const std::vector<hsize_t>& shape, const std::vector<hid_t>& scales,
             const std::vector<T>& values, const char* units, const char* what) const {
    h5::Handle dataset = h5::create_dataset(file_, std::string("/summary/") + name, h5::TypeOf<T>::file(), shape,
                                        h5::Storage{}, units, what);
    h5::write_all(dataset.get(), values);
    for (unsigned axis = 0; axis < scales.size(); ++axis) h5::attach_scale(dataset.get(), scales[axis], axis);
  }
  hid_t file_;
  SummaryAxes axes_;
};

/// The window sentence of /summary's `window` attribute.
std::string window_text(const RunSummary& s) {
  const std::string last = std::to_string(s.window_first_day + s.window_days - 1);
  const std::string days =
      s.window_first_day == 0
          ? "days 0 to " + last + " (the whole run)"
          : "days " + std::to_string(s.window_first_day) + " to " + last + " (the first " +
                std::to_string(s.window_first_day) + " days, time.warmup_days, left out)";
  return days + "; needs still open at the end are counted in open_needs, not in the rates";
}

void write_queue_figures(const SummaryWriter& w, const RunSummary& s) {
  w.by_group_channel("arrivals", s.arrivals, "1", "contacts that chose the channel (real-world count)");
  w.by_group_channel("served", s.served, "1", "services started (real-world count)");
  w.by_group_channel("abandoned", s.abandoned, "1", "left the queue unserved (real-world count)");
  w.by_group_channel("wait_mean_seconds", s.wait_mean_seconds, "s", "mean wait of those served (NaN: none served)");
  const std::string quantile =
      " of the wait of those served: exact below an hour (whole seconds), interpolated within 1-minute bins above";
  w.by_group_channel("wait_p50_seconds", s.wait_p50_seconds, "s", ("median" + quantile).c_str());
  w.by_group_channel("wait_p90_seconds", s.wait_p90_seconds, "s", ("90th percentile" + quantile).c_str());
  w.by_group_channel("wait_p99_seconds", s.wait_p99_seconds, "s", ("99th percentile" + quantile).c_str());
  w.by_group_channel("abandonment_rate", s.abandonment_rate, "1", "abandoned / arrivals");
}

void write_need_figures(const SummaryWriter& w, const RunSummary& s) {
  w.by_group("needs", s.needs, "1", "needs that ended in the window, met or unmet (real-world count)");
  w.by_group("resolved", s.resolved, "1", "needs met (real-world count)");
  w.by_group("unmet_needs", s.unmet_needs, "1",
             "needs given up, or that no channel could serve before the run's end (real-world count)");
  w.by_group("open_needs", s.open_needs, "1",
             "needs still open when the run stopped: neither met nor unmet, left out of the rates (real-world count)");
  w.by_group("resolution_rate", s.resolution_rate, "1", "needs met / needs that ended (open needs left out)");
  w.by_group("first_contact_resolution", s.first_contact_resolution, "1",
             "needs met at the first contact / needs that ended");
  w.by_group("total_time_mean_seconds", s.total_time_mean_seconds, "s",
             "mean travel + waits + services of met needs, over all attempts");
  w.by_group("elapsed_mean_seconds", s.elapsed_mean_seconds, "s",
             "mean time from a need's arising to its end, met or unmet, time between retries included");
  w.by_group("adoption", s.adoption, "1", "share of citizens using digital government channels, last day");
}

void write_gaps_and_cost(const SummaryWriter& w, const RunSummary& s) {
  w.scalar("urban_rural_total_time_ratio", s.urban_rural_total_time_ratio, "1",
           "mean total time of met needs, urban / rural residents");
  w.scalar("elderly_adult_total_time_ratio", s.elderly_adult_total_time_ratio, "1",
           "mean total time of met needs, elderly / adults");
  w.scalar("urban_rural_unmet_ratio", s.urban_rural_unmet_ratio, "1", "share of needs unmet, urban / rural residents");
  w.scalar("elderly_adult_unmet_ratio", s.elderly_adult_unmet_ratio, "1", "share of needs unmet, elderly / adults");
  w.scalar("urban_rural_elapsed_ratio", s.urban_rural_elapsed_ratio, "1",
           "mean time from arising to end of every need that ended, urban / rural residents");
  w.scalar("elderly_adult_elapsed_ratio", s.elderly_adult_elapsed_ratio, "1",
           "mean time from arising to end of every need that ended, elderly / adults");
  w.scalar("total_cost", s.total_cost, "CNY", "cost of all interventions over the run");
  w.scalar("cost_per_resolved_need", s.cost_per_resolved_need, "CNY",
           "cost of the interventions in the window / needs met in it (real CNY per real need)");
  w.scalar("budget", s.budget, "CNY", "budget.total of the scenario (inf: no budget)");
  w.scalar("unfunded_interventions", s.unfunded_interventions, "1",
           "interventions the budget could not fund (not applied)");
}

}  // namespace

void write_summary_group(hid_t file, const SummaryAxes& axes, const RunSummary& s) {
  h5::Handle summary = h5::create_group(file, "/summary");
  h5::write_attribute(summary.get(), "window_first_day", static_cast<std::int32_t>(s.window_first_day));
  h5::write_attribute(summary.get(), "window_days", static_cast<std::int32_t>(s.window_days));
  h5::write_attribute(summary.get(), "window", window_text(s));
  for (const char* name : {"group", "channel"}) h5::hard_link(file, std::string("/dims/") + name, std::string("/summary/") + name);
  const SummaryWriter w(file, axes);
  write_queue_figures(w, s);
  write_need_figures(w, s);
  write_gaps_and_cost(w, s);
}

}  // namespace civicsim::io
