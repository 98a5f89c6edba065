#include "io/h5_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "io/output_error.hpp"
#include "io/safe_file.hpp"

namespace civicsim::io::h5 {

namespace fs = std::filesystem;

namespace {

std::string reason(int error_number) { return std::error_code(error_number, std::generic_category()).message(); }

std::string in_quotes(const fs::path& path) { return "'" + path.string() + "'"; }

/// Flushes a file's (or folder's) data to the device: a renamed file must not be empty after a
/// crash.
bool sync_to_disk(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return ok;
}

/// Points the file descriptor under an open sec2-driver HDF5 file at an anonymous in-memory file,
/// so that the writes HDF5 makes on close cannot fail (and the disk file is released now).
bool redirect_writes_to_memory(hid_t file) {
#if defined(__linux__)
  Handle access(H5Fget_access_plist(file), H5Pclose);
  void* handle = nullptr;
  if (!access || H5Pget_driver(access.get()) != H5FD_SEC2 || H5Fget_vfd_handle(file, access.get(), &handle) < 0 ||
      handle == nullptr) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  const int sink = ::memfd_create("civicsim-discarded-output", MFD_CLOEXEC);
  if (sink < 0) return false;
  const bool redirected = ::dup2(sink, *static_cast<int*>(handle)) >= 0;
  ::close(sink);
  return redirected;
#else
  (void)file;
  return false;
#endif
}

}  // namespace

AtomicFile::AtomicFile(const std::string& final_path, bool force) : final_path_(final_path), force_(force) {
  silence_error_printing();
  const fs::path target(final_path);
  if (final_path.empty() || !target.has_filename()) {
    throw OutputError(io::kExitCantCreate, "output path " + in_quotes(target) + " does not name a file");
  }
  check_replaceable(final_path, force, "output file");  // only a regular file, and only with --force
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) {
    throw OutputError(io::kExitCantCreate, "cannot create output folder " + in_quotes(folder) + ": " + ec.message());
  }
  // Our own temporary name, `.NAME.partial-PID-RANDOM`, which H5F_ACC_EXCL creates with O_EXCL:
  // never an existing file, never through a symbolic link that someone put there.
  for (int attempt = 1; temporary_path_.empty(); ++attempt) {
    const std::string candidate = unpredictable_temporary_name(final_path, ".partial-");
    if (what_is_at(candidate).empty()) temporary_path_ = candidate;
    if (attempt == 20 && temporary_path_.empty()) {
      throw OutputError(io::kExitCantCreate, "cannot find a free temporary name in output folder " + in_quotes(folder));
    }
  }

  try {
    Handle access = own(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "creating", temporary_path_);
    // Closing the file closes whatever is still open in it: no object keeps it alive.
    check(H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG), "creating", temporary_path_);
    file_ = Handle(H5Fcreate(temporary_path_.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, access.get()), H5Fclose);
    if (!file_) fail(io::kExitCantCreate, "creating", temporary_path_);
    created_ = true;
  } catch (...) {
    discard();
    throw;
  }
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::publish() {
  if (published_ || !created_) {
    throw OutputError(io::kExitIoErr, "output file " + in_quotes(final_path_) + " was already finished");
  }
  // Flush first: if that fails the file is still open and discard() can abandon it safely;
  // after it, closing has nothing left to write.
  check(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "writing", temporary_path_);
  if (file_.close() < 0) fail(io::kExitIoErr, "closing", temporary_path_);
  if (!sync_to_disk(temporary_path_, O_RDONLY)) {
    const int error = errno;
    throw OutputError(io::kExitIoErr, "cannot sync " + in_quotes(temporary_path_) + " to disk: " + reason(error));
  }
  const std::string there = what_is_at(final_path_);
  if (!there.empty() && (!force_ || there != "a regular file")) {
    // Someone else took the name while we ran: keep the complete results under the temporary
    // name rather than delete them or overwrite the other file.
    created_ = false;
    throw OutputError(io::kExitCantCreate, "output file " + in_quotes(final_path_) + " (" + there +
                                               ") appeared while the run was writing; the results are " + "in " +
                                               in_quotes(temporary_path_) + " (--force replaces a regular file only)");
  }
  if (::rename(temporary_path_.c_str(), final_path_.c_str()) != 0) {
    const int error = errno;
    throw OutputError(io::kExitIoErr, "cannot rename " + in_quotes(temporary_path_) + " to " + in_quotes(final_path_) +
                                          ": " + reason(error));
  }
  published_ = true;
  // Make the new name itself durable; the file is complete either way, so this is best effort.
  const fs::path final_path(final_path_);
  sync_to_disk(final_path.has_parent_path() ? final_path.parent_path() : fs::path("."), O_RDONLY | O_DIRECTORY);
}

void AtomicFile::drop_contents() noexcept {
  if (!created_ || published_) return;
  const int fd = ::open(temporary_path_.c_str(), O_WRONLY | O_CLOEXEC);
  ::unlink(temporary_path_.c_str());
  created_ = false;  // nothing left under any name
  if (file_ && !redirect_writes_to_memory(file_.get()) && fd >= 0) {
    [[maybe_unused]] const int emptied = ::ftruncate(fd, 0);  // at least free the disk space
  }
  if (fd >= 0) ::close(fd);
}

void AtomicFile::discard() noexcept {
  drop_contents();
  if (!file_) return;
  if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) {
    // HDF5 1.10 cannot flush a file again once a flush of its metadata failed ("slist already
    // enabled"), and a failed H5Fclose frees the file but keeps its identifier, which then
    // crashes the library's shutdown. Leave this one open: the library's shutdown closes it once,
    // writing into memory (its file is already deleted).
    H5Eclear2(H5E_DEFAULT);
    file_.release();
    return;
  }
  file_.reset();
}

}  // namespace civicsim::io::h5
