// Small typed building blocks for writing HDF5: attributes, datasets with their `units` and
// `description`, whole and row writes, dimension scales and links. Every failure throws
// OutputError 74 naming the object. Internal to io/.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/h5_handle.hpp"

namespace civicsim::io::h5 {

/// The in-memory and on-disk (little-endian, fixed-size) HDF5 types of a C++ value type.
template <class T>
struct TypeOf;
template <>
struct TypeOf<std::int8_t> {
  static hid_t memory() { return H5T_NATIVE_INT8; }
  static hid_t file() { return H5T_STD_I8LE; }
};
template <>
struct TypeOf<std::int32_t> {
  static hid_t memory() { return H5T_NATIVE_INT32; }
  static hid_t file() { return H5T_STD_I32LE; }
};
template <>
struct TypeOf<std::int64_t> {
  static hid_t memory() { return H5T_NATIVE_INT64; }
  static hid_t file() { return H5T_STD_I64LE; }
};
template <>
struct TypeOf<std::uint64_t> {
  static hid_t memory() { return H5T_NATIVE_UINT64; }
  static hid_t file() { return H5T_STD_U64LE; }
};
template <>
struct TypeOf<double> {
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
  static hid_t file() { return H5T_IEEE_F64LE; }
};

/// Variable-length UTF-8 strings: what h5py, netCDF-4 (NC_STRING) and xarray read as `str`.
Handle utf8_string_type();

Handle create_group(hid_t file, const std::string& path);
Handle open_group(hid_t file, const std::string& path);

/// Creates the attribute, or overwrites it when it exists (same type and shape).
void write_attribute(hid_t object, const char* name, const std::string& value);
void write_attribute_raw(hid_t object, const char* name, hid_t file_type, hid_t memory_type, const void* value);
template <class T>
void write_attribute(hid_t object, const char* name, T value) {
  write_attribute_raw(object, name, TypeOf<T>::file(), TypeOf<T>::memory(), &value);
}

/// How a dataset is laid out on disk: contiguous (empty `chunk`) or chunked, optionally with
/// shuffle + deflate.
struct Storage {
  std::vector<hsize_t> chunk;
  int deflate_level = 0;     // 0 = no compression filters
  bool chunk_cache = false;  // chunked: keep HDF5's chunk cache (off: the writer writes whole chunks)
};

/// Chunks of whole rows along the first axis (time or day): as many rows as fill about
/// `target_bytes`, at least one; a row larger than `max_bytes` is split along the second axis.
std::vector<hsize_t> row_chunks(const std::vector<hsize_t>& shape, std::size_t element_size,
                                std::size_t target_bytes = 64 * 1024, std::size_t max_bytes = 1024 * 1024);

/// A new dataset (shape {} = scalar) carrying `units` and `description` attributes.
Handle create_dataset(hid_t file, const std::string& path, hid_t file_type, const std::vector<hsize_t>& shape,
                      const Storage& storage, const std::string& units, const std::string& description);

/// Writes a whole dataset from `data` (its full extent, row-major).
void write_all_raw(hid_t dataset, hid_t memory_type, const void* data);
template <class T>
void write_all(hid_t dataset, const std::vector<T>& data) {
  if (!data.empty()) write_all_raw(dataset, TypeOf<T>::memory(), data.data());
}
void write_all(hid_t dataset, const std::vector<std::string>& values);
void write_scalar(hid_t dataset, const std::string& value);

/// Writes rows [first_row, first_row + rows) from `data` (row-major).
void write_rows_raw(hid_t dataset, hsize_t first_row, hsize_t rows, hid_t memory_type, const void* data);

/// Makes `dataset` a dimension scale named `name`, and attaches a scale to one axis of a dataset.
void make_scale(hid_t dataset, const char* name);
void attach_scale(hid_t dataset, hid_t scale, unsigned axis);

/// A second name for an existing object (both names are the same dataset).
void hard_link(hid_t file, const std::string& existing, const std::string& new_path);

}  // namespace civicsim::io::h5
