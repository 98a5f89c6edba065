// A fuzzer's private folder: made once per process under `base`, removed at exit.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace civicsim::fuzz {

/// A new folder `base/NAME-XXXXXX`; aborts (a broken harness, not a finding) when it cannot.
inline std::string make_private_dir(const std::filesystem::path& base, const char* name) {
  std::string pattern = (base / (std::string(name) + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) {
    std::perror("fuzzer: mkdtemp");
    std::abort();
  }
  return pattern;
}

/// Removes `dir` when the process exits (a static of the caller's).
struct RemoveAtExit {
  std::string dir;
  ~RemoveAtExit() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace civicsim::fuzz
