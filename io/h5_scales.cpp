#include "io/h5_scales.hpp"

#include <cstddef>
#include <string>

#include "io/h5_handle.hpp"

namespace civicsim::io::h5 {

namespace {

hobj_ref_t reference_to(hid_t object) {
  hobj_ref_t reference{};
  check(H5Rcreate(&reference, object, ".", H5R_OBJECT, -1), "referring to", object);
  return reference;
}

}  // namespace

void ScaleLinks::attach(hid_t dataset, const std::vector<hid_t>& scales) {
  Handle shape(H5Dget_space(dataset), H5Sclose);
  if (!shape || H5Sget_simple_extent_ndims(shape.get()) != static_cast<int>(scales.size())) {
    fail_at(io::kExitIoErr, "attaching dimension scales to (one per axis)", dataset);
  }
  const hobj_ref_t self = reference_to(dataset);
  std::vector<hobj_ref_t> axes;
  for (const hid_t scale : scales) axes.push_back(reference_to(scale));
  std::vector<hvl_t> list;  // one reference per axis
  for (hobj_ref_t& axis : axes) list.push_back(hvl_t{1, &axis});
  Handle type = own(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose, "creating the DIMENSION_LIST type of", path_of(dataset));
  const hsize_t rank = list.size();
  Handle space = own(H5Screate_simple(1, &rank, nullptr), H5Sclose, "creating the DIMENSION_LIST of", path_of(dataset));
  Handle attribute(H5Acreate2(dataset, "DIMENSION_LIST", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attribute || H5Awrite(attribute.get(), type.get(), list.data()) < 0) {
    fail_at(io::kExitIoErr, "writing the DIMENSION_LIST of", dataset);
  }
  for (std::size_t axis = 0; axis < axes.size(); ++axis) {
    Scale& scale = scales_[axes[axis]];
    scale.datasets.push_back(BackReference{self, static_cast<int>(axis)});
    scale.changed = true;
  }
}

void ScaleLinks::write_references(hid_t file) {
  Handle type = own(H5Tcreate(H5T_COMPOUND, sizeof(BackReference)), H5Tclose, "creating", "the REFERENCE_LIST type");
  check(H5Tinsert(type.get(), "dataset", offsetof(BackReference, dataset), H5T_STD_REF_OBJ), "creating",
        "the REFERENCE_LIST type");
  check(H5Tinsert(type.get(), "dimension", offsetof(BackReference, axis), H5T_NATIVE_INT), "creating",
        "the REFERENCE_LIST type");
  for (auto& [reference, scale] : scales_) {
    if (!scale.changed) continue;
    Handle object =
        own(H5Rdereference2(file, H5P_DEFAULT, H5R_OBJECT, &reference), H5Oclose, "opening", "a dimension scale");
    const htri_t exists = H5Aexists(object.get(), "REFERENCE_LIST");
    if (exists < 0 || (exists > 0 && H5Adelete(object.get(), "REFERENCE_LIST") < 0)) {
      fail_at(io::kExitIoErr, "replacing the REFERENCE_LIST of", object.get());
    }
    const hsize_t n = scale.datasets.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Handle attribute(space
                         ? H5Acreate2(object.get(), "REFERENCE_LIST", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT)
                         : H5I_INVALID_HID,
                     H5Aclose);
    if (!attribute || H5Awrite(attribute.get(), type.get(), scale.datasets.data()) < 0) {
      fail_at(io::kExitIoErr, "writing the REFERENCE_LIST of", object.get());
    }
    scale.changed = false;
  }
}

}  // namespace civicsim::io::h5
