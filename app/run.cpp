// `civicsim run`: the steps of a run session (app/run_session.hpp) and what the user reads about
// the run: its size (--verbose) and the closing line.
#include "app/run.hpp"

#include <cstdio>
#include <iostream>
#include <string>

#include "app/run_session.hpp"
#include "app/timings_report.hpp"
#include "civicsim_version.hpp"
#include "kernels/parallel.hpp"
#include "sim/engine.hpp"
#include "sim/sample_check.hpp"

namespace civicsim::cli {
namespace {

/// Before the first day: the scenario's sample warnings and, with --verbose, the run's size.
void report_start(const RunOptions& o, const RunSession& session) {
  const Params& params = session.params();
  const World& world = session.engine().world();
  if (!o.quiet)
    for (const std::string& w : sample_warnings(params)) std::cerr << "civicsim: warning: " << w << "\n";
  if (o.verbose) {
    std::cerr << "civicsim " << CIVICSIM_VERSION << " (" << backend_name() << ", " << backend_threads() << " threads, "
              << backend_device() << ")\n"
              << "  scenario   " << params.name << " (seed " << params.seed << ", " << params.days << " days)\n"
              << "  districts  " << world.district_count() << ", halls " << world.queues.halls << ", queues "
              << world.queues.n << ", service agents " << world.servers.size() << "\n"
              << "  citizens   " << world.citizens.size() << " agents, " << World::citizen_bytes()
              << " bytes of state per citizen (" << (world.citizens.size() * World::citizen_bytes()) / 1048576.0
              << " MiB)\n"
              << "  output     " << session.output() << "\n"
              << "  checkpoint " << session.checkpoint()
              << (o.checkpoint_every > 0 ? " every " + std::to_string(o.checkpoint_every) + " days"
                                         : " on a stop signal")
              << "\n";
  }
}

/// The closing line: requests, unmet needs, mean waits per channel, wall time, the output.
void report_done(const RunOptions& o, const RunSession& session) {
  const RunTotals& t = session.engine().totals();
  std::fprintf(stderr, "done: %llu requests, %lld unmet; mean wait", static_cast<unsigned long long>(t.requests),
               static_cast<long long>(t.unmet));
  for (int c = 0; c < kChannels; ++c) {
    if (c == kOnline) continue;
    const std::int64_t served = RunTotals::channel_total(t.served, c);
    const double mean =
        served > 0 ? static_cast<double>(RunTotals::channel_total(t.wait_seconds, c)) / served / 60.0 : 0.0;
    std::fprintf(stderr, " %s %.1f min,", kChannelNames[c], mean);
  }
  std::fprintf(stderr, " wall %.1f s; wrote %s\n", session.wall_seconds(), session.output().c_str());
  if (o.verbose) std::fprintf(stderr, "  peak resident memory %.1f MiB\n", peak_rss_bytes() / 1048576.0);
}

}  // namespace

int run(const RunOptions& o) {
  RunSession session(o);
  if (const int code = session.start(); code != io::kExitOk) return code;
  if (const int code = session.claim_output(); code != io::kExitOk || session.done_already()) return code;
  if (const int code = session.build_world(); code != io::kExitOk) return code;
  report_start(o, session);
  if (const int code = session.simulate(); code != io::kExitOk) return code;
  if (const int code = session.clean_up(); code != io::kExitOk) return code;
  if (!o.quiet) report_done(o, session);
  return io::kExitOk;
}

}  // namespace civicsim::cli
