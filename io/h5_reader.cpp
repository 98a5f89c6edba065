#include "io/h5_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <stdexcept>

namespace civicsim::io::h5 {

namespace {

std::size_t byte_cap = kDefaultDatasetByteCap;

}  // namespace

std::size_t dataset_byte_cap() { return byte_cap; }
void set_dataset_byte_cap(std::size_t bytes) { byte_cap = bytes; }

std::size_t checked_bytes(const std::vector<hsize_t>& count, std::size_t element_bytes) {
  if (std::find(count.begin(), count.end(), hsize_t{0}) != count.end()) return 0;
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  std::size_t total = element_bytes;
  for (hsize_t c : count) {
    if (c > kMax || (total != 0 && c > kMax / total)) return kMax;
    total *= static_cast<std::size_t>(c);
  }
  return total;
}

namespace {

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
    throw std::runtime_error("cannot export '" + file_path + "': not an HDF5 file (is it a civicsim output file?)");
  }
  file_ = Handle(H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file_.get() < 0) {
    throw std::runtime_error("cannot export '" + file_path + "': HDF5 could not open it");
  }
}

void Reader::fail(const std::string& what) const { throw std::runtime_error("cannot export '" + path_ + "': " + what); }

void Reader::refuse(const std::string& what) const { throw DataError("cannot read '" + path_ + "': " + what); }

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
  Handle object(H5Oopen(file_.get(), object_path.c_str(), H5P_DEFAULT), H5Oclose);
  return object.get() >= 0 && H5Iget_type(object.get()) == H5I_DATASET;
}

bool Reader::is_dimension_scale(const std::string& dataset_path) const {
  std::string value;
  return is_dataset(dataset_path) && string_attribute(dataset_path, "CLASS", &value) && value == "DIMENSION_SCALE";
}

namespace {

herr_t collect_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* names) {
  static_cast<std::vector<std::string>*>(names)->push_back(name);
  return 0;
}

}  // namespace

std::vector<std::string> Reader::members(const std::string& group_path) const {
  QuietErrors quiet;
  Handle group(H5Gopen2(file_.get(), group_path.c_str(), H5P_DEFAULT), H5Gclose);
  if (group.get() < 0) fail("cannot open group " + group_path);
  H5_index_t index = H5_INDEX_NAME;
  Handle gcpl(H5Gget_create_plist(group.get()), H5Pclose);
  unsigned crt_order = 0;
  if (gcpl.get() >= 0 && H5Pget_link_creation_order(gcpl.get(), &crt_order) >= 0 &&
      (crt_order & H5P_CRT_ORDER_INDEXED)) {
    index = H5_INDEX_CRT_ORDER;
  }
  // One pass over the links: looking each one up by its index costs a pass per link in a group
  // stored compactly, quadratic in a crafted group of thousands.
  std::vector<std::string> names;
  hsize_t at = 0;
  H5G_info_t info;
  if (H5Gget_info(group.get(), &info) < 0) fail("cannot read group " + group_path);
  if (info.nlinks > kMaxGroupMembers) {
    refuse(group_path + " has " + std::to_string(info.nlinks) +
           " members; a civicsim output's groups hold a few dozen (at most " + std::to_string(kMaxGroupMembers) +
           " are read)");
  }
  if (H5Literate(group.get(), index, H5_ITER_INC, &at, collect_name, &names) < 0) {
    fail("cannot list group " + group_path);
  }
  return names;
}

