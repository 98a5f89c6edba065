// Citizens' experience of their contacts (MODEL.md §7): at the end of each day, the day's finished
// contacts move each citizen's trust and mean satisfaction.
#pragma once

#include "kernels/service.hpp"

namespace civicsim {

/// Applies the day's effects of contacts to one citizen, in time order: trust moves toward 1 after
/// a successful digital contact and toward 0 after a failed one; a finished need adds its
/// satisfaction to the citizen's running mean and, if it ended on a digital channel (online or a
/// digital human), pulls trust toward that satisfaction: trust += satisfaction_rate ×
/// (satisfaction − trust) (issue 17). Only the agent's own needs (kFlagOwn) count: the
/// others are the needs of the residents it stands for, whose experience would otherwise make one
/// agent learn 1/scale times as fast as a person. `notes` is sorted by (citizen, time, request id);
/// `first[j]` indexes the first note of the j-th citizen that has notes.
struct ApplyNotes {
  CitizenView cv;
  const TypeParams* types;
  const Request* notes;
  const std::uint64_t* first;
  std::uint64_t n_notes;
  std::uint64_t n_first;
  double learn_rate;
  double satisfaction_rate;  // citizens.trust.satisfaction_rate
  CIVICSIM_HD void operator()(std::size_t j) const {
    const std::uint64_t end = j + 1 < n_first ? first[j + 1] : n_notes;
    const std::uint32_t c = notes[first[j]].citizen;
    double trust = cv.trust[c] * (1.0 / 65535.0);
    double mean = cv.satisfaction[c] * (1.0 / 65535.0);
    std::uint32_t n = cv.satisfied_n[c];
    for (std::uint64_t i = first[j]; i < end; ++i) {
      const Request& r = notes[i];
      if (!(r.flags & kFlagOwn)) continue;
      if (r.note & kNoteTrustUp) trust += learn_rate * (1.0 - trust);
      if (r.note & kNoteTrustDown) trust -= learn_rate * trust;
      if (r.note & kNoteDone) {
        if (n < 65535) ++n;
        const double s = satisfaction_of(r, types[r.type]);
        mean += (s - mean) / n;
        if (r.channel == kOnline || r.channel == kDigitalHuman) trust += satisfaction_rate * (s - trust);
      }
    }
    cv.trust[c] = static_cast<std::uint16_t>(trust * 65535.0 + 0.5);
    cv.satisfaction[c] = static_cast<std::uint16_t>(mean * 65535.0 + 0.5);
    cv.satisfied_n[c] = static_cast<std::uint16_t>(n);
  }
};

}  // namespace civicsim
