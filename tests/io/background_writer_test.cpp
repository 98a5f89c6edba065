// The background writer of `civicsim run` (io/background_writer.hpp): every record reaches its
// row even when the queue is full and the caller has to wait, and a write that fails on the
// writer thread stops the run with that error, on real files.
#include "io/background_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include "tests/common/h5_check.hpp"
#include "tests/io/output_fixture.hpp"

namespace civicsim::test {
namespace {

TEST_F(OutputFileTest, BackgroundWriterPutsEveryRecordInItsRow) {
  io::OutputFile out(path("out.h5"), false, small_layout(), run_info());
  cli::Progress progress(kDays, false);
  double waited = 0;
  {
    // A queue of 3: the caller waits for the writer again and again.
    cli::BackgroundWriter writer(out, progress, waited, nullptr, 3);
    for (int day = 0; day < kDays; ++day) {
      for (int h = 0; h < 24; ++h) writer.on_interval(day * 24 + h, interval_record(day * 24 + h));
      writer.on_day(day, day_record(day));
    }
    writer.close();
  }
  EXPECT_GE(waited, 0.0);
  out.finish({}, 1.0);

  ReadFile file(path("out.h5"));
  const auto arrivals = read_dataset<std::int64_t>(file.id(), "/series/arrivals");
  ASSERT_EQ(arrivals.size(), static_cast<std::size_t>(kIntervals) * kD * kCells);
  for (int t = 0; t < kIntervals; ++t)
    for (std::size_t cell = 0; cell < kD * kCells; ++cell)
      ASSERT_EQ(arrivals[t * kD * kCells + cell], series_value(t, kArrivals, cell)) << "interval " << t;
  const auto staff = read_dataset<std::int64_t>(file.id(), "/daily/staff");
  for (int day = 0; day < kDays; ++day)
    for (std::size_t cell = 0; cell < kD * kChannels; ++cell)
      ASSERT_EQ(staff[day * kD * kChannels + cell], staff_value(day, cell)) << "day " << day;
}

TEST_F(OutputFileTest, MostlyZeroRecordsReachTheirRowsWithNothingLeftOverFromTheLast) {
  // Records with a few nonzero values are handed over by those values alone and made whole again
  // on the writer thread, in memory it reuses: a value of one interval must not show in the next.
  const auto sparse = [](int t) {
    IntervalRecord r;
    r.series.assign(kSeriesMetrics * kD * kCells, 0);
    r.servers_on_duty.assign(kD * kChannels, 0);
    r.series[(t * 37) % r.series.size()] = t + 1;
    r.series[(t * 11 + 5) % r.series.size()] = -(t + 2);
    if (t % 3 == 0) r.servers_on_duty[t % r.servers_on_duty.size()] = 100 + t;
    return r;
  };
  io::OutputFile out(path("out.h5"), false, small_layout(), run_info());
  cli::Progress progress(kDays, false);
  double waited = 0;
  {
    cli::BackgroundWriter writer(out, progress, waited, nullptr, 4);
    for (int day = 0; day < kDays; ++day) {
      for (int h = 0; h < 24; ++h) {
        const int t = day * 24 + h;
        // Every fifth record dense: the two kinds of hand-over interleave.
        writer.on_interval(t, t % 5 == 4 ? interval_record(t) : sparse(t));
      }
      writer.on_day(day, day_record(day));
    }
    writer.close();
  }
  out.finish({}, 1.0);
  ReadFile file(path("out.h5"));
  const std::size_t cell = kD * kCells;
  std::vector<std::vector<std::int64_t>> series(kSeriesMetrics);
  for (int m = 0; m < kSeriesMetrics; ++m) {
    series[m] = read_dataset<std::int64_t>(file.id(), std::string("/series/") + kSeriesMetricNames[m]);
  }
  const auto servers = read_dataset<std::int64_t>(file.id(), "/series/servers_on_duty");
  for (int t = 0; t < kIntervals; ++t) {
    const IntervalRecord expected = t % 5 == 4 ? interval_record(t) : sparse(t);
    for (int m = 0; m < kSeriesMetrics; ++m) {
      for (std::size_t c = 0; c < cell; ++c) {
        ASSERT_EQ(series[m][t * cell + c], expected.series[m * cell + c]) << "interval " << t << " metric " << m;
      }
    }
    for (std::size_t c = 0; c < kD * kChannels; ++c) {
      ASSERT_EQ(servers[t * kD * kChannels + c], expected.servers_on_duty[c]) << "interval " << t;
    }
  }
}

TEST_F(OutputFileTest, AWriteThatFailsOnTheWriterThreadReachesTheCaller) {
  io::OutputFile out(path("out.h5"), false, small_layout(), run_info());
  cli::Progress progress(kDays, false);
  double waited = 0;
  cli::BackgroundWriter writer(out, progress, waited, nullptr, 2);
  bool thrown = false;
  try {
    writer.on_interval(kIntervals + 5, interval_record(0));  // no such row: the writer fails
    for (int t = 0; t < 1000; ++t) writer.on_interval(t % kIntervals, interval_record(t % kIntervals));
    writer.close();
  } catch (const io::OutputError& e) {
    thrown = true;
    EXPECT_NE(std::string(e.what()).find("outside"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(thrown);
}

}  // namespace
}  // namespace civicsim::test
