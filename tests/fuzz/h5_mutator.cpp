#include "tests/fuzz/h5_mutator.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace civicsim::fuzz {
namespace {

using Rng = std::mt19937;

/// Paths the readers look for (docs/output.md, docs/sweeps.md): a mutation may put anything there.
const char* const kPaths[] = {"/dims/time_seconds",
                              "/dims/day",
                              "/dims/district",
                              "/dims/group",
                              "/dims/channel",
                              "/series/served",
                              "/series/wait_seconds_sum",
                              "/series/arrivals",
                              "/daily/population",
                              "/daily/adoption",
                              "/summary/arrivals",
                              "/summary/needs",
                              "/summary/budget",
                              "/summary/wait_mean_seconds",
                              "/summary/resolution_rate",
                              "/scenario/resolved",
                              "/geography/districts/lon",
                              "/geography/districts/agents",
                              "/geography/districts/kind",
                              "/geography/halls/district",
                              "/summary/district/wait_mean_seconds",
                              "/summary/district/arrivals",
                              "/scenario/yaml",
                              "/interventions/name",
                              "/arms/name",
                              "/grid/point",
                              "/grid/key",
                              "/table/run_id",
                              "/table/arm",
                              "/table/grid_point",
                              "/table/replicate",
                              "/table/status",
                              "/table/figure",
                              "/table/units",
                              "/table/values",
                              "/summary/extra"};
const char* const kAttributes[] = {"status",
                                   "scenario_name",
                                   "sweep_run",
                                   "sweep_arm",
                                   "sweep_parameters",
                                   "sweep_replicate",
                                   "population_scale",
                                   "agents",
                                   "baseline_arm",
                                   "window",
                                   "CLASS",
                                   "seed",
                                   "units",
                                   "schema_version"};
const char* const kTexts[] = {"complete", "running", "",        "baseline", "arm-r0", "baseline-r0", "DIMENSION_SCALE",
                              "done",     "failed",  "a=1;b=2", "..",       "/",      "x/../../y"};

std::size_t pick(Rng& rng, std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }

/// A file image opened read-write with the core driver (nothing on disk), or a new empty one.
hid_t open_image(const std::uint8_t* data, std::size_t size) {
  static const unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(fapl, 64 * 1024, /*backing_store=*/0);
  hid_t file = H5I_INVALID_HID;
  if (size >= sizeof kSignature && std::memcmp(data, kSignature, sizeof kSignature) == 0) {
    H5Pset_file_image(fapl, const_cast<std::uint8_t*>(data), size);
    file = H5Fopen("mutate.h5", H5F_ACC_RDWR, fapl);
    H5Pset_file_image(fapl, nullptr, 0);
  }
  if (file < 0) file = H5Fcreate("scratch.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  return file;
}

herr_t collect_link(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* paths) {
  static_cast<std::vector<std::string>*>(paths)->push_back(std::string("/") + name);
  return 0;
}

std::vector<std::string> all_links(hid_t file) {
  std::vector<std::string> paths;
  H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, collect_link, &paths);
  return paths;
}

H5I_type_t kind_of(hid_t file, const std::string& path) {
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) return H5I_BADID;
  hid_t object = H5Oopen(file, path.c_str(), H5P_DEFAULT);
  if (object < 0) return H5I_BADID;
  const H5I_type_t type = H5Iget_type(object);
  H5Oclose(object);
  return type;
}

/// An existing link (when there is one and the coin says so) or one of kPaths.
std::string some_path(Rng& rng, const std::vector<std::string>& links) {
  if (!links.empty() && pick(rng, 3) != 0) return links[pick(rng, links.size())];
  return kPaths[pick(rng, std::size(kPaths))];
}

hsize_t some_extent(Rng& rng) {
  static const hsize_t kSmall[] = {0, 1, 2, 3, 4, 5, 16, 24, 48};
  static const hsize_t kHuge[] = {hsize_t{1} << 31, hsize_t{1} << 40, hsize_t{1} << 58, hsize_t{1} << 60,
                                  std::numeric_limits<hsize_t>::max() / 2};
  if (pick(rng, 10) == 0) return kHuge[pick(rng, std::size(kHuge))];
  return pick(rng, 2) ? kSmall[pick(rng, std::size(kSmall))] : pick(rng, 64);
}

