// The readers of the scenario's sections, one file per idea: io/scenario.cpp (top level, time,
// population, citizens, choice, staff, output), io/scenario_geography.cpp, io/districts_csv.cpp,
// io/scenario_requests.cpp, io/scenario_channels.cpp, io/scenario_interventions.cpp. Their regular
// keys are listed once, in the tables of io/scenario_params.hpp.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "io/diagnostic.hpp"
#include "io/exit_status.hpp"
#include "io/yaml_schema.hpp"
#include "sim/params.hpp"

namespace civicsim::io {
struct ScenarioResult;  // io/scenario.hpp, which includes no section reader
}

namespace civicsim::io::detail {

/// Changes the parsed document before it is read (a sweep run: its arm's interventions, its grid
/// values). Nodes moved from elsewhere in the same document keep their file positions.
using NodeEdit = std::function<void(schema::Report& report, YAML::Node& root)>;
ScenarioResult load_scenario_edited(const std::string& text, const std::string& display_name,
                                    const std::string& base_dir, const NodeEdit& edit);

/// Checks that `text` is UTF-8 text holding one YAML document, a mapping, nested no deeper than a
/// scenario can be, and parses it into `root`; false after reporting why not.
bool parse_scenario_text(schema::Report& report, const std::string& text, YAML::Node& root);

/// Files far larger than any real one are refused before they fill the memory.
constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxDistrictsCsvBytes = std::size_t{256} << 20;
/// Districts a file may list: a hundred times the ~10,000 counties of the largest country, and the
/// rows a 256 MiB file could hold otherwise cost gigabytes of parsed cells (docs/robustness.md).
constexpr std::size_t kMaxDistricts = 1000000;
/// Reads a whole file of at most `limit` bytes; otherwise false, with `problem` ending the sentence
/// "the file ..." ("cannot be read (permission denied)", "is larger than 16 MiB; ...").
bool read_file_limited(const std::string& path, std::size_t limit, std::string& text, std::string& problem);

/// Where a district was defined, for messages about duplicates.
struct Origin {
  std::string file;
  int line = 0, column = 0;
  std::string text() const;  // "file:line:col"
};

/// A district's or the ring city's residents: more than a hundred times the world's, so that no
/// real place is refused, while agent counts stay far inside 64-bit integers (sim/plan.cpp).
constexpr double kMaxPopulation = 1e12;

/// A numeric district field, shared by the CSV reader and the inline `districts:` list.
struct DistrictNumber {
  const char* key;
  bool required;
  double District::*member;
  schema::Range range;
  bool unset_below_zero = false;  // optional, and < 0 means "not given" (a city-wide value applies)
};
const std::vector<DistrictNumber>& district_numbers();
/// Every valid column / key of a district, in the order of the Guangzhou CSV.
const schema::Names& district_keys();

/// Fills `districts` from CSV text; `display` names the file in messages. Returns false after
/// reporting problems (with 1-based line and character column in the CSV).
bool read_districts_csv(schema::Report& report, const std::string& display, const std::string& text,
                        std::vector<District>& districts, std::vector<Origin>& origins);

/// The districts' names for selectors, indexed once per section: a scenario may list a million
/// districts and a selector in every intervention and surge. Empty when the districts are unknown.
class DistrictNames {
 public:
  DistrictNames(const std::vector<District>& districts, bool known);
  bool known() const { return known_; }
  bool contains(const std::string& name) const { return names_.count(name) > 0; }
  /// "unknown district 'x'; did you mean 'y'?"; with more than a few thousand districts, without
  /// the suggestion (an edit distance to each) or the list of names.
  std::string unknown(const std::string& name) const;

 private:
  const std::vector<District>& districts_;
  bool known_;
  std::unordered_set<std::string_view> names_;
};

/// What the Custom readers of an intervention type's keys see (io/scenario_params_interventions.cpp).
struct InterventionContext {
  const Params& params;
  const DistrictNames& names;
};

/// Reads `geography`; returns true when the district list is known (for selectors).
bool read_geography(schema::MapReader& top, Params& p, const std::string& base_dir);
void read_requests(schema::MapReader& top, Params& p, bool districts_known);
void read_channels(schema::MapReader& top, Params& p);
void read_interventions(schema::MapReader& top, Params& p, bool districts_known);
/// A district selector (`all`, a kind, or a list of names; names checked when they are known).
bool read_district_selector(schema::Report& r, const schema::Field& f, const DistrictNames& names,
                            DistrictSelector& out);
/// `channels: [...]` of a request type: known names, each once, at least one.
bool read_type_channels(schema::Report& r, const schema::Field& f, std::array<bool, kChannels>& out);
/// Its value as resolved_yaml writes it: a flow list of the channels' names.
void write_type_channels(YAML::Emitter& out, const std::array<bool, kChannels>& channels);
/// "24/7" or {weekday: [...], weekend: [...]} of "HH:MM-HH:MM".
bool read_hours(schema::Report& report, const schema::Field& field, OpeningHours& out);
/// The value of an `hours` key as resolved_yaml writes it: "24/7" or a flow mapping of lists.
void write_hours_value(YAML::Emitter& out, const OpeningHours& hours);
/// The value of a district selector as resolved_yaml writes it: a keyword or a flow list of names.
void write_selector_value(YAML::Emitter& out, const DistrictSelector& selector);
/// "09:00-12:00" for the minute interval [540, 720).
std::string format_interval(const std::pair<int, int>& interval);

}  // namespace civicsim::io::detail
