#include "sim/dispatch_groups.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "kernels/dispatch.hpp"
#include "sim/world.hpp"

namespace civicsim {

std::int64_t dispatch_cap(const Intervention& iv, std::size_t n_borrowers) {
  std::int64_t cap = 0;
  for (std::size_t j = 0; j < n_borrowers; ++j)
    cap += std::max<std::int64_t>(0, headcount_share(iv.dispatch_instances * iv.sessions_per_instance, n_borrowers, j));
  return cap;
}

void write_dispatch_groups(const std::vector<DispatchGroupSpec>& groups, World& world) {
  const std::size_t n = static_cast<std::size_t>(world.queues.n);
  HostVector<std::int32_t> lead(n, -1), next(n, -1), cap(n, 0);
  HostVector<std::uint8_t> role(n, kDispatchNone);
  for (const DispatchGroupSpec& g : groups) {
    std::int32_t first = -1, last = -1;
    const auto add = [&](int d, std::uint8_t r) {
      const std::int32_t q = world.queues.dh_begin + d;
      if (role[q] != kDispatchNone)
        throw std::invalid_argument("district '" + world.params.districts[static_cast<std::size_t>(d)].name +
                                    "' is in two cross-region dispatches active at once (compute_capacity with "
                                    "dispatch: true); a district may borrow or lend in only one at a time");
      role[q] = r;
      if (first < 0) {
        first = q;
      } else {
        next[last] = q;
      }
      last = q;
    };
    for (int d : g.borrowers) add(d, kDispatchBorrower);
    for (int d : g.lenders) add(d, kDispatchLender);
    if (first < 0) continue;
    for (std::int32_t q = first; q >= 0; q = next[q]) lead[q] = first;
    cap[first] = static_cast<std::int32_t>(std::min<std::int64_t>(g.cap, std::numeric_limits<std::int32_t>::max()));
  }
  PolicyArrays& P = world.policy;
  P.dispatch_lead = lead;
  P.dispatch_next = next;
  P.dispatch_role = role;
  P.dispatch_cap = cap;
}

}  // namespace civicsim
