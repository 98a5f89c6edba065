// The output tables' own compression (io/sparse_deflate.hpp, io/h5_chunks.hpp) and bulk dimension
// scales (io/h5_scales.hpp): zlib and HDF5's filters must read back exactly what was written.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "io/h5_chunks.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_scales.hpp"
#include "io/h5_write.hpp"
#include "io/output_error.hpp"
#include "io/sparse_deflate.hpp"

namespace civicsim::test {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<unsigned char>;

/// zlib's own inflate of `stream` (which checks the Adler-32), or a message.
Bytes inflate(const Bytes& stream, std::size_t size) {
  Bytes out(size + 1);
  uLongf length = out.size();
  const int status = uncompress(out.data(), &length, stream.data(), stream.size());
  EXPECT_EQ(status, Z_OK) << "zlib cannot read the stream";
  out.resize(status == Z_OK ? length : 0);
  return out;
}

/// `data` through SparseDeflate, fed as runs of zeros and single bytes.
Bytes sparse_stream(const Bytes& data, io::SparseDeflate::Codes codes = io::SparseDeflate::Codes::kFitted) {
  io::SparseDeflate s;
  s.reset();
  std::size_t zeros = 0;
  for (const unsigned char b : data) {
    if (b == 0) {
      ++zeros;
      continue;
    }
    s.zeros(zeros);
    zeros = 0;
    s.byte(b);
  }
  s.zeros(zeros);
  EXPECT_EQ(s.size(), data.size());
  Bytes out;
  s.finish(out, codes);
  return out;
}

TEST(SparseDeflate, RunsOfEveryAwkwardLengthReadBack) {
  // Runs of 0-2 zeros need literals, 258 is one whole copy, 259-261 split a copy.
  for (const std::size_t run : {0u, 1u, 2u, 3u, 4u, 257u, 258u, 259u, 260u, 261u, 516u, 517u, 100000u}) {
    for (const bool byte_first : {false, true}) {
      SCOPED_TRACE("run " + std::to_string(run) + (byte_first ? " after a byte" : ""));
      Bytes data;
      if (byte_first) data.push_back(7);
      data.resize(data.size() + run, 0);
      data.push_back(200);
      data.resize(data.size() + run, 0);
      EXPECT_EQ(inflate(sparse_stream(data), data.size()), data);
    }
  }
  EXPECT_EQ(inflate(sparse_stream({}), 0), Bytes{});  // an empty stream
  EXPECT_EQ(inflate(sparse_stream({}, io::SparseDeflate::Codes::kFixedWhenSmall), 0), Bytes{});
  // Fixed codes: every literal value and copy length, in a stream of fewer than 256 tokens.
  Bytes each;
  for (int v = 1; v < 256; v += 2) each.push_back(static_cast<unsigned char>(v));
  for (std::size_t run = 1; run <= 259; run += 37) each.resize(each.size() + run, 0), each.push_back(255);
  EXPECT_EQ(inflate(sparse_stream(each, io::SparseDeflate::Codes::kFixedWhenSmall), each.size()), each);
}

TEST(SparseDeflate, RandomDataOfAnyDensityReadsBack) {
  std::mt19937_64 rng(20251207);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t size = rng() % 70000;
    const int one_in = 1 << (rng() % 10);  // from every byte to one in 512 nonzero
    const int values = 1 + static_cast<int>(rng() % 255);
    Bytes data(size, 0);
    for (auto& b : data) {
      if (rng() % one_in == 0) b = static_cast<unsigned char>(1 + rng() % values);
    }
    ASSERT_EQ(inflate(sparse_stream(data), size), data) << "trial " << trial;
    ASSERT_EQ(inflate(sparse_stream(data, io::SparseDeflate::Codes::kFixedWhenSmall), size), data)
        << "trial " << trial << " (fixed codes when small)";
    Bytes packed;
    io::zlib_compress(data.data(), data.size(), packed);
    ASSERT_EQ(inflate(packed, size), data) << "trial " << trial << " (zlib_compress)";
    // The same bytes in three pieces, as the records log passes a record's tables.
    const std::size_t a = size == 0 ? 0 : rng() % size, b = a + (size == a ? 0 : rng() % (size - a));
    packed.clear();
    io::zlib_compress({{data.data(), a}, {data.data() + a, b - a}, {data.data() + b, size - b}}, packed);
    ASSERT_EQ(inflate(packed, size), data) << "trial " << trial << " (in pieces)";
    packed.clear();
    io::zlib_compress(data.data(), data.size(), packed, io::Aim::kFast);
    ASSERT_EQ(inflate(packed, size), data) << "trial " << trial << " (fast)";
  }
}

TEST(SparseDeflate, SkewedCountsKeepCodesWithinFifteenBits) {
  // Fibonacci counts make a Huffman tree as deep as there are symbols: past 15 bits DEFLATE
  // cannot say it, and zlib refuses the stream.
  Bytes data;
  std::uint64_t a = 1, b = 1;
  for (int value = 1; value <= 24; ++value) {
    data.insert(data.end(), a, static_cast<unsigned char>(value));
    const std::uint64_t next = a + b;
    a = b;
    b = next;
  }
  EXPECT_EQ(inflate(sparse_stream(data), data.size()), data);
}

