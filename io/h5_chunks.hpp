// The rows of one chunked output table (time or day first, 8-byte values, shuffle + deflate),
// gathered until they fill a chunk, then compressed here and written with H5Dwrite_chunk: the
// dataset keeps its filters, so every reader decodes the chunks as its own. A chunk is encoded in
// time proportional to its nonzero values (io/sparse_deflate.hpp), and a chunk of zeros is not
// written at all (but the first): it reads as the fill value, 0. HDF5's own write path spent most of a small
// run's CPU in zlib (docs/performance.md, "Output file").
// Internal to io/.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "io/sparse_deflate.hpp"

namespace civicsim::io::h5 {

class ChunkedRows {
 public:
  ChunkedRows() = default;
  /// `dataset` has `shape` (rank 2 or more), chunks of `chunk` (whole rows, or rows split along
  /// the second axis), 8-byte elements and the shuffle + deflate filters; `memory_type` is the
  /// type of the values handed to add().
  ChunkedRows(hid_t dataset, hid_t memory_type, const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk);

  /// Adds one whole row (shape[1] x ... values, row-major). Rows of a chunk that come in order
  /// from its first row are written as the chunk when it is full; anything else (a gap, rows out
  /// of order) goes through HDF5's own write path, which merges it with what is there.
  void add(hsize_t row, const void* values);
  /// Writes what is gathered.
  void flush();

 private:
  /// The values gathered for one chunk: nonzero elements as (index in the chunk, bits), or, once
  /// more than a quarter are nonzero, every element.
  struct Gathered {
    std::vector<std::uint32_t> index;
    std::vector<std::uint64_t> bits;
    std::vector<std::uint64_t> dense;  // empty unless dense
    void clear();
  };

  void gather(std::size_t block, std::size_t chunk_row, const unsigned char* values, std::size_t count);
  void write_chunks();
  void write_rows();
  void encode(const Gathered& g, std::vector<unsigned char>& out);
  std::size_t chunk_row_end(hsize_t chunk) const;

  hid_t dataset_ = -1, memory_type_ = -1;
  std::vector<hsize_t> shape_, chunk_;
  std::size_t row_elements_ = 0;    // values in one row of the dataset
  std::size_t item_elements_ = 0;   // values per index of the second axis
  std::size_t block_elements_ = 0;  // values of one row in one chunk
  std::size_t chunk_elements_ = 0;  // values in one chunk
  std::vector<Gathered> blocks_;    // one per chunk along the second axis
  std::vector<bool> written_;       // chunks ever written ([time chunk][block]): a chunk of zeros
                                    // is skipped only where nothing was written before
  hsize_t first_ = 0, rows_ = 0;    // the rows gathered: [first_, first_ + rows_)
  SparseDeflate deflate_;
  std::vector<unsigned char> packed_;
  std::vector<unsigned char> planes_;  // a dense chunk, shuffled
};

/// The byte shuffle of HDF5's shuffle filter for 8-byte elements: byte b of element i goes to
/// `planes[b * count + i]`.
void shuffle8(const std::uint64_t* elements, std::size_t count, unsigned char* planes);

}  // namespace civicsim::io::h5
