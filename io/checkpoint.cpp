// The checkpoint file, byte by byte (little-endian):
//   "CIVICSIM CHECKPOINT\n"                          magic, 20 bytes
//   u32 format
//   u32 n, then n times: u32 key length, key, u64 value length, value     the header
//   per state array: u8 1, u16 name length, name, u32 element bytes, u64 count, the elements
//   u8 0                                              end of the arrays
//   "CKPT-END" u64 body length u32 CRC-32(body)       the footer; body = everything before it
// The records log is a sequence of frames: u8 kind (1 interval, 2 day), i32 index, u64 raw
// length, u64 compressed length, then the record's vectors (u64 count + values each), deflated.
#include "io/checkpoint.hpp"

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

namespace {

constexpr char kMagic[] = "CIVICSIM CHECKPOINT\n";
constexpr std::size_t kMagicBytes = sizeof(kMagic) - 1;
constexpr char kEnd[] = "CKPT-END";
constexpr std::size_t kFooterBytes = 8 + 8 + 4;

std::string reason(int error_number) { return std::error_code(error_number, std::generic_category()).message(); }

[[noreturn]] void io_error(const std::string& what, const std::string& path) {
  throw CheckpointError(kExitIoErr, what + " '" + path + "': " + reason(errno));
}

std::uint32_t crc_update(std::uint32_t crc, const void* data, std::size_t n) {
  const auto* p = static_cast<const Bytef*>(data);
  while (n > 0) {  // zlib takes at most 4 GiB a call
    const uInt chunk = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    crc = static_cast<std::uint32_t>(crc32(crc, p, chunk));
    p += chunk;
    n -= chunk;
  }
  return crc;
}

/// The CRC-32 of the next `bytes` bytes of `f`, read in 1 MiB pieces.
std::uint32_t crc_of_start(std::FILE* f, std::uint64_t bytes, const char* what, const std::string& path) {
  std::vector<char> buffer(1u << 20);
  std::uint32_t crc = 0;
  for (std::uint64_t left = bytes; left > 0;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
    if (std::fread(buffer.data(), 1, n, f) != n) io_error(what, path);
    crc = crc_update(crc, buffer.data(), n);
    left -= n;
  }
  return crc;
}

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
    if (wide) value<std::uint64_t>(s.size()); else value<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
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
    if (n > 0 && std::fread(data, 1, static_cast<std::size_t>(n), file_) != n) io_error("cannot read the checkpoint", path_);
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
    throw CheckpointError(kExitDataErr, refused + "it is not a civicsim checkpoint (no 'CIVICSIM CHECKPOINT' at its start)");
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
    if (count_ > r_.left() / std::max<std::size_t>(element_bytes, 1)) r_.damaged("array '" + name + "' is longer than the file");
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

// ---- records --------------------------------------------------------------------------------

template <class T>
void put_vector(std::string& out, const std::vector<T>& v) {
  const std::uint64_t n = v.size();
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(reinterpret_cast<const char*>(v.data()), n * sizeof(T));
}

template <class T>
bool get_vector(const std::string& in, std::size_t& at, std::vector<T>& v) {
  std::uint64_t n = 0;
  if (in.size() - at < sizeof n) return false;
  std::memcpy(&n, in.data() + at, sizeof n);
  at += sizeof n;
  if (n > (in.size() - at) / sizeof(T)) return false;
  v.resize(static_cast<std::size_t>(n));
  if (n > 0) std::memcpy(v.data(), in.data() + at, static_cast<std::size_t>(n) * sizeof(T));
  at += static_cast<std::size_t>(n) * sizeof(T);
  return true;
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
    return "it is from another run (scenario '" + saved.scenario_name + "'): " +
           first_difference(saved.scenario_resolved, current.scenario_resolved);
  }
  return "";
}

// ---- the records log ----------------------------------------------------------------------------

RecordLog::RecordLog(const std::string& path, std::uint64_t bytes, std::uint32_t crc)
    : path_(path), bytes_(bytes), crc_(crc) {
  // A link or a device at `path` is refused, never followed (io/safe_file.hpp).
  check_replaceable(path, /*replace=*/true, "records log");
  fd_ = bytes == 0 ? create_in_place(path, /*replace=*/true, "records log")
                   : ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd_ < 0) io_error("cannot open the records log", path);
  if (::ftruncate(fd_, static_cast<off_t>(bytes)) != 0 || ::lseek(fd_, static_cast<off_t>(bytes), SEEK_SET) < 0) {
    const int saved = errno;
    ::close(fd_);
    errno = saved;
    io_error("cannot cut the records log back to its checkpoint", path);
  }
}

RecordLog::~RecordLog() {
  if (fd_ >= 0) ::close(fd_);
}

