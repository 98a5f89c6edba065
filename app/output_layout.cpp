#include "app/output_layout.hpp"

#include "sim/age_structure.hpp"

namespace civicsim::cli {

io::OutputLayout output_layout(const Engine& engine) {
  const Params& p = engine.world().params;
  io::OutputLayout layout;
  for (const auto& d : p.districts) layout.districts.push_back(d.name);
  layout.days = p.days;
  layout.intervals = engine.intervals();
  layout.report_seconds = p.report_minutes * 60;
  layout.warmup_days = p.warmup_days;
  io::GeographyLayout& g = layout.geography;
  g.districts = p.districts;
  const HostVector<std::uint64_t> citizen_begin = engine.world().districts.citizen_begin;
  const HostVector<std::int32_t> hall_begin = engine.world().districts.hall_begin;
  const HostVector<double> hall_x = engine.world().districts.hall_x_m, hall_y = engine.world().districts.hall_y_m;
  for (std::size_t d = 0; d < p.districts.size(); ++d) {
    g.share_60_plus.push_back(district_share_60_plus(p, static_cast<int>(d)));
    g.agents.push_back(static_cast<std::int64_t>(citizen_begin[d + 1] - citizen_begin[d]));
    for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) {
      g.hall_district.push_back(static_cast<std::int32_t>(d));
      g.hall_x_m.push_back(hall_x[h]);
      g.hall_y_m.push_back(hall_y[h]);
    }
  }
  return layout;
}

}  // namespace civicsim::cli