Handle Reader::open_single_attribute(const std::string& object_path, const char* name, bool string) const {
  const std::string what = "attribute '" + std::string(name) + "' of " + object_path;
  Handle attr(H5Aopen_by_name(file_.get(), object_path.c_str(), name, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (attr.get() < 0) fail("cannot read " + what);
  Handle file_type(H5Aget_type(attr.get()), H5Tclose);
  Handle space(H5Aget_space(attr.get()), H5Sclose);
  if (file_type.get() < 0 || space.get() < 0) fail("cannot read " + what);
  const H5T_class_t type_class = H5Tget_class(file_type.get());
  const bool fits = string ? type_class == H5T_STRING : type_class == H5T_INTEGER || type_class == H5T_FLOAT;
  if (!fits || H5Sget_simple_extent_npoints(space.get()) != 1) {
    refuse(what + " is not a single " + (string ? "string" : "number"));
  }
  check_read_size(what, {}, H5Tget_size(file_type.get()));  // a fixed-length string may claim gigabytes
  return attr;
}

bool Reader::string_attribute(const std::string& object_path, const char* name, std::string* value) const {
  QuietErrors quiet;
  if (H5Aexists_by_name(file_.get(), object_path.c_str(), name, H5P_DEFAULT) <= 0) return false;
  const Handle attr = open_single_attribute(object_path, name, /*string=*/true);
  Handle file_type(H5Aget_type(attr.get()), H5Tclose);
  Handle space(H5Aget_space(attr.get()), H5Sclose);
  Handle memory_type(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), H5Tclose);
  std::vector<unsigned char> buf(H5Tget_size(memory_type.get()) + 1, 0);
  if (H5Aread(attr.get(), memory_type.get(), buf.data()) < 0) {
    fail("cannot read attribute '" + std::string(name) + "' of " + object_path);
  }
  format_cell(memory_type.get(), buf.data(), value);
  if (H5Tis_variable_str(memory_type.get()) > 0) reclaim(memory_type.get(), space.get(), buf.data());
  return true;
}

bool Reader::scalar_string(const std::string& dataset_path, std::string* value) const {
  if (!is_dataset(dataset_path)) return false;
  Handle dataset = open_dataset(dataset_path);
  QuietErrors quiet;
  Handle file_type(H5Dget_type(dataset.get()), H5Tclose);
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  if (H5Tget_class(file_type.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1)
    refuse(dataset_path + " is not one string");
  if (H5Tget_size(file_type.get()) > dataset_byte_cap()) refuse(dataset_path + " is larger than the read cap");
  Handle memory_type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_cset(memory_type.get(), H5Tget_cset(file_type.get()));
  if (H5Tis_variable_str(file_type.get()) > 0) {
    H5Tset_size(memory_type.get(), H5T_VARIABLE);
    // No size check here: H5Dvlen_get_buf_size crashes on a scalar dataspace (HDF5 1.10), and the
    // string cannot be longer than the file that holds it.
    char* text = nullptr;
    if (H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) < 0 || text == nullptr)
      fail("cannot read " + dataset_path);
    *value = text;
    H5free_memory(text);
    return true;
  }
  std::vector<char> text(H5Tget_size(file_type.get()) + 1, '\0');
  H5Tset_size(memory_type.get(), text.size());
  if (H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()) < 0)
    fail("cannot read " + dataset_path);
  *value = text.data();
  return true;
}

bool Reader::numeric_attribute(const std::string& object_path, const char* name, hid_t memory_type, void* value) const {
  QuietErrors quiet;
  if (H5Aexists_by_name(file_.get(), object_path.c_str(), name, H5P_DEFAULT) <= 0) return false;
  const Handle attr = open_single_attribute(object_path, name, /*string=*/false);
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

Handle Reader::open_dataset(const std::string& dataset_path) const {
  if (!exists(dataset_path)) fail("missing " + dataset_path);
  QuietErrors quiet;
  Handle dataset(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT), H5Dclose);
  if (dataset.get() < 0) fail(dataset_path + " is not a dataset");
  return dataset;
}

std::vector<hsize_t> Reader::shape(const std::string& dataset_path) const {
  Handle dataset = open_dataset(dataset_path);
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("cannot read the shape of " + dataset_path);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

ElementType Reader::element_type(const std::string& dataset_path) const {
  Handle dataset = open_dataset(dataset_path);
  QuietErrors quiet;
  Handle type(H5Dget_type(dataset.get()), H5Tclose);
  ElementType element;
  element.bytes = H5Tget_size(type.get());
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER:
      element.kind =
          H5Tget_sign(type.get()) == H5T_SGN_NONE ? ElementType::kUnsignedInteger : ElementType::kSignedInteger;
      break;
    case H5T_FLOAT:
      element.kind = ElementType::kFloat;
      break;
    case H5T_STRING:
      element.kind = ElementType::kString;
      break;
    default:
      element.kind = ElementType::kOther;
  }
  return element;
}

