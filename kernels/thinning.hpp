// Rare daily events drawn by thinning (MODEL.md §7): the block draws that new needs
// (kernels/demand.hpp) and adoption (kernels/adoption.hpp) share.
#pragma once

#include "kernels/rng.hpp"

namespace civicsim {

// --- Daily draws by thinning (MODEL.md §7) ---------------------------------------------------------
// Each day's new needs and adoptions are rare events (about one citizen in a hundred has a new need
// on a given day). Instead of a random draw per citizen, the population is cut into blocks of
// kDrawBlock citizens; each block draws a Poisson number of candidates at the highest rate any of
// its citizens has, each candidate lands on a uniformly chosen citizen of the block and is kept
// with probability (that citizen's rate / the highest rate). This is exact thinning of Poisson
// processes: every citizen gets a Poisson number of needs with their own mean, independently,
// and adopts with probability 1 - exp(-hazard), as with a draw per citizen; but the work is
// proportional to the events, not to the population.
constexpr std::uint64_t kDrawBlock = 1024;

CIVICSIM_INLINE std::uint64_t draw_blocks(std::uint64_t citizens) { return (citizens + kDrawBlock - 1) / kDrawBlock; }
CIVICSIM_INLINE std::uint32_t block_size(std::uint64_t citizens, std::uint64_t block) {
  const std::uint64_t left = citizens - block * kDrawBlock;
  return static_cast<std::uint32_t>(left < kDrawBlock ? left : kDrawBlock);
}

/// A Poisson variate of any mean for (block, purpose, day): the sum of Poisson parts of mean at
/// most 16, each by inversion from its own uniform.
CIVICSIM_INLINE std::uint32_t block_poisson(std::uint64_t seed, std::uint64_t block, Purpose purpose, std::uint32_t day,
                                            double mean) {
  std::uint32_t total = 0;
  for (std::uint32_t j = 0; mean > 0.0; ++j) {
    const Random4 r = philox(seed, static_cast<std::uint32_t>(block), j, purpose, day);
    for (int h = 0; h < 2 && mean > 0.0; ++h) {
      const double part = mean < 16.0 ? mean : 16.0;
      total += poisson(part, u01(r.v[2 * h], r.v[2 * h + 1]));
      mean -= part;
    }
  }
  return total;
}

/// Candidate k of a block: the citizen it lands on and the four random words it carries (word 0
/// placed it).
struct Candidate {
  std::uint64_t citizen;
  Random4 r;
};
CIVICSIM_INLINE Candidate block_candidate(std::uint64_t seed, std::uint64_t block, std::uint32_t size, std::uint32_t k,
                                          Purpose purpose, std::uint32_t day) {
  Candidate c;
  c.r = philox(seed, static_cast<std::uint32_t>(block), k, purpose, day);
  c.citizen = block * kDrawBlock + ((static_cast<std::uint64_t>(c.r.v[0]) * size) >> 32);
  return c;
}

/// A uniform in (0, 1] from one 32-bit word.
CIVICSIM_INLINE double u01_32(std::uint32_t w) { return (static_cast<double>(w) + 1.0) * (1.0 / 4294967296.0); }

}  // namespace civicsim
