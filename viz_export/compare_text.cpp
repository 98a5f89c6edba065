#include "viz_export/compare_text.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "io/csv_text.hpp"
#include "io/output.hpp"
#include "io/scenario.hpp"
#include "viz_export/compare.hpp"

namespace civicsim::viz::compare {

namespace fs = std::filesystem;

AtomicText::AtomicText(const std::string& dir, const std::string& name) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw CompareError(io::kExitCantCreate, "cannot create output folder '" + dir + "': " + ec.message());
  try {
    file_.emplace((fs::path(dir) / name).string(), /*replace=*/true, "output file");
  } catch (const io::OutputError& e) {
    throw CompareError(e.exit_code, e.what());
  }
}

void AtomicText::write(const std::string& text) {
  try {
    file_->write(text);
  } catch (const io::OutputError& e) {
    throw CompareError(e.exit_code, e.what());
  }
}

std::string AtomicText::commit() {
  try {
    return file_->commit();
  } catch (const io::OutputError& e) {
    throw CompareError(e.exit_code, e.what());
  }
}

std::string csv_field(const std::string& text) { return io::csv_field(text); }

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string shortened(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes || bytes == 0) return text;
  std::size_t cut = bytes - 1;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a continuation byte
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

std::string human_number(double value) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  if (std::fabs(value) >= 10000 && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(value));
    std::string digits = buf, grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return (value < 0 ? "-" : "") + grouped;
  }
  std::snprintf(buf, sizeof buf, "%.4g", value);
  std::string text = buf;
  return text == "-0" ? "0" : text;
}

}  // namespace civicsim::viz::compare
