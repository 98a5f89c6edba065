// Reading civicsim output files with the HDF5 C API, for the exporters. Every failure throws
// std::runtime_error naming the file and the object; a dataset that is not what the reader
// expects, or too large to read, throws DataError (exit 65). Used by viz_export/.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "io/data_error.hpp"
#include "io/h5_handle.hpp"

namespace civicsim::io::h5 {

/// The most bytes one read of a dataset may allocate (docs/robustness.md): a whole dataset, or one
/// row of a series. Checked, with overflow-safe arithmetic, before anything is allocated.
constexpr std::size_t kDefaultDatasetByteCap = std::size_t{1} << 30;  // 1 GiB
std::size_t dataset_byte_cap();
/// The most links a group of an output may hold (docs/robustness.md): /series, /daily, /summary and
/// /interventions hold a few dozen; a crafted group of thousands would be read member by member.
constexpr std::size_t kMaxGroupMembers = 256;
/// Lowers (or restores) the cap for this process: the fuzzer and the tests use a small one.
void set_dataset_byte_cap(std::size_t bytes);
/// count[0] × count[1] × ... × element_bytes, or SIZE_MAX when that overflows.
std::size_t checked_bytes(const std::vector<hsize_t>& count, std::size_t element_bytes);

/// A numeric column: integers stay integers; floating-point values are kept as doubles.
struct Numbers {
  bool is_float = false;
  bool is_single = false;  // stored as 32-bit floats: written in their shortest float form
  std::vector<std::int64_t> ints;
  std::vector<double> floats;
  std::size_t size() const { return is_float ? floats.size() : ints.size(); }
};

/// What one element of a dataset is in the file: its kind and its size in bytes.
struct ElementType {
  enum Kind { kSignedInteger, kUnsignedInteger, kFloat, kString, kOther };
  Kind kind = kOther;
  std::size_t bytes = 0;
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
  /// Throws DataError for a group of more than kMaxGroupMembers (each member is read in turn).
  std::vector<std::string> members(const std::string& group_path) const;
  /// A string attribute of an object ("/" for the root); false if it does not exist.
  bool string_attribute(const std::string& object_path, const char* name, std::string* value) const;
  /// A numeric attribute (integer or float, one value) converted to double or uint64; false if it
  /// does not exist.
  bool double_attribute(const std::string& object_path, const char* name, double* value) const;
  bool uint64_attribute(const std::string& object_path, const char* name, std::uint64_t* value) const;
  /// A scalar string dataset (/scenario/yaml): false if there is none at the path; throws
  /// DataError when it is not one string or is larger than dataset_byte_cap().
  bool scalar_string(const std::string& dataset_path, std::string* value) const;

  std::vector<hsize_t> shape(const std::string& dataset_path) const;
  ElementType element_type(const std::string& dataset_path) const;
  /// Throws DataError naming the dataset unless it has `rank` axes (-1: any) and, where
  /// `dims` gives a value other than kAnyExtent, that extent. Returns its shape.
  static constexpr hsize_t kAnyExtent = ~hsize_t{0};
  std::vector<hsize_t> expect_shape(const std::string& dataset_path, int rank,
                                    const std::vector<hsize_t>& dims = {}) const;
  /// Throws DataError unless `count` elements of `element_bytes` fit dataset_byte_cap().
  void check_read_size(const std::string& dataset_path, const std::vector<hsize_t>& count,
                       std::size_t element_bytes) const;
  /// A whole 1-D dataset as strings (string datasets: their text; numbers as in the CSV files).
  std::vector<std::string> strings_1d(const std::string& dataset_path) const;
  /// A whole 1-D table: a compound dataset (one column per member) or a plain 1-D dataset (one
  /// column named after it). Cells are formatted as in the CSV files.
  std::vector<std::pair<std::string, std::vector<std::string>>> table_1d(const std::string& dataset_path) const;
  /// A scalar string dataset's text (/scenario/resolved). Throws DataError for another shape or type.
  std::string scalar_string(const std::string& dataset_path) const;
  /// A whole integer 1-D dataset.
  std::vector<std::int64_t> ints_1d(const std::string& dataset_path) const;
  /// Row `row` of a dataset of rank >= 1 (all of its other axes), as numbers.
  /// (row == hsize_t(-1): the whole dataset.)
  Numbers numeric_row(const std::string& dataset_path, hsize_t row) const;
  /// Rows [first, first + rows) of a dataset of rank >= 1, as numbers.
  Numbers numeric_rows(const std::string& dataset_path, hsize_t first, hsize_t rows) const;

  [[noreturn]] void fail(const std::string& what) const;
  /// Throws DataError: "cannot read 'FILE': <what>".
  [[noreturn]] void refuse(const std::string& what) const;

 private:
  Handle open_dataset(const std::string& dataset_path) const;
  /// Opens an attribute that exists and must be one value of `kind` ("string", "number").
  Handle open_single_attribute(const std::string& object_path, const char* name, bool string) const;
  bool numeric_attribute(const std::string& object_path, const char* name, hid_t memory_type, void* value) const;
  std::string path_;
  Handle file_;
};

/// Formats a double so that reading it back gives the same bits (shortest such form).
std::string format_double(double value);
/// The same for a 32-bit float.
std::string format_float(float value);
/// Formats one element of a native memory type (integers, floats, strings, enums) as the CSV files
/// write it; false for a type it cannot (compounds are flattened by Reader::table_1d).
bool format_cell(hid_t type, const unsigned char* element, std::string* out);

}  // namespace civicsim::io::h5
