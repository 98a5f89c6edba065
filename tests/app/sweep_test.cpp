// Sweeps (docs/sweeps.md): expansion of arms × grid × replicates, common random numbers, the
// manifest, and `civicsim sweep` / `merge` / `run --sweep-run` as real processes writing real files.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/sweep.hpp"
#include "io/sweep_output.hpp"
#include "tests/common/h5_check.hpp"
#include "tests/common/run_program.hpp"
#include "viz_export/figures.hpp"

namespace civicsim::test {
namespace {

namespace fs = std::filesystem;
using io::load_sweep_run;
using io::load_sweep_text;

std::string small_text() { return read_file(std::string(CIVICSIM_TEST_DATA) + "/small.yaml"); }

/// small.yaml (3 districts, 3 days) with a sweep section appended.
std::string small_with(const std::string& sweep_section) { return small_text() + sweep_section; }

const char* const kTwoArms =
    "sweep:\n"
    "  replicates: 2\n"
    "  arms:\n"
    "    - {name: baseline, interventions: []}\n"
    "    - {name: as_written}\n";

io::Sweep load_ok(const std::string& text) {
  const io::SweepResult r = load_sweep_text(text, "sweep.yaml", CIVICSIM_TEST_DATA, true);
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].str());
  return r.sweep;
}

TEST(SweepSpec, ExpandsArmsGridAndReplicatesInIndexOrderWithCommonSeeds) {
  const io::Sweep s = load_ok(small_with(
      "sweep:\n"
      "  replicates: 12\n"
      "  baseline: none\n"
      "  arms:\n"
      "    - {name: ai, interventions: [{type: digital_human_rollout, start_day: 0, districts: all, instances: 5}]}\n"
      "    - {name: none, interventions: []}\n"
      "  grid:\n"
      "    staff.skill_sd: [0.0, 0.2]\n"
      "    staff.hotline_operators: [100, 200, 300]\n"));
  ASSERT_TRUE(s.declared);
  EXPECT_EQ(s.arms, (std::vector<std::string>{"ai", "none"}));
  EXPECT_EQ(s.baseline, 1);
  EXPECT_EQ(s.grid_keys, (std::vector<std::string>{"staff.skill_sd", "staff.hotline_operators"}));
  ASSERT_EQ(s.points.size(), 6u);
  EXPECT_EQ(s.points[0], "staff.skill_sd=0.0;staff.hotline_operators=100");
  EXPECT_EQ(s.points[5], "staff.skill_sd=0.2;staff.hotline_operators=300");
  ASSERT_EQ(s.runs.size(), 2u * 6u * 12u);
  for (const auto& run : s.runs) {
    EXPECT_EQ(run.index, (run.arm * 6 + run.point) * 12 + run.replicate);
    EXPECT_EQ(run.seed, 7u + static_cast<std::uint64_t>(run.replicate));  // small.yaml: seed 7
  }
  EXPECT_EQ(s.runs[0].id, "ai-g0-r00");
  EXPECT_EQ(s.runs.back().id, "none-g5-r11");
  EXPECT_EQ(s.find_run("none-g5-r11"), static_cast<int>(s.runs.size()) - 1);
  EXPECT_EQ(s.find_run("3"), 3);
  EXPECT_EQ(s.find_run("nobody"), -1);
}

TEST(SweepSpec, AGridKeyIntoAListThatAnArmLacksIsAnError) {
  // interventions.1 exists only in the arm that keeps the file's list: the other arm must fail.
  const io::SweepResult bad = load_sweep_text(small_with("sweep:\n  arms: [{name: none, interventions: []}]\n"
                                                         "  grid: {interventions.1.add_counter_staff: [9]}\n"),
                                              "sweep.yaml", CIVICSIM_TEST_DATA, true);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.errors[0].message.find("'1' is not an index of this list (it has 0 items)"), std::string::npos)
      << bad.errors[0].str();
}

