#include "io/h5_chunks.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "io/h5_handle.hpp"
#include "io/h5_write.hpp"

// The chunks hold the file's little-endian bytes, taken here from the values in memory.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "io/h5_chunks.cpp assumes a little-endian host");

namespace civicsim::io::h5 {

namespace {

constexpr std::size_t kElementBytes = 8;

std::uint64_t load(const unsigned char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

/// Transposes the 8 x 8 bytes of `x` (byte b of x[i] becomes byte i of x[b]).
void transpose8x8(std::uint64_t x[8]) {
  for (int i = 0; i < 4; ++i) {
    const std::uint64_t t = ((x[i] >> 32) ^ x[i + 4]) & 0x00000000FFFFFFFFull;
    x[i] ^= t << 32;
    x[i + 4] ^= t;
  }
  for (int i : {0, 1, 4, 5}) {
    const std::uint64_t t = ((x[i] >> 16) ^ x[i + 2]) & 0x0000FFFF0000FFFFull;
    x[i] ^= t << 16;
    x[i + 2] ^= t;
  }
  for (int i : {0, 2, 4, 6}) {
    const std::uint64_t t = ((x[i] >> 8) ^ x[i + 1]) & 0x00FF00FF00FF00FFull;
    x[i] ^= t << 8;
    x[i + 1] ^= t;
  }
}

}  // namespace

void shuffle8(const std::uint64_t* elements, std::size_t count, unsigned char* planes) {
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    std::uint64_t x[8];
    std::memcpy(x, elements + i, sizeof x);
    transpose8x8(x);
    for (std::size_t b = 0; b < kElementBytes; ++b) std::memcpy(planes + b * count + i, &x[b], 8);
  }
  for (; i < count; ++i) {
    for (std::size_t b = 0; b < kElementBytes; ++b)
      planes[b * count + i] = static_cast<unsigned char>(elements[i] >> (8 * b));
  }
}

void ChunkedRows::Gathered::clear() {
  index.clear();
  bits.clear();
  dense.clear();  // keeps its memory for the next dense chunk
}

ChunkedRows::ChunkedRows(hid_t dataset, hid_t memory_type, const std::vector<hsize_t>& shape,
                         const std::vector<hsize_t>& chunk)
    : dataset_(dataset), memory_type_(memory_type), shape_(shape), chunk_(chunk) {
  if (shape.size() < 2 || chunk.size() != shape.size() || H5Tget_size(memory_type) != kElementBytes) {
    throw std::invalid_argument("ChunkedRows: a table of rank 2 or more with 8-byte values");
  }
  item_elements_ = 1;
  for (std::size_t axis = 2; axis < shape.size(); ++axis) {
    if (chunk[axis] != shape[axis]) throw std::invalid_argument("ChunkedRows: chunks split only the first two axes");
    item_elements_ *= shape[axis];
  }
  row_elements_ = shape[1] * item_elements_;
  block_elements_ = chunk[1] * item_elements_;
  chunk_elements_ = chunk[0] * block_elements_;
  blocks_.resize((shape[1] + chunk[1] - 1) / chunk[1]);
  written_.assign((shape[0] + chunk[0] - 1) / chunk[0] * blocks_.size(), false);
}

std::size_t ChunkedRows::chunk_row_end(hsize_t chunk) const {
  return static_cast<std::size_t>(std::min((chunk + 1) * chunk_[0], shape_[0]));
}

void ChunkedRows::add(hsize_t row, const void* values) {
  const hsize_t rows_per_chunk = chunk_[0];
  if (rows_ > 0 && (row != first_ + rows_ || row / rows_per_chunk != first_ / rows_per_chunk)) flush();
  if (rows_ == 0) first_ = row;
  const auto* bytes = static_cast<const unsigned char*>(values);
  for (std::size_t k = 0; k < blocks_.size(); ++k) {
    const std::size_t items = std::min<std::size_t>(chunk_[1], shape_[1] - k * chunk_[1]);
    gather(k, row % rows_per_chunk, bytes + k * block_elements_ * kElementBytes, items * item_elements_);
  }
  ++rows_;
  if (row + 1 == chunk_row_end(row / rows_per_chunk)) flush();
}

void ChunkedRows::gather(std::size_t block, std::size_t chunk_row, const unsigned char* bytes, std::size_t count) {
  Gathered& g = blocks_[block];
  const std::size_t base = chunk_row * block_elements_;
  if (!g.dense.empty()) {
    std::memcpy(g.dense.data() + base, bytes, count * kElementBytes);
    return;
  }
  for (std::size_t j = 0; j < count;) {
    if (j + 4 <= count &&
        (load(bytes + j * 8) | load(bytes + j * 8 + 8) | load(bytes + j * 8 + 16) | load(bytes + j * 8 + 24)) == 0) {
      j += 4;  // most values are zero: skip four at a time
      continue;
    }
    const std::size_t end = std::min(j + 4, count);
    for (; j < end; ++j) {
      if (const std::uint64_t w = load(bytes + j * 8); w != 0) {
        g.index.push_back(static_cast<std::uint32_t>(base + j));
        g.bits.push_back(w);
      }
    }
  }
  if (g.index.size() > chunk_elements_ / 4) {  // dense: every value from here on
    g.dense.assign(chunk_elements_, 0);
    for (std::size_t m = 0; m < g.index.size(); ++m) g.dense[g.index[m]] = g.bits[m];
    g.index.clear();
    g.bits.clear();
  }
}

void ChunkedRows::flush() {
  if (rows_ == 0) return;
  const hsize_t chunk = first_ / chunk_[0];
  if (first_ == chunk * chunk_[0] && first_ + rows_ == chunk_row_end(chunk)) {
    write_chunks();
  } else {
    write_rows();
  }
  rows_ = 0;
  for (Gathered& g : blocks_) g.clear();
}

void ChunkedRows::encode(const Gathered& g, std::vector<unsigned char>& out) {
  const std::size_t n = chunk_elements_;
  if (!g.dense.empty()) {
    planes_.resize(n * kElementBytes);
    shuffle8(g.dense.data(), n, planes_.data());
    zlib_compress(planes_.data(), planes_.size(), out);
    return;
  }
  // The shuffled chunk is byte plane 0 of every element, then plane 1, ...: walk the nonzero
  // elements once per plane, in order.
  deflate_.reset();
  std::uint64_t at = 0;
  for (std::size_t b = 0; b < kElementBytes; ++b) {
    const std::uint64_t plane = b * n;
    for (std::size_t m = 0; m < g.index.size(); ++m) {
      const auto byte = static_cast<std::uint8_t>(g.bits[m] >> (8 * b));
      if (byte == 0) continue;
      const std::uint64_t position = plane + g.index[m];
      deflate_.zeros(position - at);
      deflate_.byte(byte);
      at = position + 1;
    }
  }
  deflate_.zeros(n * kElementBytes - at);
  deflate_.finish(out);
}

void ChunkedRows::write_chunks() {
  const hsize_t chunk = first_ / chunk_[0];
  std::vector<hsize_t> offset(shape_.size(), 0);
  offset[0] = chunk * chunk_[0];
  for (std::size_t k = 0; k < blocks_.size(); ++k) {
    const Gathered& g = blocks_[k];
    const std::size_t id = chunk * blocks_.size() + k;
    // A chunk of zeros reads as the fill value unwritten, except the first: h5diff calls a dataset
    // without any chunk "empty" and does not compare it.
    if (g.dense.empty() && g.index.empty() && !written_[id] && id != 0) continue;
    packed_.clear();
    encode(g, packed_);
    offset[1] = k * chunk_[1];
    if (H5Dwrite_chunk(dataset_, H5P_DEFAULT, 0, offset.data(), packed_.size(), packed_.data()) < 0) {
      fail_at(io::kExitIoErr, "writing a chunk of", dataset_);
    }
    written_[id] = true;
  }
}

void ChunkedRows::write_rows() {
  const std::size_t first_in_chunk = first_ % chunk_[0];
  std::vector<std::uint64_t> rows(rows_ * row_elements_, 0);
  for (std::size_t k = 0; k < blocks_.size(); ++k) {
    const Gathered& g = blocks_[k];
    const std::size_t items = std::min<std::size_t>(chunk_[1], shape_[1] - k * chunk_[1]);
    const auto at = [&](std::size_t index) {  // index in the chunk -> index in `rows`
      const std::size_t r = index / block_elements_ - first_in_chunk;
      return r * row_elements_ + k * block_elements_ + index % block_elements_;
    };
    if (!g.dense.empty()) {
      for (std::size_t r = 0; r < rows_; ++r) {
        const std::size_t from = (first_in_chunk + r) * block_elements_;
        std::copy_n(g.dense.begin() + from, items * item_elements_, rows.begin() + at(from));
      }
    } else {
      for (std::size_t m = 0; m < g.index.size(); ++m) rows[at(g.index[m])] = g.bits[m];
    }
    written_[first_ / chunk_[0] * blocks_.size() + k] = true;
  }
  write_rows_raw(dataset_, first_, rows_, memory_type_, rows.data());
}

}  // namespace civicsim::io::h5
