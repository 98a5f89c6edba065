// The assistant session rule (kernels/assistant.hpp) in isolation: the interface sets the literacy
// gradient of success, elder-care mode slows the sessions of the elderly, lowers their literacy
// penalty and hands their unresolved sessions straight to the hotline; and determinism with these on.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "kernels/assistant.hpp"
#include "test_scenarios.hpp"

namespace civicsim {
namespace {

using testing::make;
using testing::one_hall;
using testing::Recorder;
using testing::run_all;

constexpr int kN = 4000;           // sessions per measurement
constexpr double kComplexity = 0.8;

/// One urban district of kN residents, no demand drawn; a roll-out gives the district kN assistant
/// sessions from day 0 (all served at once); the hotline has kN operators, always on duty. Every
/// service is deterministic (assistant: 4 min before its factors) and every service resolves.
Params assistant_town(bool elder_care, int interface) {
  Params p = one_hall(kN, 10, kInfinity);
  p.districts[0].population = kN;
  p.types[0].channels = {true, true, false, true};
  p.types[0].complexity = kComplexity;
  p.types[0].digital_success = 1;
  p.hotline_operators = kN;
  p.hotline_shift_hours = 24;
  p.hours[kHotline] = OpeningHours{};
  p.hours[kHotline].always = true;
  p.patience_minutes = {kInfinity, kInfinity, kInfinity, kInfinity};
  Intervention rollout = make(InterventionType::DigitalHumanRollout, 0);
  rollout.instances = kN / 8.0;
  rollout.elder_care = elder_care;
  rollout.dh_interface = 1 + interface;
  p.interventions = {rollout};
  return p;
}

/// Counters of one assistant run: every resident (aged 60+ or not, literacy `literacy` × 255)
/// opens one session at 01:00 on day 1; the hour is run.
struct Outcome {
  std::uint64_t completed = 0, resolved = 0, escalated = 0, service_seconds = 0;
  std::uint64_t arrivals[kChannels] = {0, 0, 0, 0};
  double share() const { return static_cast<double>(resolved) / static_cast<double>(completed); }
};

Outcome run_sessions(const Params& p, std::uint8_t literacy, bool elderly) {
  Engine e(p);
  Recorder rec;
  e.run_day(0, rec);
  World& w = e.world();
  HostVector<std::uint8_t> lit = w.citizens.literacy, flags = w.citizens.flags;
  const std::size_t n = lit.size();
  for (std::size_t c = 0; c < n; ++c) {
    lit[c] = literacy;
    flags[c] = static_cast<std::uint8_t>(elderly ? (flags[c] | kCitizenElderly) : (flags[c] & ~kCitizenElderly));
  }
  w.citizens.literacy = lit;
  w.citizens.flags = flags;
  const Seconds t0 = kSecondsPerDay + 3600;
  for (std::size_t c = 0; c < n; ++c) {
    Request r{};
    r.id = 1000 + c;
    r.citizen = static_cast<std::uint32_t>(c);
    r.time = r.born = t0;
    r.kind = kTokenJoin;
    r.queue = w.queues.dh_begin;
    r.channel = kDigitalHuman;
    r.attempt = 1;
    r.flags = kFlagOwn;
    w.pending.push_back(r);
  }
  e.advance_window(t0, t0 + 1800);
  e.advance_window(t0 + 1800, t0 + 3600);
  const std::vector<std::uint64_t> k = e.interval_counters();
  const int D = static_cast<int>(p.districts.size());
  auto sum = [&](int metric, int channel) {
    std::uint64_t s = 0;
    for (int d = 0; d < D; ++d)
      for (int g = 0; g < kGroups; ++g) s += k[((static_cast<std::size_t>(metric) * D + d) * kGroups + g) * kChannels + channel];
    return s;
  };
  Outcome o;
  o.completed = sum(kCompleted, kDigitalHuman);
  o.resolved = sum(kResolved, kDigitalHuman);
  o.escalated = sum(kEscalated, kDigitalHuman);
  o.service_seconds = sum(kServiceSecondsSum, kDigitalHuman);
  for (int ch = 0; ch < kChannels; ++ch) o.arrivals[ch] = sum(kArrivals, ch);
  return o;
}

/// |share − p| within 4 binomial standard errors of kN sessions (and 1e-9 when p is 0 or 1).
void expect_share(const Outcome& o, double p, const char* what) {
  ASSERT_EQ(o.completed, static_cast<std::uint64_t>(kN)) << what;
  const double se = std::sqrt(p * (1 - p) / kN);
  EXPECT_NEAR(o.share(), p, 4 * se + 1e-9) << what;
}

TEST(Assistant, SuccessFollowsTheFormula) {
  ModelConstants k{};
  k.dh_elderly_factor = 0.9;
  k.assistant.success_factor = 0.5;
  k.assistant.literacy_sensitivity[kInterfaceVoice] = 0.4;
  k.assistant.care_sensitivity_factor = 0.5;
  TypeParams type{};
  type.complexity = 0.5;
  type.digital_success = 0.8;
  const AssistantSession adult{kInterfaceVoice, false, true, 0.0}, cared{kInterfaceVoice, true, true, 0.1};
  // 0.8 × 0.5 × (1 − 0.5 × 0.4 × 0.75) = 0.34
  EXPECT_NEAR(assistant_success(k, type, 0.25, adult), 0.34, 1e-12);
  // 0.8 × 0.5 × (1 − 0.5 × 0.2 × 0.75) × 0.9 + 0.1 = 0.433
  EXPECT_NEAR(assistant_success(k, type, 0.25, cared), 0.433, 1e-12);
  const AssistantSession boosted{kInterfaceVoice, false, false, 0.9};
  EXPECT_EQ(assistant_success(k, type, 1.0, boosted), 1.0);  // 0.4 + 0.9, capped
}

TEST(Assistant, TheInterfaceSetsTheLiteracyGradient) {
  // digital_success 1, success_factor 1, no elderly: p = 1 − 0.8 × s × (1 − literacy).
  Params p = assistant_town(false, kInterfaceText);
  p.dh_literacy_sensitivity = {1.0, 0.5, 0.25};
  const double s_text = 1.0, s_voice = 0.5;
  expect_share(run_sessions(p, 0, false), 1 - kComplexity * s_text, "text, literacy 0");     // 0.2
  expect_share(run_sessions(p, 255, false), 1.0, "text, literacy 1");
  p.interventions[0].dh_interface = 1 + kInterfaceVoice;
  expect_share(run_sessions(p, 0, false), 1 - kComplexity * s_voice, "voice, literacy 0");  // 0.6
  expect_share(run_sessions(p, 255, false), 1.0, "voice, literacy 1");
  p.interventions[0].dh_interface = 0;  // the rollout keeps the baseline interface
  p.dh_interface = kInterfaceVoice;
  expect_share(run_sessions(p, 0, false), 1 - kComplexity * s_voice, "baseline voice, literacy 0");
}

TEST(Assistant, ElderCareLowersTheLiteracyPenaltyOfTheElderlyOnly) {
  // Text interface, literacy 0: p = 1 − 0.8 × (elderly in care ? 0.5 : 1) × 1.
  Params p = assistant_town(true, kInterfaceText);
  p.dh_care_sensitivity_factor = 0.5;
  expect_share(run_sessions(p, 0, true), 1 - kComplexity * 0.5, "elderly, elder care");  // 0.6
  expect_share(run_sessions(p, 0, false), 1 - kComplexity, "adult, elder care");         // 0.2
  p.interventions[0].elder_care = false;
  expect_share(run_sessions(p, 0, true), 1 - kComplexity, "elderly, no elder care");      // 0.2
  p.dh_elderly_factor = 0.5;  // the residual age factor, whatever the mode: 0.2 × 0.5
  expect_share(run_sessions(p, 0, true), (1 - kComplexity) * 0.5, "elderly, age factor 0.5");
}

TEST(Assistant, ElderCareSessionsTakeLongerByTheirFactor) {
  // Deterministic 4-minute sessions: × session_factor[interface] (× care factor for the elderly).
  Params p = assistant_town(false, kInterfaceVideo);
  p.dh_session_factor = {1.0, 1.25, 1.5};
  p.dh_care_session_factor = 1.5;
  const Outcome plain = run_sessions(p, 128, true);
  EXPECT_EQ(plain.service_seconds, static_cast<std::uint64_t>(kN) * 240 * 3 / 2);  // video: 360 s
  p.interventions[0].elder_care = true;
  const Outcome cared = run_sessions(p, 128, true);
  EXPECT_EQ(cared.service_seconds, static_cast<std::uint64_t>(kN) * 540);  // 240 × 1.5 × 1.5
  const Outcome adults = run_sessions(p, 128, false);
  EXPECT_EQ(adults.service_seconds, plain.service_seconds);  // elder care slows the elderly only
}

TEST(Assistant, WarmHandOffSendsUnresolvedElderlyStraightToTheHotline) {
  // Literacy 0, text: 80% of the sessions fail. With the warm hand-off every failed elderly session
  // joins the hotline at once (none travels to the hall, which an ordinary escalation may choose).
  Params p = assistant_town(true, kInterfaceText);
  p.dh_care_sensitivity_factor = 1.0;
  const Outcome warm = run_sessions(p, 0, true);
  EXPECT_GT(warm.escalated, 0u);
  EXPECT_EQ(warm.arrivals[kHotline], warm.escalated);
  EXPECT_EQ(warm.arrivals[kInPerson], 0u);
  p.dh_care_handoff = false;  // ordinary escalation: the citizen chooses a human channel again
  const Outcome chosen = run_sessions(p, 0, true);
  EXPECT_EQ(chosen.escalated, warm.escalated);  // same draws, same outcomes
  EXPECT_GT(chosen.arrivals[kInPerson], 0u);
  EXPECT_LT(chosen.arrivals[kHotline], chosen.escalated);
  // Adults in elder-care mode escalate as usual.
  p.dh_care_handoff = true;
  const Outcome adults = run_sessions(p, 0, false);
  EXPECT_GT(adults.arrivals[kInPerson], 0u);
}

TEST(Assistant, InterfacesAndElderCareAreDeterministicAcrossThreadsAndStepLengths) {
  Params p = testing::small_city(600000, 3);
  p.dh_interface = kInterfaceVoice;
  Intervention video = make(InterventionType::DigitalHumanRollout, 1, testing::named("fields"));
  video.instances = 3;
  video.elder_care = true;
  video.dh_interface = 1 + kInterfaceVideo;
  p.interventions.push_back(video);
  const Recorder one = testing::run_parallel(p, 1);
  const Recorder two = testing::run_parallel(p, 2);
  Params fifteen = p;
  fifteen.step_minutes = 15;
  const Recorder coarse = run_all(fifteen);
  ASSERT_EQ(one.intervals.size(), two.intervals.size());
  ASSERT_EQ(one.intervals.size(), coarse.intervals.size());
  for (std::size_t t = 0; t < one.intervals.size(); ++t) {
    ASSERT_EQ(one.intervals[t].series, two.intervals[t].series) << "interval " << t;
    ASSERT_EQ(one.intervals[t].series, coarse.intervals[t].series) << "interval " << t;
  }
}

}  // namespace
}  // namespace civicsim
