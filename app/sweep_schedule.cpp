#include "app/sweep_schedule.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <thread>
#include <vector>

#include "app/sweep_mpi.hpp"

namespace civicsim::cli {
namespace {

// ---- messages between MPI ranks ---------------------------------------------------------------

std::string encode(const io::RunOutcome& f, const std::string& worker) {
  std::ostringstream s;
  s << f.index << '\x1f'
    << (f.done          ? 1
        : f.interrupted ? 2
                        : 0)
    << '\x1f' << f.exit_code << '\x1f' << f.wall_seconds << '\x1f' << worker << '\x1f' << f.error;
  return s.str();
}

io::RunOutcome decode(const std::string& text, std::string& worker) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t end = text.find('\x1f', begin);
    parts.push_back(text.substr(begin, end - begin));
    begin = end == std::string::npos ? text.size() : end + 1;
  }
  io::RunOutcome f;
  f.index = std::stoi(parts[0]);
  f.done = parts[1] == "1";
  f.interrupted = parts[1] == "2";
  f.exit_code = std::stoi(parts[2]);
  f.wall_seconds = std::stod(parts[3]);
  worker = parts[4];
  f.error = text.substr(std::min(begin, text.size()));
  return f;
}

/// The shard of a SLURM job array task, from SLURM_ARRAY_TASK_* ("" when fine or not one).
std::string slurm_shard(Shard& shard) {
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (id == nullptr || count == nullptr) return "";
  auto number = [](const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v != nullptr ? std::atoi(v) : fallback;
  };
  const int min = number("SLURM_ARRAY_TASK_MIN", 0);
  const int step = std::max(1, number("SLURM_ARRAY_TASK_STEP", 1));
  const int n = std::atoi(count);
  const int max = number("SLURM_ARRAY_TASK_MAX", min + (n - 1) * step);
  const int offset = std::atoi(id) - min;
  // Every task must find the same shard numbering: the ids must be min, min + step, ... max.
  if (n < 1 || offset < 0 || offset % step != 0 || offset / step >= n || max != min + (n - 1) * step) {
    return "SLURM_ARRAY_TASK_ID=" + std::string(id) + " does not fit an array of " + count +
           " evenly spaced tasks (SLURM_ARRAY_TASK_MIN/MAX/STEP); submit with --array=0-" +
           std::to_string(std::max(0, n - 1)) + " (a step or a list of ids cannot be mapped to shards)";
  }
  shard = {offset / step, n};
  return "";
}

/// Rank 0's answers to the other ranks: their finished runs in, the next run (or -1) out. Whether
/// any message came.
bool serve_requests(io::Ledger& ledger, std::deque<int>& todo) {
  bool busy = false;
  for (int source; (source = mpi::probe(mpi::kRequest)) >= 0;) {
    const std::string text = mpi::receive_text(source, mpi::kRequest);
    if (!text.empty()) {
      std::string worker;
      const io::RunOutcome done = decode(text, worker);
      ledger.finished(done, worker);
    }
    int next = -1;
    if (!todo.empty()) {
      next = todo.front();
      todo.pop_front();
      ledger.started(next, "rank " + std::to_string(source));
    }
    mpi::send_int(source, mpi::kAssign, next);
    busy = true;
  }
  return busy;
}

}  // namespace

std::string parse_shard(const std::string& text, Shard& shard) {
  if (!text.empty()) {
    int i = -1, n = -1;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%d/%d%c", &i, &n, &extra) != 2 || n < 1 || i < 0 || i >= n) {
      return "--shard: expected i/N with 0 <= i < N (e.g. --shard 0/3), got '" + text + "'";
    }
    shard = {i, n};
    return "";
  }
  return slurm_shard(shard);
}

void run_local(Children& children, io::Manifest& manifest, const io::Sweep& sweep, std::deque<int> todo, int jobs,
               const std::string& worker, bool quiet) {
  io::Ledger ledger(manifest, sweep, todo.size(), quiet, /*name_worker=*/false);
  while (!todo.empty() || children.running() > 0) {
    while (!todo.empty() && children.running() < jobs && sweep_stop_signal() == 0) {
      const int index = todo.front();
      todo.pop_front();
      ledger.started(index, worker);
      children.start(index);
    }
    if (sweep_stop_signal() != 0) ledger.unstarted(todo);
    io::RunOutcome f;
    if (children.poll(f, true)) ledger.finished(f, worker);
  }
}

void run_coordinator(Children& children, io::Manifest& manifest, const io::Sweep& sweep, std::deque<int> todo, int jobs,
                     bool quiet) {
  const int workers = mpi::size() - 1;
  int byes = 0;
  io::Ledger ledger(manifest, sweep, todo.size(), quiet, /*name_worker=*/true);
  while (!todo.empty() || children.running() > 0 || byes < workers) {
    bool busy = false;
    if (sweep_stop_signal() != 0) {
      ledger.unstarted(todo);
      children.forward_stop();
    }
    while (!todo.empty() && children.running() < jobs) {
      const int index = todo.front();
      todo.pop_front();
      ledger.started(index, "rank 0");
      children.start(index);
      busy = true;
    }
    io::RunOutcome f;
    if (children.poll(f, false)) {
      ledger.finished(f, "rank 0");
      busy = true;
    }
    if (serve_requests(ledger, todo)) busy = true;
    for (int source; (source = mpi::probe(mpi::kBye)) >= 0;) {
      mpi::receive_text(source, mpi::kBye);
      ++byes;
      busy = true;
    }
    if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void run_worker(Children& children, int jobs) {
  const std::string worker = "rank " + std::to_string(mpi::rank());
  for (int i = 0; i < jobs; ++i) mpi::send_text(0, mpi::kRequest, "");
  int waiting = jobs, open_slots = jobs;
  while (open_slots > 0 || children.running() > 0) {
    bool busy = false;
    if (sweep_stop_signal() != 0) children.forward_stop();
    io::RunOutcome f;
    if (children.poll(f, false)) {
      mpi::send_text(0, mpi::kRequest, encode(f, worker));
      ++waiting;
      busy = true;
    }
    if (waiting > 0 && mpi::probe(mpi::kAssign, 0) >= 0) {
      const int index = mpi::receive_int(0, mpi::kAssign);
      --waiting;
      if (index < 0) {
        --open_slots;
      } else {
        children.start(index);  // after a stop signal it comes back at once as not started
      }
      busy = true;
    }
    if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  mpi::send_text(0, mpi::kBye, "");
}

}  // namespace civicsim::cli
