// What the checkpoint file and its records log share: the CRC-32 of what they write and read,
// and how an I/O failure is reported (CheckpointError, exit 74, with the system's reason).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace civicsim::io::detail {

std::string reason(int error_number);
/// Throws CheckpointError(kExitIoErr): "WHAT 'PATH': the system's reason for errno".
[[noreturn]] void io_error(const std::string& what, const std::string& path);
std::uint32_t crc_update(std::uint32_t crc, const void* data, std::size_t n);
/// The CRC-32 of the next `bytes` bytes of `f`, read in 1 MiB pieces.
std::uint32_t crc_of_start(std::FILE* f, std::uint64_t bytes, const char* what, const std::string& path);

}  // namespace civicsim::io::detail
