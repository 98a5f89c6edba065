// Channel constants by age group (issue 17): choice.asc_elderly is added to choice.asc for citizens
// aged 60+, and for them only. Logit probabilities against a hand computation (as choice_test.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "../sim/test_scenarios.hpp"
#include "kernels/contact.hpp"

namespace civicsim {
namespace {

/// Choice probabilities of citizen 0 for a request of type 0 at time t on the backend.
struct AgeChoiceProbe {
  ModelConstants k;
  CitizenView cv;
  DistrictView dv;
  QueueView qv;
  const TypeParams* types;
  Seconds t;
  double* out;  // probabilities [4]
  CIVICSIM_HD void operator()(std::size_t) const {
    Request r{};
    r.citizen = 0;
    const ChoiceSet s = choice_set(k, cv, dv, qv, types[0], r, t);
    choice_probabilities(s, out);
  }
};

Params age_choice_params() {
  Params p = testing::one_hall(1, 10, kInfinity);
  p.districts[0].population = 1;
  p.hotline_operators = 1;
  p.hours[kHotline].always = true;
  p.dh_instances = 1;
  p.dh_sessions_per_instance = 1;
  p.travel_overhead_minutes = 10;
  RequestType& t = p.types[0];
  t.complexity = 0.4;
  t.service_minutes = {10, 6, 5, 4};
  t.channels = {true, true, true, true};
  p.asc = {0.0, -0.2, 0.3, 0.0};
  p.asc_elderly = {0.8, 0.3, -0.5, -0.4};
  p.beta_time = 0.03;
  p.beta_effort = 2.0;
  p.beta_trust = 1.5;
  return p;
}

std::vector<double> probe(Engine& e, std::uint8_t citizen_flags) {
  World& w = e.world();
  w.citizens.flags[0] = citizen_flags;
  w.citizens.literacy[0] = 0;   // literacy 0
  w.citizens.trust[0] = 65535;  // trust 1
  w.citizens.x[0] = 0;          // lives at the hall: travel is the 10-minute overhead each way
  w.citizens.y[0] = 0;
  w.queues.on_duty[w.queues.hotline] = 1;
  w.queues.posted_wait[0] = 300;
  w.queues.posted_wait[w.queues.hotline] = 120;
  w.queues.posted_wait[w.queues.dh_begin] = 60;
  DeviceVector<double> out(kChannels, -1.0);
  parallel_for(1, AgeChoiceProbe{w.constants, w.citizens.view(), w.districts.view(), w.queue_view(), raw(w.types),
                                 9 * 3600, raw(out)});
  HostVector<double> h = out;
  return std::vector<double>(h.begin(), h.end());
}

/// exp(u_c) / sum exp(u), the logit of MODEL.md §5.
std::vector<double> logit(const double (&u)[kChannels]) {
  double z = 0;
  for (double x : u) z += std::exp(x);
  std::vector<double> p;
  for (double x : u) p.push_back(std::exp(x) / z);
  return p;
}

TEST(AgeChoice, ElderlyConstantsAreAddedForTheSixtyPlusOnly) {
  Engine e(age_choice_params());
  // Utilities by hand, as in choice_test.cpp (minutes): in person 0 - 0.03 (20 travel + 5 wait +
  // 10 service) = -1.05; hotline -0.2 - 0.03 (2 + 6) = -0.44; online 0.3 - 0.03 * 5 + 1.5 - 0.8 =
  // 0.85; digital human 0 - 0.03 (1 + 4) + 1.5 - 0.8 = 0.55. The 60+ add asc_elderly.
  const double adult[kChannels] = {-1.05, -0.44, 0.85, 0.55};
  const double elderly[kChannels] = {-1.05 + 0.8, -0.44 + 0.3, 0.85 - 0.5, 0.55 - 0.4};
  const std::vector<double> want_adult = logit(adult), want_elderly = logit(elderly);
  const auto got_adult = probe(e, kCitizenInternet | kCitizenAdopted);
  const auto got_elderly = probe(e, kCitizenInternet | kCitizenAdopted | kCitizenElderly);
  for (int c = 0; c < kChannels; ++c) {
    EXPECT_NEAR(got_adult[c], want_adult[c], 1e-12) << kChannelNames[c];
    EXPECT_NEAR(got_elderly[c], want_elderly[c], 1e-12) << kChannelNames[c];
  }
  // In person gains for the elderly: its odds against online rise by exp(0.8 + 0.5).
  EXPECT_NEAR((got_elderly[kInPerson] / got_elderly[kOnline]) / (got_adult[kInPerson] / got_adult[kOnline]),
              std::exp(1.3), 1e-9);
}

TEST(AgeChoice, ZeroElderlyConstantsLeaveTheChoiceUnchanged) {
  Params p = age_choice_params();
  p.asc_elderly = {0, 0, 0, 0};
  Engine e(p);
  const auto adult = probe(e, kCitizenInternet | kCitizenAdopted);
  const auto elderly = probe(e, kCitizenInternet | kCitizenAdopted | kCitizenElderly);
  for (int c = 0; c < kChannels; ++c) EXPECT_EQ(adult[c], elderly[c]) << kChannelNames[c];
}

}  // namespace
}  // namespace civicsim
