#include "viz_export/compare_text.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "io/csv_text.hpp"
#include "io/scenario.hpp"
#include "viz_export/compare.hpp"

namespace civicsim::viz::compare {

namespace fs = std::filesystem;

AtomicText::AtomicText(const std::string& dir, const std::string& name)
    : final_(fs::path(dir) / name),
      temporary_(fs::path(dir) / ("." + name + ".partial-" + std::to_string(static_cast<long>(::getpid())))) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw CompareError(io::kExitCantCreate, "cannot create output folder '" + dir + "': " + ec.message());
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) throw CompareError(io::kExitCantCreate, "cannot write '" + temporary_.string() + "'");
}

AtomicText::~AtomicText() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    fs::remove(temporary_, ec);
  }
}

std::string AtomicText::commit() {
  out_.close();
  if (!out_) throw CompareError(io::kExitIoErr, "error while writing '" + temporary_.string() + "'");
  std::error_code ec;
  fs::rename(temporary_, final_, ec);
  if (ec) {
    throw CompareError(io::kExitCantCreate, "cannot rename '" + temporary_.string() + "' to '" +
                                                final_.string() + "': " + ec.message());
  }
  committed_ = true;
  return final_.string();
}

std::string csv_field(const std::string& text) { return io::csv_field(text); }

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
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
