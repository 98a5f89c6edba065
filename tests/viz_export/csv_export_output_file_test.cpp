// The CSV exporter on a file written by io::OutputFile itself (the real layout: dimension scales
// linked into /series and /daily, /interventions as columns), with the values of the io tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "io/h5_reader.hpp"
#include "tests/io/output_fixture.hpp"
#include "viz_export/csv_export.hpp"

namespace civicsim::test {
namespace {

std::vector<std::string> lines_of(const fs::path& path) {
  std::istringstream text(read_text(path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  return lines;
}

class CsvExportOfOutputFile : public OutputFileTest {
 protected:
  void SetUp() override {
    OutputFileTest::SetUp();
    io::OutputFile out(path("run.h5"), false, small_layout(), run_info());
    write_everything(out);
    out.finish(two_interventions(), 1.5);
    viz::export_csv(path("run.h5"), path("csv"));
  }
};

TEST_F(CsvExportOfOutputFile, RunCsvStatesTheScaleAndTheAgents) {
  const auto run = lines_of(folder_ / "csv" / "run.csv");
  ASSERT_FALSE(run.empty());
  EXPECT_EQ(run[0], "key,value");
  auto has = [&](const std::string& line) { return std::find(run.begin(), run.end(), line) != run.end(); };
  EXPECT_TRUE(has("scenario_name,baseline"));
  EXPECT_TRUE(has("population_scale,0.05"));
  EXPECT_TRUE(has("agents,1234"));
  EXPECT_TRUE(has("residents_per_agent,20"));
  EXPECT_TRUE(has("residents_per_agent_basis,1 / population_scale (approximately)"));
  EXPECT_TRUE(
      has("sample,\"Sample: 1,234 agents (population.scale 0.05): each agent stands for about 20 residents "
          "aged 15+; counts of needs are real-world\""));
}

TEST_F(CsvExportOfOutputFile, SeriesHasOneRowPerCellAndEveryMetric) {
  const auto lines = lines_of(folder_ / "csv" / "series.csv");
  ASSERT_EQ(lines.size(), 1 + kIntervals * kD * kCells);
  EXPECT_EQ(lines[0],
            "time_seconds,nominal_time,district,group,channel,arrivals,served,served_immediately,completed,"
            "resolved,abandoned,escalated,wait_seconds_sum,service_seconds_sum,travel_seconds_sum,"
            "queue_length");
  // t = 0, district 0, urban_adult, in_person: cell 0.
  std::string first = "3600,2001-01-01T01:00:00,Tianhe,urban_adult,in_person";
  for (int m = 0; m < kSeriesMetrics; ++m) first += "," + std::to_string(series_value(0, m, 0));
  EXPECT_EQ(lines[1], first);
  // The last row: t = T-1, the last district, rural_elderly, digital_human.
  const std::size_t cell = kD * kCells - 1;
  // The end of the last interval, 48 h after day 0 began on Monday 2001-01-01 (the nominal calendar).
  std::string last =
      std::to_string(kIntervals * kReportSeconds) + ",2001-01-03T00:00:00,天河区,rural_elderly,digital_human";
  for (int m = 0; m < kSeriesMetrics; ++m) last += "," + std::to_string(series_value(kIntervals - 1, m, cell));
  EXPECT_EQ(lines.back(), last);
}

TEST_F(CsvExportOfOutputFile, ServersDailyAndStaffFollowTheirDimensions) {
  const auto servers = lines_of(folder_ / "csv" / "servers.csv");
  ASSERT_EQ(servers.size(), 1 + kIntervals * kD * kChannels);
  EXPECT_EQ(servers[0], "time_seconds,nominal_time,district,channel,servers_on_duty");
  EXPECT_EQ(servers[2], "3600,2001-01-01T01:00:00,Tianhe,hotline," + std::to_string(servers_value(0, 1)));

  const auto daily = lines_of(folder_ / "csv" / "daily.csv");
  ASSERT_EQ(daily.size(), 1 + kDays * kD * kGroups);
  EXPECT_EQ(daily[0],
            "day,nominal_date,district,group,population_agents,population_real,adopted_agents,internet_access_agents,"
            "trust_mean,satisfaction_mean,unmet_needs");
  // day 1, district 1 (Conghua), urban_elderly: cell 1 * G + 1.
  const std::size_t cell = 1 * kGroups + 1;
  // population_real: agents / population.scale (0.05), whole residents
  const std::string row = "1,2001-01-02,Conghua,urban_elderly," + std::to_string(daily_count(1, 0, cell)) + "," +
                          std::to_string(std::llround(daily_count(1, 0, cell) / 0.05)) + "," +
                          std::to_string(daily_count(1, 1, cell)) + "," + std::to_string(daily_count(1, 2, cell)) +
                          "," + io::h5::format_double(daily_mean(1, 0, cell)) + "," +
                          io::h5::format_double(daily_mean(1, 1, cell)) + "," + std::to_string(daily_count(1, 3, cell));
  EXPECT_EQ(daily[1 + kD * kGroups + cell], row);

  const auto staff = lines_of(folder_ / "csv" / "staff.csv");
  ASSERT_EQ(staff.size(), 1 + kDays * kD * kChannels);
  EXPECT_EQ(staff[0], "day,nominal_date,district,channel,staff");
  EXPECT_EQ(staff.back(), "1,2001-01-02,天河区,digital_human," + std::to_string(staff_value(1, kD * kChannels - 1)));
}

TEST_F(CsvExportOfOutputFile, InterventionsInTheDocumentedColumnOrder) {
  EXPECT_EQ(read_text(folder_ / "csv" / "interventions.csv"),
            "index,type,start_day,end_day,districts,districts_applied,agents_added,setup_cost,"
            "daily_cost,total_cost,applied,funded,planned_cost,citizens_reached,staff_moved,"
            "incidents,dispatched_sessions\n"
            "0,digital_human_rollout,1,-1,rural,1,160,2500000,1200.5,2501200.5,1,1,2600000,0,0,0,7\n"
            "1,staffing,5,9,\"[天河区, Conghua]\",2,-3,0,0,0,0,0,900000,0,0,0,0\n");
}

}  // namespace
}  // namespace civicsim::test
