// The tables of the scenario's nested records (io/scenario_params.hpp): a request type
// (`requests.types[]`) and the generated ring city (`geography.generate.ring_city`).
#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io::params {

using schema::above;
using schema::at_least;
using schema::Range;
using schema::unit_interval;
using schema::within;

// The accessor of a field of `Owner` (an alias in each table's function).
#define AT(field) +[](Owner& o) { return &(o.field); }

const Table<RingCity>& ring_city_params() {
  using Owner = RingCity;
  static const Table<RingCity> t = {
      number("population", AT(population), Range{0, detail::kMaxPopulation, true, false, false}, "residents"),
      integer("core_districts", AT(core_districts), 0, 1000, "districts"),
      integer("suburban_districts", AT(suburban_districts), 0, 1000, "districts"),
      integer("rural_districts", AT(rural_districts), 0, 1000, "districts"),
      number("core_share", AT(core_share), unit_interval(), "share of the population"),
      number("suburban_share", AT(suburban_share), unit_interval(), "share of the population"),
      number("radius_km", AT(radius_km), above(0), "km"),
      number("lat", AT(lat), within(-90, 90), "degrees"),
      number("lon", AT(lon), within(-180, 180), "degrees"),
      // issue 17: per-ring 60+ shares; -1 = citizens.elderly_share
      numbers("share_60_plus", ring_keys(), AT(share_60_plus[0]), within(-1, 1), "share of residents"),
  };
  return t;
}

const Table<RequestType>& request_type_params() {
  using Owner = RequestType;
  static const Names distributions = {"exponential", "lognormal", "deterministic"};  // ServiceDistribution order
  static const Table<RequestType> t = [] {
    Param<RequestType> name = text("name", AT(name));
    name.required = true;
    Param<RequestType> channels;
    channels.key = "channels";
    channels.kind = Kind::Custom;
    channels.read = [](schema::MapReader& m, RequestType& type, const void*) {
      return detail::read_type_channels(m.report(), m.field("channels"), type.channels);
    };
    channels.write = [](YAML::Emitter& out, const RequestType& type) {
      detail::write_type_channels(out, type.channels);
    };
    channels.same = [](const RequestType& a, const RequestType& b) { return a.channels == b.channels; };
    return Table<RequestType>{
        name,
        numbers("rate_per_year", age_keys(), AT(rate_per_year[0]), within(0, 36500),
                "per resident per year"),  // at most 100 a day
        number("complexity", AT(complexity), unit_interval(), "share"),
        numbers("service_minutes", channel_keys(), AT(service_minutes[0]), at_least(0), "minutes"),
        word<RequestType>(
            "service_distribution", "service distribution", distributions,
            [](const RequestType& r) { return static_cast<int>(r.service_distribution); },
            [](RequestType& r, int i) { r.service_distribution = static_cast<ServiceDistribution>(i); }),
        number("service_cv", AT(service_cv), at_least(0), "coefficient of variation"),
        channels,
        number("digital_success", AT(digital_success), unit_interval(), "probability"),
        number("reference_minutes", AT(reference_minutes), above(0), "minutes"),
    };
  }();
  return t;
}

#undef AT

}  // namespace civicsim::io::params
