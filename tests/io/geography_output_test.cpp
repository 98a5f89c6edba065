// /geography and /summary/district* of a real run's file (MODEL.md §10 schema 2): the districts and
// halls are the scenario's, and the figures by district add up to the run's own /summary.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "io/data_error.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_write.hpp"
#include "tests/common/h5_check.hpp"
#include "tests/common/run_program.hpp"
#include "viz_export/geography.hpp"
#include "viz_export/summary_values.hpp"

namespace civicsim {
namespace {

using test::ProgramResult;
using test::read_file;
using test::run_program;

/// An HDF5 file open for the test's scope (read-only, or created empty).
class H5File {
 public:
  explicit H5File(const std::string& path, bool create = false, bool write = false)
      : id_(create ? H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)
                   : H5Fopen(path.c_str(), write ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT)) {}
  ~H5File() {
    if (id_ >= 0) H5Fclose(id_);
  }
  H5File(const H5File&) = delete;
  H5File& operator=(const H5File&) = delete;
  hid_t id() const { return id_; }

 private:
  hid_t id_;
};

class GeographyOutput : public test::ProgramTest {
 protected:
  /// small.yaml with `extra` inserted after its `name:` line, as scenario.yaml in the test's folder.
  std::string scenario(const std::string& extra) const {
    std::string text = read_file(small());
    const auto at = text.find("\nseed:");
    text.insert(at + 1, extra);
    const std::string file = path("scenario.yaml");
    std::ofstream(file) << text;
    return file;
  }
  std::string run(const std::string& scenario_file) const {
    const std::string out = path("run.h5");
    const ProgramResult r = run_program("run " + scenario_file + " -q --force -o " + out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return out;
  }
};

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

/// Sum over groups of a [G][C] summary table, per channel.
std::vector<double> by_channel(const std::vector<double>& gc) {
  std::vector<double> c(kChannels, 0.0);
  for (std::size_t i = 0; i < gc.size(); ++i) c[i % kChannels] += gc[i];
  return c;
}

/// Sum over units of a [U][C] table, per channel.
std::vector<double> channel_totals(hid_t f, const std::string& path) {
  const std::vector<std::int64_t> v = test::read_dataset<std::int64_t>(f, path);
  std::vector<double> c(kChannels, 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) c[i % kChannels] += static_cast<double>(v[i]);
  return c;
}

TEST_F(GeographyOutput, TheDistrictsAndHallsAreTheScenarios) {
  std::string text = read_file(scenario("question: 'Do tests pass?'\n"));
  const std::string from = "start_weekday: monday}", to = "start_date: 2025-01-06}";  // a Monday
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), to);
  std::ofstream(path("scenario.yaml")) << text;
  const std::string out = run(path("scenario.yaml"));
  const viz::Geography g = viz::read_geography(out);
  ASSERT_EQ(g.districts.size(), 3u);
  EXPECT_EQ(g.districts[0].name, "centre");
  EXPECT_EQ(g.districts[2].kind, "rural");
  EXPECT_DOUBLE_EQ(g.districts[1].lat, 23.20);
  EXPECT_DOUBLE_EQ(g.districts[1].lon, 113.30);
  EXPECT_DOUBLE_EQ(g.districts[2].population, 400000);
  EXPECT_DOUBLE_EQ(g.districts[2].area_km2, 1500);
  // centres: {urban: 1, suburban: 2, rural: 3}
  EXPECT_EQ(g.districts[0].halls, 1);
  EXPECT_EQ(g.districts[1].halls, 2);
  EXPECT_EQ(g.districts[2].halls, 3);
  ASSERT_EQ(g.halls.size(), 6u);
  std::uint64_t agents = 0;
  for (const auto& d : g.districts) agents += d.agents;
  const H5File f(out);
  EXPECT_EQ(agents, test::read_attribute<std::uint64_t>(f.id(), "/", "agents"));
  EXPECT_EQ(test::read_string_attribute(f.id(), "/", "question"), "Do tests pass?");
  EXPECT_EQ(test::read_string_attribute(f.id(), "/", "start_date"), "2025-01-06");
  EXPECT_EQ(test::read_attribute<std::int32_t>(f.id(), "/", "schema_version"), 2);
  // The first hall of a district at its centre, the others at half its radius.
  const viz::HallRow& first = g.halls[3];
  EXPECT_EQ(first.district, 2);
  EXPECT_DOUBLE_EQ(first.lat, 23.40);
  EXPECT_DOUBLE_EQ(first.lon, 113.50);
  const double radius_m = std::sqrt(1500.0 / M_PI) * 1000.0, m_per_degree = 6378137.0 * M_PI / 180.0;
  for (int h : {4, 5}) {
    const double dy = (g.halls[h].lat - 23.40) * m_per_degree,
                 dx = (g.halls[h].lon - 113.50) * m_per_degree * std::cos(23.40 * M_PI / 180.0);
    EXPECT_NEAR(std::hypot(dx, dy), radius_m / 2, 1.0) << "hall " << h;
  }
}

