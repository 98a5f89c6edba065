#include "io/sparse_deflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace civicsim::io {

namespace {

constexpr std::uint32_t kAdlerModulus = 65521;
constexpr std::uint64_t kMinCopy = 3, kMaxCopy = 258;
constexpr int kLitLenSymbols = 286, kDistanceSymbols = 30, kCodeLengthSymbols = 19;
constexpr int kEndOfBlock = 256;
constexpr int kMaxCodeBits = 15, kMaxCodeLengthBits = 7;

/// The length symbol (257-285) and its extra bits of a copy of 3-258 bytes (RFC 1951 3.2.5).
struct LengthCode {
  std::uint16_t symbol = 0;
  std::uint8_t extra_bits = 0;
  std::uint16_t extra = 0;
};

const std::array<LengthCode, kMaxCopy + 1>& length_codes() {
  static const std::array<LengthCode, kMaxCopy + 1> table = [] {
    constexpr std::uint16_t base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                        31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    constexpr std::uint8_t extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                        2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    std::array<LengthCode, kMaxCopy + 1> t{};
    for (int code = 0; code < 29; ++code) {  // in order: 285 (258) overrides 284's last value
      for (unsigned n = 0; n < (1u << extra[code]) && base[code] + n <= kMaxCopy; ++n) {
        t[base[code] + n] = {static_cast<std::uint16_t>(257 + code), extra[code], static_cast<std::uint16_t>(n)};
      }
    }
    return t;
  }();
  return table;
}

/// Huffman code lengths for `freq` (0: no code), none longer than `limit`. At least two symbols get
/// a code, so that every code is complete (as zlib writes them; decoders differ on incomplete ones).
template <std::size_t N>
std::array<std::uint8_t, N> code_lengths(std::array<std::uint32_t, N> freq, int limit) {
  std::size_t used = 0;
  for (const auto f : freq) used += f > 0;
  for (std::size_t s = 0; used < 2; ++s) {
    if (freq[s] == 0) freq[s] = 1, ++used;
  }
  std::array<std::uint8_t, N> lengths{};
  for (;;) {
    std::array<std::uint64_t, N> leaves;  // frequency << 16 | symbol, rarest first
    std::size_t n = 0;
    for (std::size_t s = 0; s < N; ++s) {
      if (freq[s] > 0) leaves[n++] = static_cast<std::uint64_t>(freq[s]) << 16 | s;
    }
    std::sort(leaves.begin(), leaves.begin() + n);
    // Two queues: the leaves in order, and the inner nodes, made in order of weight.
    std::array<std::uint64_t, 2 * N> weight;
    std::array<std::uint16_t, 2 * N> parent;
    std::array<std::uint8_t, 2 * N> depth;
    for (std::size_t i = 0; i < n; ++i) weight[i] = leaves[i] >> 16;
    std::size_t next_leaf = 0, next_inner = n;
    const auto take = [&](std::size_t made) {
      const bool leaf = next_leaf < n && (next_inner >= made || weight[next_leaf] <= weight[next_inner]);
      return leaf ? next_leaf++ : next_inner++;
    };
    for (std::size_t made = n; made < 2 * n - 1; ++made) {
      const std::size_t a = take(made), b = take(made);
      parent[a] = parent[b] = static_cast<std::uint16_t>(made);
      weight[made] = weight[a] + weight[b];
    }
    int deepest = 0;
    depth[2 * n - 2] = 0;
    for (std::size_t node = 2 * n - 2; node-- > 0;) {  // parents come after their children
      depth[node] = static_cast<std::uint8_t>(depth[parent[node]] + 1);
      if (node < n) deepest = std::max<int>(deepest, depth[node]);
    }
    if (deepest <= limit) {
      for (std::size_t i = 0; i < n; ++i) lengths[leaves[i] & 0xFFFF] = depth[i];
      return lengths;
    }
    for (auto& f : freq) f = (f + 1) / 2;  // flatter counts, a shallower tree
  }
}

/// Canonical codes of `lengths` (RFC 1951 3.2.2), bit-reversed: DEFLATE sends a code's first bit first.
template <std::size_t N>
std::array<std::uint16_t, N> canonical_codes(const std::array<std::uint8_t, N>& lengths) {
  std::array<std::uint16_t, kMaxCodeBits + 2> count{}, next{};
  for (auto len : lengths) ++count[len];
  count[0] = 0;
  for (int bits = 1, code = 0; bits <= kMaxCodeBits; ++bits) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = static_cast<std::uint16_t>(code);
  }
  std::array<std::uint16_t, N> codes{};
  for (std::size_t s = 0; s < N; ++s) {
    const int len = lengths[s];
    if (len == 0) continue;
    std::uint32_t code = next[len]++, reversed = 0;
    for (int i = 0; i < len; ++i, code >>= 1) reversed = (reversed << 1) | (code & 1);
    codes[s] = static_cast<std::uint16_t>(reversed);
  }
  return codes;
}

