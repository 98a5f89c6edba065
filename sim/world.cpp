#include "sim/world.hpp"

#include <thrust/copy.h>
#include <thrust/fill.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "kernels/citizens.hpp"
#include "kernels/staff.hpp"
#include "sim/age_structure.hpp"

namespace civicsim {

void CitizenArrays::resize(std::uint64_t n) {
  for_each_array([n](const char*, auto& v, ArrayRole) { v.resize(n); });
}

CitizenView CitizenArrays::view() {
  return CitizenView{raw(district),     raw(x),           raw(y), raw(flags), raw(literacy), raw(trust),
                     raw(satisfaction), raw(satisfied_n), size()};
}

DistrictView DistrictArrays::view() const {
  return DistrictView{raw(kind),     raw(radius_m), raw(hall_begin),
                      raw(hall_x_m), raw(hall_y_m), static_cast<std::int32_t>(kind.size())};
}

ServerView ServerArrays::view() {
  return ServerView{raw(skill),       raw(state),      raw(tenure_days), raw(refill_day),
                    raw(shift_start), raw(busy_until), raw(in_service),  raw(on_duty)};
}

QueueView QueueArrays::view(const PolicyView& policy) {
  QueueView v;
  static_cast<PolicyView&>(v) = policy;
  v.n = n;
  v.hotline = hotline;
  v.dh_begin = dh_begin;
  v.channel = raw(channel);
  v.district = raw(district);
  v.server_begin = raw(server_begin);
  v.employed = raw(employed);
  v.on_duty = raw(on_duty);
  v.posted_wait = raw(posted_wait);
  v.hour_wait_sum = raw(hour_wait_sum);
  v.hour_served = raw(hour_served);
  v.ring = raw(ring);
  v.ring_base = raw(ring_base);
  v.ring_cap = raw(ring_cap);
  v.ring_head = raw(ring_head);
  v.ring_count = raw(ring_count);
  v.busy_heap = raw(busy_heap);
  v.busy_n = raw(busy_n);
  v.idle_heap = raw(idle_heap);
  v.idle_n = raw(idle_n);
  v.busy_seconds = raw(busy_seconds);
  v.duty_seconds = raw(duty_seconds);
  v.kiosk_begin = dh_begin + (n - dh_begin) / 2;  // kiosks as service points (issue 17): after the pools
  return v;
}

PolicyView PolicyArrays::view() {
  return PolicyView{raw(dh_boost),       raw(dh_elder_care),    raw(hours),           raw(shift_hours),
                    raw(server_remote),  raw(kiosk_travel),     raw(kiosk_non_users), raw(shared_types),
                    raw(service_factor), raw(dispatch_latency), raw(dispatched),
                    raw(dh_interface),
                    raw(kiosk_reach_s),  raw(kiosk_session),    raw(kiosk_lift)};
}

namespace {

/// Copies ring r's content, oldest first, to its new place.
struct MoveRing {
  const Request* old_ring;
  const std::int64_t* old_base;
  const std::int32_t* old_cap;
  const std::int32_t* head;
  const std::int32_t* count;
  Request* new_ring;
  const std::int64_t* new_base;
  CIVICSIM_HD void operator()(std::size_t r) const {
    for (std::int32_t j = 0; j < count[r]; ++j)
      new_ring[new_base[r] + j] = old_ring[old_base[r] + (head[r] + j) % old_cap[r]];
  }
};

}  // namespace

Hours device_hours(const OpeningHours& h) {
  Hours out{};
  out.always = h.always ? 1 : 0;
  if (h.weekday.size() > kMaxOpeningIntervals || h.weekend.size() > kMaxOpeningIntervals)
    throw std::runtime_error("at most 8 opening intervals per day are supported");
  out.n_weekday = static_cast<std::uint8_t>(h.weekday.size());
  out.n_weekend = static_cast<std::uint8_t>(h.weekend.size());
  for (std::size_t i = 0; i < h.weekday.size(); ++i) {
    out.weekday[i][0] = static_cast<std::int16_t>(h.weekday[i].first);
    out.weekday[i][1] = static_cast<std::int16_t>(h.weekday[i].second);
  }
  for (std::size_t i = 0; i < h.weekend.size(); ++i) {
    out.weekend[i][0] = static_cast<std::int16_t>(h.weekend[i].first);
    out.weekend[i][1] = static_cast<std::int16_t>(h.weekend[i].second);
  }
  return out;
}

std::int64_t headcount(double real_count) { return std::llround(real_count); }

std::int64_t headcount_share(double per_unit, std::size_t n, std::size_t j) {
  if (n == 0) return 0;
  const std::int64_t total = std::llround(std::fabs(per_unit) * static_cast<double>(n));
  const auto units = static_cast<std::int64_t>(n);
  const std::int64_t share = total / units + (static_cast<std::int64_t>(j) < total % units ? 1 : 0);
  return per_unit < 0 ? -share : share;
}

std::uint64_t district_agents(const Params& p, int d) {
  return static_cast<std::uint64_t>(std::llround(p.districts[d].population * p.share_15_plus * p.scale));
}

std::array<std::uint64_t, kGroups> group_agents(const Params& p, int d) {
  const double elderly = elderly_agent_share(p, d);  // among agents (15+), sim/age_structure.hpp
  const std::uint64_t n = district_agents(p, d);
  const std::uint64_t rural =
      std::min<std::uint64_t>(n, static_cast<std::uint64_t>(std::llround(n * (1.0 - p.districts[d].urban_share))));
  const std::uint64_t urban = n - rural;
  const auto old = [&](std::uint64_t k) { return static_cast<std::uint64_t>(std::llround(k * elderly)); };
  return {urban - old(urban), old(urban), rural - old(rural), old(rural)};
}

std::vector<double> residents_per_agent(const Params& p) {
  std::vector<double> out(p.districts.size(), 0.0);
  for (std::size_t d = 0; d < out.size(); ++d) {
    const std::uint64_t agents = district_agents(p, static_cast<int>(d));
    if (agents > 0) out[d] = p.districts[d].population * p.share_15_plus / static_cast<double>(agents);
  }
  return out;
}

void QueueArrays::ensure_ring_capacity(const std::vector<std::int64_t>& need) {
  HostVector<std::int32_t> cap = ring_cap;
  bool grow = false;
  for (std::size_t r = 0; r < cap.size(); ++r)
    if (need[r / 2] > cap[r]) grow = true;
  if (!grow) return;
  HostVector<std::int64_t> base(cap.size());
  std::int64_t total = 0;
  for (std::size_t r = 0; r < cap.size(); ++r) {
    std::int64_t c = cap[r];
    while (c < need[r / 2]) c *= 2;
    if (c > 0x7fffffff) throw std::runtime_error("a waiting line outgrew 2^31 requests");
    cap[r] = static_cast<std::int32_t>(c);
    base[r] = total;
    total += c;
  }
  DeviceVector<Request> new_ring(static_cast<std::size_t>(total));
  DeviceVector<std::int64_t> new_base = base;
  parallel_for(cap.size(), MoveRing{raw(ring), raw(ring_base), raw(ring_cap), raw(ring_head), raw(ring_count),
                                    raw(new_ring), raw(new_base)});
  ring.swap(new_ring);
  ring_base.swap(new_base);
  ring_cap = cap;
  thrust::fill(ring_head.begin(), ring_head.end(), 0);
}

double daily_quit_probability(const Params& p, int channel, int district) {
  if (channel == kDigitalHuman || channel == kOnline) return 0.0;
  const double yearly =
      channel == kHotline ? p.attrition_per_year[kUrban] : p.attrition_per_year[p.districts[district].kind];
  return 1.0 - std::pow(1.0 - std::min(yearly, 0.999999), 1.0 / 365.0);
}

}  // namespace civicsim
