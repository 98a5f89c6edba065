// Reading civicsim output files with the HDF5 C API, for the exporters. Every failure throws
// std::runtime_error naming the file and the object. Internal to viz_export/.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace civicsim::viz::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id() = default;
  Id(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
  ~Id() {
    if (id_ >= 0 && closer_) closer_(id_);
  }
  Id(Id&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Id& operator=(Id&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(closer_, other.closer_);
    return *this;
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  hid_t get() const noexcept { return id_; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Turns HDF5's printing of its error stack off for its lifetime (our exceptions say what failed).
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
};

/// A numeric column: integers stay integers; floating-point values are kept as doubles.
struct Numbers {
  bool is_float = false;
  bool is_single = false;  // stored as 32-bit floats: written in their shortest float form
  std::vector<std::int64_t> ints;
  std::vector<double> floats;
  std::size_t size() const { return is_float ? floats.size() : ints.size(); }
};

/// One open output file; paths inside it are absolute ("/series/arrivals").
class Reader {
 public:
  /// Opens read-only. Throws if the file is missing or is not an HDF5 file.
  explicit Reader(const std::string& file_path);

  const std::string& file_path() const { return path_; }
  bool exists(const std::string& object_path) const;
  bool is_dataset(const std::string& object_path) const;
  /// A dataset that is an HDF5 dimension scale (attribute CLASS = "DIMENSION_SCALE"): an axis's
  /// labels, such as the links to /dims/* that the output file keeps inside /series and /daily.
  bool is_dimension_scale(const std::string& dataset_path) const;
  /// Names of the links in a group, in creation order when the group tracks it, else by name.
  std::vector<std::string> members(const std::string& group_path) const;
  /// A string attribute of an object ("/" for the root); false if it does not exist.
  bool string_attribute(const std::string& object_path, const char* name, std::string* value) const;
  /// A numeric attribute (integer or float, one value) converted to double or uint64; false if it
  /// does not exist.
  bool double_attribute(const std::string& object_path, const char* name, double* value) const;
  bool uint64_attribute(const std::string& object_path, const char* name, std::uint64_t* value) const;

  std::vector<hsize_t> shape(const std::string& dataset_path) const;
  /// A whole 1-D dataset as strings (string datasets: their text; numbers as in the CSV files).
  std::vector<std::string> strings_1d(const std::string& dataset_path) const;
  /// A whole 1-D table: a compound dataset (one column per member) or a plain 1-D dataset (one
  /// column named after it). Cells are formatted as in the CSV files.
  std::vector<std::pair<std::string, std::vector<std::string>>> table_1d(
      const std::string& dataset_path) const;
  /// A whole integer 1-D dataset.
  std::vector<std::int64_t> ints_1d(const std::string& dataset_path) const;
  /// Row `row` of a dataset of rank >= 1 (all of its other axes), as numbers.
  Numbers numeric_row(const std::string& dataset_path, hsize_t row) const;

  [[noreturn]] void fail(const std::string& what) const;

 private:
  Id open_dataset(const std::string& dataset_path) const;
  bool numeric_attribute(const std::string& object_path, const char* name, hid_t memory_type,
                         void* value) const;
  std::string path_;
  Id file_;
};

/// Formats a double so that reading it back gives the same bits (shortest such form).
std::string format_double(double value);
/// The same for a 32-bit float.
std::string format_float(float value);

}  // namespace civicsim::viz::h5
