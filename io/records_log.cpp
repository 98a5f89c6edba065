// The records log of a checkpointed run: every interval and day record the run has written to its
// output, so a resumed run can write them again. A sequence of frames: u8 kind (1 interval, 2 day),
// i32 index, u64 raw length, u64 compressed length, then the record's tables (u64 count + values
// each, in the order of for_each_table in sim/metrics.hpp), deflated.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <array>
#include <memory>
#include <vector>

#include "io/checkpoint.hpp"
#include "io/checkpoint_bytes.hpp"
#include "io/sparse_deflate.hpp"

namespace civicsim::io {

namespace fs = std::filesystem;
using namespace detail;

namespace {

/// A record's tables as the log lays them out, a u64 count and then the values of each, without
/// copying them.
class TablePieces {
 public:
  template <class T>
  void add(const std::vector<T>& v) {
    if (tables_ == counts_.size()) throw CheckpointError(kExitSoftware, "a record has too many tables for the log");
    counts_[tables_] = v.size();
    spans_.push_back({reinterpret_cast<const unsigned char*>(&counts_[tables_++]), sizeof(std::uint64_t)});
    spans_.push_back({reinterpret_cast<const unsigned char*>(v.data()), v.size() * sizeof(T)});
  }
  const std::vector<ByteSpan>& spans() const { return spans_; }

 private:
  std::array<std::uint64_t, 8> counts_{};
  std::size_t tables_ = 0;
  std::vector<ByteSpan> spans_;
};

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

void RecordLog::frame(std::uint8_t kind, int index, const std::vector<ByteSpan>& raw) {
  // Records are mostly zero bytes: io/sparse_deflate.hpp writes their zlib streams in a fraction
  // of compress2's time (uncompress reads either), for speed over size: the log is temporary.
  const std::size_t at = pending_.size();
  pending_.resize(at + 21);
  zlib_compress(raw, pending_, Aim::kFast);
  unsigned char* frame = pending_.data() + at;
  const std::int32_t i = index;
  std::uint64_t raw_size = 0;
  for (const ByteSpan& piece : raw) raw_size += piece.size;
  const std::uint64_t packed_bytes = pending_.size() - at - 21;
  frame[0] = kind;
  std::memcpy(frame + 1, &i, 4);
  std::memcpy(frame + 5, &raw_size, 8);
  std::memcpy(frame + 13, &packed_bytes, 8);
  crc_ = crc_update(crc_, frame, pending_.size() - at);
  bytes_ += pending_.size() - at;
  if (pending_.size() >= (64u << 10)) write_pending();
}

void RecordLog::write_pending() {
  const auto* p = pending_.data();
  for (std::size_t n = pending_.size(); n > 0;) {
    const ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      pending_.clear();  // written or not, never twice
      io_error("cannot write the records log", path_);
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  pending_.clear();
}

void RecordLog::append(int interval, const IntervalRecord& record) {
  TablePieces raw;
  IntervalRecord::for_each_table(record, [&](const char*, const auto& v) { raw.add(v); });
  frame(1, interval, raw.spans());
}

void RecordLog::append_day(int day, const DayRecord& record) {
  TablePieces raw;
  DayRecord::for_each_table(record, [&](const char*, const auto& v) { raw.add(v); });
  frame(2, day, raw.spans());
}

std::pair<std::uint64_t, std::uint32_t> RecordLog::sync() {
  write_pending();
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
  if (actual != crc)
    throw CheckpointError(kExitDataErr, refused + "its checksum does not match the checkpoint's: it is damaged");
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
    if (raw_size > packed_size * 1032 + 64)
      throw CheckpointError(kExitDataErr, refused + "a record claims an impossible size");
    packed.resize(static_cast<std::size_t>(packed_size));
    if (std::fread(packed.data(), 1, packed.size(), f) != packed.size()) io_error("cannot read the records log", path);
    at += packed_size;
    raw.resize(static_cast<std::size_t>(raw_size));
    uLongf out = static_cast<uLongf>(raw_size);
    if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &out, reinterpret_cast<const Bytef*>(packed.data()),
                   static_cast<uLong>(packed.size())) != Z_OK ||
        out != raw_size) {
      throw CheckpointError(kExitDataErr, refused + "a record does not decompress");
    }
    std::size_t pos = 0;
    bool ok = true;
    if (head[0] == 1) {
      IntervalRecord r;
      IntervalRecord::for_each_table(r, [&](const char*, auto& v) { ok = ok && get_vector(raw, pos, v); });
      if (ok) observer.on_interval(index, r);
    } else if (head[0] == 2) {
      DayRecord r;
      DayRecord::for_each_table(r, [&](const char*, auto& v) { ok = ok && get_vector(raw, pos, v); });
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
