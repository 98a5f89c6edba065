// A zlib stream (RFC 1950 around RFC 1951 DEFLATE) for data that is mostly zero bytes, written
// in time proportional to its nonzero bytes: a run of zeros is one literal zero and copies of the
// byte before it (distance 1, up to 258 bytes a copy), and its Adler-32 is computed without
// visiting the zeros. Anything that inflates zlib streams reads it (HDF5's deflate filter, zlib's
// uncompress). The output tables are 96-99% zero bytes after HDF5's shuffle filter, and zlib
// spent most of a small run's CPU checksumming and matching those zeros (docs/performance.md).
// Internal to io/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "io/deflate_block.hpp"

namespace civicsim::io {

class SparseDeflate {
 public:
  /// A block's Huffman codes: always fitted to its bytes (smallest, for what is kept), or, for a
  /// stream of fewer than 256 tokens, DEFLATE's fixed codes (no code tables to build and send: a
  /// small stream is written in half the time, at up to twice the size).
  enum class Codes { kFitted, kFixedWhenSmall };

  /// Starts a new stream (keeps the buffers).
  void reset();
  /// Appends `count` zero bytes.
  void zeros(std::uint64_t count);
  /// Appends one byte (zero or not).
  void byte(std::uint8_t value);
  /// The bytes appended so far.
  std::uint64_t size() const { return size_; }
  /// Appends the whole zlib stream of the bytes given since reset() to `out`: one final block.
  void finish(std::vector<unsigned char>& out, Codes codes = Codes::kFitted);

 private:
  void literal(std::uint8_t value);
  void copy(std::uint64_t length);
  std::vector<deflate::Token> tokens_;
  // How often each literal/length symbol occurs, counted as the tokens come. The two commonest,
  // a literal zero and a copy of 258, have their own counters: a counter in memory that every
  // token bumps makes a chain of dependent stores.
  std::array<std::uint32_t, deflate::kLitLenSymbols> symbol_counts_{};
  std::uint32_t zero_literals_ = 0, longest_copies_ = 0, copies_ = 0;
  std::uint64_t size_ = 0;
  std::uint32_t adler_a_ = 1, adler_b_ = 0;
  bool last_was_zero_ = false;  // a copy at distance 1 repeats the last byte: it must be zero
};

/// The number of zero bytes at the start of `data` (at most `size`).
std::size_t zero_bytes_at(const unsigned char* data, std::size_t size);

/// Bytes somewhere in memory.
struct ByteSpan {
  const unsigned char* data;
  std::size_t size;
};

/// What a zlib_compress stream is for: kSmall, a file that is kept (SparseDeflate with fitted codes
/// when at most one byte in 8 is nonzero, zlib's compress2 at level 1 otherwise); kFast, a file
/// soon discarded (SparseDeflate at any density, fixed codes for small streams: zlib took 50 us
/// for a day's 3.6 KB record).
enum class Aim { kSmall, kFast };

/// Compresses the bytes of `pieces`, one after the other, into a zlib stream appended to `out`.
void zlib_compress(const std::vector<ByteSpan>& pieces, std::vector<unsigned char>& out, Aim aim = Aim::kSmall);
/// The same for `size` bytes at `data`.
void zlib_compress(const unsigned char* data, std::size_t size, std::vector<unsigned char>& out, Aim aim = Aim::kSmall);

}  // namespace civicsim::io
