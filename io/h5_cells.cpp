// Formatting of the values the exporters write as text: numbers in their shortest exact form,
// and one element of any HDF5 type h5::Reader meets.
#include <charconv>
#include <cmath>
#include <cstring>

#include "io/h5_reader.hpp"

namespace civicsim::io::h5 {

namespace {

/// Where plain digits give way to an exponent: from kLarge up (a double has about 16 significant
/// digits, a float about 7) and below kSmall.
template <class T>
struct PlainRange;
template <>
struct PlainRange<double> {
  static constexpr double kSmall = 1e-5;
  static constexpr double kLarge = 1e16;
};
template <>
struct PlainRange<float> {
  static constexpr float kSmall = 1e-5f;
  static constexpr float kLarge = 1e7f;
};

/// The shortest text that reads back as the same `value` of type T (double or float).
template <class T>
std::string format_shortest(T value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  // Plain digits for the magnitudes of counts, costs and shares (6000000, not 6e+06); exponents
  // only where plain digits would run long. Both forms are the shortest that read back exactly.
  char buf[400];
  const T magnitude = std::fabs(value);
  const bool plain = magnitude == T(0) || (magnitude >= PlainRange<T>::kSmall && magnitude < PlainRange<T>::kLarge);
  const auto result = plain ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                            : std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

}  // namespace

std::string format_double(double value) { return format_shortest(value); }

std::string format_float(float value) { return format_shortest(value); }

bool format_cell(hid_t type, const unsigned char* p, std::string* out) {
  const H5T_class_t cls = H5Tget_class(type);
  const std::size_t size = H5Tget_size(type);
  switch (cls) {
    case H5T_INTEGER: {
      const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
      std::int64_t v = 0;
      if (is_signed) {
        if (size == 1) {
          std::int8_t x;
          std::memcpy(&x, p, 1);
          v = x;
        } else if (size == 2) {
          std::int16_t x;
          std::memcpy(&x, p, 2);
          v = x;
        } else if (size == 4) {
          std::int32_t x;
          std::memcpy(&x, p, 4);
          v = x;
        } else if (size == 8) {
          std::memcpy(&v, p, 8);
        } else
          return false;
        *out = std::to_string(v);
      } else {
        std::uint64_t u = 0;
        if (size == 1) {
          std::uint8_t x;
          std::memcpy(&x, p, 1);
          u = x;
        } else if (size == 2) {
          std::uint16_t x;
          std::memcpy(&x, p, 2);
          u = x;
        } else if (size == 4) {
          std::uint32_t x;
          std::memcpy(&x, p, 4);
          u = x;
        } else if (size == 8) {
          std::memcpy(&u, p, 8);
        } else
          return false;
        *out = std::to_string(u);
      }
      return true;
    }
    case H5T_FLOAT: {
      if (size == sizeof(double)) {
        double d;
        std::memcpy(&d, p, sizeof d);
        *out = format_double(d);
      } else if (size == sizeof(float)) {
        float f;
        std::memcpy(&f, p, sizeof f);
        *out = format_float(f);
      } else {
        return false;
      }
      return true;
    }
    case H5T_STRING: {
      if (H5Tis_variable_str(type) > 0) {
        const char* s = nullptr;
        std::memcpy(&s, p, sizeof s);
        *out = s ? s : "";
      } else {
        const char* s = reinterpret_cast<const char*>(p);
        std::size_t n = 0;
        while (n < size && s[n] != '\0') ++n;
        *out = std::string(s, n);
        // Space-padded fixed strings (H5T_STR_SPACEPAD) end in padding, not text.
        if (H5Tget_strpad(type) == H5T_STR_SPACEPAD) {
          while (!out->empty() && out->back() == ' ') out->pop_back();
        }
      }
      return true;
    }
    case H5T_ENUM: {
      char name[256];
      if (H5Tenum_nameof(type, p, name, sizeof name) < 0) return false;
      *out = name;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace civicsim::io::h5
