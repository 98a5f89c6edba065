// Channel choice: availability and logit probabilities against a hand computation.
#include <gtest/gtest.h>

#include <cmath>

#include "kernels/contact.hpp"
#include "../sim/test_scenarios.hpp"

namespace civicsim {
namespace {

/// Evaluates the choice of citizen 0 for a request of type 0 at time t on the backend.
struct ChoiceProbe {
  ModelConstants k;
  CitizenView cv;
  DistrictView dv;
  QueueView qv;
  const TypeParams* types;
  Seconds t;
  std::uint8_t request_flags;
  double* out;  // probabilities [4], then availability [4]
  CIVICSIM_HD void operator()(std::size_t) const {
    Request r{};
    r.citizen = 0;
    r.flags = request_flags;
    const ChoiceSet s = choice_set(k, cv, dv, qv, types[0], r, t);
    double p[kChannels];
    choice_probabilities(s, p);
    for (int c = 0; c < kChannels; ++c) {
      out[c] = p[c];
      out[kChannels + c] = s.available[c] ? 1.0 : 0.0;
    }
  }
};

class Choice : public ::testing::Test {
 protected:
  Params params() {
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
    p.beta_time = 0.03;
    p.beta_effort = 2.0;
    p.beta_trust = 1.5;
    return p;
  }
  std::vector<double> probe(Engine& e, std::uint8_t citizen_flags, std::uint8_t request_flags = 0) {
    World& w = e.world();
    w.citizens.flags[0] = citizen_flags;
    w.citizens.literacy[0] = 0;   // literacy 0
    w.citizens.trust[0] = 65535;  // trust 1
    w.citizens.x[0] = 0;          // lives at the hall: travel is the 10-minute overhead each way
    w.citizens.y[0] = 0;
    w.queues.on_duty[w.queues.hotline] = 1;  // an operator on shift
    w.queues.posted_wait[0] = 300;           // hall
    w.queues.posted_wait[w.queues.hotline] = 120;
    w.queues.posted_wait[w.queues.dh_begin] = 60;
    DeviceVector<double> out(2 * kChannels, -1.0);
    parallel_for(1, ChoiceProbe{w.constants, w.citizens.view(), w.districts.view(), w.queue_view(), raw(w.types),
                                9 * 3600, request_flags, raw(out)});
    HostVector<double> h = out;
    return std::vector<double>(h.begin(), h.end());
  }
};

TEST_F(Choice, LogitProbabilitiesMatchHandComputation) {
  Engine e(params());
  const auto got = probe(e, kCitizenInternet | kCitizenAdopted);
  // Utilities by hand (minutes): in person 0 - 0.03 (20 travel + 5 wait + 10 service);
  // hotline -0.2 - 0.03 (2 + 6); online 0.3 - 0.03 * 5 + 1.5 * 1 - 2 * 0.4 * (1 - 0);
  // digital human 0 - 0.03 (1 + 4) + 1.5 - 0.8.
  const double u[4] = {-1.05, -0.44, 0.85, 0.55};
  double z = 0;
  for (double x : u) z += std::exp(x);
  for (int c = 0; c < kChannels; ++c) {
    EXPECT_NEAR(got[c], std::exp(u[c]) / z, 1e-12) << kChannelNames[c];
    EXPECT_EQ(got[kChannels + c], 1.0);
  }
}

TEST_F(Choice, NonAdoptersOnlyConsiderHumanChannels) {
  Engine e(params());
  const auto got = probe(e, kCitizenInternet);
  const double u_ip = -1.05, u_hot = -0.44;
  EXPECT_NEAR(got[kInPerson], std::exp(u_ip) / (std::exp(u_ip) + std::exp(u_hot)), 1e-12);
  EXPECT_EQ(got[kOnline], 0.0);
  EXPECT_EQ(got[kDigitalHuman], 0.0);
  EXPECT_EQ(got[kChannels + kOnline], 0.0);
}

TEST_F(Choice, EscalatedCasesChooseOnlyHumansWithShorterService) {
  Params p = params();
  p.escalated_service_factor = 0.5;
  Engine e(p);
  const auto got = probe(e, kCitizenInternet | kCitizenAdopted, kFlagEscalated);
  const double u_ip = -0.03 * (20 + 5 + 5), u_hot = -0.2 - 0.03 * (2 + 3);
  EXPECT_NEAR(got[kHotline], std::exp(u_hot) / (std::exp(u_ip) + std::exp(u_hot)), 1e-12);
  EXPECT_EQ(got[kOnline] + got[kDigitalHuman], 0.0);
}

TEST_F(Choice, ClosedHallIsNotAvailable) {
  Params p = params();
  p.hours[kInPerson] = OpeningHours{};
  p.hours[kInPerson].weekday = {{9 * 60 + 5, 17 * 60}};  // opens 09:05; travel brings them at 09:10
  Engine open(p);
  EXPECT_EQ(probe(open, kCitizenInternet)[kChannels + kInPerson], 1.0);
  p.hours[kInPerson].weekday = {{9 * 60 + 15, 17 * 60}};  // opens 09:15: still closed on arrival
  Engine closed(p);
  EXPECT_EQ(probe(closed, kCitizenInternet)[kChannels + kInPerson], 0.0);
}

}  // namespace
}  // namespace civicsim
