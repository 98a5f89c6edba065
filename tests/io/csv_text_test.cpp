// The one CSV cell writer (io/csv_text.hpp) against formula injection, and the grid point labels of
// manifest.csv's `parameters` column with separators in their values (issue 15, item 11).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "io/csv_text.hpp"
#include "io/sweep.hpp"
#include "io/sweep_output.hpp"
#include "tests/common/run_program.hpp"

namespace civicsim::io {
namespace {

namespace fs = std::filesystem;
using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(CsvText, CellsASpreadsheetWouldRunAsFormulasGetALeadingQuote) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field("+cmd"), "\"'+cmd\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(csv_field("'quoted"), "\"''quoted\"");  // so that the escape reads back exactly
  EXPECT_EQ(csv_field("a=b"), "a=b");
  EXPECT_EQ(csv_field("Conghua, north"), "\"Conghua, north\"");
}

TEST(CsvText, NumbersStayNumbers) {
  for (const char* number : {"-0.5", "+3", "-1e-05", "12", "-0", "1.5E+10", "-.5"})
    EXPECT_EQ(csv_field(number), number);
  for (const char* text : {"-", "-e5", "-1e", "+-1", "-1-1", "-inf"}) EXPECT_EQ(csv_field(text)[1], '\'') << text;
}

TEST(CsvText, TheEscapeReadsBack) {
  for (const std::string text : {"=1", "'x", "''", "-cmd", "plain", "-0.5", ""}) {
    std::string cell = csv_field(text);
    if (cell.size() >= 2 && cell.front() == '"') cell = cell.substr(1, cell.size() - 2);  // no quotes inside
    EXPECT_EQ(csv_text_value(cell), text);
  }
}

TEST(GridLabel, ValuesWithSeparatorsAreQuotedAndSplitBack) {
  const Pairs pairs = {{"name", "a;b=c"}, {"staff.skill_sd", "0.2"}, {"x", "say \"hi\" \\o/"}, {"empty", ""}};
  const std::string label = grid_label(pairs);
  EXPECT_EQ(label, "name=\"a;b=c\";staff.skill_sd=0.2;x=\"say \\\"hi\\\" \\\\o/\";empty=");
  Pairs back;
  ASSERT_TRUE(split_grid_label(label, back));
  EXPECT_EQ(back, pairs);
  // Without the quotes the first label read as name=a, then b=c.
  EXPECT_NE(grid_label({{"name", "a;b=c"}}), grid_label({{"name", "a"}, {"b", "c"}}));
  EXPECT_TRUE(split_grid_label("", back));
  EXPECT_TRUE(back.empty());
  for (const char* bad : {"a", "a=\"b", "a=b;", "a=\"b\"c", "a=b=c"}) EXPECT_FALSE(split_grid_label(bad, back)) << bad;
}

std::string small_text() { return test::read_file(std::string(CIVICSIM_TEST_DATA) + "/small.yaml"); }

// A sweep whose arm starts with '-' and whose grid sets the scenario's name to a formula and to a
// value with ';' and '=': manifest.csv neutralises the formulas, and every cell reads back.
TEST(CsvText, ManifestCellsAreNeutralisedAndReadBack) {
  const SweepResult r = load_sweep_text(small_text() +
                                            "sweep:\n"
                                            "  arms: [{name: -cmd}, {name: baseline, interventions: []}]\n"
                                            "  grid: {name: ['=HYPERLINK(\"http://x\",\"y\")', 'a;b=c']}\n",
                                        "sweep.yaml", CIVICSIM_TEST_DATA, true);
  ASSERT_TRUE(r.ok()) << r.errors[0].str();
  std::vector<ManifestRow> rows = manifest_rows(r.sweep);
  ASSERT_EQ(rows.size(), 4u);
  rows[0].error = "@SUM(1)";
  const std::string text = manifest_csv(rows);
  EXPECT_NE(
      text.find("\n\"'-cmd-g0-r0\",0,\"'-cmd\",0,\"name=\"\"=HYPERLINK(\\\"\"http://x\\\"\",\\\"\"y\\\"\")\"\"\","),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(",\"name=\"\"a;b=c\"\"\","), std::string::npos) << text;
  EXPECT_NE(text.find(",\"'@SUM(1)\"\n"), std::string::npos) << text;
  const std::string path =
      (fs::temp_directory_path() / ("civicsim-manifest-" + std::to_string(getpid()) + ".csv")).string();
  write_file_atomically(path, text);
  const std::vector<ManifestRow> back = read_manifest(path);
  fs::remove(path);
  ASSERT_EQ(back.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].run_id, rows[i].run_id);
    EXPECT_EQ(back[i].arm, rows[i].arm);
    EXPECT_EQ(back[i].parameters, rows[i].parameters);
    EXPECT_EQ(back[i].error, rows[i].error);
  }
  Pairs pairs;
  ASSERT_TRUE(split_grid_label(back[1].parameters, pairs));
  EXPECT_EQ(pairs, (Pairs{{"name", "a;b=c"}}));
}

}  // namespace
}  // namespace civicsim::io
