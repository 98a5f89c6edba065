// One DEFLATE block (RFC 1951) of literal bytes and copies at distance 1, in Huffman codes fitted
// to its symbols or in DEFLATE's fixed codes: what io/sparse_deflate.hpp's streams are made of.
// Internal to io/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace civicsim::io::deflate {

constexpr std::uint64_t kMinCopy = 3, kMaxCopy = 258;
constexpr int kLitLenSymbols = 286;

/// A literal byte (< 256) or, as 256 + n, a copy of the n bytes (3 to 258) at distance 1.
using Token = std::uint16_t;

/// The literal/length symbol (257-285) of a copy of `length` bytes.
int length_symbol(std::uint64_t length);

/// The most bytes write_block() writes for `tokens` tokens.
std::size_t block_bound(std::size_t tokens);

/// Writes `tokens` at `at` as one final block and returns where it ends (the last byte padded
/// with zero bits). `counts`: how often each literal/length symbol occurs in `tokens`; `copies`:
/// how many copies there are; `fixed`: DEFLATE's fixed codes, no code tables (else codes fitted
/// to the counts, none longer than 15 bits).
unsigned char* write_block(unsigned char* at, const std::vector<Token>& tokens,
                           std::array<std::uint32_t, kLitLenSymbols> counts, std::uint32_t copies, bool fixed);

}  // namespace civicsim::io::deflate