TEST(SparseDeflate, MostlyZeroDataIsSmallAndDenseDataStillReadsBack) {
  Bytes sparse(1 << 20, 0);
  for (std::size_t i = 0; i < sparse.size(); i += 997) sparse[i] = static_cast<unsigned char>(i % 251 + 1);
  Bytes packed;
  io::zlib_compress(sparse.data(), sparse.size(), packed);
  EXPECT_LT(packed.size(), sparse.size() / 100);
  EXPECT_EQ(inflate(packed, sparse.size()), sparse);

  Bytes dense(5000);
  for (std::size_t i = 0; i < dense.size(); ++i) dense[i] = static_cast<unsigned char>(i * 7 + 1);
  packed.clear();
  io::zlib_compress(dense.data(), dense.size(), packed);
  EXPECT_EQ(inflate(packed, dense.size()), dense);
}

TEST(Shuffle8, IsHdf5sByteShuffle) {
  for (const std::size_t n : {0u, 1u, 7u, 8u, 9u, 64u, 1001u}) {
    std::vector<std::uint64_t> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = 0x0102030405060708ull * (i + 1) ^ (i << 40);
    Bytes planes(n * 8), expected(n * 8);
    io::h5::shuffle8(values.data(), n, planes.data());
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t b = 0; b < 8; ++b) expected[b * n + i] = static_cast<unsigned char>(values[i] >> (8 * b));
    }
    EXPECT_EQ(planes, expected) << n << " elements";
  }
}

class ChunkedRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io::h5::silence_error_printing();
    path_ = fs::temp_directory_path() / ("civicsim-chunks-" + std::to_string(::getpid()) + ".h5");
    file_ = H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(file_, 0);
  }
  void TearDown() override {
    if (file_ >= 0) H5Fclose(file_);
    fs::remove(path_);
  }

  /// A dataset made as the output file makes its tables: chunked, shuffle + deflate, no cache.
  template <class T>
  io::h5::Handle table(const char* name, const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk) {
    const io::h5::Storage storage{chunk, 1};
    return io::h5::create_dataset(file_, name, io::h5::TypeOf<T>::file(), shape, storage, "1", "test");
  }

  template <class T>
  std::vector<T> read_all(hid_t dataset, std::size_t n) {
    std::vector<T> out(n);
    EXPECT_GE(H5Dread(dataset, io::h5::TypeOf<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), 0);
    return out;
  }

  static hsize_t chunks_written(hid_t dataset) {
    io::h5::Handle space(H5Dget_space(dataset), H5Sclose);
    hsize_t n = 0;
    EXPECT_GE(H5Dget_num_chunks(dataset, space.get(), &n), 0);
    return n;
  }

  fs::path path_;
  hid_t file_ = -1;
};

TEST_F(ChunkedRowsTest, RowsInOrderReadBackAndChunksOfZerosAreNotWritten) {
  // 37 rows of 5 x 4 in chunks of 8 rows: chunks 0-4, the last one 5 rows. Chunk 1 is zeros,
  // chunk 2 sparse, chunk 3 dense (every value nonzero), chunk 4 holds one value.
  const std::vector<hsize_t> shape = {37, 5, 4};
  io::h5::Handle d = table<std::int64_t>("/t", shape, {8, 5, 4});
  std::vector<std::int64_t> all(37 * 20, 0);
  for (std::size_t t = 0; t < 37; ++t) {
    for (std::size_t i = 0; i < 20; ++i) {
      std::int64_t& v = all[t * 20 + i];
      if (t < 8 && i % 7 == 0) v = static_cast<std::int64_t>(t * 100 + i);
      if (t >= 16 && t < 24 && (t + i) % 9 == 0) v = -static_cast<std::int64_t>(t * 1000003 + i);
      if (t >= 24 && t < 32) v = static_cast<std::int64_t>(t << 33) + static_cast<std::int64_t>(i) + 1;
    }
  }
  all[36 * 20 + 19] = std::numeric_limits<std::int64_t>::min();
  io::h5::ChunkedRows rows(d.get(), H5T_NATIVE_INT64, shape, {8, 5, 4});
  for (std::size_t t = 0; t < 37; ++t) rows.add(t, all.data() + t * 20);
  rows.flush();
  EXPECT_EQ(read_all<std::int64_t>(d.get(), all.size()), all);
  EXPECT_EQ(chunks_written(d.get()), 4u) << "chunk 1 (zeros) is left to the fill value";
}

