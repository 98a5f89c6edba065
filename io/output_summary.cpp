#include "io/output_summary.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "io/h5_handle.hpp"
#include "io/h5_write.hpp"
#include "io/output_names.hpp"

namespace civicsim::io {
namespace {

/// Writes /summary datasets: each figure over the axes, with the units and description, that
/// io/output_names.hpp lists for it.
class SummaryWriter {
 public:
  SummaryWriter(hid_t file, const SummaryAxes& axes, h5::ScaleLinks& links) : file_(file), axes_(axes), links_(links) {}

  template <class T>
  void operator()(const out::SummaryFigure& figure, const std::vector<T>& values) const {
    switch (figure.shape) {
      case out::SummaryShape::kGroupsChannels:
        return write(figure, {axes_.groups, axes_.channels}, {axes_.group_scale, axes_.channel_scale}, values);
      case out::SummaryShape::kGroups:
        return write(figure, {axes_.groups}, {axes_.group_scale}, values);
      case out::SummaryShape::kScalar:
        break;
    }
    write(figure, {}, {}, values);
  }
  template <class T>
  void operator()(const out::SummaryFigure& figure, T value) const {
    (*this)(figure, std::vector<T>{value});
  }

 private:
  template <class T>
  void write(const out::SummaryFigure& figure, const std::vector<hsize_t>& shape, const std::vector<hid_t>& scales,
             const std::vector<T>& values) const {
    h5::Handle dataset = h5::create_dataset(file_, out::path(out::kSummary, figure.name), h5::TypeOf<T>::file(), shape,
                                            h5::Storage{}, figure.units, figure.description);
    h5::write_all(dataset.get(), values);
    if (!scales.empty()) links_.attach(dataset.get(), scales);
  }
  hid_t file_;
  SummaryAxes axes_;
  h5::ScaleLinks& links_;
};

/// The window sentence of /summary's `window` attribute.
std::string window_text(const RunSummary& s) {
  const std::string last = std::to_string(s.window_first_day + s.window_days - 1);
  const std::string days = s.window_first_day == 0
                               ? "days 0 to " + last + " (the whole run)"
                               : "days " + std::to_string(s.window_first_day) + " to " + last + " (the first " +
                                     std::to_string(s.window_first_day) + " days, time.warmup_days, left out)";
  return days + "; needs still open at the end are counted in open_needs, not in the rates";
}

void write_queue_figures(const SummaryWriter& w, const RunSummary& s) {
  namespace f = out::summary;
  w(f::kArrivals, s.arrivals);
  w(f::kServed, s.served);
  w(f::kAbandoned, s.abandoned);
  w(f::kWaitMeanSeconds, s.wait_mean_seconds);
  w(f::kWaitP50Seconds, s.wait_p50_seconds);
  w(f::kWaitP90Seconds, s.wait_p90_seconds);
  w(f::kWaitP99Seconds, s.wait_p99_seconds);
  w(f::kAbandonmentRate, s.abandonment_rate);
}

void write_need_figures(const SummaryWriter& w, const RunSummary& s) {
  namespace f = out::summary;
  w(f::kNeeds, s.needs);
  w(f::kResolved, s.resolved);
  w(f::kUnmetNeeds, s.unmet_needs);
  w(f::kOpenNeeds, s.open_needs);
  w(f::kResolutionRate, s.resolution_rate);
  w(f::kFirstContactResolution, s.first_contact_resolution);
  w(f::kTotalTimeMeanSeconds, s.total_time_mean_seconds);
  w(f::kElapsedMeanSeconds, s.elapsed_mean_seconds);
  w(f::kAdoption, s.adoption);
}

void write_gaps_and_cost(const SummaryWriter& w, const RunSummary& s) {
  namespace f = out::summary;
  w(f::kUrbanRuralTotalTimeRatio, s.urban_rural_total_time_ratio);
  w(f::kElderlyAdultTotalTimeRatio, s.elderly_adult_total_time_ratio);
  w(f::kUrbanRuralUnmetRatio, s.urban_rural_unmet_ratio);
  w(f::kElderlyAdultUnmetRatio, s.elderly_adult_unmet_ratio);
  w(f::kUrbanRuralElapsedRatio, s.urban_rural_elapsed_ratio);
  w(f::kElderlyAdultElapsedRatio, s.elderly_adult_elapsed_ratio);
  w(f::kTotalCost, s.total_cost);
  w(f::kCostPerResolvedNeed, s.cost_per_resolved_need);
  w(f::kBudget, s.budget);
  w(f::kUnfundedInterventions, s.unfunded_interventions);
}

}  // namespace

void write_summary_group(hid_t file, const SummaryAxes& axes, const RunSummary& s, h5::ScaleLinks& links) {
  h5::Handle summary = h5::create_group(file, out::kSummary);
  h5::write_attribute(summary.get(), "window_first_day", static_cast<std::int32_t>(s.window_first_day));
  h5::write_attribute(summary.get(), "window_days", static_cast<std::int32_t>(s.window_days));
  h5::write_attribute(summary.get(), "window", window_text(s));
  for (const char* name : {out::kGroupDim, out::kChannelDim}) {
    h5::hard_link(file, out::path(out::kDims, name), out::path(out::kSummary, name));
  }
  const SummaryWriter w(file, axes, links);
  write_queue_figures(w, s);
  write_need_figures(w, s);
  write_gaps_and_cost(w, s);
}

}  // namespace civicsim::io
