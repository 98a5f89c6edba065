// Structure-aware mutations of HDF5 files for tests/fuzz/h5_fuzzer.cpp: each mutation opens the
// input as a file image (the core driver, nothing on disk), changes an object with the HDF5 API —
// a dataset replaced by one of another type or shape (huge extents included, stored chunked with
// nothing written), a link deleted, an attribute replaced, values overwritten, a group crowded with
// links — and returns the new image. Every input stays a file that libhdf5 itself wrote, so the
// fuzzer hunts bugs in civicsim's readers rather than in libhdf5's decoder of damaged bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace civicsim::fuzz {

/// Mutates the HDF5 image data[0, size) in place (at most max_size bytes); returns its new size.
/// An input that is not an HDF5 image is replaced by a small file built from scratch.
std::size_t mutate_h5(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed);

}  // namespace civicsim::fuzz
