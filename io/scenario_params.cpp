// The parameter tables (io/scenario_params.hpp), in the order of the scenario schema: the reader
// registers the keys in this order (it shows in "valid keys: ..." messages) and resolved_yaml
// writes them in it. Defaults: the member initialisers of sim/params.hpp.
#include "io/scenario_params.hpp"

#include "io/scenario_sections.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io::params {

using schema::above;
using schema::above_or_inf;
using schema::any_number;
using schema::at_least;
using schema::headcount;
using schema::Range;
using schema::run_minutes;
using schema::unit_interval;
using schema::within;

namespace {

// The accessor of a field of `Owner` (an alias in each table's function).
#define AT(field) +[](Owner& o) { return &(o.field); }

// ---- Cross-field checks ---------------------------------------------------------------------

void check_warmup(schema::MapReader& t, Params& p) {
  if (p.warmup_days < p.days || !t.has("warmup_days")) return;
  t.report().error(t.field("warmup_days").mark,
                   "time.warmup_days (" + std::to_string(p.warmup_days) + ") must be less than time.days (" +
                       std::to_string(p.days) +
                       "): /summary covers the days after the warm-up, and none would be left");
}

/// The elderly (60+) are part of the residents aged 15+, from whom agents are drawn.
void check_elderly_share(schema::MapReader& c, Params& p) {
  if (p.elderly_share <= p.share_15_plus) return;
  c.report().error(c.has("elderly_share") ? c.field("elderly_share").mark : c.mark(),
                   "citizens.elderly_share (" + schema::format_number(p.elderly_share) +
                       ") cannot exceed population.share_15_plus (" + schema::format_number(p.share_15_plus) +
                       "): the elderly are residents aged 15+");
}

// ---- Sub-mappings of citizens ---------------------------------------------------------------

using Owner = Params;

const Table<Params>& internet_access() {
  static const Table<Params> t = {
      number("urban", AT(internet_access[0]), unit_interval(), "share"),
      number("rural", AT(internet_access[1]), unit_interval(), "share"),
      number("elderly_factor", AT(internet_elderly_factor), unit_interval(), "factor"),
  };
  return t;
}

const Table<Params>& literacy_adult() {
  static const Table<Params> t = {
      number("mean", AT(literacy_mean[kAdult]), unit_interval(), "literacy"),
      number("sd", AT(literacy_sd[kAdult]), at_least(0), "literacy"),
  };
  return t;
}

const Table<Params>& literacy_elderly() {
  static const Table<Params> t = {
      number("mean", AT(literacy_mean[kElderly]), unit_interval(), "literacy"),
      number("sd", AT(literacy_sd[kElderly]), at_least(0), "literacy"),
  };
  return t;
}

// Literacy by residence (issue 17): `rural: {adult: {mean, sd}, elderly: {mean, sd}}`; each value
// left out (-1) is the urban one, and is not written back.
template <int kAge, bool kMean>
Param<Params> rural_literacy(const char* key) {
  Param<Params> e = kMean ? number(key, AT(literacy_mean_rural[kAge]), unit_interval(), "literacy")
                          : number(key, AT(literacy_sd_rural[kAge]), at_least(0), "literacy");
  e.written = [](const Params& p) { return (kMean ? p.literacy_mean_rural[kAge] : p.literacy_sd_rural[kAge]) >= 0; };
  return e;
}

template <int kAge>
const Table<Params>& literacy_rural_age() {
  static const Table<Params> t = {rural_literacy<kAge, true>("mean"), rural_literacy<kAge, false>("sd")};
  return t;
}

bool rural_age_written(const Params& p, int age) {
  return p.literacy_mean_rural[age] >= 0 || p.literacy_sd_rural[age] >= 0;
}

const Table<Params>& literacy_rural() {
  static const Table<Params> t = [] {
    Param<Params> adult = map("adult", literacy_rural_age<kAdult>, Style::Flow);
    adult.written = [](const Params& p) { return rural_age_written(p, kAdult); };
    Param<Params> elderly = map("elderly", literacy_rural_age<kElderly>, Style::Flow);
    elderly.written = [](const Params& p) { return rural_age_written(p, kElderly); };
    return Table<Params>{adult, elderly};
  }();
  return t;
}

const Table<Params>& digital_literacy() {
  static const Table<Params> t = [] {
    Param<Params> rural = map("rural", literacy_rural, Style::Block);
    rural.written = [](const Params& p) { return rural_age_written(p, kAdult) || rural_age_written(p, kElderly); };
    return Table<Params>{map("adult", literacy_adult, Style::Flow), map("elderly", literacy_elderly, Style::Flow),
                         rural};
  }();
  return t;
}

const Table<Params>& adoption() {
  static const Table<Params> t = {
      number("p", AT(bass_p), at_least(0), "per year"), number("q", AT(bass_q), at_least(0), "per year"),
      number("trust_weight", AT(adoption_trust_weight), unit_interval(), "share"),  // issue 17
  };
  return t;
}

const Table<Params>& trust() {
  static const Table<Params> t = {
      numbers("initial", age_keys(), AT(initial_trust[0]), unit_interval(), "trust"),
      number("learn_rate", AT(trust_learn_rate), unit_interval(), "share"),
      // trust and quitting (issue 17)
      number("quit_below", AT(trust_quit_below), unit_interval(), "trust"),
      number("quit_rate", AT(trust_quit_rate), at_least(0), "per year"),
      number("satisfaction_rate", AT(trust_satisfaction_rate), unit_interval(), "share"),
  };
  return t;
}

const Table<Params>& retry() {
  static const Table<Params> t = {
      number("probability", AT(retry_probability), unit_interval(), "probability"),
      numbers("delay_minutes", channel_keys(), AT(retry_delay_minutes[0]), run_minutes(1), "minutes"),
  };
  return t;
}

// staff burnout (issue 17)
const Table<Params>& burnout() {
  static const Table<Params> t = {
      number("gain", AT(burnout_gain), at_least(0), "attrition multiplier - 1 at utilisation 1"),
      number("threshold", AT(burnout_threshold), Range{0, 1, false, true, false}, "utilisation"),
      integer("days", AT(burnout_days), 1, 3650, "days"),
  };
  return t;
}

const Names& at_closing_rules() {
  static const Names names = {"turn_away", "serve_queued"};
  return names;
}

const Names& patience_distributions() {
  static const Names names = {"exponential", "deterministic"};
  return names;
}

const Names& weekdays() {
  static const Names names = schema::names_of(kWeekdayNames);
  return names;
}

}  // namespace