TEST(SweepSpec, RunParametersFollowTheArmAndGridPoint) {
  const io::Sweep s =
      load_ok(small_with("sweep:\n"
                         "  replicates: 2\n"
                         "  arms:\n"
                         "    - {name: none, interventions: []}\n"
                         "    - {name: as_written}\n"
                         "  grid:\n"
                         "    staff.hotline_operators: [111, 222]\n"
                         "    citizens.adoption.q: [0.5]\n"));
  ASSERT_EQ(s.runs.size(), 8u);
  const io::ScenarioResult plain = io::load_scenario_text(small_text(), "small.yaml", CIVICSIM_TEST_DATA);
  ASSERT_TRUE(plain.ok());
  for (const auto& run : s.runs) {
    SCOPED_TRACE(run.id);
    const io::ScenarioResult r = load_sweep_run(s, run.index);
    ASSERT_TRUE(r.ok()) << r.errors[0].str();
    EXPECT_EQ(r.params.seed, 7u + static_cast<std::uint64_t>(run.replicate));
    EXPECT_EQ(r.params.interventions.size(), run.arm == 0 ? 0u : plain.params.interventions.size());
    EXPECT_EQ(r.params.hotline_operators, run.point == 0 ? 111.0 : 222.0);
    EXPECT_EQ(r.params.bass_q, 0.5);
  }
}

TEST(SweepSpec, WithoutArmsOneArmRunsTheFileAsWritten) {
  const io::Sweep s = load_ok(small_with("sweep: {replicates: 3}\n"));
  EXPECT_EQ(s.arms, (std::vector<std::string>{"scenario"}));
  EXPECT_EQ(s.points, (std::vector<std::string>{""}));
  ASSERT_EQ(s.runs.size(), 3u);
  EXPECT_EQ(s.runs[2].id, "scenario-r2");
  const io::Sweep none = load_ok(small_text());
  EXPECT_FALSE(none.declared);
}

TEST(SweepManifest, RoundTripsCellsWithCommasQuotesAndNewlines) {
  const io::Sweep s = load_ok(small_with(kTwoArms));
  std::vector<io::ManifestRow> rows = io::manifest_rows(s);
  ASSERT_EQ(rows.size(), 4u);
  rows[1].status = "failed";
  rows[1].exit_code = 70;
  rows[1].wall_seconds = 1.25;
  rows[1].worker = "node7:123";
  rows[1].error = "civicsim: \"odd\", with a comma\nand a newline";
  rows[2].status = "done";
  rows[2].exit_code = 0;
  const std::string path =
      (fs::temp_directory_path() / ("civicsim-manifest-" + std::to_string(getpid()) + ".csv")).string();
  io::write_file_atomically(path, io::manifest_csv(rows));
  const std::vector<io::ManifestRow> back = io::read_manifest(path);
  fs::remove(path);
  ASSERT_EQ(back.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].run_id, rows[i].run_id);
    EXPECT_EQ(back[i].index, rows[i].index);
    EXPECT_EQ(back[i].seed, rows[i].seed);
    EXPECT_EQ(back[i].status, rows[i].status);
    EXPECT_EQ(back[i].exit_code, rows[i].exit_code);
    EXPECT_EQ(back[i].error, rows[i].error);
  }
  EXPECT_DOUBLE_EQ(back[1].wall_seconds, 1.25);
  EXPECT_TRUE(io::read_manifest(path).empty());  // no file: no rows
}

// ---- the program ------------------------------------------------------------------------------

class SweepProgram : public ProgramTest {
 protected:
  /// Writes small.yaml + `section` next to a copy of nothing else (small.yaml has inline districts).
  std::string scenario(const std::string& section = kTwoArms) {
    const std::string p = path("sweep.yaml");
    std::ofstream(p) << small_with(section);
    return p;
  }
  static std::vector<std::string> statuses(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& row : io::read_manifest(dir + "/manifest.csv")) out.push_back(row.status);
    return out;
  }
  static std::vector<double> table(const std::string& sweep_h5) {
    const hid_t f = H5Fopen(sweep_h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    EXPECT_GE(f, 0) << sweep_h5;
    std::vector<double> v = read_dataset<double>(f, "/table/values");
    H5Fclose(f);
    return v;
  }
  static bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
  }
  static std::vector<std::int64_t> served(const std::string& run_h5) {
    const hid_t f = H5Fopen(run_h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    EXPECT_GE(f, 0) << run_h5;
    std::vector<std::int64_t> v = read_dataset<std::int64_t>(f, "/series/served");
    H5Fclose(f);
    return v;
  }
};

