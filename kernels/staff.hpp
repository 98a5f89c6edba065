// Staff (MODEL.md §7): clerks and operators leave and are replaced after the hiring delay, day by day.
#pragma once

#include "kernels/rng.hpp"
#include "kernels/views.hpp"

namespace civicsim {

/// Staff turnover: each employed clerk or operator leaves with the daily equivalent of the yearly
/// attrition of their district kind; a vacant post is filled after the hiring delay by a new hire
/// (new skill, tenure 0).
struct StaffDay {
  std::uint64_t seed;
  std::int32_t day;
  std::int32_t hiring_delay_days;
  double skill_sd;
  const double* quit_probability;    // per server (0 for digital-human sessions)
  const std::int32_t* server_queue;  // per server: its queue
  const std::int32_t* server_begin;  // per queue: its first server
  ServerView sv;
  const double* queue_quit_factor;  // per queue: burnout multiplier of quit_probability (nullptr = 1; issue 17)
  CIVICSIM_HD void operator()(std::size_t s) const {
    // Draws are keyed by (queue, post within the queue), not by the server's index: an arm of a
    // sweep that adds posts to one queue leaves every other post's draws as they were.
    const std::int32_t q = server_queue[s];
    const auto queue = static_cast<std::uint32_t>(q);
    const auto post = static_cast<std::uint32_t>(static_cast<std::int32_t>(s) - server_begin[q]);
    if (sv.state[s] == kServerVacant && day >= sv.refill_day[s]) {
      sv.state[s] = kServerEmployed;
      sv.tenure_days[s] = 0;
      sv.skill[s] = draw_skill(queue, post, day);
      return;
    }
    if (sv.state[s] != kServerEmployed) return;
    if (sv.tenure_days[s] < 65535) ++sv.tenure_days[s];
    const Uniform2 u = uniform2(seed, queue, post, Purpose::StaffAttrition, static_cast<std::uint32_t>(day));
    const double factor = queue_quit_factor ? queue_quit_factor[q] : 1.0;
    if (u.a <= quit_probability[s] * factor) {
      sv.state[s] = kServerVacant;
      sv.refill_day[s] = day + hiring_delay_days;
    }
  }
  CIVICSIM_HD float draw_skill(std::uint32_t queue, std::uint32_t post, int hire_day) const {
    const Uniform2 u = uniform2(seed, queue, post, Purpose::StaffSkill, static_cast<std::uint32_t>(hire_day + 1));
    const double z = pmath::normal_quantile(u.a >= 1.0 ? 0.9999999999999999 : u.a);
    const double skill = 1.0 + skill_sd * z;
    return static_cast<float>(skill < 0.3 ? 0.3 : skill);
  }
};

}  // namespace civicsim
