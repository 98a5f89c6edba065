#include "io/names.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>

namespace civicsim::io::schema {

namespace {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours.
int edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

}  // namespace

std::string nearest(const std::string& word, const Names& candidates) {
  std::string best;
  int best_distance = std::numeric_limits<int>::max();
  for (const auto& c : candidates) {
    // A word this much longer than the candidate is neither a near miss nor its start; skipping it
    // keeps a pasted megabyte key from costing an edit distance of a megabyte per candidate.
    if (word.size() > c.size() + std::max<std::size_t>(1, c.size() / 3) + 1) continue;
    // Close means: at most a third of the candidate's letters differ (at least one may), and not
    // everything differs ("x" is not a typo of "p"); or the word, give or take one letter, is how
    // the candidate starts ("step" for "step_minutes"), which ranks after real near misses.
    const int limit = std::max<int>(1, static_cast<int>(c.size()) / 3);
    int d = edit_distance(word, c);
    if (d > limit && word.size() >= 4 && edit_distance(word, c.substr(0, word.size())) <= 1) {
      d = limit;
    }
    if (d <= limit && d < static_cast<int>(std::max(word.size(), c.size())) && d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string join(const Names& names, const char* separator) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : separator) + n;
  return s;
}

std::optional<std::uint64_t> parse_seed(const std::string& text) {
  const bool digits =
      !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return std::nullopt;
  errno = 0;
  const unsigned long long x = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE) return std::nullopt;
  return static_cast<std::uint64_t>(x);
}

}  // namespace civicsim::io::schema
