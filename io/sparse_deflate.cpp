#include "io/sparse_deflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "io/deflate_block.hpp"

// zero_bytes_at finds the first nonzero byte of a word by its lowest set bit.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "io/sparse_deflate.cpp assumes a little-endian host");

namespace civicsim::io {

namespace {

constexpr std::uint32_t kAdlerModulus = 65521;
using deflate::kMaxCopy;
using deflate::kMinCopy;

/// zlib's compress2 at level 1, with a window and hash table no larger than `size` needs: setting
/// up the default ones (256 KiB) cost more than compressing a small table.
void compress_dense(const unsigned char* data, std::size_t size, std::vector<unsigned char>& out) {
  int window_bits = 9;
  while (window_bits < 15 && (std::size_t{1} << window_bits) < size) ++window_bits;
  z_stream z{};
  if (deflateInit2(&z, 1, Z_DEFLATED, window_bits, std::max(1, window_bits - 7), Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib cannot start a stream");
  }
  const std::size_t at = out.size();
  out.resize(at + deflateBound(&z, static_cast<uLong>(size)));
  z.next_in = const_cast<unsigned char*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data() + at;
  z.avail_out = static_cast<uInt>(out.size() - at);
  const int status = ::deflate(&z, Z_FINISH);  // zlib's, not namespace deflate
  out.resize(at + z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib cannot compress " + std::to_string(size) + " bytes");
}

}  // namespace

void SparseDeflate::reset() {
  tokens_.clear();
  symbol_counts_.fill(0);
  zero_literals_ = longest_copies_ = copies_ = 0;
  size_ = 0;
  adler_a_ = 1;
  adler_b_ = 0;
  last_was_zero_ = false;
}

void SparseDeflate::literal(std::uint8_t value) {
  tokens_.push_back(value);
  last_was_zero_ = value == 0;
  if (value == 0) {
    ++zero_literals_;
  } else {
    ++symbol_counts_[value];
  }
}

void SparseDeflate::copy(std::uint64_t length) {
  tokens_.push_back(static_cast<deflate::Token>(256 + length));
  ++copies_;
  if (length == kMaxCopy) {
    ++longest_copies_;
  } else {
    ++symbol_counts_[deflate::length_symbol(length)];
  }
}

void SparseDeflate::zeros(std::uint64_t count) {
  if (count == 0) return;
  size_ += count;
  // Zeros leave Adler-32's sum A as it is and add A to its sum B once each.
  adler_b_ = static_cast<std::uint32_t>((adler_b_ + (count % kAdlerModulus) * adler_a_) % kAdlerModulus);
  if (!last_was_zero_) literal(0), --count;
  while (count >= kMinCopy) {
    std::uint64_t n = std::min(count, kMaxCopy);
    if (count > n && count - n < kMinCopy) n -= kMinCopy;  // never leave 1 or 2 zeros (a literal each)
    copy(n);
    count -= n;
  }
  for (; count > 0; --count) literal(0);
}

void SparseDeflate::byte(std::uint8_t value) {
  if (value == 0) return zeros(1);
  ++size_;
  adler_a_ = (adler_a_ + value) % kAdlerModulus;
  adler_b_ = (adler_b_ + adler_a_) % kAdlerModulus;
  literal(value);
}

void SparseDeflate::finish(std::vector<unsigned char>& out, Codes codes) {
  const std::size_t at = out.size();
  out.resize(at + 2 + deflate::block_bound(tokens_.size()) + 4);
  out[at] = 0x78;      // deflate, 32 KiB window
  out[at + 1] = 0x01;  // no dictionary, "fastest"; 0x7801 is a multiple of 31
  std::array<std::uint32_t, deflate::kLitLenSymbols> counts = symbol_counts_;
  counts[0] += zero_literals_;
  counts[deflate::length_symbol(kMaxCopy)] += longest_copies_;
  const bool fixed = codes == Codes::kFixedWhenSmall && tokens_.size() < 256;
  unsigned char* end = deflate::write_block(out.data() + at + 2, tokens_, counts, copies_, fixed);
  const std::uint32_t adler = (adler_b_ << 16) | adler_a_;
  for (int shift = 24; shift >= 0; shift -= 8) *end++ = static_cast<unsigned char>(adler >> shift);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

std::size_t zero_bytes_at(const unsigned char* data, std::size_t size) {
  std::size_t n = 0;
  for (; n + 32 <= size; n += 32) {  // most of it is zeros: 32 bytes a test
    std::uint64_t a, b, c, d;
    std::memcpy(&a, data + n, 8);
    std::memcpy(&b, data + n + 8, 8);
    std::memcpy(&c, data + n + 16, 8);
    std::memcpy(&d, data + n + 24, 8);
    if ((a | b | c | d) != 0) break;
  }
  for (; n + 8 <= size; n += 8) {
    std::uint64_t w;
    std::memcpy(&w, data + n, 8);
    if (w != 0) return n + static_cast<std::size_t>(__builtin_ctzll(w) / 8);  // little-endian: first byte lowest
  }
  while (n < size && data[n] == 0) ++n;
  return n;
}

void zlib_compress(const std::vector<ByteSpan>& pieces, std::vector<unsigned char>& out, Aim aim) {
  thread_local SparseDeflate sparse;
  sparse.reset();
  std::size_t size = 0;
  for (const ByteSpan& piece : pieces) size += piece.size;
  const std::size_t most = aim == Aim::kFast ? size : size / 8;
  std::size_t nonzero = 0;
  for (const ByteSpan& piece : pieces) {
    for (std::size_t i = 0; i < piece.size && nonzero <= most;) {
      const std::size_t zeros = zero_bytes_at(piece.data + i, piece.size - i);
      sparse.zeros(zeros);
      i += zeros;
      if (i < piece.size) sparse.byte(piece.data[i++]), ++nonzero;
    }
  }
  if (nonzero <= most) {
    sparse.finish(out, aim == Aim::kFast ? SparseDeflate::Codes::kFixedWhenSmall : SparseDeflate::Codes::kFitted);
    return;
  }
  if (pieces.size() == 1) return compress_dense(pieces[0].data, size, out);
  std::vector<unsigned char> joined;
  joined.reserve(size);
  for (const ByteSpan& piece : pieces) joined.insert(joined.end(), piece.data, piece.data + piece.size);
  compress_dense(joined.data(), size, out);
}

void zlib_compress(const unsigned char* data, std::size_t size, std::vector<unsigned char>& out, Aim aim) {
  zlib_compress(std::vector<ByteSpan>{{data, size}}, out, aim);
}

}  // namespace civicsim::io