/// A type a reader may meet: integers, floats, strings (fixed and variable), a compound, an enum.
hid_t some_type(Rng& rng) {
  switch (pick(rng, 9)) {
    case 0:
      return H5Tcopy(H5T_STD_I64LE);
    case 1:
      return H5Tcopy(H5T_STD_I32LE);
    case 2:
      return H5Tcopy(H5T_STD_U64LE);
    case 3:
      return H5Tcopy(H5T_IEEE_F64LE);
    case 4:
      return H5Tcopy(H5T_IEEE_F32LE);
    case 5: {
      hid_t t = H5Tcopy(H5T_C_S1);
      H5Tset_size(t, 1 + pick(rng, 64));
      return t;
    }
    case 6: {
      hid_t t = H5Tcopy(H5T_C_S1);
      H5Tset_size(t, H5T_VARIABLE);
      H5Tset_cset(t, H5T_CSET_UTF8);
      return t;
    }
    case 7: {
      hid_t t = H5Tcreate(H5T_COMPOUND, 16);
      H5Tinsert(t, "name", 0, H5T_STD_I64LE);
      H5Tinsert(t, "value", 8, H5T_IEEE_F64LE);
      return t;
    }
    default: {
      hid_t t = H5Tenum_create(H5T_STD_I8LE);
      for (signed char v = 0; v < 3; ++v) H5Tenum_insert(t, kTexts[v], &v);
      return t;
    }
  }
}

/// Values for a small dataset or attribute of `type`: extremes and ordinary numbers, texts.
std::vector<unsigned char> some_values(Rng& rng, hid_t type, std::size_t count, std::vector<const char*>* texts) {
  const std::size_t element = H5Tget_size(type);
  std::vector<unsigned char> bytes(count * element);
  if (count == 0) return bytes;
  if (H5Tis_variable_str(type) > 0) {
    texts->resize(count);
    for (auto& t : *texts) t = kTexts[pick(rng, std::size(kTexts))];
    std::memcpy(bytes.data(), texts->data(), bytes.size());
    return bytes;
  }
  static const std::int64_t kInts[] = {0,
                                       1,
                                       -1,
                                       4,
                                       3600,
                                       86400,
                                       86400LL * 30000000,
                                       std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<std::int64_t>::min()};
  for (std::size_t i = 0; i < count; ++i) {
    unsigned char* p = bytes.data() + i * element;
    if (H5Tget_class(type) == H5T_FLOAT && element == 8) {
      const double v =
          pick(rng, 4) == 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(kInts[pick(rng, 6)]);
      std::memcpy(p, &v, 8);
    } else if (H5Tget_class(type) == H5T_STRING) {
      const char* text = kTexts[pick(rng, std::size(kTexts))];
      std::strncpy(reinterpret_cast<char*>(p), text, element);
    } else if (H5Tget_class(type) == H5T_ENUM) {
      *p = static_cast<unsigned char>(pick(rng, 3));
    } else {
      const std::int64_t v = kInts[pick(rng, std::size(kInts))];
      std::memcpy(p, &v, std::min<std::size_t>(element, 8));
    }
  }
  return bytes;
}

hid_t link_plist() {
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  return lcpl;
}

/// Replaces (or creates) a dataset: small ones get values, the others are chunked and unwritten.
void replace_dataset(Rng& rng, hid_t file, const std::string& path) {
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0) H5Ldelete(file, path.c_str(), H5P_DEFAULT);
  const int rank = static_cast<int>(pick(rng, 5));
  std::vector<hsize_t> dims(rank);
  for (hsize_t& d : dims) d = some_extent(rng);
  double elements = 1;
  for (hsize_t d : dims) elements *= static_cast<double>(d);
  hid_t type = some_type(rng);
  hid_t space = H5Screate_simple(rank, dims.data(), nullptr);
  if (rank == 0) space = (H5Sclose(space), H5Screate(H5S_SCALAR));
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  const bool small = elements <= 4096;
  if (!small) {
    const std::vector<hsize_t> chunk(rank, 1);
    const std::vector<hsize_t> unlimited(rank, H5S_UNLIMITED);
    H5Sset_extent_simple(space, rank, dims.data(), unlimited.data());
    H5Pset_chunk(dcpl, rank, chunk.data());
  }
  hid_t lcpl = link_plist();
  hid_t dataset = H5Dcreate2(file, path.c_str(), type, space, lcpl, dcpl, H5P_DEFAULT);
  if (dataset >= 0 && small && elements > 0) {
    std::vector<const char*> texts;
    const auto values = some_values(rng, type, static_cast<std::size_t>(elements), &texts);
    H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  }
  if (dataset >= 0) H5Dclose(dataset);
  H5Pclose(lcpl);
  H5Pclose(dcpl);
  H5Sclose(space);
  H5Tclose(type);
}

