// Building the initial world from validated parameters: the model constants and request types,
// the districts and their halls, the citizens, the queues and their servers, and the policies at
// their baseline values (World::World, one named step each).
#include "sim/world.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "kernels/citizens.hpp"
#include "kernels/staff.hpp"
#include "sim/interventions.hpp"

namespace civicsim {
namespace {

/// The assistant interface model and elder-care mode (kernels/assistant.hpp).
void fill_assistant_constants(const Params& p, AssistantConstants& a) {
  a.success_factor = p.dh_success_factor;
  for (int i = 0; i < kAssistantInterfaces; ++i) {
    a.literacy_sensitivity[i] = p.dh_literacy_sensitivity[i];
    a.session_factor[i] = p.dh_session_factor[i];
  }
  a.care_session_factor = p.dh_care_session_factor;
  a.care_sensitivity_factor = p.dh_care_sensitivity_factor;
  a.care_handoff = p.dh_care_handoff ? 1 : 0;
  a.interface = p.dh_interface;
}

ModelConstants make_constants(const Params& p) {
  ModelConstants k{};
  k.seed = p.seed;
  k.start_weekday = p.start_weekday;
  k.n_types = static_cast<std::int32_t>(p.types.size());
  for (int c = 0; c < kChannels; ++c) {
    k.patience_seconds[c] = std::isinf(p.patience_minutes[c]) ? 1.0e308 : p.patience_minutes[c] * 60.0;
    k.retry_delay[c] = std::max<Seconds>(1, static_cast<Seconds>(std::llround(p.retry_delay_minutes[c] * 60.0)));
    k.resolution[c] = p.resolution[c];
    k.asc[c] = p.asc[c];
    k.asc_elderly[c] = p.asc_elderly[c];
    k.hours[c] = device_hours(p.hours[c]);
  }
  k.patience_deterministic = p.patience_deterministic ? 1 : 0;
  k.serve_queued_at_closing = p.serve_queued_at_closing ? 1 : 0;
  k.patience_trip_factor = p.patience_trip_factor;
  k.retry_probability = p.retry_probability;
  k.escalated_service_factor = p.escalated_service_factor;
  k.dh_elderly_factor = p.dh_elderly_factor;
  fill_assistant_constants(p, k.assistant);
  k.beta_time_per_second = p.beta_time / 60.0;
  k.beta_effort = p.beta_effort;
  k.beta_trust = p.beta_trust;
  for (int kind = 0; kind < kDistrictKinds; ++kind) k.speed_mps[kind] = p.travel_speed_kmh[kind] / 3.6;
  k.travel_overhead_s = p.travel_overhead_minutes * 60.0;
  k.newcomer_days = p.newcomer_days;
  k.newcomer_slowdown = p.newcomer_slowdown;
  k.hotline_shift_hours = p.hotline_shift_hours;
  k.trust_learn_rate = p.trust_learn_rate;
  for (int h = 0; h < 24; ++h) {
    k.profile[0][h] = p.profile_weekday[h];
    k.profile[1][h] = p.profile_weekend[h];
  }
  return k;
}

std::vector<TypeParams> make_types(const Params& p) {
  if (p.types.empty() || p.types.size() > static_cast<std::size_t>(kMaxRequestTypes))
    throw std::runtime_error("between 1 and 32 request types are supported");
  std::vector<TypeParams> out;
  for (const auto& t : p.types) {
    TypeParams tp{};
    for (int a = 0; a < kAgeGroups; ++a) tp.rate_per_day[a] = t.rate_per_year[a] / 365.0;
    tp.complexity = t.complexity;
    tp.channel_mask = 0;
    for (int c = 0; c < kChannels; ++c) {
      tp.service_seconds[c] = t.service_minutes[c] * 60.0;
      if (t.channels[c]) tp.channel_mask |= 1u << c;
    }
    tp.distribution = static_cast<std::int32_t>(t.service_distribution);
    tp.service_unit = lognormal_shape(1.0, t.service_cv);
    tp.digital_success = t.digital_success;
    tp.reference_seconds = t.reference_minutes * 60.0;
    out.push_back(tp);
  }
  return out;
}

/// Hotline shifts that follow demand. Operator-hours per hour of the day are made proportional to
/// the weekday arrival profile over the hotline's opening hours. First every open hour gets at least
/// one operator (while operators last: each takes the start that covers most still-uncovered
/// hours); then each further operator takes the start that covers the largest remaining shortfall
/// (ties: earliest hour). The establishment is assigned before the posts that interventions may add
/// later, so planning an intervention does not move anyone's shift.
std::vector<std::uint8_t> hotline_shifts(const Params& p, std::int64_t establishment, std::int64_t slots) {
  const int len = std::clamp(p.hotline_shift_hours, 1, 24);
  std::vector<std::uint8_t> start(static_cast<std::size_t>(slots), 0);
  if (len == 24 || slots == 0) return start;
  const Hours hours = device_hours(p.hours[kHotline]);
  std::array<double, 24> weight{};
  std::array<bool, 24> open{};
  double total = 0;
  for (int h = 0; h < 24; ++h) {
    open[h] = is_open(hours, h * 3600, 0);  // a working day
    weight[h] = open[h] ? p.profile_weekday[h] : 0.0;
    total += weight[h];
  }
  if (total <= 0) return start;
  std::array<double, 24> shortfall{};
  std::array<int, 24> covered{};
  auto assign = [&](std::int64_t i, int s) {
    for (int j = 0; j < len; ++j) {
      shortfall[(s + j) % 24] -= 1.0;
      ++covered[(s + j) % 24];
    }
    start[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(s);
  };
  auto best_start = [&](bool uncovered_first) {
    int best = 0;
    double best_key = -1e300;
    for (int s = 0; s < 24; ++s) {
      double gain = 0, newly = 0;
      for (int j = 0; j < len; ++j) {
        const int h = (s + j) % 24;
        gain += shortfall[h];
        if (open[h] && covered[h] == 0) newly += 1;
      }
      const double key = uncovered_first ? newly * 1e6 + gain : gain;
      if (key > best_key) {
        best_key = key;
        best = s;
      }
    }
    return best;
  };
  auto any_uncovered = [&] {
    for (int h = 0; h < 24; ++h)
      if (open[h] && covered[h] == 0) return true;
    return false;
  };
  auto fill = [&](std::int64_t from, std::int64_t to, std::int64_t headcount) {
    for (int h = 0; h < 24; ++h) shortfall[h] += weight[h] / total * static_cast<double>(headcount) * len;
    for (std::int64_t i = from; i < to; ++i) assign(i, best_start(any_uncovered()));
  };
  fill(0, std::min(establishment, slots), establishment);
  fill(std::min(establishment, slots), slots, slots - std::min(establishment, slots));
  return start;
}

/// Districts: their shape, their citizens' ranges by group, and their halls (the first at the
/// centre, the others on a ring at half the radius).
DistrictArrays build_districts(const Params& p) {
  const int D = static_cast<int>(p.districts.size());
  HostVector<std::uint8_t> kind(D);
  HostVector<double> radius(D), urban_share(D);
  HostVector<std::uint64_t> citizen_begin(D + 1, 0);
  HostVector<std::uint64_t> group_begin(static_cast<std::size_t>(D) * kGroups + 1, 0);
  HostVector<std::int32_t> hall_begin(D + 1, 0);
  std::vector<double> hall_x, hall_y;
  for (int d = 0; d < D; ++d) {
    const District& dist = p.districts[d];
    kind[d] = static_cast<std::uint8_t>(dist.kind);
    radius[d] = std::sqrt(dist.area_km2 / M_PI) * 1000.0;
    urban_share[d] = dist.urban_share;
    citizen_begin[d + 1] = citizen_begin[d] + district_agents(p, d);
    // Each district has its residence and age shares exactly (rounded to whole agents).
    const std::array<std::uint64_t, kGroups> count = group_agents(p, d);
    for (int g = 0; g < kGroups; ++g) group_begin[d * kGroups + g + 1] = group_begin[d * kGroups + g] + count[g];
    const int halls = p.centres[dist.kind];
    hall_begin[d + 1] = hall_begin[d] + halls;
    for (int h = 0; h < halls; ++h) {  // the first hall at the centre, the others on a ring at R/2
      const double angle = h == 0 ? 0.0 : 2.0 * M_PI * (h - 1) / std::max(1, halls - 1);
      const double r = h == 0 ? 0.0 : 0.5 * radius[d];
      hall_x.push_back(r * std::cos(angle));
      hall_y.push_back(r * std::sin(angle));
    }
  }
  if (citizen_begin[D] > 0xffffffffull) throw std::runtime_error("more than 2^32 agents in one run");
  DistrictArrays districts;
  districts.kind = kind;
  districts.radius_m = radius;
  districts.urban_share = urban_share;
  districts.citizen_begin = citizen_begin;
  districts.group_begin = group_begin;
  districts.hall_begin = hall_begin;
  districts.hall_x_m = HostVector<double>(hall_x.begin(), hall_x.end());
  districts.hall_y_m = HostVector<double>(hall_y.begin(), hall_y.end());
  return districts;
}

/// Every citizen, drawn by district and group.
void draw_citizens(const Params& p, const DistrictArrays& districts, CitizenArrays& citizens) {
  const HostVector<std::uint64_t> citizen_begin = districts.citizen_begin;
  citizens.resize(citizen_begin[citizen_begin.size() - 1]);
  CitizenInitParams cip{};
  cip.seed = p.seed;
  cip.internet_access[0] = p.internet_access[0];
  cip.internet_access[1] = p.internet_access[1];
  cip.internet_elderly_factor = p.internet_elderly_factor;
  for (int a = 0; a < kAgeGroups; ++a) {
    cip.literacy_mean[a] = p.literacy_mean[a];
    cip.literacy_sd[a] = p.literacy_sd[a];
    cip.literacy_mean_rural[a] = p.literacy_mean_rural[a] >= 0 ? p.literacy_mean_rural[a] : p.literacy_mean[a];
    cip.literacy_sd_rural[a] = p.literacy_sd_rural[a] >= 0 ? p.literacy_sd_rural[a] : p.literacy_sd[a];
    cip.initial_adoption[a] = p.initial_adoption[a];
    cip.initial_trust[a] = p.initial_trust[a];
  }
  parallel_for(citizens.size(), InitCitizens{cip, citizens.view(), raw(districts.group_begin),
                                             raw(districts.urban_share), static_cast<int>(p.districts.size())});
}

/// The queues (halls, the hotline pool, a digital-human pool per district) and their server slots:
/// the establishment plus room for every addition an intervention will make.
struct QueueLayout {
  std::int32_t halls = 0, n = 0, servers = 0;
  HostVector<std::uint8_t> channel;
  HostVector<std::int32_t> district;
  std::vector<std::int64_t> establishment;  // servers employed at the start, per queue
  HostVector<std::int32_t> server_begin;    // slots of q: [server_begin[q], server_begin[q + 1])
};

QueueLayout lay_out_queues(const Params& p, const HostVector<std::int32_t>& hall_begin) {
  const int D = static_cast<int>(p.districts.size());
  QueueLayout L;
  const std::int32_t H = hall_begin[D];
  L.halls = H;
  L.n = H + 1 + 2 * D;  // halls, the hotline, digital-human pools, kiosk queues (issue 17)
  const std::int32_t Q = L.n;
  L.channel.resize(Q);
  L.district.resize(Q);
  L.establishment.assign(Q, 0);
  for (int d = 0; d < D; ++d) {
    for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) {
      L.channel[h] = kInPerson;
      L.district[h] = d;
      L.establishment[h] =
          headcount_share(district_counter_staff(p, d), static_cast<std::size_t>(hall_begin[d + 1] - hall_begin[d]),
                          static_cast<std::size_t>(h - hall_begin[d]));
    }
    L.channel[H + 1 + d] = kDigitalHuman;
    L.district[H + 1 + d] = d;
    L.establishment[H + 1 + d] = headcount_share(p.dh_instances * p.dh_sessions_per_instance,
                                                 static_cast<std::size_t>(D), static_cast<std::size_t>(d));
    L.channel[H + 1 + D + d] = kDigitalHuman;  // kiosks as service points: seats come with a roll-out
    L.district[H + 1 + D + d] = d;
  }
  L.channel[H] = kHotline;
  L.district[H] = -1;
  L.establishment[H] = headcount(p.hotline_operators);
  const std::vector<std::int64_t> extra =
      intervention_slots(p, std::vector<std::int32_t>(hall_begin.begin(), hall_begin.end()));
  L.server_begin = HostVector<std::int32_t>(Q + 1, 0);
  for (std::int32_t q = 0; q < Q; ++q)
    L.server_begin[q + 1] = L.server_begin[q] + static_cast<std::int32_t>(L.establishment[q] + extra[q]);
  L.servers = L.server_begin[Q];
  return L;
}

/// The servers: the establishment employed (skills drawn, hotline shifts that follow demand), the
/// slots kept for interventions inactive.
ServerArrays hire_servers(const Params& p, const QueueLayout& L) {
  const std::int32_t Q = L.n, S = L.servers, H = L.halls;
  const HostVector<std::int32_t>& server_begin = L.server_begin;
  HostVector<float> skill(S, 1.0f);
  HostVector<std::uint8_t> state(S, kServerInactive), shift(S, 255);
  HostVector<std::uint16_t> tenure(S, 0);
  HostVector<std::int32_t> server_queue(S), refill(S, 0);
  HostVector<double> quit(S, 0.0);
  StaffDay skill_draw{p.seed, 0, p.hiring_delay_days, p.skill_sd, nullptr, nullptr, nullptr, ServerView{}, nullptr};
  const std::vector<std::uint8_t> shifts = hotline_shifts(p, L.establishment[H], server_begin[H + 1] - server_begin[H]);
  for (std::int32_t q = 0; q < Q; ++q) {
    for (std::int32_t s = server_begin[q]; s < server_begin[q + 1]; ++s) {
      server_queue[s] = q;
      const bool in_establishment = s - server_begin[q] < L.establishment[q];
      state[s] = in_establishment ? kServerEmployed : kServerInactive;
      if (L.channel[q] == kDigitalHuman) {
        tenure[s] = 65535;  // software does not learn on the job
        continue;
      }
      skill[s] =
          skill_draw.draw_skill(static_cast<std::uint32_t>(q), static_cast<std::uint32_t>(s - server_begin[q]), -1);
      tenure[s] = static_cast<std::uint16_t>(std::min(65535, p.newcomer_days * 4));  // established staff
      quit[s] = daily_quit_probability(p, L.channel[q], L.district[q]);
      if (L.channel[q] == kHotline) shift[s] = shifts[static_cast<std::size_t>(s - server_begin[q])];
    }
  }
  ServerArrays servers;
  servers.skill = skill;
  servers.state = state;
  servers.tenure_days = tenure;
  servers.refill_day = refill;
  servers.shift_start = shift;
  servers.busy_until = HostVector<Seconds>(S, kServerIdle);
  servers.in_service.resize(S);
  servers.on_duty = HostVector<std::uint8_t>(S, 0);
  servers.queue = server_queue;
  servers.quit_probability = quit;
  return servers;
}

/// The queues, empty: nobody waiting, nobody in service, small waiting rings.
QueueArrays open_queues(const QueueLayout& L) {
  const std::int32_t Q = L.n, S = L.servers;
  QueueArrays queues;
  queues.halls = L.halls;
  queues.hotline = L.halls;
  queues.dh_begin = L.halls + 1;
  queues.n = Q;
  queues.channel = L.channel;
  queues.district = L.district;
  queues.server_begin = L.server_begin;
  queues.employed = HostVector<std::int32_t>(Q, 0);
  queues.on_duty = HostVector<std::int32_t>(Q, 0);
  queues.posted_wait = HostVector<Seconds>(Q, 0);
  queues.hour_wait_sum = HostVector<std::int64_t>(Q, 0);
  queues.hour_served = HostVector<std::int32_t>(Q, 0);
  queues.busy_seconds = HostVector<std::int64_t>(Q, 0);
  queues.duty_seconds = HostVector<std::int64_t>(Q, 0);
  queues.utilisation = HostVector<double>(Q, -1.0);
  queues.quit_factor = HostVector<double>(Q, 1.0);
  const std::int32_t initial_cap = 16;
  HostVector<std::int64_t> ring_base(2 * Q);
  for (std::int32_t r = 0; r < 2 * Q; ++r) ring_base[r] = static_cast<std::int64_t>(r) * initial_cap;
  queues.ring.resize(static_cast<std::size_t>(2 * Q) * initial_cap);
  queues.ring_base = ring_base;
  queues.ring_cap = HostVector<std::int32_t>(2 * Q, initial_cap);
  queues.ring_head = HostVector<std::int32_t>(2 * Q, 0);
  queues.ring_count = HostVector<std::int32_t>(2 * Q, 0);
  queues.busy_heap.resize(S);
  queues.idle_heap.resize(S);
  queues.busy_n = HostVector<std::int32_t>(Q, 0);
  queues.idle_n = HostVector<std::int32_t>(Q, 0);
  return queues;
}

/// What interventions may change, at values that change nothing.
PolicyArrays baseline_policies(const Params& p, const ModelConstants& constants, const QueueLayout& L) {
  const std::int32_t Q = L.n, S = L.servers;
  const int D = static_cast<int>(p.districts.size());
  PolicyArrays policy;
  policy.dh_boost = HostVector<double>(D, 0.0);
  policy.dh_elder_care = HostVector<std::uint8_t>(D, 0);
  HostVector<Hours> q_hours(Q);
  HostVector<std::uint8_t> q_shift(Q, 24);
  for (std::int32_t q = 0; q < Q; ++q) q_hours[q] = constants.hours[L.channel[q]];
  q_shift[L.halls] = static_cast<std::uint8_t>(std::clamp(p.hotline_shift_hours, 1, 24));
  policy.hours = q_hours;
  policy.shift_hours = q_shift;
  policy.server_remote = HostVector<std::uint8_t>(S, 0);
  policy.kiosk_travel = HostVector<Seconds>(D, 0);
  policy.kiosk_non_users = HostVector<std::uint8_t>(D, 0);
  policy.shared_types = HostVector<std::uint32_t>(D, 0);
  policy.service_factor = HostVector<double>(static_cast<std::size_t>(D) * kMaxRequestTypes, 1.0);
  policy.dispatch_latency = HostVector<Seconds>(D, 0);
  policy.dispatched = HostVector<std::uint64_t>(D, 0);
  policy.dh_interface = HostVector<std::uint8_t>(D, static_cast<std::uint8_t>(p.dh_interface));
  policy.kiosk_reach_s = HostVector<double>(D, 0.0);  // kiosks as service points (issue 17)
  policy.kiosk_session = HostVector<double>(D, 1.0);
  policy.kiosk_lift = HostVector<double>(D, 0.0);
  // cross-region dispatch groups (issue 17): none until an intervention forms one
  policy.dispatch_lead = HostVector<std::int32_t>(static_cast<std::size_t>(Q), -1);
  policy.dispatch_next = HostVector<std::int32_t>(static_cast<std::size_t>(Q), -1);
  policy.dispatch_role = HostVector<std::uint8_t>(static_cast<std::size_t>(Q), 0);
  policy.dispatch_cap = HostVector<std::int32_t>(static_cast<std::size_t>(Q), 0);
  return policy;
}

/// Bytes of the arrays a struct of arrays lists in for_each_array.
template <class Arrays>
std::size_t listed_bytes(Arrays& arrays) {
  std::size_t bytes = 0;
  arrays.for_each_array([&bytes](const char*, auto& v, ArrayRole) { bytes += sizeof(v); });
  return bytes;
}

/// Every field of each struct of arrays is in its list: one added to a struct and not to its
/// for_each_array would be neither saved in checkpoints nor resized.
void check_array_lists(World& w) {
  const bool complete =
      listed_bytes(w.citizens) == sizeof(CitizenArrays) && listed_bytes(w.districts) == sizeof(DistrictArrays) &&
      listed_bytes(w.servers) == sizeof(ServerArrays) &&
      listed_bytes(w.queues) == sizeof(QueueArrays) - 4 * sizeof(std::int32_t) &&  // n, halls, hotline, dh_begin
      listed_bytes(w.policy) == sizeof(PolicyArrays);
  if (!complete)
    throw std::logic_error("a field of a struct of arrays (sim/world.hpp) is missing from its for_each_array");
}

}  // namespace

World::World(const Params& p) : params(p) {
  constants = make_constants(p);
  host_types = make_types(p);
  types = host_types;
  const int D = district_count();
  if (D <= 0) throw std::runtime_error("the scenario has no districts");
  if (D > 65535) throw std::runtime_error("at most 65535 districts are supported");
  districts = build_districts(p);
  draw_citizens(p, districts, citizens);
  const QueueLayout layout = lay_out_queues(p, HostVector<std::int32_t>(districts.hall_begin));
  servers = hire_servers(p, layout);
  queues = open_queues(layout);
  policy = baseline_policies(p, constants, layout);
  check_array_lists(*this);
}
}  // namespace civicsim
