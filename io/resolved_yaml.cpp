// resolved_yaml: every parameter after defaults, in the order and with the keys of the scenario
// schema, so that the text loads back to the same parameters. Districts are always written inline
// (the output file then needs no CSV beside it); where they came from is said in a comment.
#include <yaml-cpp/yaml.h>

#include "io/scenario.hpp"
#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io {

namespace {

using schema::format_number;
using schema::Names;

class Writer {
 public:
  explicit Writer(YAML::Emitter& out) : out_(out) {}

  Writer& key(const std::string& k) {
    out_ << YAML::Key << k << YAML::Value;
    return *this;
  }
  void number(const std::string& k, double x) { key(k).out_ << format_number(x); }
  void integer(const std::string& k, long long x) { key(k).out_ << std::to_string(x); }
  void word(const std::string& k, const std::string& w) { key(k).out_ << w; }  // a keyword
  void text(const std::string& k, const std::string& s) { key(k).out_ << YAML::DoubleQuoted << s; }
  template <std::size_t N>
  void list(const std::string& k, const std::array<double, N>& values) {
    key(k).out_ << YAML::Flow << YAML::BeginSeq;
    for (double x : values) out_ << format_number(x);
    out_ << YAML::EndSeq;
  }
  Writer& begin_map() {
    out_ << YAML::BeginMap;
    return *this;
  }
  Writer& begin_flow_map() {
    out_ << YAML::Flow << YAML::BeginMap;
    return *this;
  }
  void end_map() { out_ << YAML::EndMap; }
  YAML::Emitter& out() { return out_; }

 private:
  YAML::Emitter& out_;
};

void write_hours(Writer& w, const OpeningHours& hours) {
  w.key("hours");
  detail::write_hours_value(w.out(), hours);
}

void write_geography(Writer& w, const Params& p) {
  w.key("geography").begin_map();
  w.key("districts").out() << YAML::BeginSeq;
  for (const auto& d : p.districts) {
    w.begin_flow_map();
    w.text("name", d.name);
    if (!d.name_zh.empty()) w.text("name_zh", d.name_zh);
    w.word("kind", kDistrictKindNames[d.kind]);
    for (const auto& spec : detail::district_numbers()) {
      if (spec.unset_below_zero && d.*spec.member < 0) continue;  // not given: the city-wide value applies
      w.number(spec.key, d.*spec.member);
    }
    w.end_map();
  }
  w.out() << YAML::EndSeq;
  params::write_params(w.out(), params::geography_params(), p);
  w.end_map();
}

void write_selector(Writer& w, const char* key, const DistrictSelector& selector);

void write_requests(Writer& w, const Params& p) {
  w.key("requests").begin_map();
  w.key("types").out() << YAML::BeginSeq;
  for (const auto& t : p.types) {
    w.begin_map();
    params::write_params(w.out(), params::request_type_params(), t);
    w.end_map();
  }
  w.out() << YAML::EndSeq;
  if (!p.surges.empty()) {
    w.key("surges").out() << YAML::BeginSeq;
    for (const auto& v : p.surges) {
      w.begin_map();
      w.integer("start_day", v.start_day);
      if (v.end_day >= 0) w.integer("end_day", v.end_day);
      write_selector(w, "districts", v.districts);
      w.number("factor", v.factor);
      w.end_map();
    }
    w.out() << YAML::EndSeq;
  }
  w.key("arrival_profile").begin_map();
  w.list("weekday", p.profile_weekday);
  w.list("weekend", p.profile_weekend);
  w.end_map();
  w.end_map();
}

void write_channels(Writer& w, const Params& p) {
  w.key("channels").begin_map();
  for (int c = 0; c < kChannels; ++c) {
    w.key(kChannelNames[c]).begin_flow_map();
    write_hours(w, c == kInPerson || c == kHotline ? p.hours[c] : OpeningHours{true, {}, {}});
    params::write_params(w.out(), params::channel_params(c), p);
    w.end_map();
  }
  w.end_map();
}

/// A section of regular parameters only: its key, then its table.
void write_section(Writer& w, const char* key, const params::Table<Params>& table, params::Style style,
                   const Params& p) {
  if (style == params::Style::Flow) {
    w.key(key).begin_flow_map();
  } else {
    w.key(key).begin_map();
  }
  params::write_params(w.out(), table, p);
  w.end_map();
}

void write_selector(Writer& w, const char* key, const DistrictSelector& selector) {
  w.key(key);
  detail::write_selector_value(w.out(), selector);
}

void write_interventions(Writer& w, const Params& p) {
  w.key("interventions").out() << YAML::BeginSeq;
  for (const auto& v : p.interventions) {
    w.begin_map();
    w.word("type", kInterventionTypeNames[static_cast<int>(v.type)]);
    w.integer("start_day", v.start_day);
    if (v.end_day >= 0) w.integer("end_day", v.end_day);
    write_selector(w, "districts", v.districts);
    params::write_params(w.out(), params::intervention_params(static_cast<int>(v.type)), v);
    w.end_map();
  }
  w.out() << YAML::EndSeq;
}

std::string provenance(const Params& p) {
  std::string s = "Resolved scenario: every parameter after defaults. Districts: ";
  if (!p.districts_file.empty()) return s + "from " + p.districts_file;
  if (!p.generated) return s + "given inline";
  return s + "generated by ring_city {" + params::inline_params(params::ring_city_params(), p.ring_city) + "}";
}

}  // namespace

void detail::write_hours_value(YAML::Emitter& out, const OpeningHours& hours) {
  if (hours.always) {
    out << YAML::DoubleQuoted << "24/7";
    return;
  }
  out << YAML::Flow << YAML::BeginMap;
  for (const auto* day : {&hours.weekday, &hours.weekend}) {
    out << YAML::Key << (day == &hours.weekday ? "weekday" : "weekend") << YAML::Value;
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& interval : *day) out << YAML::DoubleQuoted << detail::format_interval(interval);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

void detail::write_type_channels(YAML::Emitter& out, const std::array<bool, kChannels>& channels) {
  out << YAML::Flow << YAML::BeginSeq;
  for (int c = 0; c < kChannels; ++c) {
    if (channels[c]) out << kChannelNames[c];
  }
  out << YAML::EndSeq;
}

void detail::write_selector_value(YAML::Emitter& out, const DistrictSelector& selector) {
  if (selector.mode == DistrictSelector::Mode::Names) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& n : selector.names) out << YAML::DoubleQuoted << n;
    out << YAML::EndSeq;
  } else {
    out << selector.text();
  }
}

std::string resolved_yaml(const Params& p) {
  YAML::Emitter out;
  Writer w(out);
  out << YAML::Comment(provenance(p));
  w.begin_map();
  w.integer("civicsim", p.schema_version);
  params::write_params(out, params::top_params(), p);  // name, question, seed
  write_section(w, "time", params::time_params(), params::Style::Flow, p);
  write_section(w, "population", params::population_params(), params::Style::Flow, p);
  write_geography(w, p);
  write_section(w, "citizens", params::citizens_params(), params::Style::Block, p);
  write_requests(w, p);
  write_channels(w, p);
  write_section(w, "choice", params::choice_params(), params::Style::Block, p);
  write_section(w, "staff", params::staff_params(), params::Style::Block, p);
  write_interventions(w, p);
  write_section(w, "budget", params::budget_params(), params::Style::Flow, p);
  write_section(w, "output", params::output_params(), params::Style::Flow, p);
  w.end_map();
  return std::string(out.c_str()) + "\n";
}

}  // namespace civicsim::io
