#include "viz_export/summary_values.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "io/h5_reader.hpp"
#include "io/output_names.hpp"

namespace civicsim::viz {
namespace {

using Summary = SummaryValues;

}  // namespace

namespace {

/// The shape a /summary figure has (io/output_summary.cpp): a scalar, [groups] or [groups,
/// channels]. Figures this build does not know may have any of the three.
std::vector<std::vector<hsize_t>> summary_shapes(const std::string& name) {
  const std::vector<hsize_t> scalar, groups{kGroups}, cells{kGroups, kChannels};
  if (const io::out::SummaryFigure* figure = io::out::find_summary_figure(name)) {
    switch (figure->shape) {
      case io::out::SummaryShape::kGroupsChannels:
        return {cells};
      case io::out::SummaryShape::kGroups:
        return {groups};
      case io::out::SummaryShape::kScalar:
        return {scalar};
    }
  }
  if (name.size() > 6 && name.compare(name.size() - 6, 6, "_ratio") == 0) return {scalar};
  return {scalar, groups, cells};
}

/// One /summary figure as doubles, after checking that its shape is one it may have.
std::vector<double> summary_figure(const io::h5::Reader& reader, const std::string& name) {
  const std::string path = io::out::path(io::out::kSummary, name.c_str());
  const std::vector<hsize_t> shape = reader.shape(path);
  const auto allowed = summary_shapes(name);
  if (std::find(allowed.begin(), allowed.end(), shape) == allowed.end()) {
    const std::vector<hsize_t>& want = allowed.size() == 1 ? allowed[0] : allowed[1];
    reader.expect_shape(path, static_cast<int>(want.size()), want);  // throws DataError naming it
  }
  const io::h5::Numbers numbers = reader.numeric_row(path, hsize_t(-1));
  if (numbers.is_float) return numbers.floats;
  return std::vector<double>(numbers.ints.begin(), numbers.ints.end());
}

}  // namespace

SummaryValues read_summary_values(const std::string& path) {
  io::h5::Reader reader(path);
  SummaryValues s;
  reader.string_attribute("/", "status", &s.status);
  if (s.status != "complete")
    throw std::runtime_error(path + ": status is '" + s.status + "', not 'complete': the run did not finish");
  reader.string_attribute("/", "scenario_name", &s.scenario);
  s.sample = read_run_sample(reader);
  if (!reader.exists(io::out::kSummary))
    throw std::runtime_error(path + " has no /summary group (written by an older civicsim?)");
  reader.string_attribute(io::out::kSummary, "window", &s.window);
  for (const std::string& name : reader.members(io::out::kSummary)) {  // at most io::h5::kMaxGroupMembers
    const std::string p = io::out::path(io::out::kSummary, name.c_str());
    if (!reader.is_dataset(p) || reader.is_dimension_scale(p)) continue;
    s.values[name] = summary_figure(reader, name);
  }
  return s;
}

}  // namespace civicsim::viz
