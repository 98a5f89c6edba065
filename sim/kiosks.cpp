// Kiosks as service points (issue 17): sim/kiosks.hpp.
#include "sim/kiosks.hpp"

#include <algorithm>
#include <cmath>

#include "sim/policy_edit.hpp"
#include "sim/world.hpp"

namespace civicsim::kiosks {

void plan(const Params& params, const std::vector<std::int32_t>& hall_begin, const Intervention& iv,
          InterventionEffect& e) {
  if (iv.kiosks <= 0) return;
  // Queue layout (sim/world_build.cpp): halls, the hotline, D digital-human pools, D kiosk queues.
  const std::int32_t kiosk_begin = hall_begin.back() + 1 + static_cast<std::int32_t>(params.districts.size());
  const std::int64_t seats = std::max<std::int64_t>(1, std::llround(iv.kiosks * iv.kiosk_users_at_once));
  for (int d : e.districts) e.servers.push_back({kiosk_begin + d, seats});
}

double reach_seconds(double kiosks, double area_km2, double speed_kmh) {
  const double lambda = kiosks / std::max(area_km2, 1e-9);  // kiosks per km^2
  return 3600.0 / (std::sqrt(M_PI * lambda) * speed_kmh);
}

void policy(const Intervention& iv, int d, const Params& params, PolicyEdit& edit) {
  if (iv.kiosks <= 0) return;
  const Seconds overhead = std::max<Seconds>(1, static_cast<Seconds>(std::llround(iv.kiosk_travel_minutes * 60.0)));
  const double reach = reach_seconds(iv.kiosks, params.districts[static_cast<std::size_t>(d)].area_km2,
                                     iv.kiosk_speed_kmh);
  const bool first = edit.kiosk[d] == 0;
  // Two roll-outs with kiosks in one district: the one with the shorter mean trip sets the kiosks.
  const double mean = static_cast<double>(overhead) + reach * std::sqrt(M_PI) / 2.0;
  const double old_mean = static_cast<double>(edit.kiosk[d]) + edit.kiosk_reach_s[d] * std::sqrt(M_PI) / 2.0;
  if (!first && old_mean <= mean) return;
  edit.kiosk[d] = overhead;
  edit.kiosk_reach_s[d] = reach;
  edit.kiosk_session[d] = iv.kiosk_session_factor;
  edit.kiosk_lift[d] = iv.kiosk_helpers ? iv.kiosk_helper_lift : 0.0;
  edit.hours[edit.kiosk_begin + d] = device_hours(iv.kiosk_hours);
}

void add_cost(const Intervention& iv, double n_districts, CostPlan& plan) {
  const double n = iv.kiosks * n_districts;
  plan.setup_cost += n * iv.setup_cost_per_kiosk;
  plan.daily_cost += n * (iv.daily_cost_per_kiosk + (iv.kiosk_helpers ? iv.daily_cost_per_kiosk_helper : 0.0));
}

}  // namespace civicsim::kiosks
