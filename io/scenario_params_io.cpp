// Reading and writing the parameter tables of io/scenario_params.hpp: the schema walker reads each
// entry as its kind says, and resolved_yaml writes it back in the same order and form.
#include <yaml-cpp/yaml.h>

#include <cstddef>

#include "io/scenario_params.hpp"
#include "io/yaml_schema.hpp"

namespace civicsim::io::params {

namespace {

template <typename Owner>
bool read_numbers(schema::MapReader& m, const Param<Owner>& e, Owner& owner) {
  schema::MapReader sub = m.child(e.key);
  bool ok = sub.is_map();
  const Names& keys = *e.names;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ok = (e.kind == Kind::Numbers ? sub.number(keys[i], e.number(owner)[i], e.range)
                                  : sub.integer(keys[i], e.integer(owner)[i], e.lo, e.hi)) &&
         ok;
  }
  sub.finish();
  return ok;
}

template <typename Owner>
bool read_param(schema::MapReader& m, const Param<Owner>& e, Owner& owner, const void* context) {
  if (e.required && !m.require(e.key, e.hint)) return false;
  switch (e.kind) {
    case Kind::Number:
      return m.number(e.key, *e.number(owner), e.range);
    case Kind::Integer:
      return m.integer(e.key, *e.integer(owner), e.lo, e.hi);
    case Kind::Flag:
      return m.flag(e.key, *e.flag(owner));
    case Kind::Text:
      return m.text(e.key, *e.text(owner));
    case Kind::Seed:
      return schema::read_seed(m.report(), m.field(e.key), *e.seed(owner));
    case Kind::Word: {
      int index = e.get(owner);
      const bool ok = m.name(e.key, e.what, *e.names, index);
      e.set(owner, index);
      return ok;
    }
    case Kind::Numbers:
    case Kind::Integers:
      return read_numbers(m, e, owner);
    case Kind::Map: {
      schema::MapReader sub = m.child(e.key);
      const bool ok = read_params(sub, e.entries(), owner, nullptr, context) && sub.is_map();
      sub.finish();
      return ok;
    }
    case Kind::Custom:
      return e.read(m, owner, context);
  }
  return false;
}

}  // namespace

template <typename Owner>
bool read_params(schema::MapReader& section, const Table<Owner>& table, Owner& owner, std::vector<bool>* ok,
                 const void* context) {
  bool all = true;
  for (const auto& e : table) {
    const bool fine = read_param(section, e, owner, context);
    if (fine && e.check) e.check(section, owner);
    if (ok) ok->push_back(fine);
    all = all && fine;
  }
  return all;
}

template <typename Owner>
bool read_ok(const Table<Owner>& table, const std::vector<bool>& ok, const char* key) {
  for (std::size_t i = 0; i < table.size() && i < ok.size(); ++i) {
    if (std::string(table[i].key) == key) return ok[i];
  }
  return false;
}

template <typename Owner>
void write_params(YAML::Emitter& out, const Table<Owner>& table, const Owner& owner_const) {
  Owner& owner = const_cast<Owner&>(owner_const);  // the accessors are only read through here
  for (const auto& e : table) {
    if (e.written && !e.written(owner_const)) continue;
    out << YAML::Key << e.key << YAML::Value;
    switch (e.kind) {
      case Kind::Number:
        out << schema::format_number(*e.number(owner));
        break;
      case Kind::Integer:
        out << std::to_string(*e.integer(owner));
        break;
      case Kind::Flag:
        out << (*e.flag(owner) ? "true" : "false");
        break;
      case Kind::Text:
        out << YAML::DoubleQuoted << *e.text(owner);
        break;
      case Kind::Seed:
        out << std::to_string(*e.seed(owner));
        break;
      case Kind::Word:
        out << (*e.names)[static_cast<std::size_t>(e.get(owner))];
        break;
      case Kind::Numbers:
      case Kind::Integers:
        out << YAML::Flow << YAML::BeginMap;
        for (std::size_t i = 0; i < e.names->size(); ++i) {
          const double x = e.kind == Kind::Numbers ? e.number(owner)[i] : e.integer(owner)[i];
          out << YAML::Key << (*e.names)[i] << YAML::Value << schema::format_number(x);
        }
        out << YAML::EndMap;
        break;
      case Kind::Map:
        if (e.style == Style::Flow) out << YAML::Flow;
        out << YAML::BeginMap;
        write_params(out, e.entries(), owner_const);
        out << YAML::EndMap;
        break;
      case Kind::Custom:
        e.write(out, owner_const);
        break;
    }
  }
}

template <typename Owner>
std::string inline_params(const Table<Owner>& table, const Owner& owner) {
  // The same writer as the resolved YAML, on one line: a nested entry (ring_city's share_60_plus
  // by ring) comes out as the flow mapping it is ("share_60_plus: {core: -1, ...}").
  YAML::Emitter out;
  out << YAML::Flow << YAML::BeginMap;
  write_params(out, table, owner);
  out << YAML::EndMap;
  std::string s = out.c_str();
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  return s;
}

#define CIVICSIM_PARAM_TABLE_FUNCTIONS(Owner)                                                                         \
  template bool read_params<Owner>(schema::MapReader&, const Table<Owner>&, Owner&, std::vector<bool>*, const void*); \
  template bool read_ok<Owner>(const Table<Owner>&, const std::vector<bool>&, const char*);                           \
  template void write_params<Owner>(YAML::Emitter&, const Table<Owner>&, const Owner&);                               \
  template std::string inline_params<Owner>(const Table<Owner>&, const Owner&);

CIVICSIM_PARAM_TABLE_FUNCTIONS(Params)
CIVICSIM_PARAM_TABLE_FUNCTIONS(RingCity)
CIVICSIM_PARAM_TABLE_FUNCTIONS(Intervention)
CIVICSIM_PARAM_TABLE_FUNCTIONS(RequestType)
#undef CIVICSIM_PARAM_TABLE_FUNCTIONS

}  // namespace civicsim::io::params
