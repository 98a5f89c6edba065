// `geography`: where the districts come from (a CSV file, an inline list, or the ring-city
// generator), halls per district and travel.
#include <filesystem>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "io/scenario_params.hpp"
#include "io/scenario_sections.hpp"
#include "sim/geography.hpp"

namespace civicsim::io::detail {

using schema::Field;
using schema::MapReader;
using schema::Names;
using schema::Report;

namespace {

const Names kKindKeys = schema::names_of(kDistrictKindNames);

/// One district of the inline `districts:` list: the same fields as a CSV row.
bool read_inline_district(Report& r, const Field& item, District& d, Origin& origin) {
  MapReader m(r, item);
  if (!m.is_map()) return false;
  bool ok = true;
  const bool has_en = m.has("name_en"), has_name = m.has("name");
  if (has_en && has_name) {
    r.error(m.field("name").mark, item.path + ": give either 'name' or 'name_en', not both");
    ok = false;
  } else if (!has_en && !has_name) {
    ok = m.require("name") && ok;
  }
  const Field name = m.field(has_en ? "name_en" : "name");
  ok = schema::read_text(r, name, d.name) && ok;
  const auto [line, column] = r.position(name.present ? name.mark : item.mark);
  origin = Origin{r.file(), line, column};
  int kind = d.kind;
  ok = m.require("kind") && m.name("kind", "district kind", kKindKeys, kind) && ok;
  d.kind = static_cast<DistrictKind>(kind);
  for (const auto& column_spec : district_numbers()) {
    if (column_spec.required) ok = m.require(column_spec.key) && ok;
    ok = m.number(column_spec.key, d.*column_spec.member, column_spec.range) && ok;
  }
  std::string unused;  // population_source: kept in the file, not in the model
  ok = m.text("name_zh", d.name_zh) && m.text("population_source", unused) && ok;
  m.allow(district_keys());
  m.finish();
  return ok;
}

bool read_inline_districts(Report& r, const Field& f, Params& p, std::vector<Origin>& origins) {
  std::vector<Field> items;
  if (!schema::read_list(r, f, items)) return false;
  if (items.empty()) {
    r.error(f.mark, f.path + ": the list is empty; give at least one district");
    return false;
  }
  bool ok = true;
  for (const auto& item : items) {
    District d;
    Origin origin;
    ok = read_inline_district(r, item, d, origin) && ok;
    p.districts.push_back(d);
    origins.push_back(origin);
  }
  return ok;
}

bool read_districts_file(Report& r, const Field& f, const std::string& base_dir, Params& p,
                         std::vector<Origin>& origins) {
  namespace fs = std::filesystem;
  std::string value;
  if (!f.present || !schema::read_text(r, f, value)) return false;
  const fs::path relative(value);
  const bool here = relative.is_absolute() || base_dir.empty() || base_dir == ".";
  const fs::path path = here ? relative : fs::path(base_dir) / relative;
  const std::string display = path.generic_string();  // as the user would name it
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  const fs::file_status status = fs::status(path, ec);
  const std::string quoted = "districts file '" + value + "'";
  if (!fs::exists(status)) {
    r.missing_input(f.mark, quoted + " not found (looked for " + absolute.string() + ")");
    return false;
  }
  if (fs::is_directory(status)) {
    r.missing_input(f.mark, quoted + " is a directory; expected a CSV file");
    return false;
  }
  // A pipe is a file's text; a device (/dev/zero, a terminal) has no end or waits for ever.
  if (!fs::is_regular_file(status) && !fs::is_fifo(status)) {
    r.missing_input(f.mark, quoted + " is a device or socket, not a file; expected a CSV file");
    return false;
  }
  std::string text, problem;
  if (!read_file_limited(path.string(), kMaxDistrictsCsvBytes, text, problem)) {
    r.missing_input(f.mark, quoted + " " + problem);
    return false;
  }
  p.districts_file = absolute.string();
  return read_districts_csv(r, display, text, p.districts, origins);
}

bool check_ring_city(Report& r, MapReader& rc, const RingCity& c) {
  const auto at = [&rc](const char* key) { return rc.has(key) ? rc.field(key).mark : rc.mark(); };
  bool ok = true;
  if (c.core_share + c.suburban_share > 1 + 1e-9) {
    r.error(at("suburban_share"), rc.path() + ": core_share + suburban_share must be <= 1; got " +
                                      schema::format_number(c.core_share + c.suburban_share));
    ok = false;
  }
  const double rural_share = 1 - c.core_share - c.suburban_share;
  const struct {
    const char* key;
    int districts;
    double share;
  } rings[] = {{"core_districts", c.core_districts, c.core_share},
               {"suburban_districts", c.suburban_districts, c.suburban_share},
               {"rural_districts", c.rural_districts, rural_share}};
  for (const auto& ring : rings) {
    if (ring.districts == 0 && ring.share > 1e-9) {
      r.error(at(ring.key), rc.path() + "." + ring.key + " is 0, but that ring's population share is " +
                                schema::format_number(ring.share) + "; give it districts or a share of 0");
      ok = false;
    }
  }
  for (double share : c.share_60_plus) {  // issue 17: a share in [0, 1], or -1 for citizens.elderly_share
    if (share >= 0 || share == -1) continue;
    r.error(at("share_60_plus"), rc.path() +
                                     ".share_60_plus: each ring's share must be in [0, 1], or -1 for "
                                     "citizens.elderly_share; got " +
                                     schema::format_number(share));
    ok = false;
    break;
  }
  if (c.core_districts + c.suburban_districts + c.rural_districts == 0) {
    r.error(rc.mark(), rc.path() + ": the city needs at least one district");
    ok = false;
  }
  return ok;
}

/// `generate: {ring_city: {...}}`; without `generate` (and no other source) the default ring city.
bool read_generator(Report& r, const Field& f, Params& p) {
  MapReader generate(r, f);
  if (f.present) generate.require("ring_city", " (the generator: generate: {ring_city: {...}})");
  MapReader rc = generate.child("ring_city");
  RingCity& c = p.ring_city;
  bool ok = generate.is_map() && rc.is_map();
  ok = params::read_params(rc, params::ring_city_params(), c) && ok;
  ok = ok && check_ring_city(r, rc, c);
  rc.finish();
  generate.finish();
  if (!ok) return false;
  p.districts = generate_ring_city(c);
  p.generated = true;
  return true;
}

/// Unique names (one pass with a hash map: a district file may hold a million rows); some
/// residents (checked only when every district was read).
bool check_districts(Report& r, const Field& source, const Params& p, const std::vector<Origin>& origins,
                     bool complete) {
  bool ok = true;
  double residents = 0;
  const bool located = origins.size() == p.districts.size();
  std::unordered_map<std::string_view, std::size_t> first_with_name;
  first_with_name.reserve(p.districts.size());
  for (std::size_t i = 0; i < p.districts.size(); ++i) {
    const std::string& name = p.districts[i].name;
    residents += p.districts[i].population;
    if (name.empty() || !located) continue;
    const auto [first, inserted] = first_with_name.emplace(name, i);
    if (inserted) continue;
    r.error_in(origins[i].file, origins[i].line, origins[i].column,
               "duplicate district name '" + name + "'; first defined at " + origins[first->second].text());
    ok = false;
  }
  if (ok && complete && residents <= 0) {
    r.error(source.mark, "the districts have no residents (every population is 0)");
    ok = false;
  }
  return ok;
}

}  // namespace

std::string Origin::text() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line) + (column > 0 ? ":" + std::to_string(column) : "");
  return s;
}

bool read_geography(MapReader& top, Params& p, const std::string& base_dir) {
  Report& r = top.report();
  MapReader g = top.child("geography");
  const Field sources[] = {g.field("districts_file"), g.field("districts"), g.field("generate")};
  params::read_params(g, params::geography_params(), p);
  g.finish();
  const Field* source = nullptr;
  for (const auto& f : sources) {
    if (!f.present) continue;
    if (source) {
      r.error(f.mark, "geography: give only one of districts_file, districts or generate; '" + source->path +
                          "' is already given at " + r.where(source->mark));
      return false;
    }
    source = &f;
  }
  std::vector<Origin> origins;
  bool ok = false;
  if (source == &sources[0]) {
    ok = read_districts_file(r, sources[0], base_dir, p, origins);
  } else if (source == &sources[1]) {
    ok = read_inline_districts(r, sources[1], p, origins);
  } else {
    return g.is_map() && read_generator(r, sources[2], p);  // names are unique by construction
  }
  return check_districts(r, *source, p, origins, ok) && ok;
}

}  // namespace civicsim::io::detail
