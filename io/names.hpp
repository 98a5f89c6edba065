// Names and seeds as text, with no YAML in sight: the nearest valid name for a typo, a list joined
// for a message, and the one seed parser. The scenario reader (io/yaml_schema), `compare` and the
// command line share them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace civicsim::io::schema {

using Names = std::vector<std::string>;

/// Closest candidate by edit distance, or "" when none is close.
std::string nearest(const std::string& word, const Names& candidates);
std::string join(const Names& names, const char* separator = ", ");
/// A seed: decimal digits only, at most 2^64 - 1 (no sign, exponent, hex or blanks); else nothing.
std::optional<std::uint64_t> parse_seed(const std::string& text);
/// What every reader of a seed (the scenario's `seed`, `run --seed`) says it expects.
constexpr const char* kSeedRange = "an integer in [0, 18446744073709551615]";

}  // namespace civicsim::io::schema
