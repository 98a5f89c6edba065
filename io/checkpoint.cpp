// The checkpoint file, byte by byte (little-endian):
//   "CIVICSIM CHECKPOINT\n"                          magic, 20 bytes
//   u32 format
//   u32 n, then n times: u32 key length, key, u64 value length, value     the header
//   per state array: u8 1, u16 name length, name, u32 element bytes, u64 count, the elements
//   u8 0                                              end of the arrays
//   "CKPT-END" u64 body length u32 CRC-32(body)       the footer; body = everything before it
// The records log that goes with it: io/records_log.cpp.
#include "io/checkpoint.hpp"

#include "io/checkpoint_bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <system_error>
#include <vector>

namespace civicsim::io {

namespace fs = std::filesystem;
using namespace detail;

namespace {

constexpr char kMagic[] = "CIVICSIM CHECKPOINT\n";
constexpr std::size_t kMagicBytes = sizeof(kMagic) - 1;
constexpr char kEnd[] = "CKPT-END";
constexpr std::size_t kFooterBytes = 8 + 8 + 4;

/// Writes to a file descriptor through a buffer, keeping the CRC-32 of everything written.
class Writer {
 public:
  Writer(int fd, std::string path) : fd_(fd), path_(std::move(path)) { buffer_.reserve(kBuffer); }
  void bytes(const void* data, std::size_t n) {
    crc_ = crc_update(crc_, data, n);
    total_ += n;
    const auto* p = static_cast<const char*>(data);
    if (buffer_.size() + n > kBuffer) flush();
    if (n >= kBuffer) {
      raw(p, n);
    } else {
      buffer_.insert(buffer_.end(), p, p + n);
    }
  }
  template <class T>
  void value(T x) {
    bytes(&x, sizeof x);
  }
  void text(const std::string& s, bool wide) {
    if (wide)
      value<std::uint64_t>(s.size());
    else
      value<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
  void flush() {
    raw(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  std::uint32_t crc() const { return crc_; }
  std::uint64_t total() const { return total_; }

 private:
  void raw(const char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) io_error("cannot write the checkpoint", path_);
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }
  static constexpr std::size_t kBuffer = 1u << 20;
  int fd_;
  std::string path_;
  std::vector<char> buffer_;
  std::uint32_t crc_ = 0;
  std::uint64_t total_ = 0;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::map<std::string, std::string> header_fields(const CheckpointHeader& h) {
  return {{"civicsim_version", h.civicsim_version},
          {"git_sha", h.git_sha},
          {"backend", h.backend},
          {"scenario_name", h.scenario_name},
          {"scenario_resolved", h.scenario_resolved},
          {"sweep_run", h.sweep_run},
          {"output", h.output},
          {"created_utc", h.created_utc},
          {"started_utc", h.started_utc},
          {"day", std::to_string(h.day)},
          {"time_seconds", std::to_string(h.time_seconds)},
          {"in_day", h.in_day ? "1" : "0"},
          {"days", std::to_string(h.days)},
          {"records_bytes", std::to_string(h.records_bytes)},
          {"records_crc", std::to_string(h.records_crc)},
          {"wall_seconds", std::to_string(h.wall_seconds)},
          {"resumes", std::to_string(h.resumes)}};
}

/// Reads a checked file from memory-sized pieces; every read is bounds-checked (a file that passed
/// the checksum can still come from a buggy or hostile writer).
class Reader {
 public:
  Reader(const std::string& path, std::uint64_t body_bytes) : path_(path), left_(body_bytes) {
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) io_error("cannot open the checkpoint", path);
    std::setvbuf(file_, nullptr, _IOFBF, 1u << 20);
  }
  ~Reader() { std::fclose(file_); }
  void bytes(void* data, std::uint64_t n) {
    if (n > left_) damaged("it ends inside a field");
    if (n > 0 && std::fread(data, 1, static_cast<std::size_t>(n), file_) != n)
      io_error("cannot read the checkpoint", path_);
    left_ -= n;
  }
  template <class T>
  T value() {
    T x{};
    bytes(&x, sizeof x);
    return x;
  }
  std::string text(bool wide) {
    const std::uint64_t n = wide ? value<std::uint64_t>() : value<std::uint32_t>();
    if (n > left_) damaged("a text field is longer than the file");
    std::string s(static_cast<std::size_t>(n), '\0');
    bytes(s.data(), n);
    return s;
  }
  std::uint64_t left() const { return left_; }
  [[noreturn]] void damaged(const std::string& why) const {
    throw CheckpointError(kExitDataErr, "checkpoint '" + path_ + "' is not usable: " + why);
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::uint64_t left_;
};

/// Checks size, end marker and checksum; returns the body's length.
std::uint64_t check_envelope(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw CheckpointError(kExitNoInput, "no checkpoint '" + path + "'");
  if (!fs::is_regular_file(status)) throw CheckpointError(kExitDataErr, "checkpoint '" + path + "' is not a file");
  const std::uint64_t size = fs::file_size(path, ec);
  const std::string refused = "checkpoint '" + path + "' is not usable: ";
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) io_error("cannot open the checkpoint", path);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, std::fclose);
  char magic[kMagicBytes] = {};
  if (size < kMagicBytes || std::fread(magic, 1, kMagicBytes, f) != kMagicBytes ||
      std::memcmp(magic, kMagic, kMagicBytes) != 0) {
    throw CheckpointError(kExitDataErr,
                          refused + "it is not a civicsim checkpoint (no 'CIVICSIM CHECKPOINT' at its start)");
  }
  char footer[kFooterBytes];
  if (size < kMagicBytes + kFooterBytes || std::fseek(f, static_cast<long>(size - kFooterBytes), SEEK_SET) != 0 ||
      std::fread(footer, 1, kFooterBytes, f) != kFooterBytes || std::memcmp(footer, kEnd, 8) != 0) {
    throw CheckpointError(kExitDataErr, refused + "it is truncated (" + std::to_string(size) +
                                            " bytes and no end marker): the write was cut short");
  }
  std::uint64_t body = 0;
  std::uint32_t crc = 0;
  std::memcpy(&body, footer + 8, 8);
  std::memcpy(&crc, footer + 16, 4);
  if (body != size - kFooterBytes) {
    throw CheckpointError(kExitDataErr, refused + "its length (" + std::to_string(size) + " bytes) is not the " +
                                            std::to_string(body + kFooterBytes) + " its end marker records");
  }
  std::rewind(f);
  const std::uint32_t actual = crc_of_start(f, body, "cannot read the checkpoint", path);
  if (actual != crc) {
    throw CheckpointError(kExitDataErr, refused + "its checksum does not match (CRC-32 " + std::to_string(actual) +
                                            ", recorded " + std::to_string(crc) + "): the file is damaged");
  }
  return body;
}

CheckpointHeader read_header(Reader& r) {
  char magic[kMagicBytes];
  r.bytes(magic, kMagicBytes);
  CheckpointHeader h;
  h.format = static_cast<int>(r.value<std::uint32_t>());
  if (h.format != kCheckpointFormat) {
    throw CheckpointError(kExitDataErr, "the checkpoint has format " + std::to_string(h.format) +
                                            "; this civicsim reads format " + std::to_string(kCheckpointFormat));
  }
  const std::uint32_t n = r.value<std::uint32_t>();
  std::map<std::string, std::string> f;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string key = r.text(false);
    f[key] = r.text(true);
  }
  const auto number = [&](const char* key) -> std::int64_t {
    try {
      return std::stoll(f.at(key));
    } catch (const std::exception&) {
      r.damaged(std::string("its header has no valid '") + key + "'");
    }
  };
  h.civicsim_version = f["civicsim_version"];
  h.git_sha = f["git_sha"];
  h.backend = f["backend"];
  h.scenario_name = f["scenario_name"];
  h.scenario_resolved = f["scenario_resolved"];
  h.sweep_run = f["sweep_run"];
  h.output = f["output"];
  h.created_utc = f["created_utc"];
  h.started_utc = f["started_utc"];
  h.day = static_cast<int>(number("day"));
  h.time_seconds = number("time_seconds");
  h.in_day = number("in_day") != 0;
  h.days = static_cast<int>(number("days"));
  h.records_bytes = static_cast<std::uint64_t>(number("records_bytes"));
  h.records_crc = static_cast<std::uint32_t>(number("records_crc"));
  h.resumes = static_cast<int>(number("resumes"));
  try {
    h.wall_seconds = std::stod(f.at("wall_seconds"));
  } catch (const std::exception&) {
    r.damaged("its header has no valid 'wall_seconds'");
  }
  return h;
}

/// The state arrays of an open checkpoint, one after the other.
class FileSource : public StateSource {
 public:
  explicit FileSource(Reader& r) : r_(r) {}
  std::uint64_t next(const std::string& name, std::size_t element_bytes) override {
    if (r_.value<std::uint8_t>() != 1) {
      throw StateError("the checkpoint ends before the state array '" + name + "' (another build's layout)");
    }
    const std::uint16_t length = r_.value<std::uint16_t>();
    std::string found(length, '\0');
    r_.bytes(found.data(), length);
    const std::uint32_t bytes = r_.value<std::uint32_t>();
    count_ = r_.value<std::uint64_t>();
    if (found != name || bytes != element_bytes) {
      throw StateError("the checkpoint holds '" + found + "' (" + std::to_string(bytes) + "-byte values) where '" +
                       name + "' (" + std::to_string(element_bytes) + "-byte values) belongs (another build's layout)");
    }
    if (count_ > r_.left() / std::max<std::size_t>(element_bytes, 1))
      r_.damaged("array '" + name + "' is longer than the file");
    bytes_ = count_ * element_bytes;
    return count_;
  }
  void read(void* data) override { r_.bytes(data, bytes_); }
  void finish() {
    if (r_.value<std::uint8_t>() != 0) throw StateError("the checkpoint holds more state arrays than this build has");
  }

