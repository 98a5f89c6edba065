// What the exporters of `civicsim export` share (docs/export.md): the checks that a file is a
// finished run (and one with geography), a text file written through io::SafeFile, the order of a
// group's metrics, and numbers as JSON writes them. Internal to viz_export/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"
#include "io/safe_file.hpp"
#include "viz_export/export_batch.hpp"

namespace civicsim::viz::exporting {

/// Throws (std::runtime_error naming the file) unless it is a complete run: its root attribute
/// `status` is "complete" and it has /dims, /series and /daily.
void require_complete_run(const io::h5::Reader& file);

/// Throws io::DataError (exit 65) when the file has no /geography/districts or /summary/district:
/// a file written before
/// schema 2, which a map or viewer export cannot place; the message says to rerun with this version.
void require_geography(const io::h5::Reader& file, const std::string& what);

/// A text file written under a temporary name beside its target (io::SafeFile); commit() hands it,
/// complete, to the export's batch, which renames it with the others (viz::ExportBatch). An
/// existing regular file is replaced only with `replace` (--force).
class TextFile {
 public:
  TextFile(const std::string& path, bool replace, const std::string& what, ExportBatch& batch)
      : file_(std::make_unique<io::SafeFile>(path, replace, what)), batch_(batch) {}
  void write(const std::string& text) { file_->write(text); }
  void line(const std::string& text) {
    file_->write(text);
    file_->write("\n", 1);
  }
  void commit() { batch_.hold(std::move(file_)); }

 private:
  std::unique_ptr<io::SafeFile> file_;
  ExportBatch& batch_;
};

/// Creates `dir` with its parents; throws io::OutputError 73 when it cannot (a file in the way).
void create_folder(const std::string& dir);

/// Element `i` of `numbers` as the CSV files write it: integers as integers, floating-point
/// values in their shortest exact form (NaN, Inf, -Inf).
std::string number_text(const io::h5::Numbers& numbers, std::size_t i);

/// The dataset's `units` attribute; "" when it has none.
std::string units_of(const io::h5::Reader& file, const std::string& path);

/// Whether the dataset's `units` attribute is "agents" (counts of citizen agents, docs/output.md).
bool counts_agents(const io::h5::Reader& file, const std::string& path);

/// A dataset holding values, not an axis's labels (the file links its /dims scales into groups).
bool is_metric(const io::h5::Reader& file, const std::string& path);

/// Names of the datasets in `group` for which `keep(path)` holds: the known names first in their
/// given order, then the rest by name.
template <class Keep>
std::vector<std::string> ordered_metrics(const io::h5::Reader& file, const std::string& group,
                                         const std::vector<std::string>& known, Keep keep) {
  std::vector<std::string> members = file.members(group);
  std::sort(members.begin(), members.end());
  const auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  std::vector<std::string> ordered;
  for (const std::string& name : known) {
    if (listed(members, name) && keep(group + "/" + name)) ordered.push_back(name);
  }
  for (const std::string& name : members) {
    if (!listed(known, name) && keep(group + "/" + name)) ordered.push_back(name);
  }
  return ordered;
}

/// The metrics of `group` with `rank` axes, `known` first (ordered_metrics).
std::vector<std::string> metrics_of_rank(const io::h5::Reader& file, const std::string& group,
                                         const std::vector<std::string>& known, std::size_t rank);

/// A whole numeric dataset as doubles (integers converted).
std::vector<double> read_doubles(const io::h5::Reader& file, const std::string& path);

/// A count held as a double (a sum of integers) as an integer: "1234". One beyond int64's range
/// (from a damaged file) or not finite is written as a double instead, never converted.
std::string integer_text(double value);
/// The same count as an int64 for a file: saturated at int64's limits, NaN as 0.
std::int64_t saturated_int64(double value);

/// `value` as a JSON number that reads back as the same double (shortest form); null for NaN and
/// the infinities, which JSON cannot hold.
std::string json_number(double value);
/// The same, with ".0" on a whole number ("60.0"), so that a floating-point column reads as real
/// numbers in GDAL (which types a JSON field by its values) whatever its values are.
std::string json_real(double value);

}  // namespace civicsim::viz::exporting
