// An HDF5 file that appears under its final name only when complete: it is written as
// `.NAME.partial-PID-RANDOM` in the final folder (created with O_EXCL, io/safe_file.hpp) and
// renamed by publish(); discarded otherwise.
// Internal to io/.
#pragma once

#include <hdf5.h>

#include <string>

#include "io/h5_handle.hpp"

namespace civicsim::io::h5 {

class AtomicFile {
 public:
  /// Creates the final folder (with parents) and the temporary file. Throws OutputError 73 when
  /// `final_path` exists and `force` is false, when it is not a regular file (a link, a device, a
  /// fifo, a folder: refused even with `force`), or when the folder or file cannot be created.
  AtomicFile(const std::string& final_path, bool force);
  ~AtomicFile();  // discard() unless published
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  hid_t id() const { return file_.get(); }
  const std::string& final_path() const { return final_path_; }
  const std::string& temporary_path() const { return temporary_path_; }
  bool published() const { return published_; }

  /// Closes the file (every object in it must be closed already), syncs it to disk and renames it
  /// to the final name. Throws OutputError 74 on I/O errors, 73 if the final name was taken
  /// meanwhile and `force` is false.
  void publish();
  /// Removes the temporary file, leaving the HDF5 file open (on an in-memory file) until
  /// discard(). Call it before closing anything of an abandoned file: HDF5 1.10 writes its caches
  /// on close, and a close that fails (a full disk) leaves a broken file identifier behind that
  /// crashes the process when the library shuts down (fixed in HDF5 1.14). Never throws.
  void drop_contents() noexcept;
  /// Closes and deletes the temporary file. Never throws.
  void discard() noexcept;

 private:
  std::string final_path_;
  std::string temporary_path_;
  bool force_ = false;
  bool created_ = false;  // the temporary file is ours to delete
  bool published_ = false;
  Handle file_;
};

}  // namespace civicsim::io::h5