 private:
  Reader& r_;
  std::uint64_t count_ = 0, bytes_ = 0;
};

/// State arrays into the checkpoint file.
class FileSink : public StateSink {
 public:
  explicit FileSink(Writer& w) : w_(w) {}
  void write(const std::string& name, std::size_t element_bytes, std::uint64_t count, const void* data) override {
    w_.value<std::uint8_t>(1);
    w_.value<std::uint16_t>(static_cast<std::uint16_t>(name.size()));
    w_.bytes(name.data(), name.size());
    w_.value<std::uint32_t>(static_cast<std::uint32_t>(element_bytes));
    w_.value<std::uint64_t>(count);
    w_.bytes(data, element_bytes * count);
  }

 private:
  Writer& w_;
};

/// The first line at which two texts differ, quoted from both.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(sa, la)), hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return "";
    if (!ha) la = "(end)";
    if (!hb) lb = "(end)";
    if (la != lb || !ha || !hb) {
      const auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(' '));
        return s.size() > 120 ? s.substr(0, 120) + "..." : s;
      };
      return "line " + std::to_string(line) + " of the resolved scenario is '" + trim(la) + "' in the checkpoint, '" +
             trim(lb) + "' now";
    }
  }
}

}  // namespace

std::string records_log_path(const std::string& path) { return path + ".records"; }

