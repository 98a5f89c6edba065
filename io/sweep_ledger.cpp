#include "io/sweep_ledger.hpp"

#include <cstdio>

namespace civicsim::io {

void Manifest::record(const RunOutcome& f, const std::string& worker) {
  ManifestRow& row = rows_[static_cast<std::size_t>(f.index)];
  row.status = f.done ? "done" : f.interrupted ? "pending" : "failed";
  row.exit_code = f.interrupted ? -1 : f.exit_code;
  row.wall_seconds = f.interrupted ? 0.0 : f.wall_seconds;
  row.worker = worker;
  row.error = f.interrupted ? "interrupted by the sweep's stop signal; --resume runs it" : f.error;
  if (!f.done && !f.checkpoint.empty()) {
    row.error += f.interrupted ? " from its checkpoint (" + f.checkpoint + ")"
                               : "; --resume continues it from its checkpoint (" + f.checkpoint + ")";
  }
}

void Manifest::save(bool now) {
  const auto t = std::chrono::steady_clock::now();
  if (!now && std::chrono::duration<double>(t - last_save_).count() < 1.0) return;
  write_file_atomically(path_.string(), manifest_csv(rows_));
  last_save_ = t;
}

void adopt_previous(Manifest& manifest, const std::vector<ManifestRow>& previous, const Sweep& sweep) {
  for (const auto& old : previous) {
    if (old.index < 0 || old.index >= static_cast<int>(sweep.runs.size())) continue;
    if (sweep.runs[static_cast<std::size_t>(old.index)].id != old.run_id) continue;
    if (old.status != "done" && old.status != "failed") continue;
    ManifestRow& row = manifest[old.index];
    if (row.status == "done" && old.status != "done") continue;
    row.status = old.status;
    row.exit_code = old.exit_code;
    row.wall_seconds = old.wall_seconds;
    row.worker = old.worker;
    row.error = old.error;
  }
}

void Ledger::started(int index, const std::string& worker) {
  manifest_[index].status = "running";
  manifest_[index].worker = worker;
}

void Ledger::finished(const RunOutcome& f, const std::string& worker) {
  manifest_.record(f, worker);
  manifest_.save(false);
  ++finished_;
  if (quiet_) return;
  std::fprintf(stderr, "[%zu/%zu] %s %s in %.1f s%s%s%s%s\n", finished_, total_,
               sweep_.runs[static_cast<std::size_t>(f.index)].id.c_str(),
               f.done          ? "done"
               : f.interrupted ? "interrupted"
                               : "FAILED",
               f.wall_seconds, name_worker_ ? " on " : "", name_worker_ ? worker.c_str() : "", f.done ? "" : ": ",
               f.error.c_str());
}

void Ledger::unstarted(std::deque<int>& todo) {
  for (int index : todo) manifest_[index].status = "pending";
  todo.clear();
}

}  // namespace civicsim::io