std::vector<hsize_t> Reader::expect_shape(const std::string& dataset_path, int rank,
                                          const std::vector<hsize_t>& dims) const {
  const std::vector<hsize_t> got = shape(dataset_path);
  bool fits = rank < 0 || got.size() == static_cast<std::size_t>(rank);
  std::string expected = rank < 0 ? "" : std::to_string(rank) + " axes";
  if (!dims.empty()) {
    expected = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
      expected += (i ? ", " : "") + (dims[i] == kAnyExtent ? std::string("*") : std::to_string(dims[i]));
      if (i < got.size() && dims[i] != kAnyExtent && dims[i] != got[i]) fits = false;
    }
    expected += "]";
  }
  if (!fits) refuse(dataset_path + " has shape " + join_shape(got) + "; expected " + expected);
  return got;
}

void Reader::check_read_size(const std::string& dataset_path, const std::vector<hsize_t>& count,
                             std::size_t element_bytes) const {
  const std::size_t bytes = checked_bytes(count, element_bytes);
  if (bytes <= dataset_byte_cap()) return;
  const std::string size = bytes == std::numeric_limits<std::size_t>::max() ? "more bytes than memory can address"
                                                                            : std::to_string(bytes) + " bytes";
  refuse(dataset_path + ": reading " + join_shape(count) + " elements of " + std::to_string(element_bytes) +
         " bytes needs " + size + ", over the cap of " + std::to_string(dataset_byte_cap()) +
         " bytes per read (docs/robustness.md)");
}