TEST_F(ChunkedRowsTest, FirstChunkIsWrittenEvenWhenZero) {
  io::h5::Handle d = table<std::int64_t>("/z", {20, 2, 4}, {8, 2, 4});
  io::h5::ChunkedRows rows(d.get(), H5T_NATIVE_INT64, {20, 2, 4}, {8, 2, 4});
  const std::vector<std::int64_t> zeros(8, 0);
  for (hsize_t t = 0; t < 20; ++t) rows.add(t, zeros.data());
  EXPECT_EQ(chunks_written(d.get()), 1u) << "h5diff does not compare a dataset without chunks";
  EXPECT_EQ(read_all<std::int64_t>(d.get(), 160), std::vector<std::int64_t>(160, 0));
}

TEST_F(ChunkedRowsTest, RowsSplitAlongTheSecondAxisReadBack) {
  // 10 districts in chunks of 4: blocks of 4, 4 and 2; one row a chunk.
  const std::vector<hsize_t> shape = {6, 10, 4};
  io::h5::Handle d = table<double>("/s", shape, {1, 4, 4});
  std::vector<double> all(6 * 40, 0.0);
  std::mt19937_64 rng(7);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i % 3 != 0) all[i] = std::ldexp(static_cast<double>(rng() % 1000), -static_cast<int>(rng() % 20));
  }
  all[5] = std::numeric_limits<double>::quiet_NaN();
  all[6] = -0.0;
  io::h5::ChunkedRows rows(d.get(), H5T_NATIVE_DOUBLE, shape, {1, 4, 4});
  for (std::size_t t = 0; t < 6; ++t) rows.add(t, all.data() + t * 40);
  rows.flush();
  const std::vector<double> back = read_all<double>(d.get(), all.size());
  EXPECT_EQ(std::memcmp(back.data(), all.data(), all.size() * sizeof(double)), 0) << "bit for bit";
}

TEST_F(ChunkedRowsTest, RowsOutOfOrderAndRewrittenRowsMerge) {
  const std::vector<hsize_t> shape = {16, 2, 4};
  io::h5::Handle d = table<std::int64_t>("/o", shape, {8, 2, 4});
  io::h5::ChunkedRows rows(d.get(), H5T_NATIVE_INT64, shape, {8, 2, 4});
  const auto row = [](hsize_t t, std::int64_t base) {
    std::vector<std::int64_t> v(8, 0);
    v[t % 8] = base + static_cast<std::int64_t>(t);
    return v;
  };
  for (hsize_t t = 16; t-- > 8;) rows.add(t, row(t, 100).data());   // backwards: HDF5's own writes
  for (hsize_t t = 0; t < 8; ++t) rows.add(t, row(t, 100).data());  // a whole chunk: written here
  rows.add(3, row(3, 500).data());                                  // rewrites one row of it
  rows.flush();
  std::vector<std::int64_t> expected;
  for (hsize_t t = 0; t < 16; ++t) {
    const auto r = row(t, t == 3 ? 500 : 100);
    expected.insert(expected.end(), r.begin(), r.end());
  }
  EXPECT_EQ(read_all<std::int64_t>(d.get(), expected.size()), expected);
}

TEST_F(ChunkedRowsTest, ScaleLinksReadAsHdf5DimensionScales) {
  io::h5::Handle scale = io::h5::create_dataset(file_, "/x", H5T_STD_I64LE, {4}, io::h5::Storage{}, "1", "scale");
  io::h5::Handle other = io::h5::create_dataset(file_, "/y", H5T_STD_I64LE, {3}, io::h5::Storage{}, "1", "scale");
  ASSERT_GE(H5DSset_scale(scale.get(), "x"), 0);
  ASSERT_GE(H5DSset_scale(other.get(), "y"), 0);
  io::h5::Handle a = io::h5::create_dataset(file_, "/a", H5T_STD_I64LE, {4, 3}, io::h5::Storage{}, "1", "a");
  io::h5::Handle b = io::h5::create_dataset(file_, "/b", H5T_STD_I64LE, {4}, io::h5::Storage{}, "1", "b");
  io::h5::ScaleLinks links;
  links.attach(a.get(), {scale.get(), other.get()});
  links.write_references(file_);
  links.attach(b.get(), {scale.get()});  // a second round rewrites /x's REFERENCE_LIST
  links.write_references(file_);
  EXPECT_GT(H5DSis_attached(a.get(), scale.get(), 0), 0);
  EXPECT_GT(H5DSis_attached(a.get(), other.get(), 1), 0);
  EXPECT_GT(H5DSis_attached(b.get(), scale.get(), 0), 0);
  EXPECT_EQ(H5DSis_attached(a.get(), scale.get(), 1), 0);
  EXPECT_EQ(H5DSget_num_scales(a.get(), 0), 1);
  // HDF5's own detach reads and rewrites both lists: the layout is H5DS's.
  ASSERT_GE(H5DSdetach_scale(a.get(), scale.get(), 0), 0);
  EXPECT_EQ(H5DSis_attached(a.get(), scale.get(), 0), 0);
  EXPECT_GT(H5DSis_attached(b.get(), scale.get(), 0), 0);
  EXPECT_THROW(links.attach(b.get(), {scale.get(), other.get()}), io::OutputError) << "one scale per axis";
}

}  // namespace
}  // namespace civicsim::test
