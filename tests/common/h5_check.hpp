// Header-only GoogleTest helpers that check and read the run's HDF5 file (docs/output.md):
// expect_dataset() checks one dataset's path, shape, element type and `units`; the read_*()
// functions return its contents. Reusable by any test that produces an output file.
#pragma once

#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace civicsim::test {

/// Element types of the output file, as HDF5 class + size + sign.
enum class Dtype { kInt8, kInt32, kInt64, kUInt64, kFloat64, kString };

inline const char* dtype_name(Dtype dtype) {
  switch (dtype) {
    case Dtype::kInt8:
      return "int8";
    case Dtype::kInt32:
      return "int32";
    case Dtype::kInt64:
      return "int64";
    case Dtype::kUInt64:
      return "uint64";
    case Dtype::kFloat64:
      return "float64";
    case Dtype::kString:
      return "variable-length UTF-8 string";
  }
  return "?";
}

/// The file's element type described the same way, e.g. "int64", or "class 3 size 8".
inline std::string describe_type(hid_t type) {
  const H5T_class_t type_class = H5Tget_class(type);
  const std::size_t size = H5Tget_size(type);
  if (type_class == H5T_INTEGER) {
    const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    return std::string(is_signed ? "int" : "uint") + std::to_string(size * 8);
  }
  if (type_class == H5T_FLOAT) return "float" + std::to_string(size * 8);
  if (type_class == H5T_STRING && H5Tis_variable_str(type) > 0) {
    return H5Tget_cset(type) == H5T_CSET_UTF8 ? "variable-length UTF-8 string" : "variable-length ASCII string";
  }
  return "class " + std::to_string(static_cast<int>(type_class)) + " size " + std::to_string(size);
}

/// True if every component of an absolute `path` exists (HDF5 errors if asked about "/a/b" when
/// "/a" is missing, so walk it one link at a time).
inline bool h5_exists(hid_t file, const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  std::size_t end = 0;
  do {
    end = path.find('/', end + 1);
    if (H5Lexists(file, path.substr(0, end).c_str(), H5P_DEFAULT) <= 0) return false;
  } while (end != std::string::npos);
  return true;
}

/// Reads a scalar string attribute (variable- or fixed-length) of the object at `object_path`.
inline std::string read_string_attribute(hid_t file, const std::string& object_path, const std::string& name) {
  const hid_t attribute = H5Aopen_by_name(file, object_path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (attribute < 0) {
    ADD_FAILURE() << "no attribute " << name << " on " << object_path;
    return {};
  }
  const hid_t type = H5Aget_type(attribute);
  std::string value;
  if (H5Tget_class(type) != H5T_STRING) {
    ADD_FAILURE() << object_path << " attribute " << name << " is not a string";
  } else if (H5Tis_variable_str(type) > 0) {
    char* text = nullptr;
    const hid_t memory = H5Tcopy(H5T_C_S1);
    H5Tset_size(memory, H5T_VARIABLE);
    H5Tset_cset(memory, H5Tget_cset(type));
    if (H5Aread(attribute, memory, &text) >= 0 && text) {
      value = text;
      H5free_memory(text);
    }
    H5Tclose(memory);
  } else {
    std::vector<char> buffer(H5Tget_size(type) + 1, '\0');
    H5Aread(attribute, type, buffer.data());
    value = buffer.data();
  }
  H5Tclose(type);
  H5Aclose(attribute);
  return value;
}

template <class T>
struct NativeType;
template <>
struct NativeType<std::int8_t> {
  static hid_t get() { return H5T_NATIVE_INT8; }
};
template <>
struct NativeType<std::int32_t> {
  static hid_t get() { return H5T_NATIVE_INT32; }
};
template <>
struct NativeType<std::int64_t> {
  static hid_t get() { return H5T_NATIVE_INT64; }
};
template <>
struct NativeType<std::uint64_t> {
  static hid_t get() { return H5T_NATIVE_UINT64; }
};
template <>
struct NativeType<double> {
  static hid_t get() { return H5T_NATIVE_DOUBLE; }
};

/// Reads a numeric scalar attribute of the object at `object_path`, converted to T.
template <class T>
T read_attribute(hid_t file, const std::string& object_path, const std::string& name) {
  T value{};
  const hid_t attribute = H5Aopen_by_name(file, object_path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (attribute < 0 || H5Aread(attribute, NativeType<T>::get(), &value) < 0) {
    ADD_FAILURE() << "cannot read attribute " << name << " of " << object_path;
  }
  if (attribute >= 0) H5Aclose(attribute);
  return value;
}

/// Reads a whole numeric dataset, converted to T, in row-major order.
template <class T>
std::vector<T> read_dataset(hid_t file, const std::string& path) {
  std::vector<T> values;
  const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (dataset < 0) {
    ADD_FAILURE() << "cannot open dataset " << path;
    return values;
  }
  const hid_t space = H5Dget_space(dataset);
  values.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!values.empty() && H5Dread(dataset, NativeType<T>::get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    ADD_FAILURE() << "cannot read dataset " << path;
  }
  H5Sclose(space);
  H5Dclose(dataset);
  return values;
}

/// Reads a dataset of variable-length strings (a scalar one gives one element).
inline std::vector<std::string> read_strings(hid_t file, const std::string& path) {
  std::vector<std::string> values;
  const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (dataset < 0) {
    ADD_FAILURE() << "cannot open dataset " << path;
    return values;
  }
  const hid_t space = H5Dget_space(dataset);
  std::vector<char*> texts(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)), nullptr);
  const hid_t memory = H5Tcopy(H5T_C_S1);
  H5Tset_size(memory, H5T_VARIABLE);
  H5Tset_cset(memory, H5T_CSET_UTF8);
  if (!texts.empty() && H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()) < 0) {
    ADD_FAILURE() << "cannot read strings from " << path;
  } else {
    for (char* text : texts) values.emplace_back(text ? text : "");
    if (!texts.empty()) H5Dvlen_reclaim(memory, space, H5P_DEFAULT, texts.data());
  }
  H5Tclose(memory);
  H5Sclose(space);
  H5Dclose(dataset);
  return values;
}

/// Checks that `path` is a dataset of the given shape ({} = scalar) and element type, with the
/// given `units` attribute and a non-empty `description`.
inline void expect_dataset(hid_t file, const std::string& path, std::vector<hsize_t> shape, Dtype dtype,
                           const std::string& units) {
  SCOPED_TRACE("dataset " + path);
  if (!h5_exists(file, path)) {
    ADD_FAILURE() << path << " is missing";
    return;
  }
  const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (dataset < 0) {
    ADD_FAILURE() << path << " is not a dataset";
    return;
  }
  const hid_t space = H5Dget_space(dataset);
  const int rank = std::max(0, H5Sget_simple_extent_ndims(space));
  std::vector<hsize_t> extent(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, extent.data(), nullptr);
  EXPECT_EQ(extent, shape) << "shape of " << path;
  H5Sclose(space);

  const hid_t type = H5Dget_type(dataset);
  EXPECT_EQ(describe_type(type), dtype_name(dtype)) << "element type of " << path;
  H5Tclose(type);
  H5Dclose(dataset);

  EXPECT_EQ(read_string_attribute(file, path, "units"), units) << "units of " << path;
  EXPECT_FALSE(read_string_attribute(file, path, "description").empty()) << "description of " << path;
}

}  // namespace civicsim::test
