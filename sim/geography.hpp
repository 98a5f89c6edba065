// Synthetic geographies for studies of any size (MODEL.md §2).
#pragma once

#include <vector>

#include "sim/params.hpp"

namespace civicsim {

/// A city of three concentric rings around (lat, lon): a dense urban core (radius 0.15 R), a
/// suburban ring (to 0.45 R) and rural outskirts (to R = radius_km). Each ring's population share
/// and area are split evenly between its districts; districts sit on a circle in the middle of their
/// ring. Residents are whole numbers and add up to the city's population (rounded). A ring with no
/// districts gets no one: the scenario reader rejects a positive share for it.
std::vector<District> generate_ring_city(const RingCity& city);

}  // namespace civicsim
