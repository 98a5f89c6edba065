// Data sharing as a risk model and trust that moves with experience (issue 17), each rule in
// isolation with its expected value derived by hand: the shorter service only for the shared
// types, incidents at the rate the records and the security spending set, the drop an incident
// causes, the pull of a digital need's satisfaction on trust, adopters who stop after an incident,
// and trust in the Bass hazard.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "kernels/adoption.hpp"
#include "kernels/experience.hpp"
#include "kernels/interventions.hpp"
#include "sim/intervention_kinds.hpp"
#include "test_scenarios.hpp"

namespace civicsim::testing {
namespace {

constexpr int kCentre = 0, kRing = 1;  // districts of small_city

std::int64_t series_sum(const Recorder& rec, int metric, int channel) {
  const std::size_t per_metric = static_cast<std::size_t>(kGroups) * kChannels;  // one district
  std::int64_t sum = 0;
  for (const auto& r : rec.intervals)
    for (std::size_t i = channel; i < per_metric; i += kChannels) sum += r.series[metric * per_metric + i];
  return sum;
}

/// one_hall with every resident online, a second type ("permit") that no one needs, and a data
/// exchange from day 0 with a service factor of 0.5 and no incidents that shares the type people
/// need (share_needed) or only the permit.
Params shared_hall(bool share_needed) {
  Params p = one_hall(50, 10, kInfinity);
  p.days = 3;
  p.types[0].rate_per_year = {400, 400};
  p.types[0].service_minutes = {10, 6, 5, 4};
  p.types[0].channels = {true, false, true, false};
  p.types[0].digital_success = 1;
  RequestType permit = p.types[0];
  permit.name = "permit";
  permit.rate_per_year = {0, 0};
  p.types.push_back(permit);
  p.internet_access = {1, 1};
  p.initial_adoption = {1, 1};
  Intervention v = make(InterventionType::DataSharing, 0);
  v.shared_types = {share_needed ? p.types[0].name : permit.name};
  v.service_factor = 0.5;
  v.incidents_per_year = 0;
  p.interventions.push_back(v);
  return p;
}

TEST(DataSharingRisk, ShorterServiceOnlyForTheSharedTypes) {
  // Deterministic services: 600 s in person and 300 s online unless the type is shared, then x 0.5.
  const Recorder unshared = run_all(shared_hall(false));
  const Recorder shared = run_all(shared_hall(true));
  for (const Recorder* rec : {&unshared, &shared}) {
    const double factor = rec == &shared ? 0.5 : 1.0;
    const std::int64_t in_person = series_sum(*rec, kServed, kInPerson), online = series_sum(*rec, kServed, kOnline);
    ASSERT_GT(in_person, 0);
    ASSERT_GT(online, 0);
    EXPECT_EQ(series_sum(*rec, kServiceSecondsSum, kInPerson), std::llround(in_person * 600 * factor));
    EXPECT_EQ(series_sum(*rec, kServiceSecondsSum, kOnline), std::llround(online * 300 * factor));
  }
}

TEST(DataSharingRisk, TwoExchangesEachShortenOnlyTheirOwnTypes) {
  // A second exchange that shares only the permit (nobody needs it) at 0.25 must leave the needed
  // type's services at the first exchange's 0.5: the factors are kept per type, not multiplied
  // into one district factor (0.5 x 0.25 would give 150 s in person).
  Params p = shared_hall(true);
  Intervention permits = p.interventions.back();
  permits.shared_types = {"permit"};
  permits.service_factor = 0.25;
  p.interventions.push_back(permits);
  const Recorder rec = run_all(p);
  const std::int64_t in_person = series_sum(rec, kServed, kInPerson), online = series_sum(rec, kServed, kOnline);
  ASSERT_GT(in_person, 0);
  ASSERT_GT(online, 0);
  EXPECT_EQ(series_sum(rec, kServiceSecondsSum, kInPerson), in_person * 300);
  EXPECT_EQ(series_sum(rec, kServiceSecondsSum, kOnline), online * 150);
}

TEST(DataSharingRisk, ServiceFactorForReadsTheFactorOfTheDistrictAndType) {
  double factor[2 * kMaxRequestTypes];
  for (double& f : factor) f = 1.0;
  factor[0 * kMaxRequestTypes + 1] = 0.8;
  factor[1 * kMaxRequestTypes + 0] = 0.6;
  PolicyView pv{};
  pv.service_factor = factor;
  EXPECT_EQ(service_factor_for(pv, 0, 0), 1.0);
  EXPECT_EQ(service_factor_for(pv, 0, 1), 0.8);
  EXPECT_EQ(service_factor_for(pv, 1, 0), 0.6);
  EXPECT_EQ(service_factor_for(pv, 1, 1), 1.0);
}

TEST(DataSharingRisk, IncidentFrequencyFollowsRecordsAndSecuritySpending) {
  // lambda = 0.5/yr x records / 1e6 / (1 + spend / 2000); daily p = 1 - exp(-lambda/365).
  // small_city: 300,000 in the centre, 180,000 in the ring. Over 200,000 days (one stream per
  // case) the count is binomial; it must lie within 4 sd of n p.
  Params p = small_city(600000, 1);
  p.types[0].rate_per_year = {0, 0};
  Intervention v = make(InterventionType::DataSharing, 0);
  v.incidents_per_year = 50;  // high enough that the counts are informative
  v.reference_records = 1e6;
  v.security_half_cost = 2000;
  struct Case {
    std::vector<int> districts;
    std::vector<std::string> types;
    double spend, lambda;
  };
  const Case cases[4] = {
      {{0}, {"consultation"}, 0, 50 * 0.3},                       // 300,000 records
      {{0, 1}, {"consultation", "certificate"}, 0, 50 * 0.96},    // 960,000 records
      {{0}, {"consultation"}, 2000, 50 * 0.3 / 2},                // spending halves the rate
      {{0, 1}, {"consultation", "certificate"}, 6000, 50 * 0.96 / 4},
  };
  const int days = 200000;
  for (int c = 0; c < 4; ++c) {
    v.shared_types = cases[c].types;
    v.security_daily_cost = cases[c].spend;
    EXPECT_DOUBLE_EQ(data_sharing::records(v, cases[c].districts, p),
                     (c % 2 ? 480000.0 * 2 : 300000.0));
    const double prob = data_sharing::incident_probability(v, cases[c].districts, p);
    EXPECT_NEAR(prob, 1.0 - std::exp(-cases[c].lambda / 365.0), 1e-15);
    int hits = 0;
    for (int d = 0; d < days; ++d) hits += privacy_incident(p.seed, static_cast<std::uint32_t>(c), d, prob) ? 1 : 0;
    const double mean = days * prob, sd = std::sqrt(days * prob * (1 - prob));
    EXPECT_NEAR(hits, mean, 4 * sd) << "case " << c;
  }
}

TEST(DataSharingRisk, AnIncidentLowersTrustByItsSizeAndResponse) {
  // drop = 0.6 x 0.25 x (1 - 0.3 x 1)(1 - 0.2 x 0.5)(1 - 0.3 x 0) = 0.15 x 0.7 x 0.9 = 0.0945.
  Params p = small_city(600000, 6);
  p.interventions.clear();
  for (RequestType& t : p.types) t.rate_per_year = {0, 0};
  Intervention v = make(InterventionType::DataSharing, 2, named("ring"));
  v.end_day = 3;  // active on day 2 only
  v.shared_types = {p.types[0].name};
  v.incidents_per_year = 1e12;  // an incident on every active day
  v.max_trust_drop = 0.6;
  v.exposed_share = 0.25;
  v.disclosure = 1;
  v.accountability = 0.5;
  v.remediation = 0;
  EXPECT_NEAR(data_sharing::trust_drop(v), 0.0945, 1e-15);
  p.interventions.push_back(v);
  Engine engine(p);
  Recorder rec;
  engine.run(rec);
  EXPECT_EQ(engine.intervention_records(p.days)[0].incidents, 1);
  for (int g = 0; g < kGroups; ++g) {
    for (int day = 1; day < p.days; ++day) {
      const std::size_t cell = static_cast<std::size_t>(kRing) * kGroups + g;
      const double ring = rec.days[day].trust_mean[cell] / rec.days[day - 1].trust_mean[cell];
      if (std::isnan(ring)) continue;
      // every resident keeps 1 - 0.0945 (each rounded to 1/65535 of trust)
      EXPECT_NEAR(ring, day == 2 ? 1 - 0.0945 : 1.0, 1e-4) << "day " << day << " group " << g;
      const double centre = rec.days[day].trust_mean[kCentre * kGroups + g];
      if (!std::isnan(centre)) {
        EXPECT_DOUBLE_EQ(centre, rec.days[0].trust_mean[kCentre * kGroups + g]);
      }
    }
  }
}

TEST(TrustFromSatisfaction, OneDigitalContactPullsTrustTowardItsSatisfaction) {
  // Trust 0.5; one own need resolved online that took 300 s of a 1200 s reference: satisfaction
  // 0.75. Success first: 0.5 + 0.1 x (1 - 0.5) = 0.55; then 0.55 + 0.2 x (0.75 - 0.55) = 0.59.
  // The same need finished in person leaves trust at 0.5 (no digital success either).
  for (int channel : {kOnline, kInPerson}) {
    std::uint16_t district = 0, satisfaction = 0, satisfied_n = 0, trust = 32768;  // 0.5000076
    std::uint8_t flags = kCitizenInternet | kCitizenAdopted, literacy = 255;
    CitizenView cv{&district, nullptr, nullptr, &flags, &literacy, &trust, &satisfaction, &satisfied_n, 1};
    TypeParams type{};
    type.reference_seconds = 1200;
    Request r{};
    r.flags = kFlagOwn;
    r.spent = 300;
    r.channel = static_cast<std::uint8_t>(channel);
    r.note = static_cast<std::uint8_t>(kNoteDone | kNoteResolved | (channel == kOnline ? kNoteTrustUp : 0));
    const std::uint64_t first = 0;
    ApplyNotes{cv, &type, &r, &first, 1, 1, 0.1, 0.2}(0);
    const double t0 = 32768.0 / 65535.0;
    const double expected = channel == kOnline ? (t0 + 0.1 * (1 - t0)) + 0.2 * (0.75 - (t0 + 0.1 * (1 - t0))) : t0;
    EXPECT_EQ(trust, static_cast<std::uint16_t>(expected * 65535.0 + 0.5)) << kChannelNames[channel];
    EXPECT_EQ(satisfaction, static_cast<std::uint16_t>(0.75 * 65535.0 + 0.5));
  }
}

/// Agents per (district, age) and adopters among them, on `day`.
struct Shares {
  double agents[2] = {0, 0}, adopted[2] = {0, 0};
};
Shares by_age(const Recorder& rec, int day, int district) {
  Shares s;
  for (int g = 0; g < kGroups; ++g) {
    const std::size_t cell = static_cast<std::size_t>(district) * kGroups + g;
    s.agents[g & kCitizenElderly] += static_cast<double>(rec.days[day].population[cell]);
    s.adopted[g & kCitizenElderly] += static_cast<double>(rec.days[day].adopted[cell]);
  }
  return s;
}

TEST(TrustAndAdoption, AdoptersStopAfterAnIncidentAtTheQuitRate) {
  // Everyone adopted with trust 0.35 > quit_below 0.3; on day 1 an incident in the ring takes
  // 0.6 x 0.5 = 30% of trust (0.245 < 0.3). The quitting pass follows the incident at the same
  // midnight, so from day 1 each ring adopter stops with probability 1 - exp(-quit_rate / 365) a
  // day: after day k the share still adopted is exp(-quit_rate k / 365). No Bass (p = q = 0), no
  // needs; the centre (no incident) keeps all its adopters.
  Params p = small_city(600000, 30);
  p.interventions.clear();
  for (RequestType& t : p.types) t.rate_per_year = {0, 0};
  p.internet_access = {1, 1};
  p.internet_elderly_factor = 1;
  p.initial_adoption = {1, 1};
  p.initial_trust = {0.35, 0.35};
  p.bass_p = p.bass_q = 0;
  p.trust_quit_below = 0.3;
  p.trust_quit_rate = 12;  // a month on average
  Intervention v = make(InterventionType::DataSharing, 1, named("ring"));
  v.end_day = 2;
  v.shared_types = {p.types[0].name};
  v.incidents_per_year = 1e12;
  v.max_trust_drop = 0.6;
  v.exposed_share = 0.5;
  p.interventions.push_back(v);
  const Recorder rec = run_all(p);
  const Shares before = by_age(rec, 0, kRing);
  const double n = before.agents[0] + before.agents[1];
  ASSERT_EQ(before.adopted[0] + before.adopted[1], n);
  for (int day : {5, 15, 29}) {
    const Shares s = by_age(rec, day, kRing);
    const double expected = std::exp(-12.0 * day / 365.0);
    const double sd = std::sqrt(expected * (1 - expected) / n);
    EXPECT_NEAR((s.adopted[0] + s.adopted[1]) / n, expected, 4 * sd) << "day " << day;
    const Shares centre = by_age(rec, day, kCentre);
    EXPECT_EQ(centre.adopted[0] + centre.adopted[1], centre.agents[0] + centre.agents[1]);
  }
}

TEST(TrustAndAdoption, TrustScalesTheBassHazard) {
  // q = 0 and literacy 1: adults (trust 1) adopt at hazard p, the elderly (trust 0) at p (1 - w).
  // After day k the share not adopted is exp(-hazard (k + 1) / 365); the ratio of the hazards
  // -ln(1 - F) read back is 1 - w = 0.4 (delta method for its sd).
  Params p = small_city(600000, 60);
  p.interventions.clear();
  for (RequestType& t : p.types) t.rate_per_year = {0, 0};
  p.elderly_share = 0.4;
  p.internet_access = {1, 1};
  p.internet_elderly_factor = 1;
  p.literacy_mean = {1, 1};
  p.literacy_sd = {0, 0};
  p.initial_adoption = {0, 0};
  p.initial_trust = {1, 0};
  p.bass_p = 3;
  p.bass_q = 0;
  p.adoption_trust_weight = 0.6;
  p.trust_quit_rate = 0;
  const Recorder rec = run_all(p);
  const int day = p.days - 1;
  double agents[2] = {0, 0}, adopted[2] = {0, 0};
  for (int d = 0; d < 3; ++d) {
    const Shares s = by_age(rec, day, d);
    for (int a = 0; a < 2; ++a) agents[a] += s.agents[a], adopted[a] += s.adopted[a];
  }
  double cumulative[2], var[2];  // -ln(1 - F) = hazard x (day + 1) / 365, and its variance
  for (int a = 0; a < 2; ++a) {
    const double F = adopted[a] / agents[a];
    cumulative[a] = -std::log(1 - F);
    var[a] = F / ((1 - F) * agents[a]);  // binomial F, delta method
  }
  EXPECT_NEAR(cumulative[0], 3.0 * (day + 1) / 365.0, 4 * std::sqrt(var[0]));
  const double ratio = cumulative[1] / cumulative[0];
  const double rel_sd = std::sqrt(var[0] / (cumulative[0] * cumulative[0]) + var[1] / (cumulative[1] * cumulative[1]));
  EXPECT_NEAR(ratio, 0.4, 4 * rel_sd * 0.4);
}

/// every_intervention with the trust mechanisms all on and an incident about every other day.
Params trust_city() {
  Params p = every_intervention(3);
  p.adoption_trust_weight = 0.7;
  p.trust_quit_below = 0.55;
  p.trust_quit_rate = 50;
  p.trust_satisfaction_rate = 0.3;
  return p;
}

TEST(TrustAndAdoption, DeterministicAcrossThreadsAndStepLengths) {
  Params p = trust_city();
  p.step_minutes = 5;
  const Recorder one = run_parallel(p, 1), two = run_parallel(p, 2);
  p.step_minutes = 15;
  const Recorder fifteen = run_all(p);
  ASSERT_EQ(one.intervals.size(), two.intervals.size());
  ASSERT_EQ(one.intervals.size(), fifteen.intervals.size());
  for (std::size_t t = 0; t < one.intervals.size(); ++t) {
    ASSERT_EQ(one.intervals[t].series, two.intervals[t].series) << "interval " << t;
    ASSERT_EQ(one.intervals[t].series, fifteen.intervals[t].series) << "interval " << t;
  }
  for (std::size_t d = 0; d < one.days.size(); ++d) {
    EXPECT_EQ(one.days[d].adopted, two.days[d].adopted);
    EXPECT_EQ(one.days[d].adopted, fifteen.days[d].adopted);
    EXPECT_EQ(0, std::memcmp(one.days[d].trust_mean.data(), two.days[d].trust_mean.data(),
                             one.days[d].trust_mean.size() * sizeof(double)));
    EXPECT_EQ(0, std::memcmp(one.days[d].trust_mean.data(), fifteen.days[d].trust_mean.data(),
                             one.days[d].trust_mean.size() * sizeof(double)));
  }
}

}  // namespace
}  // namespace civicsim::testing
