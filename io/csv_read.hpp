// The one CSV reader (RFC 4180): commas between cells, LF or CRLF between rows; a cell in double
// quotes may hold commas, line breaks and doubled quotes. Blank lines are skipped, a UTF-8 byte
// order mark is ignored, and every cell knows the 1-based line and character column (Unicode code
// points) where it starts, so a reader can report file:line:col. The writer is io/csv_text.hpp.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace civicsim::io {

struct CsvCell {
  std::string text;
  int line = 0, column = 0;
};

struct CsvRow {
  int line = 0;
  int end_column = 1;  // just past the last character, for "too few fields"
  std::vector<CsvCell> cells;
};

/// Why text is not CSV, and where; `kind` kNone when it is.
struct CsvProblem {
  enum Kind { kNone, kUnterminatedQuote, kTextAfterQuote, kTooManyRows } kind = kNone;
  int line = 0, column = 0;
  std::string message;
};

/// The 1-based line and character column (Unicode code points) of byte `offset` of `text`.
struct TextPosition {
  int line = 1, column = 1;
};
TextPosition text_position(const std::string& text, std::size_t offset);

/// Splits `text` into rows of cells. Stops at the first problem, or once more than `max_rows`
/// non-blank rows were found (a reader can refuse a file that would not fit before it is stored).
CsvProblem split_csv(const std::string& text, std::vector<CsvRow>& rows,
                     std::size_t max_rows = std::numeric_limits<std::size_t>::max());

}  // namespace civicsim::io