void RecordLog::frame(std::uint8_t kind, int index, const std::string& raw) {
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string frame(1 + 4 + 8 + 8 + packed_size, '\0');
  char* packed = frame.data() + 21;
  if (compress2(reinterpret_cast<Bytef*>(packed), &packed_size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), 1) != Z_OK) {
    throw CheckpointError(kExitIoErr, "cannot compress a record for the records log '" + path_ + "'");
  }
  const std::int32_t i = index;
  const std::uint64_t raw_size = raw.size(), packed_bytes = packed_size;
  frame[0] = static_cast<char>(kind);
  std::memcpy(frame.data() + 1, &i, 4);
  std::memcpy(frame.data() + 5, &raw_size, 8);
  std::memcpy(frame.data() + 13, &packed_bytes, 8);
  frame.resize(21 + packed_size);
  const char* p = frame.data();
  for (std::size_t n = frame.size(); n > 0;) {
    const ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) io_error("cannot write the records log", path_);
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  crc_ = crc_update(crc_, frame.data(), frame.size());
  bytes_ += frame.size();
}

void RecordLog::append(int interval, const IntervalRecord& record) {
  std::string raw;
  put_vector(raw, record.series);
  put_vector(raw, record.servers_on_duty);
  frame(1, interval, raw);
}

void RecordLog::append_day(int day, const DayRecord& record) {
  std::string raw;
  put_vector(raw, record.population);
  put_vector(raw, record.adopted);
  put_vector(raw, record.internet_access);
  put_vector(raw, record.trust_mean);
  put_vector(raw, record.satisfaction_mean);
  put_vector(raw, record.unmet_needs);
  put_vector(raw, record.staff);
  frame(2, day, raw);
}

std::pair<std::uint64_t, std::uint32_t> RecordLog::sync() {
  if (::fdatasync(fd_) != 0) io_error("cannot sync the records log", path_);
  return {bytes_, crc_};
}

std::uint64_t replay_records(const std::string& path, std::uint64_t bytes, std::uint32_t crc,
                             EngineObserver& observer) {
  const std::string refused = "records log '" + path + "' is not usable: ";
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw CheckpointError(kExitNoInput, refused + "it cannot be found (" + ec.message() + ")");
  if (size < bytes) {
    throw CheckpointError(kExitDataErr, refused + "it has " + std::to_string(size) + " bytes, the checkpoint needs " +
                                            std::to_string(bytes));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) io_error("cannot open the records log", path);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, std::fclose);
  // The checksum first: nothing reaches the output from a damaged log.
  const std::uint32_t actual = crc_of_start(f, bytes, "cannot read the records log", path);
  if (actual != crc) throw CheckpointError(kExitDataErr, refused + "its checksum does not match the checkpoint's: it is damaged");
  std::rewind(f);
  std::uint64_t records = 0;
  std::string packed, raw;
  for (std::uint64_t at = 0; at < bytes;) {
    char head[21];
    if (bytes - at < sizeof head || std::fread(head, 1, sizeof head, f) != sizeof head) {
      throw CheckpointError(kExitDataErr, refused + "a record is cut short");
    }
    std::int32_t index = 0;
    std::uint64_t raw_size = 0, packed_size = 0;
    std::memcpy(&index, head + 1, 4);
    std::memcpy(&raw_size, head + 5, 8);
    std::memcpy(&packed_size, head + 13, 8);
    at += sizeof head;
    if (packed_size > bytes - at) throw CheckpointError(kExitDataErr, refused + "a record is cut short");
    // deflate expands at most 1032-fold: a larger claim is a forged or damaged frame, not memory to reserve
    if (raw_size > packed_size * 1032 + 64) throw CheckpointError(kExitDataErr, refused + "a record claims an impossible size");
    packed.resize(static_cast<std::size_t>(packed_size));
    if (std::fread(packed.data(), 1, packed.size(), f) != packed.size()) io_error("cannot read the records log", path);
    at += packed_size;
    raw.resize(static_cast<std::size_t>(raw_size));
    uLongf out = static_cast<uLongf>(raw_size);
    if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &out, reinterpret_cast<const Bytef*>(packed.data()),
                   static_cast<uLong>(packed.size())) != Z_OK || out != raw_size) {
      throw CheckpointError(kExitDataErr, refused + "a record does not decompress");
    }
    std::size_t pos = 0;
    bool ok = true;
    if (head[0] == 1) {
      IntervalRecord r;
      ok = get_vector(raw, pos, r.series) && get_vector(raw, pos, r.servers_on_duty);
      if (ok) observer.on_interval(index, r);
    } else if (head[0] == 2) {
      DayRecord r;
      ok = get_vector(raw, pos, r.population) && get_vector(raw, pos, r.adopted) &&
           get_vector(raw, pos, r.internet_access) && get_vector(raw, pos, r.trust_mean) &&
           get_vector(raw, pos, r.satisfaction_mean) && get_vector(raw, pos, r.unmet_needs) &&
           get_vector(raw, pos, r.staff);
      if (ok) observer.on_day(index, r);
    } else {
      ok = false;
    }
    if (!ok || pos != raw.size()) throw CheckpointError(kExitDataErr, refused + "a record has an unknown layout");
    ++records;
  }
  return records;
}

}  // namespace civicsim::io
