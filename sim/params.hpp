// Every model parameter, in one place, with its default. The scenario reader (io/scenario.cpp)
// fills this struct from YAML; keys it does not see keep the defaults written here. The YAML key of
// each field is given in its comment; docs/scenario.md lists them all.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kernels/views.hpp"

namespace civicsim {

constexpr const char* kChannelNames[kChannels] = {"in_person", "hotline", "online", "digital_human"};

constexpr const char* kGroupNames[kGroups] = {"urban_adult", "urban_elderly", "rural_adult", "rural_elderly"};

enum AgeGroup : int { kAdult = 0, kElderly = 1 };
constexpr int kAgeGroups = 2;

enum DistrictKind : int { kUrban = 0, kSuburban = 1, kRural = 2 };
constexpr int kDistrictKinds = 3;
constexpr const char* kDistrictKindNames[kDistrictKinds] = {"urban", "suburban", "rural"};

constexpr const char* kWeekdayNames[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct District {
  std::string name;
  std::string name_zh;  // name_zh (optional): the Chinese name, for maps and briefs; "" = none given
  DistrictKind kind = kUrban;
  double population = 0;  // real residents (all ages)
  double area_km2 = 1;
  double urban_share = 1;  // share of residents living in urban areas
  double lat = 0, lon = 0;
  // per-district age structure (issue 17)
  double share_60_plus = -1;  // share_60_plus (optional column): residents aged 60+; < 0 = citizens.elderly_share
  // counter_staff_per_centre (optional column): counter staff per hall, real-world count; < 0 =
  // staff.counter_staff_per_centre
  double counter_staff_per_centre = -1;
};

/// `geography.generate: {ring_city: {...}}`: a synthetic city of concentric rings.
struct RingCity {
  double population = 20'000'000;    // population: real residents of the whole city
  int core_districts = 4;            // core_districts: urban districts in the dense core
  int suburban_districts = 6;        // suburban_districts
  int rural_districts = 6;           // rural_districts
  double core_share = 0.45;          // core_share: share of the population in the core
  double suburban_share = 0.35;      // suburban_share (the rest lives in the rural ring)
  double radius_km = 60;             // radius_km: outer radius of the rural ring
  double lat = 23.13, lon = 113.26;  // lat, lon: centre of the city
  // per-ring age structure (issue 17)
  std::array<double, 3> share_60_plus{-1, -1, -1};  // share_60_plus.{core,suburban,rural}; -1 = citizens.elderly_share
};

/// Opening hours as half-open minute intervals [begin, end) within a day (0..1440).
struct OpeningHours {
  bool always = false;                       // "24/7"
  std::vector<std::pair<int, int>> weekday;  // Monday..Friday
  std::vector<std::pair<int, int>> weekend;  // Saturday, Sunday
};

enum class ServiceDistribution : int { Exponential = 0, Lognormal = 1, Deterministic = 2 };

struct RequestType {
  std::string name;
  std::array<double, kAgeGroups> rate_per_year{2.0, 1.5};     // rate_per_year: {adult, elderly}
  double complexity = 0.2;                                    // complexity in [0,1]
  std::array<double, kChannels> service_minutes{8, 6, 5, 4};  // service_minutes per channel (mean)
  ServiceDistribution service_distribution = ServiceDistribution::Lognormal;
  double service_cv = 0.6;                                       // service_cv (lognormal only)
  std::array<bool, kChannels> channels{true, true, true, true};  // channels it can be completed on
  double digital_success = 0.9;    // digital_success: base success probability online / digital human
  double reference_minutes = 120;  // reference_minutes: total time at which satisfaction reaches 0
};

enum class InterventionType : int {
  DigitalHumanRollout = 0,
  Staffing,
  BroadbandExpansion,
  LiteracyTraining,
  TalentIncentive,
  DataSharing,
  ComputeCapacity
};
constexpr int kInterventionTypes = 7;
constexpr const char* kInterventionTypeNames[kInterventionTypes] = {
    "digital_human_rollout", "staffing",     "broadband_expansion", "literacy_training",
    "talent_incentive",      "data_sharing", "compute_capacity"};

/// Which districts an intervention applies to: `all`, a kind, or a list of names.
struct DistrictSelector {
  enum class Mode : int { All = 0, Kind = 1, Names = 2 } mode = Mode::All;
  DistrictKind kind = kUrban;
  std::vector<std::string> names;
  std::string text() const;  // "all", "rural", or "a,b,c"
};

/// `requests.surges`: a temporary change of demand in some districts (a filing deadline, an
/// emergency, a new benefit): from start_day until end_day, every citizen of the selected districts
/// has `factor` times their usual rate of new needs (every request type alike). Not a governance
/// lever but the situation it meets, so it is part of the demand, not of `interventions`.
struct DemandSurge {
  int start_day = 0;           // start_day: first day of the surge
  int end_day = -1;            // end_day: first day after it; -1 = to the end of the run
  DistrictSelector districts;  // districts: all | urban | suburban | rural | [names]
  double factor = 2.0;         // factor: multiplier of the rates (0 = no new needs)
};

/// Kiosks as service points (issue 17): the default kiosk hours, 08:30-17:30 every day (assumption).
OpeningHours village_service_hours();

/// One scheduled intervention (MODEL.md §8). The fields of every type sit in one struct; the
/// scenario reader accepts only the keys of the intervention's own type. Costs are in CNY; every
/// default cost is an assumption (docs/scenario.md says what each one stands for).
struct Intervention {
  InterventionType type = InterventionType::DigitalHumanRollout;
  int start_day = 0;           // start_day: applied at the midnight that starts this day
  int end_day = -1;            // end_day: withdrawn at the midnight that starts this day; -1 = never
  DistrictSelector districts;  // districts: all | urban | suburban | rural | [names]
  // digital_human_rollout and compute_capacity
  double instances = 0;                     // instances per selected district (real-world count)
  int sessions_per_instance = 8;            // sessions_per_instance: concurrent sessions of one instance
  double setup_cost_per_instance = 50'000;  // setup_cost_per_instance (assumption)
  double daily_cost_per_instance = 30;      // daily_cost_per_instance (assumption)
  // digital_human_rollout
  double success_boost = 0.0;            // success_boost: added to the digital-human success probability
  bool elder_care = false;               // elder_care: elder-care mode (channels.digital_human.elder_care)
  double kiosks = 0;                     // kiosks: assisted village kiosks per district (real-world count)
  double kiosk_travel_minutes = 5;       // kiosk_travel_minutes: fixed overhead of the one-way trip (assumption)
  bool kiosks_for_non_users = false;     // kiosk_users: offline (false) | non_users (no digital use at home)
  double setup_cost_per_kiosk = 30'000;  // setup_cost_per_kiosk (assumption)
  double daily_cost_per_kiosk = 150;     // daily_cost_per_kiosk: upkeep and an assistant (assumption)
  // assistant interfaces (issue 17)
  int dh_interface = 0;  // interface: baseline (0, keep the channel's) | text | voice | video (1 + AssistantInterface)
  // kiosks as service points (issue 17); every default an assumption (docs/calibration.md)
  double kiosk_users_at_once = 1;                      // kiosk_users_at_once: seats per kiosk
  double kiosk_session_factor = 1.5;                   // kiosk_session_factor: × digital_human service time
  double kiosk_speed_kmh = 15;                         // kiosk_speed_kmh: travel speed to the nearest kiosk
  OpeningHours kiosk_hours = village_service_hours();  // kiosk_hours: 08:30-17:30 every day
  bool kiosk_helpers = false;                          // kiosk_helpers: an on-site helper at every kiosk
  double kiosk_helper_lift = 0.5;                      // kiosk_helper_lift: literacy + lift × (1 - literacy)
  double daily_cost_per_kiosk_helper = 200;            // daily_cost_per_kiosk_helper: CNY per kiosk and day
  // staffing
  double add_counter_staff = 0;         // add_counter_staff: per hall (real-world count, may be < 0)
  double add_hotline_operators = 0;     // add_hotline_operators: city pool (real-world count, may be < 0)
  double setup_cost_per_staff = 5'000;  // setup_cost_per_staff: recruiting and training (assumption)
  double daily_cost_per_staff = 400;    // daily_cost_per_staff: salary and overhead (assumption)
  bool set_hall_hours = false;          // hall_hours given
  OpeningHours hall_hours;              // hall_hours: opening hours of the selected halls
  int counter_shift_hours = 0;          // counter_shift_hours: clerks work staggered shifts; 0 = whole day
  double hourly_cost_per_staff = 50;    // hourly_cost_per_staff: pay for hours beyond the baseline (assumption)
  // broadband_expansion
  double target_access = 0.9;        // target_access: share of residents with internet access
  int ramp_days = 90;                // ramp_days: days to reach the target (linear)
  bool rural_first = true;           // rural_first: rural residents are connected first
  double setup_cost = 0;             // setup_cost: one-off programme cost (default by type, intervention_defaults)
  double cost_per_connection = 600;  // cost_per_connection: once per connected resident (assumption)
  double daily_cost_per_connection = 0.5;  // daily_cost_per_connection: subsidy while active (assumption)
  // literacy_training
  double seats_per_day = 20;             // seats_per_day: per selected district (real-world count)
  double literacy_gain = 0.2;            // literacy_gain: added to a trainee's digital literacy (capped at 1)
  bool elderly_first = true;             // elderly_first: the elderly are trained first
  double max_literacy = 0.6;             // max_literacy: only residents below this literacy are trained
  double cost_per_seat = 200;            // cost_per_seat: per trainee (assumption)
  double daily_cost_per_district = 800;  // daily_cost_per_district: classroom and trainer (assumption)
  // talent_incentive
  double move_share = 0.1;              // move_share: share of urban counter staff moving to rural halls
  double rural_attrition_factor = 0.5;  // rural_attrition_factor: multiplies rural attrition
  double setup_cost_per_move = 20'000;  // setup_cost_per_move: relocation (assumption)
  double bonus_per_day = 150;           // bonus_per_day: per moved person (assumption)
  // data_sharing
  std::vector<std::string> shared_types;  // types: made completable online and with a digital human
  double service_factor = 0.8;            // service_factor: multiplies service times of the shared types only
  // data_sharing as a risk model (issue 17): incidents per year = incidents_per_year × records /
  // reference_records / (1 + security_daily_cost / security_half_cost); records = residents of the
  // selected districts × shared types. An incident exposes exposed_share of them; residents of the
  // selected districts lose max_trust_drop × exposed_share × (1 − mitigation) of their trust, mitigation
  // = 1 − Π(1 − weight × level) over the response (disclosure, accountability, remediation).
  double incidents_per_year = 0.5;         // incidents_per_year: at reference_records, no security (assumption)
  double reference_records = 1e6;          // reference_records: records at which that rate holds
  double security_daily_cost = 2'000;      // security_daily_cost: security spending, in the daily cost (assumption)
  double security_half_cost = 2'000;       // security_half_cost: daily spending that halves the rate (assumption)
  double exposed_share = 0.25;             // exposed_share: share of the shared records an incident exposes
  double max_trust_drop = 0.6;             // max_trust_drop: share of trust lost if all are exposed, no response
  double disclosure = 0;                   // disclosure: level of the response, 0 (none) to 1 (full)
  double accountability = 0;               // accountability: level, 0 to 1
  double remediation = 0;                  // remediation: level, 0 to 1
  double disclosure_mitigation = 0.3;      // disclosure_mitigation: share of the drop a full disclosure avoids
  double accountability_mitigation = 0.2;  // accountability_mitigation: ... full accountability avoids
  double remediation_mitigation = 0.3;     // remediation_mitigation: ... full remediation avoids
  double daily_cost = 5'000;               // daily_cost: running cost of the exchange platform (assumption)
  double cost_per_incident = 500'000;      // cost_per_incident: response and compensation (assumption)
  // compute_capacity
  bool dispatch = false;                 // dispatch: overflow sessions go to another region
  DistrictSelector dispatch_from;        // dispatch_from: the region that lends capacity (default all)
  double dispatch_instances = 0;         // dispatch_instances: lent per selected district (real-world)
  double dispatch_latency_seconds = 30;  // dispatch_latency_seconds: added to a dispatched session
};

/// `budget`: what the scenario may spend on interventions over the run.
struct Budget {
  double total = kInfinity;  // budget.total: CNY; .inf = unlimited
};

struct Params {
  int schema_version = 1;  // civicsim (required)
  std::string name = "scenario";
  std::string question;  // question (optional): what the scenario asks, for the briefs; "" = none
  std::uint64_t seed = 42;

  // time
  int days = 30;            // time.days
  int step_minutes = 5;     // time.step_minutes (1-60)
  int report_minutes = 60;  // time.report_minutes (a multiple of step_minutes, divides 1440)
  int start_weekday = 0;    // time.start_weekday: monday = 0
  std::string start_date;   // time.start_date (optional): ISO date of day 0, "" = none (its weekday is start_weekday)
  int warmup_days = 0;      // time.warmup_days: start-up days left out of /summary (< days)

  // population
  double scale = 0.01;            // population.scale: agents per real resident aged 15+
  double share_15_plus = 0.8613;  // population.share_15_plus: residents aged 15+ (2020 census, Guangzhou)
  // heterogeneity from data (issue 17): literacy by residence, channel constants by age group
  // citizens.digital_literacy.rural.<age>.{mean,sd}; -1 (absent) = the urban values, digital_literacy.<age>
  std::array<double, kAgeGroups> literacy_mean_rural{-1, -1};
  std::array<double, kAgeGroups> literacy_sd_rural{-1, -1};
  std::array<double, kChannels> asc_elderly{0, 0, 0, 0};  // choice.asc_elderly.<channel>: added to asc for the 60+

  // geography
  std::vector<District> districts;  // geography.districts_file | districts | generate
  std::string districts_file;       // as resolved (absolute path), empty if inline/generated
  bool generated = false;
  RingCity ring_city;
  std::array<int, kDistrictKinds> centres{1, 2, 3};                 // geography.centres: halls per district
  std::array<double, kDistrictKinds> travel_speed_kmh{15, 25, 30};  // geography.travel_speed_kmh
  double travel_overhead_minutes = 10;  // geography.travel_overhead_minutes: parking, security, ticket

  // citizens
  double elderly_share = 0.1141;  // citizens.elderly_share: share of all residents aged 60+ (census)
  std::array<double, 2> internet_access{0.85, 0.69};          // citizens.internet_access.{urban, rural}
  double internet_elderly_factor = 0.65;                      // citizens.internet_access.elderly_factor
  std::array<double, kAgeGroups> literacy_mean{0.7, 0.35};    // citizens.digital_literacy.{adult,elderly}.mean
  std::array<double, kAgeGroups> literacy_sd{0.15, 0.15};     // ... .sd
  std::array<double, kAgeGroups> initial_adoption{0.6, 0.3};  // citizens.initial_adoption
  double bass_p = 0.03, bass_q = 0.38;                        // citizens.adoption.{p, q} per year
  std::array<double, kAgeGroups> initial_trust{0.6, 0.5};     // citizens.trust.initial.{adult, elderly}
  double trust_learn_rate = 0.1;                              // citizens.trust.learn_rate
  // trust in adoption, quitting and satisfaction (issue 17)
  double adoption_trust_weight = 0.5;    // citizens.adoption.trust_weight: Bass ease × (1 − w + w × trust)
  double trust_quit_below = 0.3;         // citizens.trust.quit_below: adopters below this trust may stop
  double trust_quit_rate = 2.0;          // citizens.trust.quit_rate: per year, hazard of stopping then
  double trust_satisfaction_rate = 0.1;  // citizens.trust.satisfaction_rate: pull of a digital need's satisfaction
  std::array<double, kChannels> patience_minutes{60, 4, kInfinity, 5};  // citizens.patience_minutes
  bool patience_deterministic = false;  // citizens.patience_distribution: exponential | deterministic
  double retry_probability = 0.75;      // citizens.retry.probability
  std::array<double, kChannels> retry_delay_minutes{1440, 20, 10, 10};  // citizens.retry.delay_minutes

  // requests
  std::vector<RequestType> types;            // requests.types (default: one `consultation` type)
  std::vector<DemandSurge> surges;           // requests.surges (default: none)
  std::array<double, 24> profile_weekday{};  // requests.arrival_profile.weekday
  std::array<double, 24> profile_weekend{};  // requests.arrival_profile.weekend

  // channels
  std::array<OpeningHours, kChannels> hours;                       // channels.<c>.hours (online, digital_human: 24/7)
  std::array<double, kChannels> resolution{0.95, 0.85, 1.0, 1.0};  // channels.{in_person,hotline}.resolution
  double escalated_service_factor = 0.6;                           // channels.digital_human.escalated_service_factor
  double dh_elderly_factor = 1.0;    // channels.digital_human.elderly_factor: residual age factor (assumption)
  double dh_instances = 0;           // channels.digital_human.instances per district (baseline)
  int dh_sessions_per_instance = 8;  // channels.digital_human.sessions_per_instance (baseline)
  // assistant interfaces and elder care (issue 17)
  double dh_success_factor = 0.38;  // channels.digital_human.success_factor: × type digital_success (fitted: Kunshan)
  int dh_interface = kInterfaceText;  // channels.digital_human.interface: text | voice | video
  std::array<double, kAssistantInterfaces> dh_literacy_sensitivity{1.0, 0.5, 0.4};  // ...literacy_sensitivity.<i>
  std::array<double, kAssistantInterfaces> dh_session_factor{1.0, 1.2, 1.3};        // ...session_factor.<i>
  double dh_care_session_factor = 1.5;      // channels.digital_human.elder_care.session_factor
  double dh_care_sensitivity_factor = 0.5;  // channels.digital_human.elder_care.sensitivity_factor
  bool dh_care_handoff = true;              // channels.digital_human.elder_care.handoff: warm | choose

  // channel choice (multinomial logit)
  std::array<double, kChannels> asc{0.0, -0.2, 0.3, 0.0};  // choice.asc.<channel>
  double beta_time = 0.03;                                 // choice.beta_time: per minute of travel + wait + service
  double beta_effort = 2.0;  // choice.beta_effort: × complexity × (1 − literacy) on digital channels
  double beta_trust = 1.5;   // choice.beta_trust: × trust on digital channels

  // staff
  std::array<double, kDistrictKinds> counter_staff_per_centre{40, 25, 10};  // staff.counter_staff_per_centre
  double hotline_operators = 1000;  // staff.hotline_operators (real-world count)
  int hotline_shift_hours = 8;      // staff.hotline_shift_hours
  double skill_sd = 0.1;            // staff.skill_sd
  std::array<double, kDistrictKinds> attrition_per_year{0.08, 0.10, 0.15};  // staff.attrition_per_year
  int hiring_delay_days = 30;                                               // staff.hiring_delay_days
  int newcomer_days = 28;          // staff.newcomer_days: how long new staff are slower
  double newcomer_slowdown = 1.3;  // staff.newcomer_slowdown: service-time multiplier while new

  std::vector<Intervention> interventions;
  Budget budget;

  // output
  std::string output_path = "out/scenario.h5";  // output.path (relative to the working directory)

  // provenance: the scenario as given
  std::string source_path;  // file the scenario came from ("<builtin:default>" for the built-in)
  std::string yaml_text;    // exact text

  // hall closing, patience with the trip, staff burnout (issue 17)
  bool serve_queued_at_closing = true;  // channels.in_person.at_closing: serve_queued (true) | turn_away
  double patience_trip_factor = 0.5;    // citizens.patience_trip_factor: patience minutes per round-trip minute
  double burnout_gain = 1.0;            // staff.burnout.gain: attrition multiplier − 1 at utilisation 1
  double burnout_threshold = 0.8;       // staff.burnout.threshold: utilisation above which attrition grows
  int burnout_days = 28;                // staff.burnout.days: smoothing of the daily utilisation (EMA)
};

/// An intervention of `type` with that type's default costs (the cost fields several types share
/// have a default per type).
Intervention intervention_defaults(InterventionType type);

/// Fills the normative defaults that depend on other values (types, profiles, hours). Called by
/// the scenario reader before it applies the file.
Params default_params();

/// Counter staff per hall of district d (real-world count): the district's counter_staff_per_centre
/// column when given, else staff.counter_staff_per_centre of its kind.
inline double district_counter_staff(const Params& p, int d) {
  const District& district = p.districts[static_cast<std::size_t>(d)];
  return district.counter_staff_per_centre >= 0 ? district.counter_staff_per_centre
                                                : p.counter_staff_per_centre[district.kind];
}

}  // namespace civicsim
