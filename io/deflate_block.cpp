#include "io/deflate_block.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace civicsim::io::deflate {

namespace {

constexpr int kDistanceSymbols = 30, kCodeLengthSymbols = 19;
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

/// A Huffman code for N symbols (RFC 1951 3.2.2): each symbol's length in bits (0: none) and its
/// canonical code, bit-reversed because DEFLATE sends a code's first bit first.
template <std::size_t N>
struct HuffmanCode {
  std::array<std::uint8_t, N> bits{};
  std::array<std::uint16_t, N> codes{};
};

/// The canonical codes of `code.bits` (RFC 1951 3.2.2) for the symbols `used` (in symbol order).
template <std::size_t N>
void assign_codes(HuffmanCode<N>& code, const std::uint16_t* used, std::size_t n) {
  std::array<std::uint16_t, kMaxCodeBits + 2> count{}, next{};
  for (std::size_t i = 0; i < n; ++i) ++count[code.bits[used[i]]];
  for (int bits = 1, first = 0; bits <= kMaxCodeBits; ++bits) {
    first = (first + count[bits - 1]) << 1;
    next[bits] = static_cast<std::uint16_t>(first);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const int len = code.bits[used[i]];
    std::uint32_t value = next[len]++, reversed = 0;
    for (int b = 0; b < len; ++b, value >>= 1) reversed = (reversed << 1) | (value & 1);
    code.codes[used[i]] = static_cast<std::uint16_t>(reversed);
  }
}

/// The Huffman code for the counts `freq`, no code longer than `limit`. At least two symbols get
/// a code, so that the code is complete (as zlib writes them; decoders differ on incomplete ones).
/// Only the symbols in use are visited past the first pass: most of the 286 are not.
template <std::size_t N>
HuffmanCode<N> huffman_code(std::array<std::uint32_t, N> freq, int limit) {
  std::array<std::uint16_t, N> used;  // in symbol order
  const auto collect = [&] {
    std::size_t count = 0;
    for (std::size_t s = 0; s < N; ++s) {
      used[count] = static_cast<std::uint16_t>(s);
      count += freq[s] > 0;  // no branch: which symbols occur is anyone's guess
    }
    return count;
  };
  std::size_t n = collect();
  for (std::size_t s = 0; n < 2; ++s) {
    if (freq[s] == 0) {
      freq[s] = 1;
      n = collect();
    }
  }
  HuffmanCode<N> code;
  for (;;) {
    std::array<std::uint64_t, N> leaves;  // frequency << 16 | symbol, rarest first
    for (std::size_t i = 0; i < n; ++i) leaves[i] = static_cast<std::uint64_t>(freq[used[i]]) << 16 | used[i];
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
      for (std::size_t i = 0; i < n; ++i) code.bits[leaves[i] & 0xFFFF] = depth[i];
      break;
    }
    for (std::size_t i = 0; i < n; ++i) freq[used[i]] = (freq[used[i]] + 1) / 2;  // flatter: shallower
  }
  assign_codes(code, used.data(), n);
  return code;
}

