// Kiosks as service points (issue 17, docs/ODD.md "Kiosks"): the seats a digital-human roll-out
// places in each district's kiosk queue, the per-district policies of its kiosks (trip, session
// factor, on-site helpers, opening hours) and their cost.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/intervention_plan.hpp"
#include "sim/params.hpp"

namespace civicsim {

struct PolicyEdit;

namespace kiosks {

/// Seats added to the kiosk queue of each selected district: round(kiosks × kiosk_users_at_once),
/// at least one where there are kiosks.
void plan(const Params& params, const std::vector<std::int32_t>& hall_begin, const Intervention& iv,
          InterventionEffect& e);

/// Trip, session factor, helpers and hours of district d's kiosks (the denser roll-out wins).
void policy(const Intervention& iv, int d, const Params& params, PolicyEdit& edit);

/// Rayleigh travel scale in seconds: 1 / (sqrt(pi × kiosks / area_km2) × speed), so that the
/// trip beyond the overhead is scale × sqrt(-ln u) (mean: scale × sqrt(pi) / 2).
double reach_seconds(double kiosks, double area_km2, double speed_kmh);

/// Set-up and daily cost of the kiosks (and their helpers) in n_districts districts.
void add_cost(const Intervention& iv, double n_districts, CostPlan& plan);

}  // namespace kiosks
}  // namespace civicsim
