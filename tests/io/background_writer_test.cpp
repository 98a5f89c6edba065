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
