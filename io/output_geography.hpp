// /geography of a run's file (MODEL.md §10, schema 2; docs/output.md): the districts with their
// position, size and people, and the halls with their positions, so that maps and joins need no
// parsing of /scenario/resolved.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <vector>

#include "io/h5_scales.hpp"
#include "sim/params.hpp"

namespace civicsim::io {

/// What /geography describes, in /dims/district order. Empty `districts`: no /geography.
struct GeographyLayout {
  std::vector<District> districts;          // the scenario's districts
  std::vector<double> share_60_plus;        // [D] the share of residents aged 60+ the run used
  std::vector<std::int64_t> agents;         // [D] citizen agents of each district
  std::vector<std::int32_t> hall_district;  // [H] the district of each hall
  std::vector<double> hall_x_m, hall_y_m;   // [H] metres east and north of the district's centre
};

/// Latitude and longitude of a point `x_m` east and `y_m` north of (lat, lon), on a sphere of the
/// WGS 84 equatorial radius (a local tangent plane: good to metres over a district).
void offset_position(double lat, double lon, double x_m, double y_m, double& out_lat, double& out_lon);

/// Creates /geography/districts (every dataset along `district`: /dims/district hard-linked in)
/// and /geography/halls (along `hall`, a scale in /dims hard-linked in) from `g`; the scales learn
/// of their datasets in `links`.
void write_geography_group(hid_t file, hid_t district_scale, const GeographyLayout& g, h5::ScaleLinks& links);

/// Why `g` does not fit `districts` districts ("" when it does).
std::string geography_problem(const GeographyLayout& g, std::size_t districts);

}  // namespace civicsim::io
