// Cross-region dispatch groups (issue 17): which digital-human pools run together through each
// window (kernels/dispatch.hpp), rebuilt with the policies whenever an intervention starts or ends.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/params.hpp"

namespace civicsim {

struct World;

/// One active dispatch: the borrowing districts, the lending districts (none of them borrowers),
/// and the lenders' sessions the borrowers may use at once.
struct DispatchGroupSpec {
  std::vector<int> borrowers, lenders;
  std::int64_t cap = 0;
};

/// Lent sessions usable at once for a compute_capacity dispatch over n borrowing districts:
/// dispatch_instances × sessions_per_instance per district, rounded as real headcounts, summed.
std::int64_t dispatch_cap(const Intervention& iv, std::size_t n_borrowers);

/// Writes the groups into world.policy (dispatch_lead, _next, _role, _cap). Two groups that share
/// a district are refused (std::invalid_argument naming the district): a pool is in one group.
void write_dispatch_groups(const std::vector<DispatchGroupSpec>& groups, World& world);

}  // namespace civicsim
