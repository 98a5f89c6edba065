#include "io/h5_handle.hpp"

#include <vector>

#include "io/output_error.hpp"

namespace civicsim::io::h5 {

void silence_error_printing() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}
QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }

namespace {

herr_t collect_frame(unsigned /*depth*/, const H5E_error2_t* frame, void* data) {
  auto* frames = static_cast<std::vector<std::string>*>(data);
  std::string text = frame->desc ? frame->desc : "";
  char minor[256] = {0};
  const bool has_minor = H5Eget_msg(frame->min_num, nullptr, minor, sizeof minor) > 0;
  if (has_minor && text.find(minor) == std::string::npos) {
    text += text.empty() ? minor : std::string(" (") + minor + ")";
  }
  if (!text.empty()) frames->push_back(text);
  return 0;
}

/// HDF5's I/O messages carry a timestamp, buffer addresses and a newline around the one useful
/// part, "error message = '<strerror text>'": keep the part before the first ':' and that text.
std::string tidy(std::string text) {
  const std::string marker = "error message = '";
  const std::size_t start = text.find(marker);
  if (start != std::string::npos) {
    const std::size_t begin = start + marker.size();
    const std::size_t end = text.find('\'', begin);
    const std::string reason = text.substr(begin, end == std::string::npos ? end : end - begin);
    text = text.substr(0, text.find(':')) + ": " + reason;
  }
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

}  // namespace

std::string error_stack_text() {
  std::vector<std::string> frames;  // innermost (most specific) first
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_frame, &frames);
  H5Eclear2(H5E_DEFAULT);
  if (frames.empty()) return "unknown HDF5 error";
  // The innermost frame names the cause (e.g. "errno = 28, error message = 'No space left on
  // device'"); the outer ones only say which layers it passed through.
  return tidy(frames.front());
}

std::string path_of(hid_t object) {
  char name[1024] = {0};
  if (H5Iget_name(object, name, sizeof name) <= 0) return "(unnamed object)";
  return name;
}

void fail(int exit_code, const std::string& action, const std::string& path) {
  const std::string detail = error_stack_text();
  throw OutputError(exit_code, "HDF5 error " + action + " " + path + ": " + detail);
}

void fail_at(int exit_code, const std::string& action, hid_t object) {
  const std::string detail = error_stack_text();
  std::string where = path_of(object);
  char file[4096] = {0};
  if (H5Fget_name(object, file, sizeof file) > 0) where += std::string(" in '") + file + "'";
  H5Eclear2(H5E_DEFAULT);
  throw OutputError(exit_code, "HDF5 error " + action + " " + where + ": " + detail);
}

}  // namespace civicsim::io::h5
