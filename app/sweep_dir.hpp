// The folder of one sweep (docs/sweeps.md): the names of its files, and what a run left in them.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace civicsim::cli {

/// The folder of one sweep and the names of its files.
struct SweepDir {
  using path = std::filesystem::path;
  path root;
  path runs() const { return root / "runs"; }
  path logs() const { return root / "logs"; }
  path run_file(const std::string& id) const { return runs() / (id + ".h5"); }
  path log_file(const std::string& id) const { return logs() / (id + ".log"); }
  path yaml() const { return root / "sweep.yaml"; }
  path source() const { return root / "scenario_path"; }
  path manifest() const { return root / "manifest.csv"; }
  path shard_manifest(int i, int n) const {
    return root / ("manifest.shard-" + std::to_string(i) + "-of-" + std::to_string(n) + ".csv");
  }
  path sweep_h5() const { return root / "sweep.h5"; }
  path design() const { return root / "design.txt"; }    // a --design-file's copy
  path outputs() const { return root / "outputs.csv"; }  // one row per run (docs/sensitivity.md)
};

inline bool run_done(const SweepDir& dir, const std::string& id) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir.run_file(id), ec);
}

/// A file's bytes, exactly ("" when it cannot be read).
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The last non-empty line of a run's log: what went wrong, in the run's own words.
inline std::string log_tail(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  }
  if (last.size() > 500) last = last.substr(0, 500) + "...";
  return last;
}

}  // namespace civicsim::cli