void write_checkpoint(const std::string& path, const CheckpointHeader& header,
                      const std::function<void(StateSink&)>& save,
                      const std::function<void(const std::string&)>& created) {
  check_replaceable(path, /*replace=*/true, "checkpoint");
  std::string temporary;
  Fd fd{-1};
  for (int attempt = 0; fd.fd < 0; ++attempt) {
    temporary = unpredictable_temporary_name(path, ".tmp-");
    fd.fd = create_new_file(temporary);
    if (fd.fd < 0 && (errno != EEXIST || attempt == 20)) io_error("cannot create the checkpoint", temporary);
  }
  if (created) created(temporary);
  try {
    Writer w(fd.fd, temporary);
    w.bytes(kMagic, kMagicBytes);
    w.value<std::uint32_t>(static_cast<std::uint32_t>(header.format));
    const auto fields = header_fields(header);
    w.value<std::uint32_t>(static_cast<std::uint32_t>(fields.size()));
    for (const auto& [key, value] : fields) {
      w.text(key, false);
      w.text(value, true);
    }
    FileSink sink(w);
    save(sink);
    w.value<std::uint8_t>(0);
    const std::uint64_t body = w.total();
    const std::uint32_t crc = w.crc();
    w.bytes(kEnd, 8);
    w.value(body);
    w.value(crc);
    w.flush();
    if (::fsync(fd.fd) != 0) io_error("cannot sync the checkpoint", temporary);
    ::close(fd.fd);
    fd.fd = -1;
    check_replaceable(path, /*replace=*/true, "checkpoint");  // again: rename replaces a link put there since
    if (std::rename(temporary.c_str(), path.c_str()) != 0) io_error("cannot rename the checkpoint to", path);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  sync_folder_of(path);
}

CheckpointHeader read_checkpoint_header(const std::string& path) {
  const std::uint64_t body = check_envelope(path);
  Reader r(path, body);
  return read_header(r);
}

void read_checkpoint_state(const std::string& path, const std::function<void(StateSource&)>& load) {
  const std::uint64_t body = check_envelope(path);
  Reader r(path, body);
  read_header(r);
  FileSource source(r);
  load(source);
  source.finish();
}

std::string checkpoint_mismatch(const CheckpointHeader& saved, const CheckpointHeader& current) {
  if (saved.format != current.format) {
    return "it has checkpoint format " + std::to_string(saved.format) + "; this civicsim reads format " +
           std::to_string(current.format);
  }
  if (saved.civicsim_version != current.civicsim_version || saved.git_sha != current.git_sha ||
      saved.backend != current.backend) {
    return "it was written by civicsim " + saved.civicsim_version + " (git " + saved.git_sha + ", " + saved.backend +
           "), this is civicsim " + current.civicsim_version + " (git " + current.git_sha + ", " + current.backend +
           "): resume it with the build that wrote it";
  }
  if (saved.sweep_run != current.sweep_run) {
    return "it belongs to sweep run '" + saved.sweep_run + "', not '" + current.sweep_run + "'";
  }
  if (saved.scenario_resolved != current.scenario_resolved) {
    return "it is from another run (scenario '" + saved.scenario_name +
           "'): " + first_difference(saved.scenario_resolved, current.scenario_resolved);
  }
  return "";
}

}  // namespace civicsim::io
