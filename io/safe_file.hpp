// The one way civicsim creates a file (docs/robustness.md, "Someone else can write the output
// folder"): a new file under an unpredictable temporary name in the target folder, opened with
// O_CREAT | O_EXCL | O_NOFOLLOW (never an existing file, never through a symbolic link), written,
// synced and renamed over the target. Only a regular file is ever replaced: a symbolic link, a
// device node, a fifo, a socket or a folder at the target is refused with exit 73.
#pragma once

#include <cstddef>
#include <string>

namespace civicsim::io {

/// Refuses (OutputError 73, naming `path` and what stands there) a target that exists and is not
/// a regular file, or is a regular file and `replace` is false. `what` names the file in the
/// message ("output file", "timings file"...). A symbolic link is judged itself, not its target.
void check_replaceable(const std::string& path, bool replace, const std::string& what);

/// "a symbolic link", "a device node", "a fifo", "a socket", "a folder", "a regular file", or ""
/// when nothing is at `path`.
std::string what_is_at(const std::string& path);

/// `.NAME` + infix + PID + "-" + random letters, beside `final_path`: a name nobody can prepare.
std::string unpredictable_temporary_name(const std::string& final_path, const std::string& infix);

/// Creates a new file `path` (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0644 before umask) and returns
/// its descriptor, or -1 with errno set.
int create_new_file(const std::string& path);

/// Creates an empty file at `path` now, for a file written as it goes (a log): a new temporary
/// file renamed over `path` at once (replacing only a regular file, and only with `replace`).
/// Returns its descriptor, open for writing. Nothing is synced: the caller syncs the file, and
/// its folder, when what it holds starts to matter (an empty log needs neither). Throws
/// OutputError 73.
int create_in_place(const std::string& path, bool replace, const std::string& what);

/// Syncs the folder holding `path` to disk (a rename or removal in it then survives a crash).
void sync_folder_of(const std::string& path);

/// A file written under a temporary name beside its target and renamed over it by commit();
/// removed when never committed. Throws OutputError: 73 when it cannot be created or the target
/// is refused (check_replaceable), 74 on write, sync or rename errors.
class SafeFile {
 public:
  /// `replace`: a regular file at the target may be replaced. `infix` goes in the temporary name
  /// (`.NAME` + infix + PID-random): what `inspect` and the clean-up of leftovers look for.
  SafeFile(const std::string& final_path, bool replace, const std::string& what,
           const std::string& infix = ".partial-");
  ~SafeFile();
  SafeFile(const SafeFile&) = delete;
  SafeFile& operator=(const SafeFile&) = delete;

  int fd() const { return fd_; }
  const std::string& final_path() const { return final_; }
  const std::string& temporary_path() const { return temporary_; }

  /// Buffers `text` (written out in large blocks).
  void write(const std::string& text);
  void write(const char* data, std::size_t size);
  /// Writes what is buffered, syncs, closes, checks the target again and renames over it (then
  /// syncs the folder). Returns the final path. `durable` false: neither sync.
  std::string commit(bool durable = true);
  /// Commits under the final name only if nothing is there (link(2)): false when it was taken.
  bool commit_if_absent();
  /// Closes and removes the temporary file. Never throws.
  void discard() noexcept;

 private:
  void flush_buffer();
  void sync_and_close(bool durable = true);
  std::string final_, temporary_, what_;
  bool replace_;
  int fd_ = -1;
  bool done_ = false;
  std::string buffer_;
};

/// Writes `text` to `path` through a SafeFile (replacing a regular file).
void write_file_atomically(const std::string& path, const std::string& text);
/// Creates `path` with `text` only if nothing is there yet, atomically (a complete file or none,
/// even with other processes racing for the name). False when the name was taken.
bool create_file_exclusively(const std::string& path, const std::string& text);

}  // namespace civicsim::io