/// Writes bits first to last into a buffer that is large enough.
class BitWriter {
 public:
  explicit BitWriter(unsigned char* at) : at_(at) {}
  void put(std::uint32_t bits, int count) {  // count <= 32
    pending_ |= static_cast<std::uint64_t>(bits) << filled_;
    filled_ += count;
    if (filled_ >= 32) {
      const auto word = static_cast<std::uint32_t>(pending_);
      std::memcpy(at_, &word, 4);  // little-endian: the first bits in the first byte
      at_ += 4;
      pending_ >>= 32;
      filled_ -= 32;
    }
  }
  unsigned char* finish() {
    for (; filled_ > 0; filled_ -= 8, pending_ >>= 8) *at_++ = static_cast<unsigned char>(pending_);
    filled_ = 0;
    return at_;
  }

 private:
  unsigned char* at_;
  std::uint64_t pending_ = 0;
  int filled_ = 0;
};

/// A code length sequence run-length coded with symbols 16 (repeat the last 3-6 times), 17 (3-10
/// zeros) and 18 (11-138 zeros): (symbol, extra bits value) pairs.
std::vector<std::pair<std::uint8_t, std::uint8_t>> run_length_coded(const std::uint8_t* lengths, std::size_t size) {
  std::vector<std::pair<std::uint8_t, std::uint8_t>> coded;
  for (std::size_t i = 0; i < size;) {
    const std::uint8_t value = lengths[i];
    std::size_t run = 1;
    while (i + run < size && lengths[i + run] == value) ++run;
    i += run;
    if (value == 0) {
      for (; run >= 11; run -= std::min<std::size_t>(run, 138)) {
        coded.emplace_back(18, static_cast<std::uint8_t>(std::min<std::size_t>(run, 138) - 11));
      }
      if (run >= 3) coded.emplace_back(17, static_cast<std::uint8_t>(run - 3)), run = 0;
    } else {
      coded.emplace_back(value, 0), --run;
      for (; run >= 3; run -= std::min<std::size_t>(run, 6)) {
        coded.emplace_back(16, static_cast<std::uint8_t>(std::min<std::size_t>(run, 6) - 3));
      }
    }
    for (; run > 0; --run) coded.emplace_back(value, 0);
  }
  return coded;
}

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
  const int status = deflate(&z, Z_FINISH);
  out.resize(at + z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib cannot compress " + std::to_string(size) + " bytes");
}

}  // namespace

void SparseDeflate::reset() {
  tokens_.clear();
  size_ = 0;
  adler_a_ = 1;
  adler_b_ = 0;
  last_was_zero_ = false;
}