std::vector<std::pair<std::string, std::vector<std::string>>> Reader::table_1d(const std::string& dataset_path) const {
  const std::vector<hsize_t> dims = expect_shape(dataset_path, 1);
  Handle dataset = open_dataset(dataset_path);
  QuietErrors quiet;
  Handle file_type(H5Dget_type(dataset.get()), H5Tclose);
  Handle memory_type(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), H5Tclose);
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  if (memory_type.get() < 0 || space.get() < 0) fail("cannot read the type of " + dataset_path);
  const std::size_t element = H5Tget_size(memory_type.get());
  // The read buffer and the cells it becomes: one std::string per column and row.
  const int members = H5Tget_class(memory_type.get()) == H5T_COMPOUND ? H5Tget_nmembers(memory_type.get()) : 1;
  check_read_size(dataset_path, dims, element + sizeof(std::string) * static_cast<std::size_t>(std::max(members, 1)));
  const std::size_t n = static_cast<std::size_t>(dims[0]);
  std::vector<unsigned char> buf(n * element + 1, 0);
  if (n > 0 && H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) {
    fail("cannot read " + dataset_path);
  }

  // One (name, type, offset) per column: the members of a compound, or the dataset itself.
  struct Column {
    std::string name;
    Handle type;
    std::size_t offset;
  };
  std::vector<Column> columns;
  if (H5Tget_class(memory_type.get()) == H5T_COMPOUND) {
    const int count = H5Tget_nmembers(memory_type.get());
    for (int m = 0; m < count; ++m) {
      char* name = H5Tget_member_name(memory_type.get(), static_cast<unsigned>(m));
      columns.push_back(Column{name ? name : "",
                               Handle(H5Tget_member_type(memory_type.get(), static_cast<unsigned>(m)), H5Tclose),
                               H5Tget_member_offset(memory_type.get(), static_cast<unsigned>(m))});
      H5free_memory(name);
    }
  } else {
    const std::size_t slash = dataset_path.rfind('/');
    columns.push_back(Column{dataset_path.substr(slash + 1), Handle(H5Tcopy(memory_type.get()), H5Tclose), 0});
  }

  std::vector<std::pair<std::string, std::vector<std::string>>> table;
  for (const Column& column : columns) {
    std::vector<std::string> cells(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!format_cell(column.type.get(), buf.data() + i * element + column.offset, &cells[i])) {
        reclaim(memory_type.get(), space.get(), buf.data());
        refuse(dataset_path + (columns.size() > 1 ? " member '" + column.name + "'" : std::string()) +
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
  if (table.size() != 1) refuse(dataset_path + " is a table; expected a list of names");
  return std::move(table[0].second);
}

std::string Reader::scalar_string(const std::string& dataset_path) const {
  expect_shape(dataset_path, 0);
  Handle dataset = open_dataset(dataset_path);
  QuietErrors quiet;
  Handle file_type(H5Dget_type(dataset.get()), H5Tclose);
  if (H5Tget_class(file_type.get()) != H5T_STRING) refuse(dataset_path + " is not a string");
  check_read_size(dataset_path, {}, H5Tget_size(file_type.get()));  // a fixed-length string may claim gigabytes
  Handle memory_type(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), H5Tclose);
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  std::vector<unsigned char> buf(H5Tget_size(memory_type.get()) + 1, 0);
  if (H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) {
    fail("cannot read " + dataset_path);
  }
  std::string text;
  format_cell(memory_type.get(), buf.data(), &text);
  if (H5Tis_variable_str(memory_type.get()) > 0) reclaim(memory_type.get(), space.get(), buf.data());
  return text;
}

std::vector<std::int64_t> Reader::ints_1d(const std::string& dataset_path) const {
  expect_shape(dataset_path, 1);
  Numbers numbers = numeric_row(dataset_path, hsize_t(-1));
  if (numbers.is_float) refuse(dataset_path + " holds floating-point values; expected integers");
  return std::move(numbers.ints);
}

Numbers Reader::numeric_row(const std::string& dataset_path, hsize_t row) const {
  return row == hsize_t(-1) ? numeric_rows(dataset_path, row, 0) : numeric_rows(dataset_path, row, 1);
}

Numbers Reader::numeric_rows(const std::string& dataset_path, hsize_t first, hsize_t rows) const {
  const std::vector<hsize_t> dims = shape(dataset_path);
  Handle dataset = open_dataset(dataset_path);
  QuietErrors quiet;
  Handle file_type(H5Dget_type(dataset.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(file_type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) refuse(dataset_path + " is not numeric");

  // first == hsize_t(-1) reads the whole dataset; otherwise the hyperslab [first:first+rows, :, ...].
  Handle file_space(H5Dget_space(dataset.get()), H5Sclose);
  std::vector<hsize_t> count = dims;
  if (first != hsize_t(-1)) {
    if (dims.empty() || first >= dims[0] || rows > dims[0] - first) {
      refuse("rows " + std::to_string(first) + " to " + std::to_string(first + rows) + " are outside " + dataset_path +
             " " + join_shape(dims));
    }
    std::vector<hsize_t> start(dims.size(), 0);
    start[0] = first;
    count[0] = rows;
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  }
  check_read_size(dataset_path, count, sizeof(double));
  const std::size_t n = checked_bytes(count, 1);
  Handle memory_space(H5Screate_simple(1, std::vector<hsize_t>{hsize_t(n)}.data(), nullptr), H5Sclose);

  Numbers numbers;
  numbers.is_float = cls == H5T_FLOAT;
  numbers.is_single = numbers.is_float && H5Tget_size(file_type.get()) <= sizeof(float);
  herr_t status = 0;
  if (n == 0) return numbers;
  if (numbers.is_float) {
    numbers.floats.resize(n);
    status = H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(), H5P_DEFAULT,
                     numbers.floats.data());
  } else {
    if (H5Tget_sign(file_type.get()) == H5T_SGN_NONE && H5Tget_size(file_type.get()) >= 8) {
      refuse(dataset_path + " holds unsigned 64-bit integers; expected signed counts");
    }
    numbers.ints.resize(n);
    status = H5Dread(dataset.get(), H5T_NATIVE_INT64, memory_space.get(), file_space.get(), H5P_DEFAULT,
                     numbers.ints.data());
  }
  if (status < 0) fail("cannot read " + dataset_path);
  return numbers;
}

}  // namespace civicsim::io::h5
