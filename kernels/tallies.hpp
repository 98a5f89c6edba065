// The daily tallies of the population (MODEL.md §7): per district and group, how many citizens,
// adopters, with internet access, and their trust and satisfaction, as exact integer sums.
#pragma once

#include "kernels/views.hpp"

namespace civicsim {

/// Daily tables [district][group]: integer sums, so they are exact on any thread count.
enum DailyTable : int {
  kTablePopulation = 0,
  kTableAdopted,
  kTableInternet,
  kTableTrustSum,         // of trust × 65535
  kTableSatisfactionSum,  // of mean satisfaction × 65535, over citizens with a finished need
  kTableSatisfied,        // citizens with at least one finished need
  kDailyTables
};

/// The daily tables are summed in two steps, without atomics. Citizens are stored by district and
/// group, so each chunk of citizens lies inside one (district, group) segment: it writes its
/// partial sums (five branch-free running sums, which compilers vectorise), then each cell adds its
/// chunks'. On the GPU a chunk has kTableLanes interleaved lanes, so that neighbouring threads read
/// neighbouring citizens. A lane sums at most kTableLaneCitizens citizens, so 32-bit partials
/// cannot overflow.
#if defined(CIVICSIM_BACKEND_CUDA)
constexpr std::uint32_t kTableLanes = 32;
#else
constexpr std::uint32_t kTableLanes = 1;
#endif
constexpr std::uint64_t kTableLaneCitizens = 4096;
constexpr std::uint64_t kTableChunk = kTableLanes * kTableLaneCitizens;
/// Bytes the daily pass reads per citizen (flags 1, trust 2, satisfaction 2 and its count 2); it
/// writes none. Its other work (thinned draws, staff) is proportional to events and servers.
constexpr int kDailyPassBytesPerCitizen = 7;

struct CountDaily {
  CitizenView cv;
  const std::uint64_t* chunk_begin;  // first citizen of each chunk; chunk c ends at chunk_end[c]
  const std::uint64_t* chunk_end;
  std::uint32_t* partial;  // [chunk][lane][table]

  CIVICSIM_HD void operator()(std::size_t item) const {
    const std::size_t chunk = item / kTableLanes;
    const std::uint32_t lane = static_cast<std::uint32_t>(item % kTableLanes);
    std::uint32_t population = 0, adopted = 0, internet = 0, trust = 0, satisfaction = 0, satisfied = 0;
    const std::uint64_t end = chunk_end[chunk];
    for (std::uint64_t i = chunk_begin[chunk] + lane; i < end; i += kTableLanes) {
      const std::uint32_t f = cv.flags[i];
      const std::uint32_t has_need_met = cv.satisfied_n[i] != 0 ? 1u : 0u;
      population += 1;
      adopted += (f / kCitizenAdopted) & 1u;
      internet += (f / kCitizenInternet) & 1u;
      trust += cv.trust[i];
      satisfied += has_need_met;
      satisfaction += cv.satisfaction[i] & (0u - has_need_met);
    }
    std::uint32_t* out = partial + item * kDailyTables;
    out[kTablePopulation] = population;
    out[kTableAdopted] = adopted;
    out[kTableInternet] = internet;
    out[kTableTrustSum] = trust;
    out[kTableSatisfactionSum] = satisfaction;
    out[kTableSatisfied] = satisfied;
  }
};

/// Adds the partial sums of each (district, group) segment's chunks: one call per
/// (table, segment).
struct SumDailyTables {
  const std::uint32_t* partial;
  const std::int64_t* segment_chunk_begin;  // chunks of segment s: [begin[s], begin[s+1])
  std::uint64_t* tables;                    // [table][district][group] = [table][segment]
  std::int64_t segments;
  CIVICSIM_HD void operator()(std::size_t cell) const {
    const std::int64_t segment = static_cast<std::int64_t>(cell) % segments;
    const int table = static_cast<int>(static_cast<std::int64_t>(cell) / segments);
    std::uint64_t total = 0;
    for (std::int64_t c = segment_chunk_begin[segment]; c < segment_chunk_begin[segment + 1]; ++c)
      for (std::uint32_t lane = 0; lane < kTableLanes; ++lane)
        total += partial[(static_cast<std::uint64_t>(c) * kTableLanes + lane) * kDailyTables + table];
    tables[cell] = total;
  }
};

}  // namespace civicsim