void SparseDeflate::literal(std::uint8_t value) {
  tokens_.push_back(value);
  last_was_zero_ = value == 0;
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
    tokens_.push_back(static_cast<std::uint16_t>(256 + n));
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

void SparseDeflate::finish(std::vector<unsigned char>& out) {
  const auto& lengths_of = length_codes();
  std::array<std::uint32_t, kLitLenSymbols> litlen_freq{};
  std::array<std::uint32_t, kDistanceSymbols> distance_freq{};
  for (const std::uint16_t t : tokens_) {
    if (t < 256) {
      ++litlen_freq[t];
    } else {
      ++litlen_freq[lengths_of[t - 256].symbol];
      ++distance_freq[0];  // every copy is at distance 1: distance symbol 0
    }
  }
  litlen_freq[kEndOfBlock] = 1;
  const auto litlen_bits = code_lengths(litlen_freq, kMaxCodeBits);
  const auto distance_bits = code_lengths(distance_freq, kMaxCodeBits);
  std::size_t nlit = kLitLenSymbols, ndist = kDistanceSymbols;
  while (nlit > 257 && litlen_bits[nlit - 1] == 0) --nlit;
  while (ndist > 1 && distance_bits[ndist - 1] == 0) --ndist;

  std::array<std::uint8_t, kLitLenSymbols + kDistanceSymbols> all_bits;
  std::copy_n(litlen_bits.begin(), nlit, all_bits.begin());
  std::copy_n(distance_bits.begin(), ndist, all_bits.begin() + nlit);
  const auto coded = run_length_coded(all_bits.data(), nlit + ndist);
  std::array<std::uint32_t, kCodeLengthSymbols> code_length_freq{};
  for (const auto& [symbol, extra] : coded) ++code_length_freq[symbol];
  const auto code_length_bits = code_lengths(code_length_freq, kMaxCodeLengthBits);
  static constexpr std::uint8_t kOrder[kCodeLengthSymbols] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                              11, 4,  12, 3, 13, 2, 14, 1, 15};
  std::size_t ncode = kCodeLengthSymbols;
  while (ncode > 4 && code_length_bits[kOrder[ncode - 1]] == 0) --ncode;

  const auto litlen_codes = canonical_codes(litlen_bits);
  const auto distance_codes = canonical_codes(distance_bits);
  const auto code_length_codes = canonical_codes(code_length_bits);

  // At most: the header, 7 + 7 bits per code length, 15 + 5 + 15 bits per token, the trailer.
  const std::size_t at = out.size();
  out.resize(at + 2 + 16 + (kCodeLengthSymbols * 3 + (nlit + ndist) * 14) / 8 + tokens_.size() * 5 + 2 + 4 + 8);
  out[at] = 0x78;      // deflate, 32 KiB window
  out[at + 1] = 0x01;  // no dictionary, "fastest"; 0x7801 is a multiple of 31
  BitWriter bits(out.data() + at + 2);
  bits.put(1, 1);  // the final block
  bits.put(2, 2);  // with dynamic Huffman codes
  bits.put(static_cast<std::uint32_t>(nlit - 257), 5);
  bits.put(static_cast<std::uint32_t>(ndist - 1), 5);
  bits.put(static_cast<std::uint32_t>(ncode - 4), 4);
  for (std::size_t i = 0; i < ncode; ++i) bits.put(code_length_bits[kOrder[i]], 3);
  constexpr int kRepeatBits[3] = {2, 3, 7};  // extra bits of symbols 16, 17, 18
  for (const auto& [symbol, extra] : coded) {
    bits.put(code_length_codes[symbol], code_length_bits[symbol]);
    if (symbol >= 16) bits.put(extra, kRepeatBits[symbol - 16]);
  }
  for (const std::uint16_t t : tokens_) {
    if (t < 256) {
      bits.put(litlen_codes[t], litlen_bits[t]);
      continue;
    }
    const LengthCode& code = lengths_of[t - 256];
    const int length_bits = litlen_bits[code.symbol];
    bits.put(litlen_codes[code.symbol] | static_cast<std::uint32_t>(code.extra) << length_bits,
             length_bits + code.extra_bits);
    bits.put(distance_codes[0], distance_bits[0]);
  }
  bits.put(litlen_codes[kEndOfBlock], litlen_bits[kEndOfBlock]);
  unsigned char* end = bits.finish();
  const std::uint32_t adler = (adler_b_ << 16) | adler_a_;
  for (int shift = 24; shift >= 0; shift -= 8) *end++ = static_cast<unsigned char>(adler >> shift);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

std::size_t zero_bytes_at(const unsigned char* data, std::size_t size) {
  std::size_t n = 0;
  for (; n + 32 <= size; n += 32) {  // four words at a time: a loop the compiler vectorises
    std::uint64_t w[4];
    std::memcpy(w, data + n, sizeof w);
    if ((w[0] | w[1] | w[2] | w[3]) != 0) break;
  }
  while (n < size && data[n] == 0) ++n;
  return n;
}

void zlib_compress(const unsigned char* data, std::size_t size, std::vector<unsigned char>& out) {
  thread_local SparseDeflate sparse;
  sparse.reset();
  std::size_t nonzero = 0;
  const std::size_t most = size / 8;
  for (std::size_t i = 0; i < size && nonzero <= most;) {
    const std::size_t zeros = zero_bytes_at(data + i, size - i);
    sparse.zeros(zeros);
    i += zeros;
    if (i < size) sparse.byte(data[i++]), ++nonzero;
  }
  if (nonzero <= most) {
    sparse.finish(out);
    return;
  }
  compress_dense(data, size, out);
}

}  // namespace civicsim::io
