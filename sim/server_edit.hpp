// Host copies of the server arrays that interventions edit at their start or end (posts added,
// withdrawn, moved or lent; sim/interventions.cpp and the types' functions), written back once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/world.hpp"

namespace civicsim {

/// Host copies of the server arrays an intervention edits at its start or end, written back once.
struct ServerEdit {
  HostVector<std::uint8_t> state, remote, shift;
  HostVector<float> skill;
  HostVector<std::uint16_t> tenure;
  HostVector<std::int32_t> server_begin;
  HostVector<double> quit;
  explicit ServerEdit(const World& w)
      : state(w.servers.state),
        remote(w.policy.server_remote),
        shift(w.servers.shift_start),
        skill(w.servers.skill),
        tenure(w.servers.tenure_days),
        server_begin(w.queues.server_begin),
        quit(w.servers.quit_probability) {}
  void write(World& w) const {
    w.servers.state = state;
    w.policy.server_remote = remote;
    w.servers.shift_start = shift;
    w.servers.skill = skill;
    w.servers.tenure_days = tenure;
    w.servers.quit_probability = quit;
  }
  /// The queue that slot s belongs to.
  std::int32_t queue_of(std::int32_t s) const {
    return static_cast<std::int32_t>(std::upper_bound(server_begin.begin(), server_begin.end(), s) -
                                     server_begin.begin()) -
           1;
  }
  /// The lowest-numbered unused slot of queue q, or -1.
  std::int32_t free_slot(std::int32_t q) const {
    for (std::int32_t s = server_begin[q]; s < server_begin[q + 1]; ++s)
      if (state[s] == kServerInactive) return s;
    return -1;
  }
  /// The highest-numbered employed slot of queue q that is the queue's own, or -1.
  std::int32_t last_employed(std::int32_t q) const {
    for (std::int32_t s = server_begin[q + 1] - 1; s >= server_begin[q]; --s)
      if (state[s] == kServerEmployed && !remote[s]) return s;
    return -1;
  }
  /// Moves the people (or sessions) of slots `from`, held inactive, into the unused slots of the
  /// receiving queues, in turn; records (from, to) pairs. Those with no room stay where they were.
  void place(const std::vector<std::int32_t>& from, const std::vector<std::pair<std::int32_t, std::int64_t>>& receivers,
             bool lent, std::vector<std::pair<std::int32_t, std::int32_t>>& pairs) {
    std::size_t next = 0;
    for (const auto& [q, n] : receivers) {
      for (std::int64_t k = 0; k < n && next < from.size(); ++k) {
        const std::int32_t to = free_slot(q);
        if (to < 0) break;
        state[from[next]] = kServerEmployed;
        move(from[next], to);
        remote[to] = lent ? 1 : 0;
        pairs.push_back({from[next], to});
        ++next;
      }
    }
    for (; next < from.size(); ++next) state[from[next]] = kServerEmployed;
  }
  /// Moves the person (or session) in slot `from` to slot `to`.
  void move(std::int32_t from, std::int32_t to) {
    state[to] = kServerEmployed;
    skill[to] = skill[from];
    tenure[to] = tenure[from];
    state[from] = kServerInactive;
  }
};

}  // namespace civicsim
