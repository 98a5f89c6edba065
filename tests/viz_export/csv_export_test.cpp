// The CSV exporter against small output files written here with the HDF5 C API in the layout of
// MODEL.md §10 (variable-length UTF-8 strings, as io/ writes them).
#include "viz_export/csv_export.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace civicsim::viz {
namespace {

namespace fs = std::filesystem;

// --- a minimal writer --------------------------------------------------------------------------

hid_t utf8_string() {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

void string_attribute(hid_t object, const char* name, const std::string& value) {
  hid_t type = utf8_string();
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t attr = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  const char* text = value.c_str();
  H5Awrite(attr, type, &text);
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
}

void strings(hid_t file, const char* path, const std::vector<std::string>& values) {
  hid_t type = utf8_string();
  const hsize_t n = values.size();
  hid_t space = H5Screate_simple(1, &n, nullptr);
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  hid_t ds = H5Dcreate2(file, path, type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
  H5Dclose(ds);
  H5Pclose(lcpl);
  H5Sclose(space);
  H5Tclose(type);
}

template <class T>
void numbers(hid_t file, const char* path, const std::vector<hsize_t>& shape, const std::vector<T>& values) {
  const bool is_float = std::is_floating_point<T>::value;
  hid_t file_type = is_float ? H5T_IEEE_F64LE : H5T_STD_I64LE;
  hid_t memory_type = is_float ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  hid_t space = H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr);
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  hid_t ds = H5Dcreate2(file, path, file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  string_attribute(ds, "units", "1");
  H5Dclose(ds);
  H5Pclose(lcpl);
  H5Sclose(space);
}

/// 0, 1, 2, ... times `scale` plus `offset`: easy to check cell by cell.
std::vector<std::int64_t> counting(std::size_t n, std::int64_t scale, std::int64_t offset) {
  std::vector<std::int64_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = offset + scale * static_cast<std::int64_t>(i);
  return v;
}

/// The intervention table as io/ may write it: a compound dataset with a string, integer, float
/// and boolean (h5py's enum) field.
void interventions_compound(hid_t file) {
  struct Row {
    const char* type;
    std::int64_t start_day;
    double total_cost;
    std::int8_t funded;
  };
  hid_t str = utf8_string();
  hid_t boolean = H5Tenum_create(H5T_NATIVE_INT8);
  std::int8_t no = 0, yes = 1;
  H5Tenum_insert(boolean, "FALSE", &no);
  H5Tenum_insert(boolean, "TRUE", &yes);
  hid_t row = H5Tcreate(H5T_COMPOUND, sizeof(Row));
  H5Tinsert(row, "type", HOFFSET(Row, type), str);
  H5Tinsert(row, "start_day", HOFFSET(Row, start_day), H5T_NATIVE_INT64);
  H5Tinsert(row, "total_cost", HOFFSET(Row, total_cost), H5T_NATIVE_DOUBLE);
  H5Tinsert(row, "funded", HOFFSET(Row, funded), boolean);
  const Row rows[2] = {{"digital_human_rollout", 7, 1250000.5, 1}, {"staffing, \"extra\"", 14, 6e6, 0}};
  const hsize_t n = 2;
  hid_t space = H5Screate_simple(1, &n, nullptr);
  hid_t ds = H5Dcreate2(file, "/interventions", row, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, row, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
  H5Dclose(ds);
  H5Sclose(space);
  H5Tclose(row);
  H5Tclose(boolean);
  H5Tclose(str);
}

struct FileOptions {
  const char* status = "complete";
  bool with_status = true;
  bool with_daily = true;
  bool compound_interventions = true;
  std::vector<std::string> districts = {"Yuexiu", "Conghua, north"};
  std::string scenario_name;  // root attribute; empty: not written
};

/// T = 2 intervals, D = 2 districts, G = 2 groups, C = 2 channels, 2 days. The exporter takes the
/// axes from /dims, so a file smaller than the normative G = C = 4 tests every loop the same way.
void write_output(const std::string& path, const FileOptions& options = {}) {
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  numbers<std::int64_t>(file, "/dims/time_seconds", {2}, {3600, 7200});
  strings(file, "/dims/district", options.districts);
  strings(file, "/dims/group", {"urban_adult", "rural_elderly"});
  strings(file, "/dims/channel", {"in_person", "digital_human"});
  numbers<std::int64_t>(file, "/dims/day", {2}, {0, 1});
  // Written out of the model's order: the CSV must still list arrivals first.
  numbers(file, "/series/wait_seconds_sum", {2, 2, 2, 2}, counting(16, 10, 0));
  numbers(file, "/series/arrivals", {2, 2, 2, 2}, counting(16, 1, 100));
  numbers(file, "/series/servers_on_duty", {2, 2, 2}, counting(8, 1, 1));
  if (options.with_daily) {
    numbers(file, "/daily/population", {2, 2, 2}, counting(8, 1, 1000));
    numbers<double>(file, "/daily/trust_mean", {2, 2, 2}, {0.5, 0.25, 0.1, 1.0 / 3.0, 0, 1, -0.0, std::nan("")});
    numbers(file, "/daily/staff", {2, 2, 2}, counting(8, 2, 0));
  }
  if (options.compound_interventions) {
    interventions_compound(file);
  } else {
    numbers<std::int64_t>(file, "/interventions/start_day", {2}, {7, 14});
    strings(file, "/interventions/type", {"digital_human_rollout", "staffing"});
  }
  if (options.with_status) string_attribute(file, "status", options.status);
  if (!options.scenario_name.empty()) string_attribute(file, "scenario_name", options.scenario_name);
  H5Fclose(file);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CsvExport : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("civicsim_csv_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    h5_ = (dir_ / "run.h5").string();
    out_ = dir_ / "csv";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string h5_;
  fs::path out_;
};

TEST_F(CsvExport, SeriesIsLongFormatWithMetricsInModelOrder) {
  write_output(h5_);
  export_csv(h5_, out_.string());
  EXPECT_EQ(read_text(out_ / "series.csv"),
            "time_seconds,nominal_time,district,group,channel,arrivals,wait_seconds_sum\n"
            "3600,2001-01-01T01:00:00,Yuexiu,urban_adult,in_person,100,0\n"
            "3600,2001-01-01T01:00:00,Yuexiu,urban_adult,digital_human,101,10\n"
            "3600,2001-01-01T01:00:00,Yuexiu,rural_elderly,in_person,102,20\n"
            "3600,2001-01-01T01:00:00,Yuexiu,rural_elderly,digital_human,103,30\n"
            "3600,2001-01-01T01:00:00,\"Conghua, north\",urban_adult,in_person,104,40\n"
            "3600,2001-01-01T01:00:00,\"Conghua, north\",urban_adult,digital_human,105,50\n"
            "3600,2001-01-01T01:00:00,\"Conghua, north\",rural_elderly,in_person,106,60\n"
            "3600,2001-01-01T01:00:00,\"Conghua, north\",rural_elderly,digital_human,107,70\n"
            "7200,2001-01-01T02:00:00,Yuexiu,urban_adult,in_person,108,80\n"
            "7200,2001-01-01T02:00:00,Yuexiu,urban_adult,digital_human,109,90\n"
            "7200,2001-01-01T02:00:00,Yuexiu,rural_elderly,in_person,110,100\n"
            "7200,2001-01-01T02:00:00,Yuexiu,rural_elderly,digital_human,111,110\n"
            "7200,2001-01-01T02:00:00,\"Conghua, north\",urban_adult,in_person,112,120\n"
            "7200,2001-01-01T02:00:00,\"Conghua, north\",urban_adult,digital_human,113,130\n"
            "7200,2001-01-01T02:00:00,\"Conghua, north\",rural_elderly,in_person,114,140\n"
            "7200,2001-01-01T02:00:00,\"Conghua, north\",rural_elderly,digital_human,115,150\n");
  EXPECT_EQ(read_text(out_ / "servers.csv"),
            "time_seconds,nominal_time,district,channel,servers_on_duty\n"
            "3600,2001-01-01T01:00:00,Yuexiu,in_person,1\n"
            "3600,2001-01-01T01:00:00,Yuexiu,digital_human,2\n"
            "3600,2001-01-01T01:00:00,\"Conghua, north\",in_person,3\n"
            "3600,2001-01-01T01:00:00,\"Conghua, north\",digital_human,4\n"
            "7200,2001-01-01T02:00:00,Yuexiu,in_person,5\n"
            "7200,2001-01-01T02:00:00,Yuexiu,digital_human,6\n"
            "7200,2001-01-01T02:00:00,\"Conghua, north\",in_person,7\n"
            "7200,2001-01-01T02:00:00,\"Conghua, north\",digital_human,8\n");
}

TEST_F(CsvExport, DailyAndStaffTablesKeepIntegersAndExactDoubles) {
  write_output(h5_);
  export_csv(h5_, out_.string());
  EXPECT_EQ(read_text(out_ / "daily.csv"),
            "day,nominal_date,district,group,population,trust_mean\n"
            "0,2001-01-01,Yuexiu,urban_adult,1000,0.5\n"
            "0,2001-01-01,Yuexiu,rural_elderly,1001,0.25\n"
            "0,2001-01-01,\"Conghua, north\",urban_adult,1002,0.1\n"
            "0,2001-01-01,\"Conghua, north\",rural_elderly,1003,0.3333333333333333\n"
            "1,2001-01-02,Yuexiu,urban_adult,1004,0\n"
            "1,2001-01-02,Yuexiu,rural_elderly,1005,1\n"
            "1,2001-01-02,\"Conghua, north\",urban_adult,1006,-0\n"
            "1,2001-01-02,\"Conghua, north\",rural_elderly,1007,NaN\n");
  EXPECT_EQ(read_text(out_ / "staff.csv"),
            "day,nominal_date,district,channel,staff\n"
            "0,2001-01-01,Yuexiu,in_person,0\n"
            "0,2001-01-01,Yuexiu,digital_human,2\n"
            "0,2001-01-01,\"Conghua, north\",in_person,4\n"
            "0,2001-01-01,\"Conghua, north\",digital_human,6\n"
            "1,2001-01-02,Yuexiu,in_person,8\n"
            "1,2001-01-02,Yuexiu,digital_human,10\n"
            "1,2001-01-02,\"Conghua, north\",in_person,12\n"
            "1,2001-01-02,\"Conghua, north\",digital_human,14\n");
}

TEST_F(CsvExport, InterventionsFromACompoundTable) {
  write_output(h5_);
  export_csv(h5_, out_.string());
  EXPECT_EQ(read_text(out_ / "interventions.csv"),
            "type,start_day,total_cost,funded\n"
            "digital_human_rollout,7,1250000.5,TRUE\n"
            "\"staffing, \"\"extra\"\"\",14,6000000,FALSE\n");
}

TEST_F(CsvExport, InterventionsFromAGroupOfColumns) {
  FileOptions options;
  options.compound_interventions = false;
  write_output(h5_, options);
  export_csv(h5_, out_.string());
  EXPECT_EQ(read_text(out_ / "interventions.csv"),
            "type,start_day\n"
            "digital_human_rollout,7\n"
            "staffing,14\n");
}

// Issue 15 item 11: names went verbatim into the CSV, where a spreadsheet runs them as formulas.
TEST_F(CsvExport, NamesThatReadAsFormulasAreNeutralisedAndNumbersStayNumbers) {
  FileOptions options;
  options.districts = {"=HYPERLINK(\"http://x\",\"y\")", "@cmd"};
  options.scenario_name = "+1+cmd";
  write_output(h5_, options);
  export_csv(h5_, out_.string());
  const std::string series = read_text(out_ / "series.csv");
  EXPECT_NE(series.find(
                "\n3600,2001-01-01T01:00:00,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",urban_adult,in_person,100,0\n"),
            std::string::npos)
      << series;
  EXPECT_NE(series.find("\n3600,2001-01-01T01:00:00,\"'@cmd\",urban_adult,in_person,104,40\n"), std::string::npos)
      << series;
  EXPECT_NE(read_text(out_ / "run.csv").find("\nscenario_name,\"'+1+cmd\"\n"), std::string::npos);
  EXPECT_NE(read_text(out_ / "daily.csv").find(",-0\n"), std::string::npos);  // a number, not text
}

TEST_F(CsvExport, WritesOnlyCompleteFiles) {
  write_output(h5_);
  export_csv(h5_, out_.string());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out_)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"daily.csv", "interventions.csv", "run.csv", "series.csv", "servers.csv",
                                             "staff.csv"}));
}

TEST_F(CsvExport, RunCsvOfAFileWithoutTheScaleSaysItIsNotRecorded) {
  write_output(h5_);  // no population_scale and agents attributes: an older file
  export_csv(h5_, out_.string());
  const std::string run = read_text(out_ / "run.csv");
  EXPECT_NE(run.find("\npopulation_scale,\n"), std::string::npos) << run;
  EXPECT_NE(run.find("\nagents,\n"), std::string::npos) << run;
  EXPECT_NE(run.find("\nsample,Sample: scale not recorded"), std::string::npos) << run;
  // Without a units attribute saying "agents", the daily columns keep their names.
  EXPECT_EQ(read_text(out_ / "daily.csv").substr(0, 51), "day,nominal_date,district,group,population,trust_me");
}

/// Runs the export and returns its error message ("" if it did not throw).
std::string export_error(const std::string& h5, const fs::path& out) {
  try {
    export_csv(h5, out.string());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST_F(CsvExport, MissingFileIsAClearError) {
  const std::string message = export_error((dir_ / "nope.h5").string(), out_);
  EXPECT_NE(message.find("nope.h5"), std::string::npos) << message;
  EXPECT_NE(message.find("no such file"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(CsvExport, NonHdf5FileIsAClearError) {
  std::ofstream(h5_) << "time,arrivals\n";
  const std::string message = export_error(h5_, out_);
  EXPECT_NE(message.find("not an HDF5 file"), std::string::npos) << message;
}

TEST_F(CsvExport, UnfinishedRunIsRefused) {
  FileOptions options;
  options.status = "running";
  write_output(h5_, options);
  const std::string message = export_error(h5_, out_);
  EXPECT_NE(message.find("did not finish"), std::string::npos) << message;
  EXPECT_NE(message.find("'running'"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out_ / "series.csv"));
}

TEST_F(CsvExport, FileWithoutStatusIsRefused) {
  FileOptions options;
  options.with_status = false;
  write_output(h5_, options);
  const std::string message = export_error(h5_, out_);
  EXPECT_NE(message.find("'status'"), std::string::npos) << message;
}

TEST_F(CsvExport, MissingGroupIsNamed) {
  FileOptions options;
  options.with_daily = false;
  write_output(h5_, options);
  const std::string message = export_error(h5_, out_);
  EXPECT_NE(message.find("missing /daily"), std::string::npos) << message;
}

}  // namespace
}  // namespace civicsim::viz
