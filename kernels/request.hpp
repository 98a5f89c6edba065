// A request is one citizen's need, from the moment it arises until it is met or given up. It moves
// as one record ("token") between the pending list, a queue's waiting line and a server, so the
// whole state of the need travels with it and can be saved and restored exactly.
#pragma once

#include <cstdint>

#include "kernels/config.hpp"

namespace civicsim {

/// What happens to a pending request at its `time`.
enum TokenKind : std::uint8_t {
  kTokenNone = 0,        // empty slot
  kTokenChoose = 1,      // the citizen chooses a channel (first contact, retry, escalation)
  kTokenJoin = 2,        // arrives at queue `queue` (after travel, for halls)
  kTokenOnlineDone = 3,  // an online self-service attempt ends
  kTokenDone = 4,        // the need is met or given up; only its notes remain to be applied
};

enum TokenFlag : std::uint8_t {
  kFlagEscalated = 1,     // handed over from a digital human: human channels only, priority
  kFlagOnlineFailed = 2,  // online failed for this attempt: not chosen again until a retry
  kFlagKiosk = 4,         // reaches the digital human at a village kiosk (travelled there)
  // The agent's own need, not one of the other residents it stands for (population.scale < 1):
  // only own needs change the agent's trust and satisfaction, so that an agent that raises
  // 1/scale times a person's needs still learns at a person's pace (docs/engine.md, "Scaling").
  // Kept for the whole life of the need.
  kFlagOwn = 8,
};

/// Effects on the citizen, applied at the end of the day in time order (trust, satisfaction).
enum TokenNote : std::uint8_t {
  kNoteTrustUp = 1,    // a digital contact succeeded
  kNoteTrustDown = 2,  // a digital contact failed
  kNoteDone = 4,       // the need ended (satisfaction is recorded)
  kNoteResolved = 8,   // ... and was met
};

struct Request {
  std::uint64_t id;       // unique: (day drawn << 32) | index in that day's draw
  std::uint32_t citizen;  // citizen index
  Seconds time;           // pending: time of the next event; waiting: time it joined the queue
  Seconds born;           // when the need arose
  Seconds spent;          // travel + waits + services so far
  Seconds deadline;       // waiting: time it abandons; in service: end of service
  std::int32_t queue;     // Join: the queue it joins
  std::uint8_t type;      // request type index
  std::uint8_t kind;      // TokenKind
  std::uint8_t flags;     // TokenFlag bits
  std::uint8_t attempt;   // contacts so far (part of every random-number counter)
  std::uint8_t note;      // TokenNote bits produced by the last event
  std::uint8_t channel;   // channel of the current or last contact
  std::uint8_t pad[2];
};

/// Total order used wherever order matters: by time, then citizen, then request id. It never
/// depends on threads or devices.
CIVICSIM_INLINE bool request_before(const Request& a, const Request& b) {
  if (a.time != b.time) return a.time < b.time;
  if (a.citizen != b.citizen) return a.citizen < b.citizen;
  return a.id < b.id;
}

}  // namespace civicsim