TEST_F(GeographyOutput, TheDistrictFiguresAddUpToTheRuns) {
  // With a warm-up day, so that both /summary and /summary/district leave day 0 out.
  const std::string with_warmup = scenario("");
  std::string s = read_file(with_warmup);
  const std::string from = "time: {days: 3,", to = "time: {days: 3, warmup_days: 1,";
  s.replace(s.find(from), from.size(), to);
  std::ofstream(with_warmup) << s;
  const std::string out = run(with_warmup);
  const viz::SummaryValues summary = viz::read_summary_values(out);
  const viz::DistrictFigures district = viz::read_district_summary(out, "district");
  const viz::DistrictFigures kind = viz::read_district_summary(out, "district_kind");
  EXPECT_EQ(district.window_first_day, 1);
  EXPECT_EQ(district.window_days, 2);
  ASSERT_EQ(district.names, (std::vector<std::string>{"centre", "ring", "fields"}));
  ASSERT_EQ(kind.names, (std::vector<std::string>{"urban", "suburban", "rural"}));
  EXPECT_GT(sum(district.at("needs_met")), 0);
  EXPECT_EQ(sum(district.at("needs_met")), sum(summary.at("resolved")));
  EXPECT_EQ(sum(district.at("unmet_needs")), sum(summary.at("unmet_needs")));
  const H5File f(out);
  for (const char* figure : {"arrivals", "served", "abandoned"}) {
    EXPECT_EQ(channel_totals(f.id(), std::string("/summary/district/") + figure), by_channel(summary.at(figure)))
        << figure;
    EXPECT_EQ(channel_totals(f.id(), std::string("/summary/district_kind/") + figure), by_channel(summary.at(figure)))
        << figure;
  }
  // One district per kind here: each kind's figures are its district's.
  for (const char* figure :
       {"needs_met", "unmet_share", "wait_mean_seconds", "abandonment_rate", "needs_met_per_1000_residents"}) {
    for (int d = 0; d < 3; ++d) {
      const double a = district.at(figure)[d], b = kind.at(figure)[d];
      EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << figure << " " << d << ": " << a << " vs " << b;
    }
  }
  // Per 1,000 residents of all ages.
  EXPECT_DOUBLE_EQ(district.at("needs_met_per_1000_residents")[2], 1000.0 * district.at("needs_met")[2] / 400000.0);
  // The window leaves day 0 out: fewer needs met than the whole run's series hold.
  const std::vector<std::int64_t> resolved = test::read_dataset<std::int64_t>(f.id(), "/series/resolved");
  double all = 0;
  for (std::int64_t x : resolved) all += static_cast<double>(x);
  EXPECT_LT(sum(district.at("needs_met")), all);
}

/// Replaces dataset `path` of `file` by a 1-D dataset of `values`.
template <class T>
void replace(const std::string& file, const std::string& path, const std::vector<T>& values) {
  const H5File f(file, /*create=*/false, /*write=*/true);
  ASSERT_GE(H5Ldelete(f.id(), path.c_str(), H5P_DEFAULT), 0) << path;
  io::h5::Handle d =
      io::h5::create_dataset(f.id(), path, io::h5::TypeOf<T>::file(), {values.size()}, io::h5::Storage{}, "1", "");
  io::h5::write_all(d.get(), values);
}

/// The message of the io::DataError that `read` throws ("" if it throws none or another).
template <class F>
std::string data_error(F&& read) {
  try {
    read();
  } catch (const io::DataError& e) {
    return e.what();
  } catch (...) {
    return "another exception";
  }
  return "";
}

TEST_F(GeographyOutput, HostileGeographyIsADataErrorNamingTheDataset) {
  const std::string out = run(small());
  const auto geography = [&] { viz::read_geography(out); };
  replace<std::int64_t>(out, "/geography/halls/district", {0, 1, 1, 2, 2, 99});
  EXPECT_NE(data_error(geography).find("/geography/halls/district holds 99; expected 0 to 2"), std::string::npos)
      << data_error(geography);
  replace<double>(out, "/geography/halls/district", {0, 1, 1, 2, 2, 0.5});
  EXPECT_NE(data_error(geography).find("floating-point"), std::string::npos) << data_error(geography);
  replace<std::int64_t>(out, "/geography/districts/agents", {1, -5, 3});
  EXPECT_NE(data_error(geography).find("agents holds -5"), std::string::npos) << data_error(geography);
  replace<std::int64_t>(out, "/geography/districts/agents", {1, 2, 3});
  replace<std::int64_t>(out, "/geography/districts/halls", {1, 2});
  EXPECT_NE(data_error(geography).find("/geography/districts/halls"), std::string::npos) << data_error(geography);
  {
    const H5File f(out, /*create=*/false, /*write=*/true);
    H5Ldelete(f.id(), "/geography/districts/name_zh", H5P_DEFAULT);
    H5Adelete_by_name(f.id(), "/summary/district", "window_days", H5P_DEFAULT);
  }
  EXPECT_NE(data_error(geography).find("name_zh is missing"), std::string::npos) << data_error(geography);
  EXPECT_NE(data_error([&] { viz::read_district_summary(out, "district"); }).find("no attribute window_days"),
            std::string::npos);
}

TEST_F(GeographyOutput, AFileWithoutGeographyIsRefusedWithAReason) {
  const std::string out = path("not_a_run.h5");
  { const H5File f(out, /*create=*/true); }
  try {
    viz::read_geography(out);
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("rerun it with this version"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace civicsim
