// Dimension scales attached in bulk, in the layout of HDF5's H5DSattach_scale (what h5py,
// netCDF-4 and xarray read): each dataset's DIMENSION_LIST names its axes' scales, and each scale's
// REFERENCE_LIST names the (dataset, axis) pairs attached to it. H5DSattach_scale rewrites the
// scale's whole REFERENCE_LIST for every dataset attached (quadratic in the datasets along one
// dimension) and checks both objects each time: it was more than half of the output file's
// creation and close. Here a dataset's DIMENSION_LIST is written once with all its axes, and each
// scale's REFERENCE_LIST once per write_references().
// Internal to io/.
#pragma once

#include <hdf5.h>

#include <map>
#include <vector>

namespace civicsim::io::h5 {

class ScaleLinks {
 public:
  /// Attaches `scales[axis]` to each axis of `dataset` (as many scales as it has axes): writes
  /// its DIMENSION_LIST now; the scales learn of it at the next write_references().
  void attach(hid_t dataset, const std::vector<hid_t>& scales);
  /// Writes the REFERENCE_LIST of every scale (in `file`) that gained datasets since the last call:
  /// all the datasets attached to it so far. Call it before the file closes.
  void write_references(hid_t file);

 private:
  struct BackReference {  // an element of REFERENCE_LIST, as H5DS lays it out
    hobj_ref_t dataset;
    int axis;
  };
  struct Scale {
    std::vector<BackReference> datasets;
    bool changed = false;
  };
  std::map<hobj_ref_t, Scale> scales_;  // by the scale's reference (its address in the file)
};

}  // namespace civicsim::io::h5
