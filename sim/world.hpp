// The world state: citizens, districts and halls, queues, servers and requests in flight, as
// struct-of-arrays owned by backend vectors. Everything the engine needs to continue a run lives
// here (plus the engine's clock), so saving these arrays is a complete checkpoint.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/parallel.hpp"
#include "kernels/views.hpp"
#include "sim/params.hpp"

namespace civicsim {

/// What a world array is to a checkpoint: for_each_array passes one with each array.
enum ArrayRole : std::uint8_t {
  kArrayState,  // changes as the run goes, at a fixed length: saved; its length is checked on load
  kArrayGrows,  // changes as the run goes, and so does its length (requests, waiting lines): saved
  kArrayShape,  // built from the parameters, never changed afterwards: not saved
};

// Each struct of arrays lists its arrays once, in for_each_array(f), next to the fields: f(name,
// array, role) for each, in checkpoint order. resize(), the checkpoint (Engine::archive,
// sim/engine_archive.cpp) and copies go through that list, so a new field is one edit there, and
// World::World checks that every field is in its list. The views (kernels/views.hpp) are written
// out by hand: they are plain structs of raw pointers for device code, some const, with scalars
// among them, and a view's field cannot be named from the list; view() lists the fields in order.

struct CitizenArrays {
  DeviceVector<std::uint16_t> district;
  DeviceVector<std::int16_t> x, y;
  DeviceVector<std::uint8_t> flags;
  DeviceVector<std::uint8_t> literacy;
  DeviceVector<std::uint16_t> trust;
  DeviceVector<std::uint16_t> satisfaction;
  DeviceVector<std::uint16_t> satisfied_n;
  template <class F>
  void for_each_array(F&& f) {
    f("district", district, kArrayState);
    f("x", x, kArrayState);
    f("y", y, kArrayState);
    f("flags", flags, kArrayState);
    f("literacy", literacy, kArrayState);
    f("trust", trust, kArrayState);
    f("satisfaction", satisfaction, kArrayState);
    f("satisfied_n", satisfied_n, kArrayState);
  }
  std::uint64_t size() const { return district.size(); }
  void resize(std::uint64_t n);
  CitizenView view();
};

struct DistrictArrays {
  DeviceVector<std::uint8_t> kind;
  DeviceVector<double> radius_m;
  DeviceVector<double> urban_share;
  DeviceVector<std::int32_t> hall_begin;
  DeviceVector<double> hall_x_m, hall_y_m;
  DeviceVector<std::uint64_t> citizen_begin;  // citizens of d: [citizen_begin[d], citizen_begin[d+1])
  /// Citizens are stored by district, then by group in the normative order: group g of district d
  /// is [group_begin[d * kGroups + g], group_begin[d * kGroups + g + 1]).
  DeviceVector<std::uint64_t> group_begin;
  template <class F>
  void for_each_array(F&& f) {
    f("kind", kind, kArrayShape);
    f("radius_m", radius_m, kArrayShape);
    f("urban_share", urban_share, kArrayShape);
    f("hall_begin", hall_begin, kArrayShape);
    f("hall_x_m", hall_x_m, kArrayShape);
    f("hall_y_m", hall_y_m, kArrayShape);
    f("citizen_begin", citizen_begin, kArrayShape);
    f("group_begin", group_begin, kArrayShape);
  }
  DistrictView view() const;
};

struct ServerArrays {
  DeviceVector<float> skill;
  DeviceVector<std::uint8_t> state;
  DeviceVector<std::uint16_t> tenure_days;
  DeviceVector<std::int32_t> refill_day;
  DeviceVector<std::uint8_t> shift_start;
  DeviceVector<Seconds> busy_until;
  DeviceVector<Request> in_service;
  DeviceVector<std::uint8_t> on_duty;
  DeviceVector<std::int32_t> queue;       // queue of each server
  DeviceVector<double> quit_probability;  // daily
  template <class F>
  void for_each_array(F&& f) {
    f("skill", skill, kArrayState);
    f("state", state, kArrayState);
    f("tenure_days", tenure_days, kArrayState);
    f("refill_day", refill_day, kArrayState);
    f("shift_start", shift_start, kArrayState);
    f("busy_until", busy_until, kArrayState);
    f("in_service", in_service, kArrayState);
    f("on_duty", on_duty, kArrayState);
    f("queue", queue, kArrayState);
    f("quit_probability", quit_probability, kArrayState);
  }
  std::uint64_t size() const { return skill.size(); }
  ServerView view();
};

struct QueueArrays {
  std::int32_t n = 0, halls = 0, hotline = 0, dh_begin = 0;
  DeviceVector<std::uint8_t> channel;
  DeviceVector<std::int32_t> district;
  DeviceVector<std::int32_t> server_begin;
  DeviceVector<std::int32_t> employed;
  DeviceVector<std::int32_t> on_duty;
  DeviceVector<Seconds> posted_wait;
  DeviceVector<std::int64_t> hour_wait_sum;
  DeviceVector<std::int32_t> hour_served;
  DeviceVector<Request> ring;
  DeviceVector<std::int64_t> ring_base;
  DeviceVector<std::int32_t> ring_cap, ring_head, ring_count;
  DeviceVector<std::int32_t> busy_heap, busy_n, idle_heap, idle_n;
  // staff burnout (issue 17): this day's busy and on-duty server-seconds, the smoothed utilisation
  // (-1 = no day on duty yet) and the multiplier of the quit probability it gives
  DeviceVector<std::int64_t> busy_seconds, duty_seconds;
  DeviceVector<double> utilisation, quit_factor;
  /// The arrays (not the four counts above, which the parameters give).
  template <class F>
  void for_each_array(F&& f) {
    f("channel", channel, kArrayShape);
    f("district", district, kArrayShape);
    f("server_begin", server_begin, kArrayShape);
    f("employed", employed, kArrayState);
    f("on_duty", on_duty, kArrayState);
    f("posted_wait", posted_wait, kArrayState);
    f("hour_wait_sum", hour_wait_sum, kArrayState);
    f("hour_served", hour_served, kArrayState);
    f("ring", ring, kArrayGrows);
    f("ring_base", ring_base, kArrayState);
    f("ring_cap", ring_cap, kArrayState);
    f("ring_head", ring_head, kArrayState);
    f("ring_count", ring_count, kArrayState);
    f("busy_heap", busy_heap, kArrayState);
    f("busy_n", busy_n, kArrayState);
    f("idle_heap", idle_heap, kArrayState);
    f("idle_n", idle_n, kArrayState);
    f("busy_seconds", busy_seconds, kArrayState);
    f("duty_seconds", duty_seconds, kArrayState);
    f("utilisation", utilisation, kArrayState);
    f("quit_factor", quit_factor, kArrayState);
  }
  /// The queues with the policies that govern them (World::queue_view()).
  QueueView view(const PolicyView& policy);
  /// Grows the waiting rings so that queue q can hold need[q] requests in each class.
  void ensure_ring_capacity(const std::vector<std::int64_t>& need);
};

/// What interventions set (sim/interventions.cpp refresh_policies, ServerEdit), at values that
/// change nothing in the baseline, and the remote-dispatch counter (PolicyView says what each holds).
struct PolicyArrays {
  DeviceVector<double> dh_boost;               // per district
  DeviceVector<std::uint8_t> dh_elder_care;    // per district
  DeviceVector<Hours> hours;                   // per queue
  DeviceVector<std::uint8_t> shift_hours;      // per queue
  DeviceVector<std::uint8_t> server_remote;    // per server
  DeviceVector<Seconds> kiosk_travel;          // per district
  DeviceVector<std::uint8_t> kiosk_non_users;  // per district
  DeviceVector<std::uint32_t> shared_types;    // per district
  DeviceVector<double> service_factor;         // per district × kMaxRequestTypes
  DeviceVector<Seconds> dispatch_latency;      // per district
  DeviceVector<std::uint64_t> dispatched;      // per district
  // assistant interfaces and elder care (issue 17)
  DeviceVector<std::uint8_t> dh_interface;  // per district
  // kiosks as service points (issue 17), per district
  DeviceVector<double> kiosk_reach_s, kiosk_session, kiosk_lift;
  // cross-region dispatch groups (issue 17; kernels/dispatch.hpp DispatchView says what each holds)
  DeviceVector<std::int32_t> dispatch_lead;  // per queue
  DeviceVector<std::int32_t> dispatch_next;  // per queue
  DeviceVector<std::uint8_t> dispatch_role;  // per queue
  DeviceVector<std::int32_t> dispatch_cap;   // per queue
  template <class F>
  void for_each_array(F&& f) {
    f("dh_boost", dh_boost, kArrayState);
    f("dh_elder_care", dh_elder_care, kArrayState);
    f("hours", hours, kArrayState);
    f("shift_hours", shift_hours, kArrayState);
    f("server_remote", server_remote, kArrayState);
    f("kiosk_travel", kiosk_travel, kArrayState);
    f("kiosk_non_users", kiosk_non_users, kArrayState);
    f("shared_types", shared_types, kArrayState);
    f("service_factor", service_factor, kArrayState);
    f("dispatch_latency", dispatch_latency, kArrayState);
    f("dispatched", dispatched, kArrayState);
    f("dh_interface", dh_interface, kArrayState);
    f("kiosk_reach_s", kiosk_reach_s, kArrayState);
    f("kiosk_session", kiosk_session, kArrayState);
    f("kiosk_lift", kiosk_lift, kArrayState);
    f("dispatch_lead", dispatch_lead, kArrayState);
    f("dispatch_next", dispatch_next, kArrayState);
    f("dispatch_role", dispatch_role, kArrayState);
    f("dispatch_cap", dispatch_cap, kArrayState);
  }
  PolicyView view();
};

/// Opening hours in the form the rules read.
Hours device_hours(const OpeningHours& h);

/// Daily probability that a clerk or operator of a queue of `channel` in district `district`
/// (ignored for the hotline) quits: the daily equivalent of the yearly attrition of the district's
/// kind (hotline: urban). Digital-human sessions never quit (0).
double daily_quit_probability(const Params& p, int channel, int district);

/// A real-world headcount (staff, operators, digital-human sessions), rounded to whole people.
/// Service capacity is simulated at its real size whatever population.scale is: only citizens are
/// sampled (docs/engine.md, "Scaling").
std::int64_t headcount(double real_count);

/// Spreads a real-world count given per unit (clerks per hall, sessions per district; fractional
/// or negative) over n units: round(per_unit × n) in all, as evenly as possible, the remainder to
/// the first units. Unit j's share.
std::int64_t headcount_share(double per_unit, std::size_t n, std::size_t j);

/// Agents of district d: its residents aged 15+ × population.scale, rounded.
std::uint64_t district_agents(const Params& p, int d);

/// Residents aged 15+ one agent of each district stands for (0 where a district has no agents).
std::vector<double> residents_per_agent(const Params& p);

/// Agents of district d in each reporting group: its residence and age shares exactly, rounded to
/// whole agents (rural = round(n × (1 − urban_share)), then elderly = round(urban or rural × the
/// elderly share among agents)).
std::array<std::uint64_t, kGroups> group_agents(const Params& p, int d);

struct World {
  Params params;
  ModelConstants constants{};
  std::vector<TypeParams> host_types;
  DeviceVector<TypeParams> types;
  CitizenArrays citizens;
  DistrictArrays districts;
  ServerArrays servers;
  QueueArrays queues;
  PolicyArrays policy;            // set by interventions
  DeviceVector<Request> pending;  // requests waiting for their next event (choice, arrival, end of an online attempt)

  /// Builds the initial world from validated parameters (draws every citizen and server).
  explicit World(const Params& params);

  /// The view the queue and contact rules take: queues and policies together.
  QueueView queue_view() { return queues.view(policy.view()); }
  std::int32_t district_count() const { return static_cast<std::int32_t>(params.districts.size()); }
  /// Bytes of citizen state per agent.
  static constexpr int citizen_bytes() { return kCitizenBytes; }
};

}  // namespace civicsim
