#include "viz_export/h5_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace civicsim::viz::h5 {

QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}
QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }

std::string format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  // Plain digits for the magnitudes of counts, costs and shares (6000000, not 6e+06); exponents
  // only where plain digits would run long. Both forms are the shortest that read back exactly.
  char buf[400];
  const double magnitude = std::fabs(value);
  const bool plain = magnitude == 0.0 || (magnitude >= 1e-5 && magnitude < 1e16);
  const auto result = plain ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                            : std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

std::string format_float(float value) {
  if (std::isnan(value) || std::isinf(value)) return format_double(value);
  char buf[64];
  const float magnitude = std::fabs(value);
  const bool plain = magnitude == 0.0f || (magnitude >= 1e-5f && magnitude < 1e7f);
  const auto result = plain ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                            : std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

namespace {

std::string format_int(std::int64_t v) { return std::to_string(v); }

/// Formats one element of a native memory type: integers, floats, strings, enums and compounds
/// (compound members are not expected inside cells; they are flattened by table_1d).
bool format_element(hid_t type, const unsigned char* p, std::string* out) {
  const H5T_class_t cls = H5Tget_class(type);
  const std::size_t size = H5Tget_size(type);
  switch (cls) {
    case H5T_INTEGER: {
      const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
      std::int64_t v = 0;
      if (is_signed) {
        if (size == 1) { std::int8_t x; std::memcpy(&x, p, 1); v = x; }
        else if (size == 2) { std::int16_t x; std::memcpy(&x, p, 2); v = x; }
        else if (size == 4) { std::int32_t x; std::memcpy(&x, p, 4); v = x; }
        else if (size == 8) { std::memcpy(&v, p, 8); }
        else return false;
        *out = format_int(v);
      } else {
        std::uint64_t u = 0;
        if (size == 1) { std::uint8_t x; std::memcpy(&x, p, 1); u = x; }
        else if (size == 2) { std::uint16_t x; std::memcpy(&x, p, 2); u = x; }
        else if (size == 4) { std::uint32_t x; std::memcpy(&x, p, 4); u = x; }
        else if (size == 8) { std::memcpy(&u, p, 8); }
        else return false;
        *out = std::to_string(u);
      }
      return true;
    }
    case H5T_FLOAT: {
      if (size == sizeof(double)) {
        double d;
        std::memcpy(&d, p, sizeof d);
        *out = format_double(d);
      } else if (size == sizeof(float)) {
        float f;
        std::memcpy(&f, p, sizeof f);
        *out = format_float(f);
      } else {
        return false;
      }
      return true;
    }
    case H5T_STRING: {
      if (H5Tis_variable_str(type) > 0) {
        const char* s = nullptr;
        std::memcpy(&s, p, sizeof s);
        *out = s ? s : "";
      } else {
        const char* s = reinterpret_cast<const char*>(p);
        std::size_t n = 0;
        while (n < size && s[n] != '\0') ++n;
        *out = std::string(s, n);
        // Space-padded fixed strings (H5T_STR_SPACEPAD) end in padding, not text.
        if (H5Tget_strpad(type) == H5T_STR_SPACEPAD) {
          while (!out->empty() && out->back() == ' ') out->pop_back();
        }
      }
      return true;
    }
    case H5T_ENUM: {
      char name[256];
      if (H5Tenum_nameof(type, p, name, sizeof name) < 0) return false;
      *out = name;
      return true;
    }
    default:
      return false;
  }
}

void reclaim(hid_t memory_type, hid_t space, void* buf) {
#if H5_VERS_MAJOR > 1 || (H5_VERS_MAJOR == 1 && H5_VERS_MINOR >= 12)
  H5Treclaim(memory_type, space, H5P_DEFAULT, buf);
#else
  H5Dvlen_reclaim(memory_type, space, H5P_DEFAULT, buf);
#endif
}

std::string join_shape(const std::vector<hsize_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

}  // namespace

Reader::Reader(const std::string& file_path) : path_(file_path) {
  std::error_code ec;
  if (!std::filesystem::exists(file_path, ec)) {
    throw std::runtime_error("cannot export '" + file_path + "': no such file");
  }
  if (std::filesystem::is_directory(file_path, ec)) {
    throw std::runtime_error("cannot export '" + file_path + "': it is a folder, not an output file");
  }
  QuietErrors quiet;
  if (H5Fis_hdf5(file_path.c_str()) <= 0) {
    throw std::runtime_error("cannot export '" + file_path +
                             "': not an HDF5 file (is it a civicsim output file?)");
  }
  file_ = Id(H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file_.get() < 0) {
    throw std::runtime_error("cannot export '" + file_path + "': HDF5 could not open it");
  }
}

void Reader::fail(const std::string& what) const {
  throw std::runtime_error("cannot export '" + path_ + "': " + what);
}

bool Reader::exists(const std::string& object_path) const {
  QuietErrors quiet;
  if (object_path == "/") return true;
  // Check each link on the way down: H5Lexists fails (rather than saying no) on a missing parent.
  std::string prefix;
  std::size_t pos = 1;
  while (pos <= object_path.size()) {
    std::size_t next = object_path.find('/', pos);
    if (next == std::string::npos) next = object_path.size();
    prefix = object_path.substr(0, next);
    if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    pos = next + 1;
  }
  return H5Oexists_by_name(file_.get(), object_path.c_str(), H5P_DEFAULT) > 0;
}

bool Reader::is_dataset(const std::string& object_path) const {
  if (!exists(object_path)) return false;
  QuietErrors quiet;
  Id object(H5Oopen(file_.get(), object_path.c_str(), H5P_DEFAULT), H5Oclose);
  return object.get() >= 0 && H5Iget_type(object.get()) == H5I_DATASET;
}

bool Reader::is_dimension_scale(const std::string& dataset_path) const {
  std::string value;
  return is_dataset(dataset_path) && string_attribute(dataset_path, "CLASS", &value) &&
         value == "DIMENSION_SCALE";
}

std::vector<std::string> Reader::members(const std::string& group_path) const {
  QuietErrors quiet;
  Id group(H5Gopen2(file_.get(), group_path.c_str(), H5P_DEFAULT), H5Gclose);
  if (group.get() < 0) fail("cannot open group " + group_path);
  H5G_info_t info;
  if (H5Gget_info(group.get(), &info) < 0) fail("cannot read group " + group_path);
  H5_index_t index = H5_INDEX_NAME;
  Id gcpl(H5Gget_create_plist(group.get()), H5Pclose);
  unsigned crt_order = 0;
  if (gcpl.get() >= 0 && H5Pget_link_creation_order(gcpl.get(), &crt_order) >= 0 &&
      (crt_order & H5P_CRT_ORDER_INDEXED)) {
    index = H5_INDEX_CRT_ORDER;
  }
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n =
        H5Lget_name_by_idx(group.get(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail("cannot list group " + group_path);
    std::string name(static_cast<std::size_t>(n), '\0');
    H5Lget_name_by_idx(group.get(), ".", index, H5_ITER_INC, i, name.data(), name.size() + 1,
                       H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

bool Reader::string_attribute(const std::string& object_path, const char* name,
                              std::string* value) const {
  QuietErrors quiet;
  if (H5Aexists_by_name(file_.get(), object_path.c_str(), name, H5P_DEFAULT) <= 0) return false;
  Id attr(H5Aopen_by_name(file_.get(), object_path.c_str(), name, H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose);
  Id file_type(H5Aget_type(attr.get()), H5Tclose);
  Id space(H5Aget_space(attr.get()), H5Sclose);
  if (attr.get() < 0 || file_type.get() < 0 || space.get() < 0) {
    fail("cannot read attribute '" + std::string(name) + "' of " + object_path);
  }
  if (H5Tget_class(file_type.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1) {
    fail("attribute '" + std::string(name) + "' of " + object_path + " is not a single string");
  }
  Id memory_type(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), H5Tclose);
  std::vector<unsigned char> buf(H5Tget_size(memory_type.get()) + 1, 0);
  if (H5Aread(attr.get(), memory_type.get(), buf.data()) < 0) {
    fail("cannot read attribute '" + std::string(name) + "' of " + object_path);
  }
  format_element(memory_type.get(), buf.data(), value);
  if (H5Tis_variable_str(memory_type.get()) > 0) reclaim(memory_type.get(), space.get(), buf.data());
  return true;
}

bool Reader::numeric_attribute(const std::string& object_path, const char* name, hid_t memory_type,
                               void* value) const {
  QuietErrors quiet;
  if (H5Aexists_by_name(file_.get(), object_path.c_str(), name, H5P_DEFAULT) <= 0) return false;
  Id attr(H5Aopen_by_name(file_.get(), object_path.c_str(), name, H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose);
  Id file_type(H5Aget_type(attr.get()), H5Tclose);
  Id space(H5Aget_space(attr.get()), H5Sclose);
  if (attr.get() < 0 || file_type.get() < 0 || space.get() < 0) {
    fail("cannot read attribute '" + std::string(name) + "' of " + object_path);
  }
  const H5T_class_t type_class = H5Tget_class(file_type.get());
  if ((type_class != H5T_INTEGER && type_class != H5T_FLOAT) || H5Sget_simple_extent_npoints(space.get()) != 1) {
    fail("attribute '" + std::string(name) + "' of " + object_path + " is not a single number");
  }
  if (H5Aread(attr.get(), memory_type, value) < 0) {
    fail("cannot read attribute '" + std::string(name) + "' of " + object_path);
  }
  return true;
}

bool Reader::double_attribute(const std::string& object_path, const char* name, double* value) const {
  return numeric_attribute(object_path, name, H5T_NATIVE_DOUBLE, value);
}

bool Reader::uint64_attribute(const std::string& object_path, const char* name, std::uint64_t* value) const {
  return numeric_attribute(object_path, name, H5T_NATIVE_UINT64, value);
}

Id Reader::open_dataset(const std::string& dataset_path) const {
  if (!exists(dataset_path)) fail("missing " + dataset_path);
  QuietErrors quiet;
  Id dataset(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT), H5Dclose);
  if (dataset.get() < 0) fail(dataset_path + " is not a dataset");
  return dataset;
}

std::vector<hsize_t> Reader::shape(const std::string& dataset_path) const {
  Id dataset = open_dataset(dataset_path);
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("cannot read the shape of " + dataset_path);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Reader::table_1d(
    const std::string& dataset_path) const {
  const std::vector<hsize_t> dims = shape(dataset_path);
  if (dims.size() != 1) {
    fail(dataset_path + " has shape " + join_shape(dims) + "; expected one dimension");
  }
  Id dataset = open_dataset(dataset_path);
  QuietErrors quiet;
  Id file_type(H5Dget_type(dataset.get()), H5Tclose);
  Id memory_type(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), H5Tclose);
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  const std::size_t n = dims[0];
  const std::size_t element = H5Tget_size(memory_type.get());
  std::vector<unsigned char> buf(n * element + 1, 0);
  if (n > 0 && H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                       buf.data()) < 0) {
    fail("cannot read " + dataset_path);
  }

  // One (name, type, offset) per column: the members of a compound, or the dataset itself.
  struct Column {
    std::string name;
    Id type;
    std::size_t offset;
  };
  std::vector<Column> columns;
  if (H5Tget_class(memory_type.get()) == H5T_COMPOUND) {
    const int count = H5Tget_nmembers(memory_type.get());
    for (int m = 0; m < count; ++m) {
      char* name = H5Tget_member_name(memory_type.get(), static_cast<unsigned>(m));
      columns.push_back(Column{name ? name : "", Id(H5Tget_member_type(memory_type.get(),
                                                                      static_cast<unsigned>(m)),
                                                    H5Tclose),
                               H5Tget_member_offset(memory_type.get(), static_cast<unsigned>(m))});
      H5free_memory(name);
    }
  } else {
    const std::size_t slash = dataset_path.rfind('/');
    columns.push_back(Column{dataset_path.substr(slash + 1),
                             Id(H5Tcopy(memory_type.get()), H5Tclose), 0});
  }

  std::vector<std::pair<std::string, std::vector<std::string>>> table;
  for (const Column& column : columns) {
    std::vector<std::string> cells(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!format_element(column.type.get(), buf.data() + i * element + column.offset, &cells[i])) {
        reclaim(memory_type.get(), space.get(), buf.data());
        fail(dataset_path + (columns.size() > 1 ? " member '" + column.name + "'" : std::string()) +
             " has a type the exporter cannot write as text");
      }
    }
    table.emplace_back(column.name, std::move(cells));
  }
  if (n > 0) reclaim(memory_type.get(), space.get(), buf.data());
  return table;
}

std::vector<std::string> Reader::strings_1d(const std::string& dataset_path) const {
  auto table = table_1d(dataset_path);
  if (table.size() != 1) fail(dataset_path + " is a table; expected a list of names");
  return std::move(table[0].second);
}

std::vector<std::int64_t> Reader::ints_1d(const std::string& dataset_path) const {
  const std::vector<hsize_t> dims = shape(dataset_path);
  if (dims.size() != 1) {
    fail(dataset_path + " has shape " + join_shape(dims) + "; expected one dimension");
  }
  Numbers numbers = numeric_row(dataset_path, hsize_t(-1));
  if (numbers.is_float) fail(dataset_path + " holds floating-point values; expected integers");
  return std::move(numbers.ints);
}

Numbers Reader::numeric_row(const std::string& dataset_path, hsize_t row) const {
  const std::vector<hsize_t> dims = shape(dataset_path);
  Id dataset = open_dataset(dataset_path);
  QuietErrors quiet;
  Id file_type(H5Dget_type(dataset.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(file_type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail(dataset_path + " is not numeric");

  // row == hsize_t(-1) reads the whole dataset; otherwise the hyperslab [row, :, :, ...].
  Id file_space(H5Dget_space(dataset.get()), H5Sclose);
  std::vector<hsize_t> count = dims;
  std::size_t n = 1;
  if (row != hsize_t(-1)) {
    if (dims.empty() || row >= dims[0]) fail("row " + std::to_string(row) + " is outside " + dataset_path);
    std::vector<hsize_t> start(dims.size(), 0);
    start[0] = row;
    count[0] = 1;
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                        nullptr);
  }
  for (hsize_t c : count) n *= c;
  Id memory_space(H5Screate_simple(1, std::vector<hsize_t>{hsize_t(n)}.data(), nullptr), H5Sclose);

  Numbers numbers;
  numbers.is_float = cls == H5T_FLOAT;
  numbers.is_single = numbers.is_float && H5Tget_size(file_type.get()) <= sizeof(float);
  herr_t status = 0;
  if (n == 0) return numbers;
  if (numbers.is_float) {
    numbers.floats.resize(n);
    status = H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(),
                     H5P_DEFAULT, numbers.floats.data());
  } else {
    if (H5Tget_sign(file_type.get()) == H5T_SGN_NONE && H5Tget_size(file_type.get()) >= 8) {
      fail(dataset_path + " holds unsigned 64-bit integers; expected signed counts");
    }
    numbers.ints.resize(n);
    status = H5Dread(dataset.get(), H5T_NATIVE_INT64, memory_space.get(), file_space.get(),
                     H5P_DEFAULT, numbers.ints.data());
  }
  if (status < 0) fail("cannot read " + dataset_path);
  return numbers;
}

}  // namespace civicsim::viz::h5
