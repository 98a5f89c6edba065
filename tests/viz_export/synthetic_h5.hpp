// The HDF5 C API helpers of the synthetic sweep and run files written by the tests
// (synthetic_sweep.hpp, synthetic_brief.hpp): strings, numbers and attributes, failing loudly.
#pragma once

#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace civicsim::test {

namespace synthetic_detail {

inline void check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("synthetic sweep: " + what);
}

inline hid_t utf8() {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

inline hid_t link_plist() {
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  return lcpl;
}

inline void string_attribute(hid_t object, const char* name, const std::string& value) {
  hid_t type = utf8(), space = H5Screate(H5S_SCALAR);
  hid_t attr = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  const char* text = value.c_str();
  check(attr >= 0 && H5Awrite(attr, type, &text) >= 0, std::string("attribute ") + name);
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
}

inline void int_attribute(hid_t object, const char* name, std::int64_t value) {
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t attr = H5Acreate2(object, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  check(attr >= 0 && H5Awrite(attr, H5T_NATIVE_INT64, &value) >= 0, std::string("attribute ") + name);
  H5Aclose(attr);
  H5Sclose(space);
}

inline void strings(hid_t file, const std::string& path, const std::vector<std::string>& values) {
  hid_t type = utf8(), lcpl = link_plist();
  const hsize_t n = values.size();
  hid_t space = H5Screate_simple(1, &n, nullptr);
  hid_t ds = H5Dcreate2(file, path.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<const char*> texts;
  for (const auto& v : values) texts.push_back(v.c_str());
  check(ds >= 0 && (n == 0 || H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()) >= 0), path);
  H5Dclose(ds);
  H5Sclose(space);
  H5Pclose(lcpl);
  H5Tclose(type);
}

inline void numbers(hid_t file, const std::string& path, hid_t file_type, hid_t memory_type,
                    const std::vector<hsize_t>& shape, const void* data) {
  hid_t lcpl = link_plist();
  hid_t space = H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr);
  hid_t ds = H5Dcreate2(file, path.c_str(), file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t n = 1;
  for (hsize_t s : shape) n *= s;
  check(ds >= 0 && (n == 0 || H5Dwrite(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0), path);
  string_attribute(ds, "units", "1");
  H5Dclose(ds);
  H5Sclose(space);
  H5Pclose(lcpl);
}

inline std::string padded(int value, int count) {
  std::string digits = std::to_string(value);
  const std::size_t width = std::to_string(std::max(count - 1, 0)).size();
  return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

}  // namespace synthetic_detail

}  // namespace civicsim::test
