#include "io/safe_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <random>
#include <system_error>

#include "io/output_error.hpp"
#include "io/scenario.hpp"

namespace civicsim::io {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBlockBytes = 1 << 20;

std::string reason(int error_number) { return std::error_code(error_number, std::generic_category()).message(); }

std::string in_quotes(const std::string& path) { return "'" + path + "'"; }

[[noreturn]] void fail(int exit_code, const std::string& what, const std::string& path) {
  const int error = errno;
  throw OutputError(exit_code, "cannot " + what + " " + in_quotes(path) + ": " + reason(error));
}

std::string folder_of(const std::string& path) {
  const fs::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

}  // namespace

std::string what_is_at(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return "";
  if (S_ISREG(st.st_mode)) return "a regular file";
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISDIR(st.st_mode)) return "a folder";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device node";
  if (S_ISFIFO(st.st_mode)) return "a fifo";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

void check_replaceable(const std::string& path, bool replace, const std::string& what) {
  const std::string there = what_is_at(path);
  if (there.empty()) return;
  if (there != "a regular file") {
    throw OutputError(kExitCantCreate, what + " " + in_quotes(path) + " is " + there +
                                           "; civicsim only ever replaces regular files (--force included)");
  }
  if (!replace)
    throw OutputError(kExitCantCreate, what + " " + in_quotes(path) + " already exists; use --force to replace it");
}

std::string unpredictable_temporary_name(const std::string& final_path, const std::string& infix) {
  static const char kLetters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device entropy;  // the kernel's random source: not guessable from the PID or the time
  std::string suffix(8, 'x');
  for (char& c : suffix) c = kLetters[entropy() % (sizeof kLetters - 1)];
  const fs::path target(final_path);
  return (fs::path(folder_of(final_path)) /
          ("." + target.filename().string() + infix + std::to_string(static_cast<long>(::getpid())) + "-" + suffix))
      .string();
}

int create_new_file(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
}

void sync_folder_of(const std::string& path) {
  const int dir = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  ::fsync(dir);  // best effort: some file systems refuse to sync folders
  ::close(dir);
}

int create_in_place(const std::string& path, bool replace, const std::string& what) {
  SafeFile file(path, replace, what);
  const int fd = ::dup(file.fd());
  if (fd < 0) fail(kExitCantCreate, "create", path);
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  file.commit(/*durable=*/false);  // two syncs of an empty file cost milliseconds of every run
  return fd;
}

SafeFile::SafeFile(const std::string& final_path, bool replace, const std::string& what, const std::string& infix)
    : final_(final_path), what_(what), replace_(replace) {
  if (final_path.empty() || !fs::path(final_path).has_filename()) {
    throw OutputError(kExitCantCreate, what + " " + in_quotes(final_path) + " does not name a file");
  }
  check_replaceable(final_path, replace, what);
  for (int attempt = 0; fd_ < 0; ++attempt) {
    temporary_ = unpredictable_temporary_name(final_path, infix);
    fd_ = create_new_file(temporary_);
    if (fd_ < 0 && (errno != EEXIST || attempt == 20)) {
      const int error = errno;
      throw OutputError(kExitCantCreate, "cannot create a file in the folder of " + what + " " + in_quotes(final_path) +
                                             ": " + reason(error));
    }
  }
  buffer_.reserve(kBlockBytes);
}

SafeFile::~SafeFile() { discard(); }

void SafeFile::write(const std::string& text) { write(text.data(), text.size()); }

void SafeFile::write(const char* data, std::size_t size) {
  buffer_.append(data, size);
  if (buffer_.size() >= kBlockBytes) flush_buffer();
}

void SafeFile::flush_buffer() {
  const char* p = buffer_.data();
  for (std::size_t left = buffer_.size(); left > 0;) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(kExitIoErr, "write", temporary_);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void SafeFile::sync_and_close(bool durable) {
  if (done_ || fd_ < 0) throw OutputError(kExitIoErr, what_ + " " + in_quotes(final_) + " was already finished");
  flush_buffer();
  if (durable && ::fsync(fd_) != 0) fail(kExitIoErr, "sync", temporary_);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(kExitIoErr, "write", temporary_);
}

std::string SafeFile::commit(bool durable) {
  try {
    sync_and_close(durable);
    check_replaceable(final_, replace_, what_);  // again: the folder may have changed meanwhile
    // rename(2) replaces the directory entry: a link put there since is replaced, not followed.
    if (::rename(temporary_.c_str(), final_.c_str()) != 0) fail(kExitIoErr, "rename the new file to", final_);
  } catch (...) {
    discard();
    throw;
  }
  done_ = true;
  if (durable) sync_folder_of(final_);
  return final_;
}

bool SafeFile::commit_if_absent() {
  sync_and_close();
  const int rc = ::link(temporary_.c_str(), final_.c_str());  // fails with EEXIST when the name is taken
  const int error = errno;
  discard();
  if (rc == 0) {
    sync_folder_of(final_);
    return true;
  }
  if (error == EEXIST) return false;
  errno = error;
  fail(kExitIoErr, "create", final_);
}

void SafeFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!done_ && !temporary_.empty()) ::unlink(temporary_.c_str());
  done_ = true;
}

void write_file_atomically(const std::string& path, const std::string& text) {
  SafeFile file(path, /*replace=*/true, "file");
  file.write(text);
  file.commit();
}

bool create_file_exclusively(const std::string& path, const std::string& text) {
  SafeFile file(path, /*replace=*/true, "file");
  file.write(text);
  return file.commit_if_absent();
}

}  // namespace civicsim::io
