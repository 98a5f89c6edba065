#include "io/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "io/output.hpp"
#include "io/safe_file.hpp"
#include "io/scenario.hpp"

namespace civicsim::io {

namespace fs = std::filesystem;

namespace {

std::string reason(int error_number) { return std::error_code(error_number, std::generic_category()).message(); }

/// "PID 123 on host node7 since 2026-12-06T15:00:00Z": what the lock file says about its holder.
std::string holder_text() {
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  char when[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return "PID " + std::to_string(static_cast<long>(::getpid())) + " on host " + host + " since " + when;
}

std::string read_holder(int fd) {
  char buffer[512];
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string text(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text.empty() ? "a process that has not written its name yet" : text;
}

/// Whether `fd` is still the file at `path` (a holder that finished removes its lock file: a lock
/// on the removed file protects nothing).
bool still_at(int fd, const std::string& path) {
  struct stat held {
  }, named{};
  return ::fstat(fd, &held) == 0 && ::lstat(path.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
         held.st_ino == named.st_ino;
}

}  // namespace

std::string run_lock_path(const std::string& output) {
  const fs::path p(output);
  return (p.parent_path() / ("." + p.filename().string() + ".lock")).string();
}

RunLock::RunLock(const std::string& output) : path_(run_lock_path(output)) {
  for (int attempt = 0;; ++attempt) {
    check_replaceable(path_, /*replace=*/true, "lock file");  // a link or a device is refused
    // O_NOFOLLOW: never through a link put there after the check; not O_EXCL, the file may be
    // another run's.
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      const int error = errno;
      throw OutputError(kExitCantCreate, "cannot create the lock file '" + path_ + "': " + reason(error));
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      fd_ = -1;
      throw OutputError(kExitCantCreate, "lock file '" + path_ + "' is not a regular file");
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      if (error != EWOULDBLOCK) {  // a file system without locks (ENOLCK, EOPNOTSUPP): run unguarded
        unlocked_reason_ = "cannot lock '" + path_ + "' (" + reason(error) + "): nothing stops a second run of '" +
                           output + "' from sharing its checkpoint";
        ::close(fd_);
        fd_ = -1;
        return;
      }
      const std::string holder = read_holder(fd_);
      ::close(fd_);
      fd_ = -1;
      throw OutputError(kExitTempFail, "another run is writing '" + output + "' (" + holder + ", lock file '" + path_ +
                                           "'); wait for it to end, or stop it, and try again");
    }
    if (still_at(fd_, path_)) break;
    ::close(fd_);  // its holder removed it as we took it: take the new one
    fd_ = -1;
    if (attempt == 20) throw OutputError(kExitTempFail, "cannot lock '" + path_ + "': it keeps being replaced");
  }
  // The note is best effort: without it the lock still holds, and a second run names no holder.
  const std::string holder = holder_text() + "\n";
  [[maybe_unused]] const bool noted =
      ::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, holder.data(), holder.size(), 0) == static_cast<ssize_t>(holder.size());
}

RunLock::~RunLock() {
  if (fd_ < 0) {
    if (!unlocked_reason_.empty()) ::unlink(path_.c_str());
    return;
  }
  ::unlink(path_.c_str());  // while still held: whoever opens it next sees it is gone (still_at)
  ::close(fd_);
}

}  // namespace civicsim::io