/// DEFLATE's fixed codes (RFC 1951 3.2.6): literals and lengths of 7 to 9 bits, distances of 5.
const HuffmanCode<288>& fixed_litlen_code() {  // 288: 286 and 287 take part in the code, unused
  static const HuffmanCode<288> code = [] {
    HuffmanCode<288> c;
    std::array<std::uint16_t, 288> all;
    for (std::size_t s = 0; s < all.size(); ++s) {
      all[s] = static_cast<std::uint16_t>(s);
      c.bits[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    }
    assign_codes(c, all.data(), all.size());
    return c;
  }();
  return code;
}

const HuffmanCode<kDistanceSymbols>& fixed_distance_code() {
  static const HuffmanCode<kDistanceSymbols> code = [] {
    HuffmanCode<kDistanceSymbols> c;
    std::array<std::uint16_t, kDistanceSymbols> all;
    for (std::size_t s = 0; s < all.size(); ++s) all[s] = static_cast<std::uint16_t>(s), c.bits[s] = 5;
    assign_codes(c, all.data(), all.size());
    return c;
  }();
  return code;
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
struct RunLengthCoded {
  std::array<std::pair<std::uint8_t, std::uint8_t>, kLitLenSymbols + kDistanceSymbols> codes;
  std::size_t size = 0;
  void add(int symbol, std::size_t extra) {
    codes[size++] = {static_cast<std::uint8_t>(symbol), static_cast<std::uint8_t>(extra)};
  }
};

RunLengthCoded run_length_coded(const std::uint8_t* lengths, std::size_t size) {
  RunLengthCoded coded;
  for (std::size_t i = 0; i < size;) {
    const std::uint8_t value = lengths[i];
    std::size_t run = 1;
    while (i + run < size && lengths[i + run] == value) ++run;
    i += run;
    if (value == 0) {
      for (; run >= 11; run -= std::min<std::size_t>(run, 138)) coded.add(18, std::min<std::size_t>(run, 138) - 11);
      if (run >= 3) coded.add(17, run - 3), run = 0;
    } else {
      coded.add(value, 0), --run;
      for (; run >= 3; run -= std::min<std::size_t>(run, 6)) coded.add(16, std::min<std::size_t>(run, 6) - 3);
    }
    for (; run > 0; --run) coded.add(value, 0);
  }
  return coded;
}

/// Writes `tokens` and the end of the block in the codes `litlen` and `distance`.
template <std::size_t L, std::size_t D>
void write_tokens(BitWriter& bits, const std::vector<Token>& tokens, const HuffmanCode<L>& litlen,
                  const HuffmanCode<D>& distance) {
  const auto& lengths_of = length_codes();
  for (const Token t : tokens) {
    if (t < 256) {
      bits.put(litlen.codes[t], litlen.bits[t]);
      continue;
    }
    const LengthCode& code = lengths_of[t - 256];
    const int length_bits = litlen.bits[code.symbol];
    bits.put(litlen.codes[code.symbol] | static_cast<std::uint32_t>(code.extra) << length_bits,
             length_bits + code.extra_bits);
    bits.put(distance.codes[0], distance.bits[0]);  // every copy is at distance 1
  }
  bits.put(litlen.codes[kEndOfBlock], litlen.bits[kEndOfBlock]);
}

/// The header of a block with codes `litlen` and `distance` (RFC 1951 3.2.7): their code lengths,
/// run-length coded, in a third Huffman code.
void write_code_lengths(BitWriter& bits, const HuffmanCode<kLitLenSymbols>& litlen,
                        const HuffmanCode<kDistanceSymbols>& distance) {
  std::size_t nlit = kLitLenSymbols, ndist = kDistanceSymbols;
  while (nlit > 257 && litlen.bits[nlit - 1] == 0) --nlit;
  while (ndist > 1 && distance.bits[ndist - 1] == 0) --ndist;
  std::array<std::uint8_t, kLitLenSymbols + kDistanceSymbols> all_bits;
  std::copy_n(litlen.bits.begin(), nlit, all_bits.begin());
  std::copy_n(distance.bits.begin(), ndist, all_bits.begin() + nlit);
  const RunLengthCoded coded = run_length_coded(all_bits.data(), nlit + ndist);
  std::array<std::uint32_t, kCodeLengthSymbols> code_length_freq{};
  for (std::size_t i = 0; i < coded.size; ++i) ++code_length_freq[coded.codes[i].first];
  const auto code_length = huffman_code(code_length_freq, kMaxCodeLengthBits);
  static constexpr std::uint8_t kOrder[kCodeLengthSymbols] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                              11, 4,  12, 3, 13, 2, 14, 1, 15};
  std::size_t ncode = kCodeLengthSymbols;
  while (ncode > 4 && code_length.bits[kOrder[ncode - 1]] == 0) --ncode;
  bits.put(static_cast<std::uint32_t>(nlit - 257), 5);
  bits.put(static_cast<std::uint32_t>(ndist - 1), 5);
  bits.put(static_cast<std::uint32_t>(ncode - 4), 4);
  for (std::size_t i = 0; i < ncode; ++i) bits.put(code_length.bits[kOrder[i]], 3);
  constexpr int kRepeatBits[3] = {2, 3, 7};  // extra bits of symbols 16, 17, 18
  for (std::size_t i = 0; i < coded.size; ++i) {
    const auto [symbol, extra] = coded.codes[i];
    bits.put(code_length.codes[symbol], code_length.bits[symbol]);
    if (symbol >= 16) bits.put(extra, kRepeatBits[symbol - 16]);
  }
}

}  // namespace

int length_symbol(std::uint64_t length) { return length_codes()[length].symbol; }

std::size_t block_bound(std::size_t tokens) {
  // The header (3 + 14 bits, 19 x 3 bits, 7 + 7 bits per code length), 15 + 5 + 15 bits per token,
  // the end of the block, and a word of slack for the writer.
  return 3 + (kCodeLengthSymbols * 3 + (kLitLenSymbols + kDistanceSymbols) * 14) / 8 + tokens * 5 + 2 + 8;
}

unsigned char* write_block(unsigned char* at, const std::vector<Token>& tokens,
                           std::array<std::uint32_t, kLitLenSymbols> counts, std::uint32_t copies, bool fixed) {
  BitWriter bits(at);
  bits.put(1, 1);  // the final block
  if (fixed) {
    bits.put(1, 2);
    write_tokens(bits, tokens, fixed_litlen_code(), fixed_distance_code());
    return bits.finish();
  }
  counts[kEndOfBlock] = 1;
  std::array<std::uint32_t, kDistanceSymbols> distance_counts{};
  distance_counts[0] = copies;  // every copy is at distance 1: distance symbol 0
  const auto litlen = huffman_code(counts, kMaxCodeBits);
  const auto distance = huffman_code(distance_counts, kMaxCodeBits);
  bits.put(2, 2);
  write_code_lengths(bits, litlen, distance);
  write_tokens(bits, tokens, litlen, distance);
  return bits.finish();
}

}  // namespace civicsim::io::deflate
