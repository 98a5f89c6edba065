#include "io/output_districts.hpp"

#include <limits>
#include <string>

#include "io/h5_handle.hpp"
#include "io/h5_write.hpp"
#include "io/output_names.hpp"

namespace civicsim::io {

DistrictTally::DistrictTally(std::size_t districts, int warmup_days, int report_seconds)
    : D_(districts), warmup_days_(warmup_days), report_seconds_(report_seconds) {
  for (Sums* s : {&all_, &window_}) {
    for (auto* v : {&s->arrivals, &s->served, &s->abandoned, &s->wait_seconds, &s->resolved}) {
      v->assign(D_ * kChannels, 0);
    }
    s->unmet.assign(D_, 0);
  }
}

void DistrictTally::add_interval(int t, const std::vector<std::int64_t>& series) {
  static_assert(kChannels == 4, "a (district, group)'s channels are tested for zeros four at a time");
  const std::size_t cell = D_ * kGroups * kChannels;  // one metric's [D][G][C]
  const bool in_window = static_cast<long long>(t) * report_seconds_ / 86400 >= warmup_days_;
  const std::pair<int, std::vector<std::int64_t> Sums::*> metrics[] = {{kArrivals, &Sums::arrivals},
                                                                       {kServed, &Sums::served},
                                                                       {kAbandoned, &Sums::abandoned},
                                                                       {kWaitSecondsSum, &Sums::wait_seconds},
                                                                       {kResolved, &Sums::resolved}};
  for (const auto& [metric, field] : metrics) {
    const std::int64_t* block = series.data() + static_cast<std::size_t>(metric) * cell;
    std::int64_t* all = (all_.*field).data();
    std::int64_t* window = (window_.*field).data();
    for (std::size_t i = 0; i < cell; i += kChannels) {  // one (district, group): its channels
      const std::int64_t* x = block + i;
      if ((x[0] | x[1] | x[2] | x[3]) == 0) continue;  // most are: the writer thread's time is the run's
      const std::size_t dc = i / (kGroups * kChannels) * kChannels;
      for (int c = 0; c < kChannels; ++c) {
        all[dc + c] += x[c];
        if (in_window) window[dc + c] += x[c];
      }
    }
  }
}

void DistrictTally::add_day(int day, const std::vector<std::int64_t>& unmet_needs) {
  for (std::size_t d = 0; d < D_; ++d) {
    std::int64_t x = 0;
    for (int g = 0; g < kGroups; ++g) x += unmet_needs[d * kGroups + g];
    all_.unmet[d] += x;
    if (day >= warmup_days_) window_.unmet[d] += x;
  }
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
double ratio(double a, double b) { return b > 0 ? a / b : kNaN; }
bool queued(int c) { return c != kOnline; }  // online has no queue

/// The figures of U units (districts or district kinds).
struct UnitFigures {
  std::size_t U = 0;
  std::vector<std::int64_t> arrivals, served, abandoned, wait_seconds, resolved;  // [U][C]
  std::vector<std::int64_t> unmet;                                                // [U]
  std::vector<double> population;                                                 // [U]
};

/// Sums of `s` by unit: district d goes to unit unit_of[d].
UnitFigures gather(const DistrictTally::Sums& s, const std::vector<District>& districts,
                   const std::vector<std::size_t>& unit_of, std::size_t U) {
  UnitFigures f;
  f.U = U;
  for (auto* v : {&f.arrivals, &f.served, &f.abandoned, &f.wait_seconds, &f.resolved}) v->assign(U * kChannels, 0);
  f.unmet.assign(U, 0);
  f.population.assign(U, 0.0);
  for (std::size_t d = 0; d < districts.size(); ++d) {
    const std::size_t u = unit_of[d];
    for (int c = 0; c < kChannels; ++c) {
      const std::size_t from = d * kChannels + c, to = u * kChannels + c;
      f.arrivals[to] += s.arrivals[from];
      f.served[to] += s.served[from];
      f.abandoned[to] += s.abandoned[from];
      f.wait_seconds[to] += s.wait_seconds[from];
      f.resolved[to] += s.resolved[from];
    }
    f.unmet[u] += s.unmet[d];
    f.population[u] += districts[d].population;
  }
  return f;
}

/// Writes the figures of `f` into `group`, along `scale` (and `channel_scale` for [U, C]).
class UnitWriter {
 public:
  UnitWriter(hid_t file, const char* group, hid_t scale, hid_t channel_scale, std::size_t U, h5::ScaleLinks& links)
      : file_(file), group_(group), scale_(scale), channel_scale_(channel_scale), U_(U), links_(links) {}

  template <class T>
  void per_unit(const char* name, const std::vector<T>& v, const char* units, const std::string& description) const {
    h5::Handle d = h5::create_dataset(file_, out::path(group_, name), h5::TypeOf<T>::file(), {U_}, h5::Storage{}, units,
                                      description);
    h5::write_all(d.get(), v);
    links_.attach(d.get(), {scale_});
  }
  template <class T>
  void per_unit_channel(const char* name, const std::vector<T>& v, const char* units,
                        const std::string& description) const {
    h5::Handle d = h5::create_dataset(file_, out::path(group_, name), h5::TypeOf<T>::file(),
                                      {U_, static_cast<hsize_t>(kChannels)}, h5::Storage{}, units, description);
    h5::write_all(d.get(), v);
    links_.attach(d.get(), {scale_, channel_scale_});
  }

 private:
  hid_t file_;
  const char* group_;
  hid_t scale_, channel_scale_;
  hsize_t U_;
  h5::ScaleLinks& links_;
};

void write_unit_figures(const UnitWriter& w, const UnitFigures& f, const std::string& unit) {
  const std::size_t U = f.U;
  std::vector<std::int64_t> met(U, 0);
  std::vector<double> unmet_share(U), per_1000(U), wait_mean(U), abandonment(U), wait_by_channel(U * kChannels);
  for (std::size_t u = 0; u < U; ++u) {
    double served = 0, wait = 0, arrivals = 0, abandoned = 0;
    for (int c = 0; c < kChannels; ++c) {
      const std::size_t uc = u * kChannels + c;
      met[u] += f.resolved[uc];
      wait_by_channel[uc] = ratio(static_cast<double>(f.wait_seconds[uc]), static_cast<double>(f.served[uc]));
      if (!queued(c)) continue;
      served += static_cast<double>(f.served[uc]);
      wait += static_cast<double>(f.wait_seconds[uc]);
      arrivals += static_cast<double>(f.arrivals[uc]);
      abandoned += static_cast<double>(f.abandoned[uc]);
    }
    unmet_share[u] = ratio(static_cast<double>(f.unmet[u]), static_cast<double>(met[u] + f.unmet[u]));
    per_1000[u] = ratio(1000.0 * static_cast<double>(met[u]), f.population[u]);
    wait_mean[u] = ratio(wait, served);
    abandonment[u] = ratio(abandoned, arrivals);
  }
  const std::string of = " of residents of the " + unit + ", in the window";
  w.per_unit("needs_met", met, "1", "needs met" + of + " (real-world count)");
  w.per_unit("unmet_needs", f.unmet, "1", "needs given up" + of + " (real-world count)");
  w.per_unit("unmet_share", unmet_share, "1", "unmet / (met + unmet)" + of);
  w.per_unit("needs_met_per_1000_residents", per_1000, "1", "needs met" + of + " per 1,000 residents of all ages");
  w.per_unit("wait_mean_seconds", wait_mean, "s",
             "mean wait of those served by the queued channels (in_person, hotline, digital_human)" + of +
                 " (NaN: none served)");
  w.per_unit("abandonment_rate", abandonment, "1", "abandoned / arrivals over the queued channels" + of);
  w.per_unit_channel("arrivals", f.arrivals, "1", "contacts that chose the channel" + of + " (real-world count)");
  w.per_unit_channel("served", f.served, "1", "services started" + of + " (real-world count)");
  w.per_unit_channel("abandoned", f.abandoned, "1", "left the queue unserved" + of + " (real-world count)");
  w.per_unit_channel("wait_mean_seconds_by_channel", wait_by_channel, "s",
                     "mean wait of those served, by channel" + of + " (NaN: none served)");
}

void window_attributes(hid_t file, const char* group, int window_first_day, int window_days) {
  h5::Handle g = h5::create_group(file, group);
  h5::write_attribute(g.get(), "window_first_day", static_cast<std::int32_t>(window_first_day));
  h5::write_attribute(g.get(), "window_days", static_cast<std::int32_t>(window_days));
  h5::write_attribute(g.get(), "window",
                      "days " + std::to_string(window_first_day) + " to " +
                          std::to_string(window_first_day + window_days - 1) + " (as /summary)");
}

}  // namespace

void write_district_summary(hid_t file, const DistrictAxes& axes, const std::vector<District>& districts,
                            const DistrictTally::Sums& sums, int window_first_day, int window_days,
                            h5::ScaleLinks& links) {
  const std::size_t D = districts.size();
  std::vector<std::size_t> own(D), kind(D);
  for (std::size_t d = 0; d < D; ++d) {
    own[d] = d;
    kind[d] = static_cast<std::size_t>(districts[d].kind);
  }
  window_attributes(file, out::kSummaryDistrict, window_first_day, window_days);
  h5::hard_link(file, out::dims(out::kDistrictDim), out::path(out::kSummaryDistrict, out::kDistrictDim));
  h5::hard_link(file, out::dims(out::kChannelDim), out::path(out::kSummaryDistrict, out::kChannelDim));
  write_unit_figures(UnitWriter(file, out::kSummaryDistrict, axes.district_scale, axes.channel_scale, D, links),
                     gather(sums, districts, own, D), "district");

  h5::Handle type = h5::utf8_string_type();
  h5::Handle kinds = h5::create_dataset(file, out::dims(out::kDistrictKindDim), type.get(), {kDistrictKinds},
                                        h5::Storage{}, "1", "district kinds");
  h5::write_all(kinds.get(), std::vector<std::string>(kDistrictKindNames, kDistrictKindNames + kDistrictKinds));
  h5::make_scale(kinds.get(), out::kDistrictKindDim);
  window_attributes(file, out::kSummaryDistrictKind, window_first_day, window_days);
  h5::hard_link(file, out::dims(out::kDistrictKindDim), out::path(out::kSummaryDistrictKind, out::kDistrictKindDim));
  h5::hard_link(file, out::dims(out::kChannelDim), out::path(out::kSummaryDistrictKind, out::kChannelDim));
  write_unit_figures(
      UnitWriter(file, out::kSummaryDistrictKind, kinds.get(), axes.channel_scale, kDistrictKinds, links),
      gather(sums, districts, kind, kDistrictKinds), "district kind");
}

}  // namespace civicsim::io