/// Replaces (or adds) an attribute of the root or of another object: one value or several.
void replace_attribute(Rng& rng, hid_t file, const std::string& path) {
  const std::string object = pick(rng, 3) == 0 ? path : "/";
  if (kind_of(file, object) == H5I_BADID) return;
  const char* name = kAttributes[pick(rng, std::size(kAttributes))];
  if (H5Aexists_by_name(file, object.c_str(), name, H5P_DEFAULT) > 0)
    H5Adelete_by_name(file, object.c_str(), name, H5P_DEFAULT);
  if (pick(rng, 4) == 0) return;  // deleted
  hid_t type = some_type(rng);
  const hsize_t count = pick(rng, 4) == 0 ? pick(rng, 5) : 1;
  hid_t space = count == 1 && pick(rng, 2) ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &count, nullptr);
  hid_t attr = H5Acreate_by_name(file, object.c_str(), name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (attr >= 0) {
    std::vector<const char*> texts;
    const auto values = some_values(rng, type, count, &texts);
    if (count > 0) H5Awrite(attr, type, values.data());
    H5Aclose(attr);
  }
  H5Sclose(space);
  H5Tclose(type);
}

/// Many links in one group: /summary with thousands of members.
void crowd_group(Rng& rng, hid_t file, const std::vector<std::string>& links) {
  if (links.empty()) return;
  const std::string target = links[pick(rng, links.size())];
  const std::string group = pick(rng, 2) ? std::string("/summary") : target.substr(0, target.rfind('/'));
  if (kind_of(file, group.empty() ? "/" : group) != H5I_GROUP) return;
  const std::size_t count = 1 + pick(rng, 3000);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = group + "/crowd" + std::to_string(i);
    H5Lcreate_hard(file, target.c_str(), file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  }
}

/// A link where a reader expects something else: a hard link to another object (a group for a
/// dataset, say), or a soft link that dangles or loops.
void relink(Rng& rng, hid_t file, const std::string& path, const std::vector<std::string>& links) {
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0) H5Ldelete(file, path.c_str(), H5P_DEFAULT);
  hid_t lcpl = link_plist();
  if (!links.empty() && pick(rng, 2)) {
    H5Lcreate_hard(file, links[pick(rng, links.size())].c_str(), file, path.c_str(), lcpl, H5P_DEFAULT);
  } else {
    H5Lcreate_soft(pick(rng, 2) ? path.c_str() : "/nowhere", file, path.c_str(), lcpl, H5P_DEFAULT);
  }
  H5Pclose(lcpl);
}

void mutate_once(Rng& rng, hid_t file) {
  const std::vector<std::string> links = all_links(file);
  const std::string path = some_path(rng, links);
  switch (pick(rng, 10)) {
    case 0:
    case 1:
    case 2:
    case 3:
      replace_dataset(rng, file, path);
      break;
    case 4:
    case 5:
    case 6:
      replace_attribute(rng, file, path);
      break;
    case 7:
      if (!links.empty()) H5Ldelete(file, path.c_str(), H5P_DEFAULT);
      break;
    case 8:
      relink(rng, file, path, links);
      break;
    default:
      crowd_group(rng, file, links);
      break;
  }
}

}  // namespace

std::size_t mutate_h5(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Rng rng(seed);
  const hid_t file = open_image(data, size);
  if (file < 0) return size;
  const std::size_t mutations = 1 + pick(rng, 3);
  for (std::size_t i = 0; i < mutations; ++i) mutate_once(rng, file);
  H5Fflush(file, H5F_SCOPE_GLOBAL);
  const ssize_t bytes = H5Fget_file_image(file, nullptr, 0);
  std::size_t result = size;
  if (bytes > 0 && static_cast<std::size_t>(bytes) <= max_size &&
      H5Fget_file_image(file, data, static_cast<std::size_t>(bytes)) == bytes) {
    result = static_cast<std::size_t>(bytes);
  }
  H5Fclose(file);
  return result;
}

}  // namespace civicsim::fuzz
