#include "io/csv_read.hpp"

#include <utility>

namespace civicsim::io {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

/// Walks the text one byte at a time, keeping the line and the character column.
class Cursor {
 public:
  explicit Cursor(const std::string& text) : text_(text) {
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;  // UTF-8 byte-order mark
  }
  bool at_end() const { return i_ >= text_.size(); }
  bool past_end() const { return i_ > text_.size(); }
  /// The byte here; a line break stands in after the last one, so the last row always ends.
  char peek() const { return i_ < text_.size() ? text_[i_] : '\n'; }
  bool doubled_quote() const { return text_[i_] == '"' && i_ + 1 < text_.size() && text_[i_ + 1] == '"'; }
  void next() {
    if (i_ < text_.size()) {
      if (text_[i_] == '\n') {
        ++line_;
        column_ = 1;
      } else if (!is_continuation(text_[i_])) {
        ++column_;
      }
    }
    ++i_;
  }
  /// Columns from here to the next byte that is not a blank or CR; npos when there is none.
  std::size_t next_text() const { return text_.find_first_not_of(" \t\r", i_); }
  std::size_t index() const { return i_; }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  const std::string& text_;
  std::size_t i_ = 0;
  int line_ = 1, column_ = 1;
};

CsvProblem problem(CsvProblem::Kind kind, int line, int column, std::string message) {
  return CsvProblem{kind, line, column, std::move(message)};
}

/// A quoted cell, the cursor on its opening quote; leaves the cursor past the closing quote.
CsvProblem quoted_cell(const std::string& text, Cursor& at, CsvCell& cell) {
  const int open_line = at.line(), open_column = at.column();
  cell = CsvCell{"", at.line(), at.column()};
  at.next();
  for (;;) {
    if (at.at_end())
      return problem(CsvProblem::kUnterminatedQuote, open_line, open_column, "unterminated quoted field");
    if (at.doubled_quote()) {
      cell.text += '"';
      at.next();
      at.next();
    } else if (text[at.index()] == '"') {
      at.next();
      break;
    } else {
      cell.text += text[at.index()];
      at.next();
    }
  }
  const std::size_t next = at.next_text();
  if (next != std::string::npos && text[next] != ',' && text[next] != '\n') {
    return problem(CsvProblem::kTextAfterQuote, at.line(), at.column() + static_cast<int>(next - at.index()),
                   "unexpected text after a closing quote; expected ',' or the end of the row");
  }
  return {};
}

}  // namespace

TextPosition text_position(const std::string& text, std::size_t offset) {
  TextPosition p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if (!is_continuation(text[i])) {
      ++p.column;
    }
  }
  return p;
}

CsvProblem split_csv(const std::string& text, std::vector<CsvRow>& rows, std::size_t max_rows) {
  Cursor at(text);
  CsvRow row{at.line(), 1, {}};
  CsvCell cell{"", at.line(), at.column()};
  bool row_has_text = false;
  while (!at.past_end()) {
    const char c = at.peek();
    if (c == '"' && blank(cell.text)) {
      if (auto p = quoted_cell(text, at, cell); p.kind != CsvProblem::kNone) return p;
      row_has_text = true;
      continue;
    }
    if (c != ',' && c != '\n') {
      cell.text += c;
      at.next();
      continue;
    }
    if (!cell.text.empty() && cell.text.back() == '\r') cell.text.pop_back();
    row_has_text = row_has_text || c == ',' || !cell.text.empty();
    row.cells.push_back(std::move(cell));
    if (c == '\n') {
      row.end_column = at.column();
      if (row_has_text && rows.size() >= max_rows) {
        return problem(CsvProblem::kTooManyRows, row.line, 1, "more than " + std::to_string(max_rows) + " rows");
      }
      if (row_has_text) rows.push_back(std::move(row));
      row = CsvRow{at.line() + 1, 1, {}};
      row_has_text = false;
    }
    at.next();
    cell = CsvCell{"", at.line(), at.column()};
  }
  return {};
}

}  // namespace civicsim::io
