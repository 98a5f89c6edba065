// libFuzzer target over everything between a scenario's text and a validated run: the scenario
// loader, its districts CSV, the sweep section and each arm x grid point of it, the structure-only
// sweep reader (`civicsim merge`), resolved_yaml and the resource estimate (`civicsim plan`).
// A diagnostic is a good outcome; a crash, a sanitizer report, a hang or running out of memory is
// a bug. Run it with scripts/fuzz (docs/robustness.md).
//
// Input: scenario YAML, optionally followed by a line "#--- districts.csv" and that file's text.
// The CSV is written as districts.csv in a private folder that is the scenario's base folder, so
// `geography: {districts_file: districts.csv}` reads it. It is a YAML comment, so every input is
// still a scenario as a user could write it.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/scenario.hpp"
#include "tests/fuzz/private_dir.hpp"
#include "io/sweep.hpp"
#include "sim/plan.hpp"

namespace {

namespace fs = std::filesystem;
using namespace civicsim;

const char kSeparator[] = "#--- districts.csv\n";
const char kName[] = "fuzz.yaml";
// Each arm x grid point is a full load (and load_sweep_run loads the file twice more): more than a
// few would make one input take seconds without reaching new code.
constexpr std::size_t kMaxVariants = 4;

/// Made once per process and removed at exit; each input writes (or removes) districts.csv here.
const std::string& private_dir() {
  static const std::string dir = fuzz::make_private_dir(fs::temp_directory_path(), "civicsim-fuzz");
  static const fuzz::RemoveAtExit cleanup{dir};
  return dir;
}

void set_districts_file(const std::string* csv) {
  const fs::path path = fs::path(private_dir()) / "districts.csv";
  if (!csv) {
    std::error_code ec;
    fs::remove(path, ec);  // an input without a CSV must not see the previous input's
    return;
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << *csv;
}

[[noreturn]] void fail(const std::string& what, const std::string& detail) {
  std::fprintf(stderr, "scenario_fuzzer: %s\n%s\n", what.c_str(), detail.c_str());
  std::abort();
}

/// Every result must carry its diagnostics and a matching exit code.
void check_result(const std::vector<io::Diagnostic>& errors, int exit_code, const char* what) {
  const bool failed = exit_code == io::kExitDataErr || exit_code == io::kExitNoInput;
  if (errors.empty() != (exit_code == io::kExitOk) || (!errors.empty() && !failed)) {
    fail(std::string(what) + ": exit code " + std::to_string(exit_code) + " with " + std::to_string(errors.size()) +
             " diagnostics",
         errors.empty() ? "" : errors[0].str());
  }
  for (const auto& d : errors) {
    if (d.message.empty() || d.line < 0 || d.column < 0) fail(std::string(what) + ": a malformed diagnostic", d.str());
  }
}

/// The text without its comment lines (resolved_yaml says where the districts came from in one).
std::string without_comments(const std::string& text) {
  std::string kept;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    if (text[begin] != '#') kept.append(text, begin, end + 1 - begin);
    begin = end + 1;
  }
  return kept;
}

/// resolved_yaml's promise (io/resolved_yaml.cpp): its text loads back to the same parameters.
void check_valid(const Params& params) {
  const std::string resolved = io::resolved_yaml(params);
  const io::ScenarioResult again = io::load_scenario_text(resolved, "resolved.yaml", "");
  if (!again.ok()) fail("resolved_yaml does not load back: " + again.errors[0].str(), resolved);
  const std::string twice = io::resolved_yaml(again.params);
  if (without_comments(twice) != without_comments(resolved))
    fail("resolved_yaml changes when loaded back", resolved + "\n--- then ---\n" + twice);
  const ResourceEstimate e = estimate_resources(params, /*cuda_backend=*/false, /*periodic_checkpoints=*/true);
  if (!(e.host_peak_bytes > 0) || !(e.output_max_bytes >= e.output_bytes)) {
    fail("estimate_resources: a peak of " + std::to_string(e.host_peak_bytes) + " bytes", resolved);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string yaml = input, csv;
  const std::size_t at = input.rfind(kSeparator);
  const bool has_csv = at != std::string::npos && (at == 0 || input[at - 1] == '\n');
  if (has_csv) {
    yaml = input.substr(0, at);
    csv = input.substr(at + sizeof kSeparator - 1);
  }
  set_districts_file(has_csv ? &csv : nullptr);
  const std::string& dir = private_dir();

  // What `civicsim merge` reads: the sweep's runs only, without validating the scenario.
  const io::SweepResult structure = io::load_sweep_structure(yaml, kName);
  check_result(structure.errors, structure.exit_code, "load_sweep_structure");

  const io::ScenarioResult scenario = io::load_scenario_text(yaml, kName, dir);
  check_result(scenario.errors, scenario.exit_code, "load_scenario_text");
  if (!scenario.ok()) return 0;
  check_valid(scenario.params);

  const io::SweepResult sweep = io::load_sweep_text(yaml, kName, dir, /*check_runs=*/false);
  check_result(sweep.errors, sweep.exit_code, "load_sweep_text");
  if (!sweep.ok() || !sweep.sweep.declared) return 0;
  const io::Sweep& s = sweep.sweep;
  const std::size_t variants = s.arms.size() * s.points.size();
  if (variants > kMaxVariants) return 0;
  // What `civicsim validate` does with a sweep; then each arm x grid point as a run would load it.
  const io::SweepResult checked = io::load_sweep_text(yaml, kName, dir, /*check_runs=*/true);
  check_result(checked.errors, checked.exit_code, "load_sweep_text(check_runs)");
  for (const io::SweepRun& run : s.runs) {
    if (run.replicate != 0) continue;
    const io::ScenarioResult r = io::load_sweep_run(s, run.index);
    check_result(r.errors, r.exit_code, "load_sweep_run");
    // validate has checked every run: none may fail later.
    if (checked.ok() && !r.ok()) fail("run " + run.id + " fails after validate passed", r.errors[0].str());
    if (r.ok()) check_valid(r.params);
  }
  return 0;
}
