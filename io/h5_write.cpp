#include "io/h5_write.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <utility>

namespace civicsim::io::h5 {

Handle utf8_string_type() {
  Handle type = own(H5Tcopy(H5T_C_S1), H5Tclose, "creating", "a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "creating", "a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "creating", "a string type");
  return type;
}

Handle create_group(hid_t file, const std::string& path) {
  return own(H5Gcreate2(file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "creating group", path);
}

Handle open_group(hid_t file, const std::string& path) {
  return own(H5Gopen2(file, path.c_str(), H5P_DEFAULT), H5Gclose, "opening group", path);
}

void write_attribute_raw(hid_t object, const char* name, hid_t file_type, hid_t memory_type, const void* value) {
  // Named only when something fails: looking up the object's path costs more than the write.
  const auto failed = [&](const char* action) {
    fail_at(io::kExitIoErr, action + std::string(" attribute ") + name + " of", object);
  };
  Handle attribute;
  const htri_t exists = H5Aexists(object, name);
  if (exists < 0) failed("checking");
  if (exists > 0) {
    attribute = Handle(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  } else {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    if (!space) failed("creating a dataspace for");
    attribute = Handle(H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  }
  if (!attribute) failed(exists > 0 ? "opening" : "creating");
  if (H5Awrite(attribute.get(), memory_type, value) < 0) failed("writing");
}

void write_attribute(hid_t object, const char* name, const std::string& value) {
  Handle type = utf8_string_type();
  const char* text = value.c_str();
  write_attribute_raw(object, name, type.get(), type.get(), &text);
}

std::vector<hsize_t> row_chunks(const std::vector<hsize_t>& shape, std::size_t element_size, std::size_t target_bytes,
                                std::size_t max_bytes) {
  std::vector<hsize_t> chunk(shape.begin(), shape.end());
  if (chunk.empty()) return chunk;
  for (auto& extent : chunk) extent = std::max<hsize_t>(extent, 1);
  hsize_t row_bytes = element_size;
  for (std::size_t axis = 1; axis < chunk.size(); ++axis) row_bytes *= chunk[axis];
  if (row_bytes > max_bytes && chunk.size() > 1) {
    // A single row is too big for one chunk: split it along the second axis (districts).
    const hsize_t per_item = row_bytes / chunk[1];
    const hsize_t items = max_bytes / std::max<hsize_t>(per_item, 1);
    chunk[1] = std::max<hsize_t>(1, std::min(chunk[1], items));
    chunk[0] = 1;
    return chunk;
  }
  const hsize_t rows = std::max<hsize_t>(1, target_bytes / std::max<hsize_t>(row_bytes, 1));
  chunk[0] = std::min(chunk[0], rows);
  return chunk;
}

namespace {

/// `units` and `description` of a dataset just created (they cannot exist yet).
void describe(hid_t dataset, const std::string& units, const std::string& description) {
  Handle type = utf8_string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  for (const auto& [name, text] : {std::pair{"units", &units}, std::pair{"description", &description}}) {
    const char* value = text->c_str();
    Handle attribute(space ? H5Acreate2(dataset, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT) : -1,
                     H5Aclose);
    if (!attribute || H5Awrite(attribute.get(), type.get(), &value) < 0) {
      fail_at(io::kExitIoErr, std::string("writing attribute ") + name + " of", dataset);
    }
  }
}

}  // namespace

Handle create_dataset(hid_t file, const std::string& path, hid_t file_type, const std::vector<hsize_t>& shape,
                      const Storage& storage, const std::string& units, const std::string& description) {
  Handle space = shape.empty() ? own(H5Screate(H5S_SCALAR), H5Sclose, "creating the dataspace of", path)
                               : own(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose,
                                     "creating the dataspace of", path);
  Handle create, access;  // none: HDF5's defaults (contiguous)
  if (!storage.chunk.empty()) {
    create = own(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "creating properties of", path);
    check(H5Pset_chunk(create.get(), static_cast<int>(storage.chunk.size()), storage.chunk.data()),
          "setting the chunks of", path);
    if (storage.deflate_level > 0) {
      check(H5Pset_shuffle(create.get()), "setting the shuffle filter of", path);
      check(H5Pset_deflate(create.get(), static_cast<unsigned>(storage.deflate_level)), "setting the deflate filter of",
            path);
    }
    if (!storage.chunk_cache) {
      // No chunk cache: whole chunks go straight to the file (io/h5_chunks.hpp); rows written
      // otherwise are merged into their chunk at once, not all when the file closes.
      access = own(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "creating properties of", path);
      check(H5Pset_chunk_cache(access.get(), 0, 0, 1.0), "setting the chunk cache of", path);
    }
  }
  const hid_t create_list = create ? create.get() : H5P_DEFAULT, access_list = access ? access.get() : H5P_DEFAULT;
  Handle dataset = own(H5Dcreate2(file, path.c_str(), file_type, space.get(), H5P_DEFAULT, create_list, access_list),
                       H5Dclose, "creating dataset", path);
  describe(dataset.get(), units, description);
  return dataset;
}

void write_all_raw(hid_t dataset, hid_t memory_type, const void* data) {
  // HDF5 converts through buffers of the transfer's size, 1 MiB unless told, and allocates and
  // clears two of them for every write that converts (strings do): 1 MiB for a few names was
  // most of the output file's creation. The values need no more than 32 bytes each here (a
  // string is a pointer in memory, a 16-byte heap reference in the file).
  Handle space(H5Dget_space(dataset), H5Sclose);
  const hssize_t values = space ? H5Sget_simple_extent_npoints(space.get()) : -1;
  if (values < 0) fail_at(io::kExitIoErr, "reading the shape of", dataset);
  Handle transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  const std::size_t bytes = std::clamp<std::size_t>(static_cast<std::size_t>(values) * 32, 1024, 1u << 20);
  if (!transfer || H5Pset_buffer(transfer.get(), bytes, nullptr, nullptr) < 0) {
    fail_at(io::kExitIoErr, "setting the transfer buffer of", dataset);
  }
  check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, transfer.get(), data), "writing", dataset);
}

void write_all(hid_t dataset, const std::vector<std::string>& values) {
  if (values.empty()) return;
  std::vector<const char*> texts;
  texts.reserve(values.size());
  for (const auto& value : values) texts.push_back(value.c_str());
  Handle type = utf8_string_type();
  write_all_raw(dataset, type.get(), texts.data());
}

void write_scalar(hid_t dataset, const std::string& value) {
  Handle type = utf8_string_type();
  const char* text = value.c_str();
  write_all_raw(dataset, type.get(), &text);
}

void write_rows_raw(hid_t dataset, hsize_t first_row, hsize_t rows, hid_t memory_type, const void* data) {
  // Called once per dataset and report interval: name the dataset only when something fails.
  const auto failed = [dataset](const char* action) { fail_at(io::kExitIoErr, action, dataset); };
  Handle file_space(H5Dget_space(dataset), H5Sclose);
  if (!file_space) failed("reading the shape of");
  const int rank = H5Sget_simple_extent_ndims(file_space.get());
  std::vector<hsize_t> extent(rank > 0 ? static_cast<std::size_t>(rank) : 0);
  if (rank < 1 || H5Sget_simple_extent_dims(file_space.get(), extent.data(), nullptr) < 0) {
    failed("reading the shape of");
  }
  std::vector<hsize_t> start(extent.size(), 0);
  start[0] = first_row;
  std::vector<hsize_t> count = extent;
  count[0] = rows;
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0) {
    failed("selecting a row of");
  }
  Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose);
  if (!memory_space) failed("creating a row dataspace for");
  if (H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, data) < 0) {
    failed("writing a row of");
  }
}

void make_scale(hid_t dataset, const char* name) {
  check(H5DSset_scale(dataset, name), "making a dimension scale of", dataset);
}

void attach_scale(hid_t dataset, hid_t scale, unsigned axis) {
  check(H5DSattach_scale(dataset, scale, axis), "attaching a dimension scale to", dataset);
}

void hard_link(hid_t file, const std::string& existing, const std::string& new_path) {
  check(H5Lcreate_hard(file, existing.c_str(), file, new_path.c_str(), H5P_DEFAULT, H5P_DEFAULT), "linking",
        new_path + " to " + existing);
}

}  // namespace civicsim::io::h5