// ---- Sections -------------------------------------------------------------------------------

const Table<Params>& top_params() {
  static const Table<Params> t = [] {
    Param<Params> seed;
    seed.key = "seed";
    seed.kind = Kind::Seed;
    seed.seed = AT(seed);
    Param<Params> question = text("question", AT(question));
    question.written = [](const Params& p) { return !p.question.empty(); };
    return Table<Params>{text("name", AT(name)), question, seed};
  }();
  return t;
}

/// time.start_date: optional, written only when given (checked against the weekday in read_time).
Param<Params> start_date() {
  Param<Params> p = text("start_date", AT(start_date));
  p.written = [](const Params& params) { return !params.start_date.empty(); };
  return p;
}

const Table<Params>& time_params() {
  static const Table<Params> t = [] {
    Param<Params> warmup = with_check(integer("warmup_days", AT(warmup_days), 0, 20000, "days"), check_warmup);
    warmup.compared = false;  // the tests' comparison has never covered it (tests/data/full.yaml leaves it at 0)
    return Table<Params>{
        integer("days", AT(days), 1, 20000, "days"),
        integer("step_minutes", AT(step_minutes), 1, 60, "minutes"),
        integer("report_minutes", AT(report_minutes), 1, 1440, "minutes"),
        word<Params>(
            "start_weekday", "weekday", weekdays(), [](const Params& p) { return p.start_weekday; },
            [](Params& p, int i) { p.start_weekday = i; }),
        start_date(),
        warmup,
    };
  }();
  return t;
}

const Table<Params>& population_params() {
  static const Table<Params> t = {
      number("scale", AT(scale), positive_share(), "agents per resident aged 15+"),
      number("share_15_plus", AT(share_15_plus), positive_share(), "share of residents"),
  };
  return t;
}

const Table<Params>& geography_params() {
  static const Table<Params> t = {
      integers("centres", kind_keys(), AT(centres[0]), 1, 1000, "halls per district"),
      numbers("travel_speed_kmh", kind_keys(), AT(travel_speed_kmh[0]), above(0), "km/h"),
      number("travel_overhead_minutes", AT(travel_overhead_minutes), at_least(0), "minutes"),
  };
  return t;
}

const Table<Params>& citizens_params() {
  static const Table<Params> t = {
      with_check(number("elderly_share", AT(elderly_share), unit_interval(), "share of residents"),
                 check_elderly_share),
      map("internet_access", internet_access, Style::Flow),
      map("digital_literacy", digital_literacy, Style::Block),
      numbers("initial_adoption", age_keys(), AT(initial_adoption[0]), unit_interval(), "share"),
      map("adoption", adoption, Style::Flow),
      map("trust", trust, Style::Block),
      numbers("patience_minutes", channel_keys(), AT(patience_minutes[0]), above_or_inf(0), "minutes"),
      word<Params>(
          "patience_distribution", "patience distribution", patience_distributions(),
          [](const Params& p) { return p.patience_deterministic ? 1 : 0; },
          [](Params& p, int i) { p.patience_deterministic = i == 1; }),
      map("retry", retry, Style::Block),
      number("patience_trip_factor", AT(patience_trip_factor), at_least(0), "patience minutes per round-trip minute"),
  };
  return t;
}

