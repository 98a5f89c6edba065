// HDF5 identifiers as owned values, and HDF5 failures as OutputError. Used by io/'s writer and
// reader (io/h5_write.hpp, io/h5_reader.hpp) and by viz_export/'s readers.
#pragma once

#include <hdf5.h>

#include <string>
#include <utility>

#include "io/exit_status.hpp"

namespace civicsim::io::h5 {

/// Owns one HDF5 identifier and closes it with the H5?close that matches its kind.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const noexcept { return id_; }
  explicit operator bool() const noexcept { return id_ >= 0; }
  /// Closes now and reports whether HDF5 could (closing a file is where buffered data is written).
  herr_t close() noexcept {
    herr_t status = 0;
    if (id_ >= 0 && closer_) status = closer_(id_);
    id_ = H5I_INVALID_HID;
    return status;
  }
  void reset() noexcept { close(); }
  /// Gives up ownership without closing (the identifier stays open in HDF5).
  hid_t release() noexcept { return std::exchange(id_, H5I_INVALID_HID); }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Turns HDF5's printing of its error stack off for its lifetime (our exceptions say what failed).
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
};

/// Turns off HDF5's printing of its error stack: failures become OutputError messages instead.
void silence_error_printing();

/// The most specific messages on HDF5's current error stack (which it then clears).
std::string error_stack_text();

/// The object's path in its file, for messages ("(unnamed object)" if it has none).
std::string path_of(hid_t object);

/// Throws OutputError(exit_code, "HDF5 error <action> <path>: <HDF5 detail>"). Call it before
/// any other HDF5 function: each one clears the error stack.
[[noreturn]] void fail(int exit_code, const std::string& action, const std::string& path);
/// The same, naming `object` by its path (looked up after the error stack has been read).
[[noreturn]] void fail_at(int exit_code, const std::string& action, hid_t object);

inline void check(herr_t status, const char* action, const std::string& path) {
  if (status < 0) fail(io::kExitIoErr, action, path);
}
inline void check(herr_t status, const char* action, hid_t object) {
  if (status < 0) fail_at(io::kExitIoErr, action, object);
}

/// Wraps a freshly returned identifier, throwing if HDF5 returned an error instead.
inline Handle own(hid_t id, Handle::Closer closer, const char* action, const std::string& path) {
  if (id < 0) fail(io::kExitIoErr, action, path);
  return Handle(id, closer);
}

}  // namespace civicsim::io::h5
