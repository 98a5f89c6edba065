// The digital-human (assistant) session rule (docs/ODD.md, "Assistant interfaces and elder care"):
// how likely a session resolves the need without a person, how long it takes, and where an
// unresolved one goes. One place for every caller: the digital-human pools (kernels/queue.hpp),
// the channel choice (kernels/contact.hpp) and assisted kiosks.
#pragma once

#include "kernels/schedule.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// Who talks to the assistant, and how: the interface and elder-care mode of the district's pool,
/// the user's age, and the district's success boost.
struct AssistantSession {
  int interface;    // AssistantInterface
  bool elderly;     // the user is aged 60+
  bool elder_care;  // the pool runs in elder-care mode
  double boost;     // success_boost of the roll-out (added to the probability)
  CIVICSIM_HD bool cared() const { return elderly && elder_care; }
};

/// The session of citizen c with the assistant of district d (its home district for a pool or a
/// kiosk there).
CIVICSIM_INLINE AssistantSession assistant_session(const PolicyView& pv, const CitizenView& cv, std::uint32_t c,
                                                   int d) {
  AssistantSession s;
  s.interface = pv.dh_interface[d];
  s.elderly = (cv.flags[c] & kCitizenElderly) != 0;
  s.elder_care = pv.dh_elder_care[d] != 0;
  s.boost = pv.dh_boost[d];
  return s;
}

/// Literacy sensitivity of the session: s_interface, × the elder-care factor for an elderly user
/// in elder-care mode (guided sessions).
CIVICSIM_INLINE double assistant_sensitivity(const ModelConstants& k, const AssistantSession& s) {
  const double base = k.assistant.literacy_sensitivity[s.interface];
  return s.cared() ? base * k.assistant.care_sensitivity_factor : base;
}

/// Probability that a session resolves the need without a person:
///   p = digital_success × success_factor × (1 − complexity × s × (1 − literacy)) × (elderly ?
///       elderly_factor : 1) + boost, within [0, 1].
CIVICSIM_INLINE double assistant_success(const ModelConstants& k, const TypeParams& type, double literacy,
                                         const AssistantSession& s) {
  const double penalty = type.complexity * assistant_sensitivity(k, s) * (1.0 - literacy);
  double p = type.digital_success * k.assistant.success_factor * (1.0 - penalty);
  if (s.elderly) p *= k.dh_elderly_factor;
  p += s.boost;
  return p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
}

/// Multiplies the session time: the interface's factor, × the elder-care factor for an elderly
/// user in elder-care mode (slower, guided sessions use more capacity).
CIVICSIM_INLINE double assistant_session_factor(const ModelConstants& k, const AssistantSession& s) {
  const double base = k.assistant.session_factor[s.interface];
  return s.cared() ? base * k.assistant.care_session_factor : base;
}

/// Warm hand-off: an unresolved session of an elderly user in elder-care mode goes straight to the
/// hotline queue (with priority and its context), if the hotline can take the need now; otherwise
/// the citizen chooses a human channel as after any escalation.
CIVICSIM_INLINE bool assistant_warm_handoff(const ModelConstants& k, const QueueView& qv, const TypeParams& type,
                                            const AssistantSession& s, Seconds t) {
  if (!s.cared() || !k.assistant.care_handoff) return false;
  return (type.channel_mask & (1u << kHotline)) != 0 && qv.on_duty[qv.hotline] > 0 &&
         is_open(qv.hours[qv.hotline], t, k.start_weekday);
}

}  // namespace civicsim
