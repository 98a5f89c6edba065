// The one CSV reader (io/csv_read.hpp): RFC 4180 cells, positions in characters, the problems it
// reports and where, and a round trip through the writer (io/csv_text.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/csv_read.hpp"
#include "io/csv_text.hpp"

namespace civicsim::io {
namespace {

std::vector<std::vector<std::string>> cells_of(const std::vector<CsvRow>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : rows) {
    out.emplace_back();
    for (const auto& c : r.cells) out.back().push_back(c.text);
  }
  return out;
}

TEST(CsvRead, QuotedCellsHoldCommasQuotesAndLineBreaks) {
  std::vector<CsvRow> rows;
  const auto p = split_csv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x, \"\"y\"\"\nz\",2\n\n3,\n",
      rows);
  ASSERT_EQ(p.kind, CsvProblem::kNone) << p.message;
  const std::vector<std::vector<std::string>> want = {{"a", "b"}, {"x, \"y\"\nz", "2"}, {"3", ""}};
  EXPECT_EQ(cells_of(rows), want);
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].line, 5);  // the quoted line break and the blank line are counted
}

TEST(CsvRead, CellsKnowTheirCharacterColumn) {
  std::vector<CsvRow> rows;
  ASSERT_EQ(split_csv("名前,b\n", rows).kind, CsvProblem::kNone);
  ASSERT_EQ(rows.at(0).cells.size(), 2u);
  EXPECT_EQ(rows[0].cells[1].column, 4);  // two characters and a comma, not six bytes and a comma
  EXPECT_EQ(text_position("名前\nx", 7).line, 2);
  EXPECT_EQ(text_position("名前\nx", 6).column, 3);
}

TEST(CsvRead, ProblemsSayWhatAndWhere) {
  std::vector<CsvRow> rows;
  auto p = split_csv("a,b\n\"open,c\n", rows);
  EXPECT_EQ(p.kind, CsvProblem::kUnterminatedQuote);
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 1);
  rows.clear();
  p = split_csv("a,\"b\"c\n", rows);
  EXPECT_EQ(p.kind, CsvProblem::kTextAfterQuote);
  EXPECT_EQ(p.column, 6);
  rows.clear();
  p = split_csv("h\n1\n2\n3\n", rows, 3);
  EXPECT_EQ(p.kind, CsvProblem::kTooManyRows);
  EXPECT_EQ(p.line, 4);
  EXPECT_EQ(rows.size(), 3u);  // it stops before storing what it refuses
}

TEST(CsvRead, ReadsBackWhatTheWriterWrote) {
  const std::vector<std::string> values = {"plain", "=SUM(A1)", "comma, inside", "quote \" inside", "line\nbreak", ""};
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + csv_field(values[i]);
  std::vector<CsvRow> rows;
  ASSERT_EQ(split_csv(text + "\n", rows).kind, CsvProblem::kNone);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].cells.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(csv_text_value(rows[0].cells[i].text), values[i]);
}

}  // namespace
}  // namespace civicsim::io
