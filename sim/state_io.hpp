// The engine's state as a sequence of named arrays of fixed-size elements, in a fixed order:
// Engine::save_state() writes them to a StateSink, Engine::load_state() reads them back from a
// StateSource. io/checkpoint.* puts them in a checkpoint file. Host-only (no backend headers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace civicsim {

/// A state that cannot be loaded: another layout, a missing or extra array.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateSink {
 public:
  virtual ~StateSink() = default;
  /// One array: `count` elements of `element_bytes` each at `data` (host memory).
  virtual void write(const std::string& name, std::size_t element_bytes, std::uint64_t count, const void* data) = 0;
};

class StateSource {
 public:
  virtual ~StateSource() = default;
  /// Opens the next array, which must be `name` with elements of `element_bytes` (StateError
  /// otherwise), and returns its element count; read() then fills count * element_bytes bytes.
  virtual std::uint64_t next(const std::string& name, std::size_t element_bytes) = 0;
  virtual void read(void* data) = 0;
};

}  // namespace civicsim
