#include "sim/plan.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/tallies.hpp"
#include "kernels/thinning.hpp"
#include "kernels/request.hpp"
#include "kernels/views.hpp"
#include "sim/age_structure.hpp"
#include "sim/intervention_plan.hpp"
#include "sim/interventions.hpp"
#include "sim/world.hpp"
#include "sim/metrics.hpp"

namespace civicsim {
namespace {

// --- calibration constants (measured; see docs/performance.md, "The memory model") ---

/// Resident memory of the CPU binary before the world exists: code, yaml-cpp, HDF5, the OpenMP
/// runtime and its thread stacks, the scenario. Measured: peak RSS of `civicsim run` on a
/// 100-agent, 1-day ring city (cpu preset, 2 threads, commit 534303f): 20.0 MiB.
constexpr double kBaselineCpuBytes = 20.0 * 1048576;
/// The same for the CUDA build: the CUDA runtime and driver map far more host memory. Not yet
/// measured on a GPU machine (scripts/gpu-check reports the real figure): an assumption.
constexpr double kBaselineCudaBytes = 400.0 * 1048576;
/// Bytes of one server slot over every array that holds one (sim/world.hpp ServerArrays + the two
/// heaps of QueueArrays): skill 4, state 1, tenure 2, refill day 4, shift 1, busy_until 4,
/// in_service (a Request, 40), on_duty 1, queue 4, quit probability 8, remote 1, busy and idle
/// heap 4 + 4.
constexpr double kServerBytes = 4 + 1 + 2 + 4 + 1 + 4 + sizeof(Request) + 1 + 4 + 8 + 1 + 4 + 4;
/// Per queue: channel 1, district 4, server_begin 4, employed/on_duty 8, posted wait 4, hour sums
/// 12, ring base/cap/head/count (two rings) 2 × 20, busy_n/idle_n 8, burnout (busy and on-duty
/// seconds, utilisation, quit factor) 32; plus two waiting rings of 16 requests to start with.
constexpr double kQueueBytes = 1 + 4 + 4 + 8 + 4 + 12 + 40 + 8 + 32 + 2 * 16 * sizeof(Request);
/// Open needs in the pending list when the daily pass appends today's, in days of new needs. Most
/// of yesterday's needs have ended by midnight; the retries carried over are part of what the
/// allocator-slack term below was fitted to.
constexpr double kInFlightDays = 1;
// Share of the busiest day's needs still open at a midnight, when checkpoints are written (hall
// needs that come back the next day, retries): measured 0.14 on scenarios/default.yaml with every
// agent raising its residents' needs; 0.25 leaves room for busier halls.
constexpr double kOvernightDays = 0.25;
/// The pending list's peak relative to what it holds: growing it copies the old buffer into a new
/// one (both alive at once).
constexpr double kPendingCopies = 2;
/// Notes left by a need during a day (a digital contact's trust change, the end of the need). The
/// notes buffer keeps its capacity from day to day (clear() frees nothing), so it is alive during
/// the daily pass.
constexpr double kNotesPerRequest = 2;
/// HDF5 keeps a chunk cache of up to 1 MiB per open dataset; the writer has its chunked datasets
/// open (io/output.cpp), each chunk at most 1 MiB (h5_write.hpp row_chunks).
constexpr double kChunkTargetBytes = 64 * 1024, kChunkMaxBytes = 1024 * 1024;
/// Shuffle + deflate level 1 on the series and daily tables: compressed size / raw size. Counts
/// are small integers with many zeros, so this varies with the scenario: measured 0.024 on the
/// default scenario and 0.034 on a 1M-agent ring city (hourly, 16 districts, 28 days). plan's
/// output size is an estimate; output_max_bytes is a bound.
constexpr double kCompressionRatio = 0.03;
/// File metadata that does not grow with the tables: attributes, dimension scales, groups,
/// /summary, /interventions, /geography, the B-trees (fitted with the ratio above on 1- and 28-day
/// runs; /geography and /summary/district* added 62 KB at 3 and at 16 districts, 1-day runs).
constexpr double kOutputFixedBytes = 172 * 1024;
/// /geography and /summary/district: about this many bytes per district (the same fit).
constexpr double kGeographyBytesPerDistrict = 900;
/// /scenario/resolved lists every district: about this many bytes per district.
constexpr double kResolvedBytesPerDistrict = 160;

double chunk_bytes(double row_bytes, double rows) {
  if (row_bytes >= kChunkMaxBytes) return kChunkMaxBytes;
  return row_bytes * std::min(rows, std::max(1.0, std::floor(kChunkTargetBytes / row_bytes)));
}

/// Needs drawn on the busiest day of the run (the busiest day of the week, times the largest
/// demand surge over the districts' residents), and on an average day without surges. Agents raise
/// the needs of every resident they stand for, so the count is the real one at any scale.
void daily_requests(const Params& p, const std::vector<double>& residents_of, double& busiest, double& average) {
  double residents = 0;
  for (double a : residents_of) residents += a;
  double week_total = 0, weekday_total = 0, weekend_total = 0;
  for (int h = 0; h < 24; ++h) {
    weekday_total += p.profile_weekday[h];
    weekend_total += p.profile_weekend[h];
  }
  week_total = 5 * weekday_total + 2 * weekend_total;
  double elderly = 0;  // among the residents aged 15+ of the whole city (per-district age structure)
  for (std::size_t d = 0; d < residents_of.size(); ++d)
    elderly += residents > 0 ? residents_of[d] * elderly_agent_share(p, static_cast<int>(d)) / residents : 0.0;
  double per_year = 0;
  for (const RequestType& t : p.types)
    per_year += (1 - elderly) * t.rate_per_year[kAdult] + elderly * t.rate_per_year[kElderly];
  average = residents * per_year / 365.0;
  const double peak_factor = week_total > 0 ? 7.0 * std::max(weekday_total, weekend_total) / week_total : 1.0;
  // Surges: the largest agent-weighted demand factor on any day of the run.
  double surge = 1.0;
  if (!p.surges.empty() && residents > 0) {
    std::vector<std::vector<int>> selected;
    for (const DemandSurge& s : p.surges) selected.push_back(select_districts(p, s.districts));
    for (int day = 0; day < p.days; ++day) {
      std::vector<double> factor(residents_of.size(), 1.0);
      for (std::size_t i = 0; i < p.surges.size(); ++i) {
        const DemandSurge& s = p.surges[i];
        if (day < s.start_day || (s.end_day >= 0 && day >= s.end_day)) continue;
        for (int d : selected[i]) factor[static_cast<std::size_t>(d)] *= s.factor;
      }
      double weighted = 0;
      for (std::size_t d = 0; d < residents_of.size(); ++d) weighted += residents_of[d] * factor[d];
      surge = std::max(surge, weighted / residents);
    }
  }
  busiest = average * peak_factor * surge;
}

}  // namespace

ResourceEstimate estimate_resources(const Params& p, bool cuda_backend, bool periodic_checkpoints) {
  ResourceEstimate e;
  e.checkpoints_at_once = periodic_checkpoints ? 2 : 0;
  const int D = static_cast<int>(p.districts.size());
  e.districts = D;
  // The same sums as World's constructor (sim/world.cpp).
  std::vector<std::int32_t> hall_begin(static_cast<std::size_t>(D) + 1, 0);
  std::vector<double> residents_of(static_cast<std::size_t>(D), 0.0);  // aged 15+, real
  for (int d = 0; d < D; ++d) {
    const District& dist = p.districts[d];
    const std::uint64_t n = district_agents(p, d);
    e.agents += n;
    if (n > 0) residents_of[static_cast<std::size_t>(d)] = dist.population * p.share_15_plus;
    hall_begin[d + 1] = hall_begin[d] + p.centres[dist.kind];
  }
  e.halls = hall_begin[D];
  e.queues = e.halls + 1 + 2 * D;  // with the kiosk queues
  std::int64_t servers = 0;        // at their real headcounts, whatever the scale
  for (int d = 0; d < D; ++d) {
    const int halls = p.centres[p.districts[d].kind];
    for (int h = 0; h < halls; ++h)
      servers +=
          headcount_share(district_counter_staff(p, d), static_cast<std::size_t>(halls), static_cast<std::size_t>(h));
    servers += headcount_share(p.dh_instances * p.dh_sessions_per_instance, static_cast<std::size_t>(D),
                               static_cast<std::size_t>(d));
  }
  servers += headcount(p.hotline_operators);
  for (std::int64_t extra : intervention_slots(p, hall_begin)) servers += extra;
  e.service_agents = servers;
  e.intervals = static_cast<std::int64_t>(p.days) * (1440 / p.report_minutes);

  const double N = static_cast<double>(e.agents);
  double busiest = 0;
  daily_requests(p, residents_of, busiest, e.requests_per_day);
  e.requests_in_flight = kInFlightDays * busiest;

  // Output: every table uncompressed, then the expected compressed size.
  const double T = static_cast<double>(e.intervals), days = p.days;
  const double series_row = static_cast<double>(D) * kGroups * kChannels * 8;
  const double duty_row = static_cast<double>(D) * kChannels * 8;
  const double daily_row = static_cast<double>(D) * kGroups * 8;
  const double tables = T * (kSeriesMetrics * series_row + duty_row) + days * (6 * daily_row + duty_row);
  const double text = 2.0 * static_cast<double>(p.yaml_text.size()) + kResolvedBytesPerDistrict * D;
  const double dims = 8 * (T + days) + (32.0 + kGeographyBytesPerDistrict) * D;
  e.output_max_bytes = tables + text + dims + kOutputFixedBytes;
  e.output_bytes = kCompressionRatio * tables + text + dims + kOutputFixedBytes;

  // Memory. Everything persists from the first day on: citizens, the per-block and per-chunk
  // arrays of the daily pass (kernels/thinning.hpp, tallies.hpp), servers, queues, the pending list and the notes.
  const double citizens = N * kCitizenBytes;
  const double daily_pass = std::ceil(N / kDrawBlock) * (sizeof(std::uint32_t) + sizeof(std::uint64_t)) +
                            (std::ceil(N / kTableChunk) + 4.0 * D) *
                                (2 * sizeof(std::uint64_t) + kTableLanes * kDailyTables * sizeof(std::uint32_t));
  const double server_bytes = static_cast<double>(servers) * kServerBytes;
  const double queue_bytes = static_cast<double>(e.queues) * kQueueBytes;
  const double pending = e.requests_in_flight * sizeof(Request) * kPendingCopies;
  // The notes, and their copy in citizen order (Engine::sort_notes_by_citizen), which trade
  // places each day: both keep their capacity.
  const double notes = 2 * busiest * kNotesPerRequest * sizeof(Request);
  // The interval record travels as counters -> host copy -> IntervalRecord (3 copies) and waits
  // in the background writer's queue (at most 64 records or 8 MiB, and as much again in the batch
  // being written; io/background_writer.hpp); each table's rows gather in a buffer of one
  // chunk (io/output.cpp).
  const double record_bytes = kSeriesMetrics * series_row + 2 * duty_row;
  const double interval_record = 3.0 * record_bytes + 2.0 * std::min(64.0 * record_bytes, 8.0 * 1048576 + record_bytes);
  const double chunk_cache = kSeriesMetrics * chunk_bytes(series_row, T) + chunk_bytes(duty_row, T) +
                             6 * chunk_bytes(daily_row, days) + chunk_bytes(duty_row, days);

  auto& model = cuda_backend ? e.device_terms : e.host_terms;
  model.push_back({"citizens (" + std::to_string(kCitizenBytes) + " B each)", citizens});
  model.push_back({"daily pass: per-block draws and per-chunk table sums", daily_pass});
  model.push_back({"service agents (server slots)", server_bytes});
  model.push_back({"queues and their waiting rings", queue_bytes});
  model.push_back({"requests in flight (pending list while it grows)", pending});
  if (cuda_backend)  // Thrust's temporary storage, cached within a day: a partition copies its input
    model.push_back(
        {"temporary storage of the algorithms (cached within a day)", e.requests_in_flight * sizeof(Request)});
  model.push_back({"end-of-day notes and their copy in citizen order", notes});
  e.host_terms.push_back({cuda_backend ? "binary baseline (CUDA runtime; assumed)" : "binary baseline",
                          cuda_backend ? kBaselineCudaBytes : kBaselineCpuBytes});
  e.host_terms.push_back(
      {"output: interval records, the writer's queue, chunk buffers", interval_record + chunk_cache});
  for (const MemoryTerm& t : e.host_terms) e.host_peak_bytes += t.bytes;
  // A checkpoint, written at a midnight, holds the world's arrays and the needs open overnight
  // (no scratch copies, no notes: the day's were applied); the records log holds the output's
  // rows, deflated about as well as the output's chunks.
  // The run-wide wait histogram and the interval counters are fixed sizes (0.8 MB and D rows).
  const double accumulators =
      static_cast<double>(kChannels) * kGroups * kWaitBins * 8 + kSeriesMetrics * series_row + kDailyTables * daily_row;
  e.checkpoint_bytes =
      citizens + server_bytes + queue_bytes + kOvernightDays * busiest * sizeof(Request) + accumulators;
  e.records_log_bytes = kCompressionRatio * tables;
  for (const MemoryTerm& t : e.device_terms) e.device_bytes += t.bytes;
  return e;
}

}  // namespace civicsim
