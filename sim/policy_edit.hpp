// Host copies of the policies that active interventions set (PolicyArrays, sim/world.hpp), rebuilt
// from the baseline whenever one starts or ends (InterventionSchedule::refresh_policies; each
// type's part is its `policy` function, sim/intervention_kinds.hpp), written back once.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/world.hpp"

namespace civicsim {

struct PolicyEdit {
  // per district
  HostVector<double> boost, service;         // digital-human success boost; service time factor [d × type]
  HostVector<std::uint8_t> elder_care;       // digital-human elder-care mode
  HostVector<Seconds> kiosk, latency;        // kiosk trip (0 = none); dispatch latency
  HostVector<std::uint8_t> kiosk_non_users;  // kiosks also for residents who do not use digital channels at home
  HostVector<std::uint32_t> shared;          // request types whose records are shared (bits)
  HostVector<std::int32_t> hall_begin;       // halls of district d: [hall_begin[d], hall_begin[d + 1])
  // per hall
  HostVector<Hours> hours;
  HostVector<std::uint8_t> shift_hours;
  std::vector<int> shift_of_hall;  // counter shift length in hours; 0 = the whole day
  // assistant interfaces (issue 17)
  HostVector<std::uint8_t> interface;  // per district: AssistantInterface
  // kiosks as service points (issue 17): per district; their queues' hours are in `hours`
  HostVector<double> kiosk_reach_s, kiosk_session, kiosk_lift;
  std::int32_t kiosk_begin;

  /// The baseline: no intervention active.
  explicit PolicyEdit(const World& world)
      : boost(static_cast<std::size_t>(world.district_count()), 0.0),
        service(static_cast<std::size_t>(world.district_count()) * kMaxRequestTypes, 1.0),
        elder_care(static_cast<std::size_t>(world.district_count()), 0),
        kiosk(static_cast<std::size_t>(world.district_count()), 0),
        latency(static_cast<std::size_t>(world.district_count()), 0),
        kiosk_non_users(static_cast<std::size_t>(world.district_count()), 0),
        shared(static_cast<std::size_t>(world.district_count()), 0),
        hall_begin(world.districts.hall_begin),
        hours(world.policy.hours),
        shift_hours(world.policy.shift_hours),
        shift_of_hall(static_cast<std::size_t>(world.queues.halls), 0),
        interface(static_cast<std::size_t>(world.district_count()), static_cast<std::uint8_t>(world.constants.assistant.interface)),
        kiosk_reach_s(static_cast<std::size_t>(world.district_count()), 0.0),
        kiosk_session(static_cast<std::size_t>(world.district_count()), 1.0),
        kiosk_lift(static_cast<std::size_t>(world.district_count()), 0.0),
        kiosk_begin(world.queues.dh_begin + world.district_count()) {
    for (std::int32_t h = 0; h < world.queues.halls; ++h) {
      hours[h] = world.constants.hours[kInPerson];
      shift_hours[h] = 24;
    }
    for (std::int32_t q = kiosk_begin; q < world.queues.n; ++q) hours[q] = world.constants.hours[kDigitalHuman];
  }
  void write(World& world) const {
    PolicyArrays& P = world.policy;
    P.dh_boost = boost;
    P.dh_elder_care = elder_care;
    P.kiosk_travel = kiosk;
    P.kiosk_non_users = kiosk_non_users;
    P.shared_types = shared;
    P.service_factor = service;
    P.dispatch_latency = latency;
    P.hours = hours;
    P.shift_hours = shift_hours;
    P.dh_interface = interface;
    P.kiosk_reach_s = kiosk_reach_s;
    P.kiosk_session = kiosk_session;
    P.kiosk_lift = kiosk_lift;
  }
};

}  // namespace civicsim
