#include "viz_export/csv_tables.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "io/csv_text.hpp"
#include "io/output_names.hpp"
#include "viz_export/district_table.hpp"
#include "viz_export/export_common.hpp"

namespace civicsim::viz {
namespace fs = std::filesystem;
using io::csv_field;

void export_summary_csv(const io::h5::Reader& file, const CsvFolder& out) {
  const std::string group = io::out::kSummary;
  const std::vector<std::string> groups = axis_labels(file, group, io::out::kGroupDim);
  const std::vector<std::string> channels = axis_labels(file, group, io::out::kChannelDim);
  std::vector<std::string> known;
  for (const io::out::SummaryFigure* figure : io::out::kSummaryFigures) known.push_back(figure->name);
  const std::vector<std::string> figures = exporting::ordered_metrics(
      file, group, known, [&](const std::string& path) { return exporting::is_metric(file, path); });

  exporting::TextFile csv((fs::path(out.dir) / "summary.csv").string(), out.force, "CSV file", *out.batch);
  csv.line("figure,group,channel,value,units");
  for (const std::string& name : figures) {
    const std::string path = group + "/" + name;
    const std::size_t rank = file.shape(path).size();
    if (rank > 2) file.refuse(path + " has " + std::to_string(rank) + " axes; expected at most [group, channel]");
    if (rank >= 1) require_length(file, path, 0, groups.size(), "groups");
    if (rank == 2) require_length(file, path, 1, channels.size(), "channels");
    const io::h5::Numbers values = file.numeric_row(path, hsize_t(-1));
    const std::string units = csv_field(exporting::units_of(file, path));
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string g = rank >= 1 ? csv_field(groups[rank == 2 ? i / channels.size() : i]) : "";
      const std::string c = rank == 2 ? csv_field(channels[i % channels.size()]) : "";
      csv.line(csv_field(name) + "," + g + "," + c + "," + exporting::number_text(values, i) + "," + units);
    }
  }
  csv.commit();
}

void export_district_csv(const io::h5::Reader& file, const CsvFolder& out, const std::string& group) {
  const bool districts = group == "district";
  const std::string summary = std::string(io::out::kSummary) + "/" + group;
  const std::vector<std::string> row_labels = axis_labels(file, summary, group.c_str());
  std::vector<DistrictColumn> columns;
  if (districts) columns = geography_columns(file, row_labels.size());
  for (DistrictColumn& column : figure_columns(file, summary, row_labels.size())) columns.push_back(std::move(column));

  exporting::TextFile csv((fs::path(out.dir) / (districts ? "districts.csv" : "district_kinds.csv")).string(),
                          out.force, "CSV file", *out.batch);
  std::string line = group;
  for (const DistrictColumn& column : columns) line += "," + csv_field(column.name);
  csv.line(line);
  for (std::size_t r = 0; r < row_labels.size(); ++r) {
    line = csv_field(row_labels[r]);
    for (const DistrictColumn& column : columns) {
      line += "," + (column.is_text ? csv_field(column.texts[r]) : column.number_text(r));
    }
    csv.line(line);
  }
  csv.commit();
}

}  // namespace civicsim::viz
