#include "viz_export/district_days.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/output_names.hpp"
#include "viz_export/export_common.hpp"

namespace civicsim::viz {
namespace {

/// The /daily metrics of MODEL.md §10, in its order (the engine's DayRecord), staff last.
const std::vector<std::string>& known_daily() {
  static const std::vector<std::string> names = {
      io::out::kPopulation,       io::out::kAdopted,         io::out::kInternetAccess, io::out::kTrustMean,
      io::out::kSatisfactionMean, io::out::kDailyUnmetNeeds, io::out::kStaff};
  return names;
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

std::vector<double> as_doubles(io::h5::Numbers numbers) {
  if (numbers.is_float) return std::move(numbers.floats);
  return std::vector<double>(numbers.ints.begin(), numbers.ints.end());
}

}  // namespace

std::string DailyFigure::path() const { return io::out::daily(name.c_str()); }

std::string DailyFigure::column_name() const { return units == "agents" ? name + "_agents" : name; }

std::vector<DailyFigure> daily_figures(const io::h5::Reader& file) {
  const hsize_t days = file.shape(io::out::dims(io::out::kDayDim)).at(0);
  const hsize_t districts = file.shape(io::out::dims(io::out::kDistrictDim)).at(0);
  const hsize_t groups = file.shape(io::out::dims(io::out::kGroupDim)).at(0);
  const hsize_t channels = file.shape(io::out::dims(io::out::kChannelDim)).at(0);
  std::vector<DailyFigure> figures;
  for (const std::string& name : exporting::metrics_of_rank(file, io::out::kDaily, known_daily(), 3)) {
    DailyFigure figure;
    figure.name = name;
    figure.units = exporting::units_of(file, figure.path());
    figure.per_channel = name == io::out::kStaff;
    figure.is_mean = ends_with(name, "_mean");
    figure.is_integer = file.element_type(figure.path()).kind != io::h5::ElementType::kFloat;
    file.expect_shape(figure.path(), 3, {days, districts, figure.per_channel ? channels : groups});
    figures.push_back(figure);
  }
  std::stable_partition(figures.begin(), figures.end(), [](const DailyFigure& f) { return !f.per_channel; });
  if (figures.empty() || figures.front().per_channel) file.fail("/daily holds no [day, district, group] metric");
  return figures;
}

DailyDay::DailyDay(const io::h5::Reader& file, const std::vector<DailyFigure>& figures, std::size_t districts)
    : file_(file), figures_(figures), districts_(districts), values_(figures.size()), totals_(figures.size()) {}

void DailyDay::read(std::int64_t day) {
  const auto row = static_cast<hsize_t>(day);
  for (std::size_t f = 0; f < figures_.size(); ++f) values_[f] = as_doubles(file_.numeric_row(figures_[f].path(), row));
  // Means are weighted by the agents of each group that day: /daily/population when present.
  const auto population = std::find_if(figures_.begin(), figures_.end(),
                                       [](const DailyFigure& f) { return f.name == io::out::kPopulation; });
  for (std::size_t f = 0; f < figures_.size(); ++f) {
    const std::vector<double>& v = values_[f];
    const std::size_t k = v.size() / std::max<std::size_t>(districts_, 1);
    const bool weighted = figures_[f].is_mean && population != figures_.end() && !figures_[f].per_channel;
    const std::vector<double>* weights = weighted ? &values_[population - figures_.begin()] : nullptr;
    totals_[f].assign(districts_, 0.0);
    for (std::size_t d = 0; d < districts_; ++d) {
      double sum = 0, weight = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const double w = weights ? (*weights)[d * k + j] : 1.0;
        if (w == 0) continue;  // a group without agents has no mean to weigh in
        // Nor has a group whose mean is NaN: leaving it out keeps the other groups' mean.
        if (figures_[f].is_mean && !std::isfinite(v[d * k + j])) continue;
        sum += w * v[d * k + j];
        weight += w;
      }
      totals_[f][d] = !figures_[f].is_mean ? sum : weight > 0 ? sum / weight : std::numeric_limits<double>::quiet_NaN();
    }
  }
}

}  // namespace civicsim::viz
