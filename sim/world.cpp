#include "sim/world.hpp"

#include <thrust/copy.h>
#include <thrust/fill.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "kernels/citizens.hpp"
#include "kernels/staff.hpp"
#include "sim/interventions.hpp"

namespace civicsim {

void CitizenArrays::resize(std::uint64_t n) {
  district.resize(n);
  x.resize(n);
  y.resize(n);
  flags.resize(n);
  literacy.resize(n);
  trust.resize(n);
  satisfaction.resize(n);
  satisfied_n.resize(n);
}

CitizenView CitizenArrays::view() {
  return CitizenView{raw(district), raw(x), raw(y), raw(flags), raw(literacy), raw(trust),
                     raw(satisfaction), raw(satisfied_n), size()};
}

DistrictView DistrictArrays::view() const {
  return DistrictView{raw(kind), raw(radius_m), raw(hall_begin), raw(hall_x_m), raw(hall_y_m),
                      static_cast<std::int32_t>(kind.size())};
}

ServerView ServerArrays::view() {
  return ServerView{raw(skill), raw(state), raw(tenure_days), raw(refill_day), raw(shift_start),
                    raw(busy_until), raw(in_service), raw(on_duty)};
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
  return v;
}

PolicyView PolicyArrays::view() {
  return PolicyView{raw(dh_boost), raw(dh_elder_care), raw(hours), raw(shift_hours), raw(server_remote),
                    raw(kiosk_travel), raw(kiosk_non_users), raw(shared_types), raw(service_factor),
                    raw(dispatch_latency), raw(dispatched)};
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

namespace {

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
    k.hours[c] = device_hours(p.hours[c]);
  }
  k.patience_deterministic = p.patience_deterministic ? 1 : 0;
  k.retry_probability = p.retry_probability;
  k.escalated_service_factor = p.escalated_service_factor;
  k.dh_elderly_factor = p.dh_elderly_factor;
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
    tp.service_cv = t.service_cv;
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

}  // namespace

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
  const double elderly = std::min(1.0, p.elderly_share / p.share_15_plus);  // among agents (15+)
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
  parallel_for(cap.size(), MoveRing{raw(ring), raw(ring_base), raw(ring_cap), raw(ring_head),
                                    raw(ring_count), raw(new_ring), raw(new_base)});
  ring.swap(new_ring);
  ring_base.swap(new_base);
  ring_cap = cap;
  thrust::fill(ring_head.begin(), ring_head.end(), 0);
}

double daily_quit_probability(const Params& p, int channel, int district) {
  if (channel == kDigitalHuman || channel == kOnline) return 0.0;
  const double yearly = channel == kHotline ? p.attrition_per_year[kUrban] : p.attrition_per_year[p.districts[district].kind];
  return 1.0 - std::pow(1.0 - std::min(yearly, 0.999999), 1.0 / 365.0);
}

