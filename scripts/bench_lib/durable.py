"""The benchmarks of many runs and of runs that survive: a 1,000-run sweep (issue 6) and
checkpoints (issue 7)."""

import json
import os
import re
import shutil
import subprocess
import time

from . import scenarios
from .figures import figure, per_run
from .runner import log


def bench_sweep(r, size):
    """A sweep of many short runs of the default scenario (2 runs at a time, 1 thread each): runs per
    second, and the sweep process's own peak memory against one run's."""
    n, days = size
    path = os.path.join(r.workdir, "sweep.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(scenarios.sweep_yaml(n, days))
    single = os.path.join(r.workdir, "single.json")
    done = subprocess.run([r.civicsim, "run", path, "-q", "--force", "-o", os.path.join(r.workdir, "single.h5"),
                           "--timings", single, "--threads", "1"], env=r.env, timeout=r.timeout,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: a run of the sweep's scenario failed (exit {done.returncode}):\n{done.stderr}")
    with open(single, encoding="utf-8") as f:
        run_peak = json.load(f)["peak_rss_bytes"]
    walls, peaks = [], []
    for i in range(r.runs):
        out = os.path.join(r.workdir, f"sweep-{i}")
        log(f"  run {i + 1}/{r.runs}: sweep of {n} runs x {days} day{'s' if days > 1 else ''}, 2 at a time")
        start = time.monotonic()
        done = subprocess.run([r.civicsim, "sweep", path, "-o", out, "--jobs", "2", "--threads", "1"], env=r.env,
                              timeout=r.timeout * 10, capture_output=True, text=True)
        walls.append(time.monotonic() - start)
        if done.returncode != 0:
            raise SystemExit(f"bench: civicsim sweep failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
        m = re.search(r"peak memory of this process ([0-9.]+) MiB", done.stderr)
        if not m:
            raise SystemExit("bench: civicsim sweep did not report its peak memory:\n" + done.stderr[-2000:])
        peaks.append(float(m.group(1)) * 1048576)
        shutil.rmtree(out)
    return [
        figure("sweep", "runs_per_s", "1/s", [n / w for w in walls], f"{n} runs of the default scenario, {days} day(s)"),
        figure("sweep", "parent_peak_mib", "MiB", [p / 1048576 for p in peaks], "the sweep process itself (getrusage)"),
        figure("sweep", "parent_over_run", "1", [p / run_peak for p in peaks],
               f"sweep process peak / one run's peak ({run_peak / 1048576:.1f} MiB)"),
    ]


def bench_checkpoint(r, size):
    """Checkpoints every `every` days against the same run without (both on 2 threads): the wall-time
    ratio, the cost and size of one checkpoint; then a run killed (SIGKILL) after its first
    checkpoint and resumed: the time to read the checkpoint and replay the records log."""
    agents, days, every = size
    plain = r.timings(agents, days)
    path = r.scenario(agents, days)
    out_h5 = os.path.join(r.workdir, "checkpoint.h5")
    out_json = os.path.join(r.workdir, "checkpoint-timings.json")
    checkpointed, resumed = [], []
    for i in range(r.runs):
        log(f"  run {i + 1}/{r.runs}: {agents:,} agents x {days} days, a checkpoint every {every} day(s)")
        cmd = [r.civicsim, "run", path, "-q", "--force", "-o", out_h5, "--timings", out_json, "--threads", "2",
               "--checkpoint-every", str(every)]
        done = subprocess.run(cmd, env=r.env, timeout=r.timeout, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed (exit {done.returncode}):\n{done.stderr}")
        with open(out_json, encoding="utf-8") as f:
            checkpointed.append(json.load(f))
        os.remove(out_h5)
        # Killed once its first checkpoint is in place, then resumed.
        p = subprocess.Popen(cmd, env=r.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + r.timeout
        while not os.path.exists(out_h5 + ".ckpt") and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        if p.poll() is not None:
            raise SystemExit("bench: the run ended before its first checkpoint")
        p.kill()
        p.wait()
        done = subprocess.run(cmd + ["--resume"], env=r.env, timeout=r.timeout, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench: the resumed run failed (exit {done.returncode}):\n{done.stderr}")
        with open(out_json, encoding="utf-8") as f:
            resumed.append(json.load(f))
        os.remove(out_h5)
    return [
        figure("checkpoint", "overhead", "x", per_run(checkpointed, plain, f=lambda c, p: c["wall_s"] / p["wall_s"]),
               f"wall time with a checkpoint every {every} day(s) / without, {agents:,} agents x {days} days"),
        figure("checkpoint", "write_s", "s", [t["checkpoint_s"] / max(1, t["checkpoints"]) for t in checkpointed],
               "one checkpoint: drain the records log, write the state, fsync, rename"),
        figure("checkpoint", "bytes_per_citizen", "B", [t["checkpoint_bytes"] / t["citizens"] for t in checkpointed],
               "checkpoint size / citizen agents (all state, servers and requests in flight included)"),
        figure("checkpoint", "write_mib_per_s", "MiB/s",
               [t["checkpoint_bytes"] / 1048576 / max(1e-9, t["checkpoint_s"] / max(1, t["checkpoints"]))
                for t in checkpointed], "checkpoint bytes / time of one checkpoint (fsync included)"),
        figure("checkpoint", "resume_s", "s", [t["resume_s"] for t in resumed],
               "a resumed run: reading the checkpoint and replaying its records log into the output"),
    ]