// assistant interfaces and elder care (issue 17)
const Names& interface_keys() {
  static const Names names = {"text", "voice", "video"};
  return names;
}

const Table<Params>& elder_care_params() {
  static const Names handoffs = {"choose", "warm"};
  static const Table<Params> t = {
      number("session_factor", AT(dh_care_session_factor), within(0.1, 10), "factor"),
      number("sensitivity_factor", AT(dh_care_sensitivity_factor), within(0, 1), "factor"),
      word<Params>(
          "handoff", "hand-off rule", handoffs, [](const Params& p) { return p.dh_care_handoff ? 1 : 0; },
          [](Params& p, int i) { p.dh_care_handoff = i == 1; }),
  };
  return t;
}

const Table<Params>& channel_params(int channel) {
  static const Table<Params> in_person = {
      number("resolution", AT(resolution[kInPerson]), unit_interval(), "share resolved"),
      word<Params>(
          "at_closing", "closing rule", at_closing_rules(),
          [](const Params& p) { return p.serve_queued_at_closing ? 1 : 0; },
          [](Params& p, int i) { p.serve_queued_at_closing = i == 1; }),
  };
  static const Table<Params> hotline = {
      number("resolution", AT(resolution[kHotline]), unit_interval(), "share resolved"),
  };
  static const Table<Params> online = {};
  static const Table<Params> digital_human = {
      number("escalated_service_factor", AT(escalated_service_factor), positive_share(), "factor"),
      number("elderly_factor", AT(dh_elderly_factor), unit_interval(), "factor"),
      number("instances", AT(dh_instances), headcount(), "instances per district"),
      integer("sessions_per_instance", AT(dh_sessions_per_instance), 1, 1000, "sessions"),
      // assistant interfaces and elder care (issue 17)
      number("success_factor", AT(dh_success_factor), within(0, 10), "factor"),
      word<Params>(
          "interface", "assistant interface", interface_keys(), [](const Params& p) { return p.dh_interface; },
          [](Params& p, int i) { p.dh_interface = i; }),
      numbers("literacy_sensitivity", interface_keys(), AT(dh_literacy_sensitivity[0]), within(0, 5), "factor"),
      numbers("session_factor", interface_keys(), AT(dh_session_factor[0]), within(0.1, 10), "factor"),
      map("elder_care", elder_care_params, Style::Flow),
  };
  static const Table<Params>* const tables[kChannels] = {&in_person, &hotline, &online, &digital_human};
  return *tables[channel];
}

const Table<Params>& choice_params() {
  static const Table<Params> t = {
      numbers("asc", channel_keys(), AT(asc[0]), any_number(), "utility"),
      number("beta_time", AT(beta_time), at_least(0), "utility per hour"),
      number("beta_effort", AT(beta_effort), at_least(0), "utility"),
      number("beta_trust", AT(beta_trust), at_least(0), "utility"),
      numbers("asc_elderly", channel_keys(), AT(asc_elderly[0]), any_number(), "utility"),  // issue 17
  };
  return t;
}

const Table<Params>& staff_params() {
  static const Table<Params> t = {
      numbers("counter_staff_per_centre", kind_keys(), AT(counter_staff_per_centre[0]), headcount(), "staff"),
      number("hotline_operators", AT(hotline_operators), headcount(), "operators"),
      integer("hotline_shift_hours", AT(hotline_shift_hours), 1, 24, "hours"),
      number("skill_sd", AT(skill_sd), unit_interval(), "skill"),
      numbers("attrition_per_year", kind_keys(), AT(attrition_per_year[0]), unit_interval(), "share per year"),
      integer("hiring_delay_days", AT(hiring_delay_days), 0, 3650, "days"),
      integer("newcomer_days", AT(newcomer_days), 0, 3650, "days"),
      number("newcomer_slowdown", AT(newcomer_slowdown), at_least(1), "factor"),
      map("burnout", burnout, Style::Flow),
  };
  return t;
}

const Table<Params>& budget_params() {
  static const Table<Params> t = {
      number("total", AT(budget.total), Range{0, 1e308, false, false, true}, "CNY (.inf: unlimited)"),
  };
  return t;
}

const Table<Params>& output_params() {
  static const Table<Params> t = {text("path", AT(output_path))};
  return t;
}

const std::vector<Section>& sections() {
  static const std::vector<Section> all = [] {
    std::vector<Section> v = {{"", &top_params()},
                              {"time", &time_params()},
                              {"population", &population_params()},
                              {"geography", &geography_params()},
                              {"citizens", &citizens_params()}};
    for (int c = 0; c < kChannels; ++c) v.push_back({std::string("channels.") + kChannelNames[c], &channel_params(c)});
    for (const Section& s : std::vector<Section>{{"choice", &choice_params()},
                                                 {"staff", &staff_params()},
                                                 {"budget", &budget_params()},
                                                 {"output", &output_params()}}) {
      v.push_back(s);
    }
    return v;
  }();
  return all;
}

#undef AT

}  // namespace civicsim::io::params
