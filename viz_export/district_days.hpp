// The /daily figures of a district day by day, over its groups (or channels), as the map and viewer
// exports give them (docs/export.md): counts summed, means (`*_mean`, such as trust_mean)
// averaged over the groups weighted by their /daily/population (groups without agents, or whose
// mean is NaN, left out). Internal to viz_export/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"

namespace civicsim::viz {

/// One /daily dataset: [days, D, K] along groups (K = G) or channels (staff, K = C).
struct DailyFigure {
  std::string name;
  std::string units;
  bool per_channel = false;  // [days, D, C]
  bool is_mean = false;      // a mean over the agents of a group: averaged, not summed
  bool is_integer = false;
  std::string path() const;
  /// Its column in district_days.csv and its per-day array in the XDMF: the name, with `_agents`
  /// appended when its units are "agents" (population_agents).
  std::string column_name() const;
};

/// The /daily figures, in MODEL.md's order (then by name), staff last. Throws DataError unless each
/// is [days, D, K] with K the length of /dims/group (or /dims/channel).
std::vector<DailyFigure> daily_figures(const io::h5::Reader& file);

/// One day of the /daily figures: per figure, its [D, K] values (row-major) and their totals [D]:
/// counts summed; means weighted by the group's population, over the groups that have agents and a
/// finite mean (NaN when none has).
class DailyDay {
 public:
  DailyDay(const io::h5::Reader& file, const std::vector<DailyFigure>& figures, std::size_t districts);
  /// Reads day `day` (an index along /dims/day).
  void read(std::int64_t day);
  const std::vector<double>& values(std::size_t figure) const { return values_[figure]; }
  const std::vector<double>& totals(std::size_t figure) const { return totals_[figure]; }

 private:
  const io::h5::Reader& file_;
  const std::vector<DailyFigure>& figures_;
  std::size_t districts_;
  std::vector<std::vector<double>> values_, totals_;
};

}  // namespace civicsim::viz
