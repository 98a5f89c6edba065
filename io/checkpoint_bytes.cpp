#include "io/checkpoint_bytes.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

#include "io/checkpoint_error.hpp"

namespace civicsim::io::detail {

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

}  // namespace civicsim::io::detail