World::World(const Params& p) : params(p) {
  constants = make_constants(p);
  host_types = make_types(p);
  types = host_types;
  const int D = district_count();
  if (D <= 0) throw std::runtime_error("the scenario has no districts");
  if (D > 65535) throw std::runtime_error("at most 65535 districts are supported");

  // Districts, their citizens and halls.
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
  districts.kind = kind;
  districts.radius_m = radius;
  districts.urban_share = urban_share;
  districts.citizen_begin = citizen_begin;
  districts.group_begin = group_begin;
  districts.hall_begin = hall_begin;
  districts.hall_x_m = HostVector<double>(hall_x.begin(), hall_x.end());
  districts.hall_y_m = HostVector<double>(hall_y.begin(), hall_y.end());

  citizens.resize(citizen_begin[D]);
  CitizenInitParams cip{};
  cip.seed = p.seed;
  cip.internet_access[0] = p.internet_access[0];
  cip.internet_access[1] = p.internet_access[1];
  cip.internet_elderly_factor = p.internet_elderly_factor;
  for (int a = 0; a < kAgeGroups; ++a) {
    cip.literacy_mean[a] = p.literacy_mean[a];
    cip.literacy_sd[a] = p.literacy_sd[a];
    cip.initial_adoption[a] = p.initial_adoption[a];
    cip.initial_trust[a] = p.initial_trust[a];
  }
  parallel_for(citizens.size(), InitCitizens{cip, citizens.view(), raw(districts.group_begin),
                                             raw(districts.urban_share), D});

  // Queues: halls, the hotline pool, a digital-human pool per district.
  const std::int32_t H = hall_begin[D];
  queues.halls = H;
  queues.hotline = H;
  queues.dh_begin = H + 1;
  queues.n = H + 1 + D;
  const std::int32_t Q = queues.n;
  HostVector<std::uint8_t> q_channel(Q);
  HostVector<std::int32_t> q_district(Q);
  std::vector<std::int64_t> base_servers(Q, 0);
  for (int d = 0; d < D; ++d) {
    for (std::int32_t h = hall_begin[d]; h < hall_begin[d + 1]; ++h) {
      q_channel[h] = kInPerson;
      q_district[h] = d;
      base_servers[h] = headcount_share(p.counter_staff_per_centre[p.districts[d].kind],
                                        static_cast<std::size_t>(hall_begin[d + 1] - hall_begin[d]),
                                        static_cast<std::size_t>(h - hall_begin[d]));
    }
    q_channel[H + 1 + d] = kDigitalHuman;
    q_district[H + 1 + d] = d;
    base_servers[H + 1 + d] = headcount_share(p.dh_instances * p.dh_sessions_per_instance, static_cast<std::size_t>(D),
                                              static_cast<std::size_t>(d));
  }
  q_channel[H] = kHotline;
  q_district[H] = -1;
  base_servers[H] = headcount(p.hotline_operators);

  // Server slots: the establishment plus room for every addition an intervention will make.
  const std::vector<std::int64_t> extra =
      intervention_slots(p, std::vector<std::int32_t>(hall_begin.begin(), hall_begin.end()));
  HostVector<std::int32_t> server_begin(Q + 1, 0);
  for (std::int32_t q = 0; q < Q; ++q) server_begin[q + 1] = server_begin[q] + static_cast<std::int32_t>(base_servers[q] + extra[q]);
  const std::int32_t S = server_begin[Q];
  HostVector<float> skill(S, 1.0f);
  HostVector<std::uint8_t> state(S, kServerInactive), shift(S, 255);
  HostVector<std::uint16_t> tenure(S, 0);
  HostVector<std::int32_t> server_queue(S), refill(S, 0);
  HostVector<double> quit(S, 0.0);
  StaffDay skill_draw{p.seed, 0, p.hiring_delay_days, p.skill_sd, nullptr, nullptr, nullptr, ServerView{}};
  const std::vector<std::uint8_t> shifts = hotline_shifts(p, base_servers[H], server_begin[H + 1] - server_begin[H]);
  for (std::int32_t q = 0; q < Q; ++q) {
    for (std::int32_t s = server_begin[q]; s < server_begin[q + 1]; ++s) {
      server_queue[s] = q;
      const bool in_establishment = s - server_begin[q] < base_servers[q];
      state[s] = in_establishment ? kServerEmployed : kServerInactive;
      if (q_channel[q] == kDigitalHuman) {
        tenure[s] = 65535;  // software does not learn on the job
        continue;
      }
      skill[s] = skill_draw.draw_skill(static_cast<std::uint32_t>(q), static_cast<std::uint32_t>(s - server_begin[q]), -1);
      tenure[s] = static_cast<std::uint16_t>(std::min(65535, p.newcomer_days * 4));  // established staff
      quit[s] = daily_quit_probability(p, q_channel[q], q_district[q]);
      if (q_channel[q] == kHotline) shift[s] = shifts[static_cast<std::size_t>(s - server_begin[q])];
    }
  }
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

  queues.channel = q_channel;
  queues.district = q_district;
  queues.server_begin = server_begin;
  queues.employed = HostVector<std::int32_t>(Q, 0);
  queues.on_duty = HostVector<std::int32_t>(Q, 0);
  queues.posted_wait = HostVector<Seconds>(Q, 0);
  queues.hour_wait_sum = HostVector<std::int64_t>(Q, 0);
  queues.hour_served = HostVector<std::int32_t>(Q, 0);
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
  // What interventions may change, at values that change nothing.
  policy.dh_boost = HostVector<double>(D, 0.0);
  policy.dh_elder_care = HostVector<std::uint8_t>(D, 0);
  HostVector<Hours> q_hours(Q);
  HostVector<std::uint8_t> q_shift(Q, 24);
  for (std::int32_t q = 0; q < Q; ++q) q_hours[q] = constants.hours[q_channel[q]];
  q_shift[H] = static_cast<std::uint8_t>(std::clamp(p.hotline_shift_hours, 1, 24));
  policy.hours = q_hours;
  policy.shift_hours = q_shift;
  policy.server_remote = HostVector<std::uint8_t>(S, 0);
  policy.kiosk_travel = HostVector<Seconds>(D, 0);
  policy.kiosk_non_users = HostVector<std::uint8_t>(D, 0);
  policy.shared_types = HostVector<std::uint32_t>(D, 0);
  policy.service_factor = HostVector<double>(D, 1.0);
  policy.dispatch_latency = HostVector<Seconds>(D, 0);
  policy.dispatched = HostVector<std::uint64_t>(D, 0);
}

}  // namespace civicsim