TEST_F(SweepProgram, WritesEveryRunTheManifestAndSweepH5) {
  const std::string s = scenario();
  const std::string dir = path("out");
  const ProgramResult r = run_program("sweep " + s + " -o " + dir + " --jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(statuses(dir), (std::vector<std::string>{"done", "done", "done", "done"}));
  for (const char* id : {"baseline-r0", "baseline-r1", "as_written-r0", "as_written-r1"}) {
    EXPECT_TRUE(fs::is_regular_file(dir + "/runs/" + id + ".h5")) << id;
    EXPECT_TRUE(fs::is_regular_file(dir + "/logs/" + id + ".log")) << id;
  }
  EXPECT_EQ(read_file(dir + "/sweep.yaml"), small_with(kTwoArms));

  const std::string sweep_h5 = dir + "/sweep.h5";
  const hid_t f = H5Fopen(sweep_h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_EQ(read_string_attribute(f, "/", "status"), "complete");
  EXPECT_EQ(read_string_attribute(f, "/", "baseline_arm"), "baseline");
  EXPECT_EQ(read_strings(f, "/arms/name"), (std::vector<std::string>{"baseline", "as_written"}));
  EXPECT_EQ(read_strings(f, "/table/run_id"),
            (std::vector<std::string>{"baseline-r0", "baseline-r1", "as_written-r0", "as_written-r1"}));
  EXPECT_EQ(read_dataset<std::uint64_t>(f, "/table/seed"), (std::vector<std::uint64_t>{7, 8, 7, 8}));
  const auto figures = read_strings(f, "/table/figure");
  ASSERT_EQ(figures.size(), viz::figure_catalogue().size());
  const std::vector<double> values = read_dataset<double>(f, "/table/values");
  ASSERT_EQ(values.size(), 4 * figures.size());
  // The table holds each run's own figures, and the external links reach the run files.
  for (int run = 0; run < 4; ++run) {
    const std::string id = read_strings(f, "/table/run_id")[static_cast<std::size_t>(run)];
    const std::vector<double> own = viz::run_figures(dir + "/runs/" + id + ".h5");
    EXPECT_TRUE(same_bits(own, std::vector<double>(values.begin() + run * static_cast<long>(figures.size()),
                                                   values.begin() + (run + 1) * static_cast<long>(figures.size()))))
        << id;
    EXPECT_TRUE(h5_exists(f, "/runs/" + id + "/series/served")) << id;
    const hid_t run_file = H5Fopen((dir + "/runs/" + id + ".h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(run_file, 0);
    EXPECT_EQ(read_string_attribute(run_file, "/", "sweep_run"), id);
    EXPECT_EQ(read_string_attribute(run_file, "/", "sweep_arm"), run < 2 ? "baseline" : "as_written");
    H5Fclose(run_file);
  }
  H5Fclose(f);
  // Arms differ; replicates of one arm differ; the wait figure is a number.
  EXPECT_FALSE(std::isnan(values[0]));
  EXPECT_NE(served(dir + "/runs/baseline-r0.h5"), served(dir + "/runs/as_written-r0.h5"));
  EXPECT_NE(served(dir + "/runs/baseline-r0.h5"), served(dir + "/runs/baseline-r1.h5"));
}

TEST_F(SweepProgram, ARunOfTheSweepEqualsThePlainRunItStandsFor) {
  const std::string s = scenario();
  ASSERT_EQ(run_program("sweep " + s + " -o " + path("out") + " -q").exit_code, 0);
  // as_written replicate 0 is the file itself with its own seed: `civicsim run FILE`.
  const ProgramResult plain = run_program("run " + s + " -o " + path("plain.h5") + " -q --threads 2");
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_EQ(served(path("plain.h5")), served(path("out/runs/as_written-r0.h5")));
  EXPECT_TRUE(same_bits(viz::run_figures(path("plain.h5")), viz::run_figures(path("out/runs/as_written-r0.h5"))));
  // --sweep-run reproduces one run by hand, by id or by index.
  ASSERT_EQ(run_program("run " + s + " --sweep-run baseline-r1 -o " + path("again.h5") + " -q").exit_code, 0);
  EXPECT_EQ(served(path("again.h5")), served(path("out/runs/baseline-r1.h5")));
  const ProgramResult unknown = run_program("run " + s + " --sweep-run baseline-r7 -o " + path("x.h5"));
  EXPECT_EQ(unknown.exit_code, 64);
  EXPECT_NE(unknown.output.find("no run 'baseline-r7' in this sweep"), std::string::npos) << unknown.output;
}

TEST_F(SweepProgram, AnArmWhoseInterventionsHaveNotStartedEqualsTheBaselineBitForBit) {
  // Common random numbers: posts an arm reserves for later (staff, assistant sessions) change no
  // draw of anyone else, so until an intervention starts the arms are the same run.
  const std::string s = scenario(
      "sweep:\n"
      "  arms:\n"
      "    - {name: none, interventions: []}\n"
      "    - name: later\n"
      "      interventions:\n"
      "        - {type: staffing, start_day: 10, districts: all, add_counter_staff: 20, add_hotline_operators: 50}\n"
      "        - {type: digital_human_rollout, start_day: 10, districts: all, instances: 10}\n");
  ASSERT_EQ(run_program("sweep " + s + " -o " + path("out") + " -q").exit_code, 0);
  EXPECT_EQ(served(path("out/runs/none-r0.h5")), served(path("out/runs/later-r0.h5")));
  EXPECT_TRUE(same_bits(viz::run_figures(path("out/runs/none-r0.h5")), viz::run_figures(path("out/runs/later-r0.h5"))));
}

TEST_F(SweepProgram, AFailedRunIsRecordedTheRestFinishAndResumeCompletesIt) {
  const std::string s = scenario();
  const std::string dir = path("out");
  fs::create_directories(dir + "/runs/baseline-r1.h5");  // a folder where the file must go
  const ProgramResult r = run_program("sweep " + s + " -o " + dir + " -q");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(statuses(dir), (std::vector<std::string>{"done", "failed", "done", "done"}));
  const auto rows = io::read_manifest(dir + "/manifest.csv");
  EXPECT_EQ(rows[1].exit_code, 73);
  EXPECT_NE(rows[1].error.find("is a folder"), std::string::npos) << rows[1].error;
  const hid_t f = H5Fopen((dir + "/sweep.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_EQ(read_string_attribute(f, "/", "status"), "incomplete");
  EXPECT_EQ(read_strings(f, "/table/status"), (std::vector<std::string>{"done", "failed", "done", "done"}));
  EXPECT_FALSE(h5_exists(f, "/runs/baseline-r1"));
  H5Fclose(f);

  // Without --resume the folder is refused; with it only the failed run runs again.
  const ProgramResult again = run_program("sweep " + s + " -o " + dir + " -q");
  EXPECT_EQ(again.exit_code, 73);
  EXPECT_NE(again.output.find("already holds this sweep (3 of 4 runs done); use --resume"), std::string::npos)
      << again.output;
  fs::remove(dir + "/runs/baseline-r1.h5");
  const auto before = fs::last_write_time(dir + "/runs/baseline-r0.h5");
  const ProgramResult resumed = run_program("sweep " + s + " -o " + dir + " --resume");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("1 to do"), std::string::npos) << resumed.output;
  EXPECT_EQ(fs::last_write_time(dir + "/runs/baseline-r0.h5"), before);  // not run again
  EXPECT_EQ(statuses(dir), (std::vector<std::string>{"done", "done", "done", "done"}));
}

TEST_F(SweepProgram, ShardsAndMergeGiveTheSingleProcessResult) {
  const std::string s =
      scenario("sweep:\n  replicates: 3\n  arms: [{name: none, interventions: []}, {name: as_written}]\n");
  ASSERT_EQ(run_program("sweep " + s + " -o " + path("one") + " -q").exit_code, 0);
  for (int i = 0; i < 2; ++i) {
    const ProgramResult shard = run_program(
        "sweep " + s + " -o " + path("sharded") + " -q",
        "SLURM_ARRAY_TASK_ID=" + std::to_string(i + 4) + " SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=2");
    ASSERT_EQ(shard.exit_code, 0) << shard.output;
    EXPECT_TRUE(fs::exists(path("sharded/manifest.shard-" + std::to_string(i) + "-of-2.csv")));
  }
  EXPECT_FALSE(fs::exists(path("sharded/sweep.h5")));  // only merge writes it
  const ProgramResult merged = run_program("merge " + path("sharded"));
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  EXPECT_TRUE(same_bits(table(path("one/sweep.h5")), table(path("sharded/sweep.h5"))));
  for (const char* id : {"none-r0", "none-r2", "as_written-r1"}) {
    EXPECT_EQ(served(path(std::string("one/runs/") + id + ".h5")),
              served(path(std::string("sharded/runs/") + id + ".h5")))
        << id;
  }
  const auto rows = io::read_manifest(path("sharded/manifest.csv"));
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& row : rows) EXPECT_EQ(row.status, "done") << row.run_id;

  // A merge before every shard ran says what is missing.
  ASSERT_EQ(run_program("sweep " + s + " -o " + path("half") + " --shard 0/2 -q").exit_code, 0);
  const ProgramResult half = run_program("merge " + path("half"));
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_NE(half.output.find("3 runs done, 0 failed, 3 missing"), std::string::npos) << half.output;
}

TEST_F(SweepProgram, SigtermStopsTheRunsLeavesNoPartialFileAndResumeFinishes) {
  const std::string s = std::string(CIVICSIM_TEST_DATA) + "/sweep20.yaml";  // 20 runs, a second or two
  const std::string dir = path("out");
  // Signal once a run has begun its days (its records log exists; the sweep's handlers are
  // installed by then): a fixed delay after the manifest found the first runs (0.2 s each) done.
  const std::string script = std::string(CIVICSIM_BINARY) + " sweep " + s + " -o " + dir + " --jobs 2 -q & pid=$!; " +
                             "until ls " + dir + "/runs/*.h5.ckpt.records >/dev/null 2>&1; do sleep 0.01; done; " +
                             "sleep 0.05; kill -TERM $pid; wait $pid; echo exit=$?";
  const std::string out = run_shell(script).output;
  ASSERT_NE(out.find("exit=75"), std::string::npos) << out;
  EXPECT_NE(out.find("stopped by signal 15; finish it with --resume"), std::string::npos) << out;
  int done = 0, pending = 0;
  for (const auto& row : io::read_manifest(dir + "/manifest.csv")) {
    done += row.status == "done";
    pending += row.status == "pending";
    EXPECT_NE(row.status, "failed") << row.run_id << ": " << row.error;
    EXPECT_EQ(row.status == "done", fs::exists(dir + "/runs/" + row.run_id + ".h5")) << row.run_id;
  }
  EXPECT_GT(pending, 0);
  EXPECT_EQ(done + pending, 20);
  // No temporary file is left; a run that was under way left its checkpoint and records log.
  int checkpoints = 0;
  for (const auto& entry : fs::directory_iterator(dir + "/runs")) {
    const std::string name = entry.path().filename().string();
    const auto ends_with = [&](const std::string& tail) {
      return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    EXPECT_TRUE(ends_with(".h5") || ends_with(".h5.ckpt") || ends_with(".h5.ckpt.records")) << entry.path();
    checkpoints += ends_with(".h5.ckpt");
  }
  EXPECT_GT(checkpoints, 0);
  for (const auto& row : io::read_manifest(dir + "/manifest.csv")) {
    if (fs::exists(dir + "/runs/" + row.run_id + ".h5.ckpt")) {
      EXPECT_EQ(row.status, "pending");
      EXPECT_NE(row.error.find("from its checkpoint ("), std::string::npos) << row.error;
    }
  }
  EXPECT_FALSE(fs::exists(dir + "/sweep.h5"));
  const ProgramResult resumed = run_program("sweep " + s + " -o " + dir + " --resume -q");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(statuses(dir), std::vector<std::string>(20, "done"));
  int resumed_logs = 0;
  for (const auto& entry : fs::directory_iterator(dir + "/runs")) {
    EXPECT_EQ(entry.path().extension(), ".h5") << entry.path();  // checkpoints go once their run is done
  }
  for (const auto& entry : fs::directory_iterator(dir + "/logs")) {
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    resumed_logs += text.find("civicsim: resuming from") != std::string::npos;
  }
  EXPECT_EQ(resumed_logs, checkpoints);
}

TEST_F(SweepProgram, ASlurmArrayWithAStepMapsItsTasksToShards) {
  const std::string s = scenario();  // 4 runs
  const std::string env =
      "SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_MAX=13 SLURM_ARRAY_TASK_STEP=3 SLURM_ARRAY_TASK_COUNT=2";
  const ProgramResult second =
      run_program("sweep " + s + " -o " + path("out") + " --dry-run", env + " SLURM_ARRAY_TASK_ID=13");
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("baseline-r1"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("as_written-r1"), std::string::npos) << second.output;
  EXPECT_EQ(second.output.find("baseline-r0"), std::string::npos) << second.output;
  // A list of ids (--array=1,5,7) has no shard numbering that every task agrees on.
  const ProgramResult list = run_program("sweep " + s + " -o " + path("out") + " --dry-run",
                                         "SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=7 "
                                         "SLURM_ARRAY_TASK_COUNT=3");
  EXPECT_EQ(list.exit_code, 64);
  EXPECT_NE(list.output.find("submit with --array=0-2"), std::string::npos) << list.output;
}

TEST_F(SweepProgram, DryRunListsTheRunsAndEstimatesAndRunsNothing) {
  const std::string s = scenario();
  const ProgramResult r = run_program("sweep " + s + " -o " + path("out") + " --dry-run");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* text : {"baseline-r0", "as_written-r1", "4 runs to do (of 4)", "estimated time", "memory", "disk"}) {
    EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
  }
  EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(SweepProgram, UsageAndInputErrorsHaveTheirExitCodes) {
  const std::string s = scenario();
  const ProgramResult no_sweep = run_program("sweep " + small() + " -o " + path("a"));
  EXPECT_EQ(no_sweep.exit_code, 65);
  EXPECT_NE(no_sweep.output.find("no `sweep` section"), std::string::npos) << no_sweep.output;
  const ProgramResult shard = run_program("sweep " + s + " -o " + path("b") + " --shard 3/3");
  EXPECT_EQ(shard.exit_code, 64);
  EXPECT_NE(shard.output.find("expected i/N with 0 <= i < N"), std::string::npos) << shard.output;
  EXPECT_EQ(run_program("sweep " + path("missing.yaml") + " -o " + path("c")).exit_code, 66);
  // A folder that holds another sweep is never mixed with this one.
  ASSERT_EQ(run_program("sweep " + s + " -o " + path("d") + " -q").exit_code, 0);
  const std::string other = path("other.yaml");
  std::ofstream(other) << small_with("sweep: {replicates: 2}\n");
  const ProgramResult mixed = run_program("sweep " + other + " -o " + path("d") + " --resume");
  EXPECT_EQ(mixed.exit_code, 73);
  EXPECT_NE(mixed.output.find("holds another sweep"), std::string::npos) << mixed.output;
  const ProgramResult merge = run_program("merge " + path("nothing"));
  EXPECT_EQ(merge.exit_code, 66);
  EXPECT_NE(merge.output.find("is not a sweep folder"), std::string::npos) << merge.output;
  // A folder whose sweep.yaml has no sweep section is refused, not merged (it crashed once).
  fs::create_directories(path("nosweep"));
  std::ofstream(path("nosweep/sweep.yaml")) << small_with("");
  const ProgramResult plain = run_program("merge " + path("nosweep"));
  EXPECT_EQ(plain.exit_code, 65) << plain.output;
  EXPECT_NE(plain.output.find("has no `sweep` section"), std::string::npos) << plain.output;
}

}  // namespace
}  // namespace civicsim::test
