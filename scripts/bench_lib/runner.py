"""Running the programs the bench measures: civicsim runs (each with --timings, and the CPU time of
the whole process from os.wait4), alternated run by run between the builds and peers compared,
and the helpers (plan, STREAM triad) some benchmarks need."""

import collections
import json
import os
import subprocess
import sys
import threading
import time

from . import scenarios

# One civicsim run of a scenario: `scenario` is ring (the ring city of scenarios.ring_yaml),
# guangzhou or simple (the peer's model); `binary` is after (the build measured) or before
# (--before).
Spec = collections.namedtuple("Spec", "scenario agents days threads binary demand report_minutes scale seed",
                              defaults=(2, "after", True, 60, 1.0, 42))


def ring(agents, days, threads=2, binary="after", demand=True, report_minutes=60, scale=1.0):
    return Spec("ring", agents, days, threads, binary, demand, report_minutes, scale)


def log(message):
    print(message, file=sys.stderr, flush=True)


class Measured(collections.namedtuple("Measured", "code stdout stderr wall_s user_s sys_s")):
    """A finished process: exit code, output, wall time and the CPU time of the process and its
    children (os.wait4's rusage)."""


def run_measured(cmd, env, timeout, workdir):
    """Runs cmd to its end; its wall and CPU time. Raises subprocess.TimeoutExpired past `timeout`."""
    out_path, err_path = os.path.join(workdir, "stdout.txt"), os.path.join(workdir, "stderr.txt")
    with open(out_path, "w+b") as out, open(err_path, "w+b") as err:
        start = time.monotonic()
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        killed = []
        timer = threading.Timer(timeout, lambda: (killed.append(True), process.kill()))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        if killed:
            raise subprocess.TimeoutExpired(cmd, timeout)
        out.seek(0)
        err.seek(0)
        return Measured(process.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                        wall, usage.ru_utime, usage.ru_stime)


def describe(spec):
    if spec.scenario == "ring":
        what = (f"{spec.agents:,} agents x {spec.days} days at scale {spec.scale:g}, demand "
                f"{'on' if spec.demand else 'off'}, report {spec.report_minutes} min")
    elif spec.scenario == "simple":
        what = f"simple model, {spec.agents:,} citizens x {spec.days} days"
    else:
        what = "guangzhou as written" if spec.days is None else f"guangzhou at scale {spec.scale:g} x {spec.days} days"
    return f"{what}, {spec.threads} thread{'s' if spec.threads > 1 else ''}{', before' if spec.binary == 'before' else ''}"


class Runner:
    def __init__(self, build_dir, workdir, runs, timeout, before=None):
        self.binaries = {"after": os.path.join(build_dir, "civicsim")}
        if before:
            self.binaries["before"] = os.path.abspath(before)
        self.civicsim = self.binaries["after"]
        self.stream = os.path.join(build_dir, "stream_triad")
        self.workdir = workdir
        self.runs = runs
        self.timeout = timeout
        self.cache = {}  # a Spec or another job's key -> its runs' results
        self.kept = {}   # Spec -> the output file of its first run, for specs run with keep=True
        self.env = dict(os.environ, OMP_WAIT_POLICY="passive")
        self.notes = {}  # what a benchmark adds to the JSON file besides its figures (the peer's outputs)

    @property
    def before(self):
        return "before" in self.binaries

    def scenario(self, agents, days, demand=True, report_minutes=60, scale=1.0):
        """The ring city's scenario file (scripts/bench's benchmarks of issue 4)."""
        return self.scenario_path(ring(agents, days, demand=demand, report_minutes=report_minutes, scale=scale))

    def scenario_path(self, spec):
        if spec.scenario == "ring":
            name, text = scenarios.ring_yaml(spec.agents, spec.days, spec.demand, spec.report_minutes, spec.scale)
            name = f"{name}-{spec.days}d-{spec.report_minutes}m"
        elif spec.scenario == "simple":
            name, text = scenarios.simple_yaml(spec.agents, spec.days, spec.seed)
        else:
            name, text = scenarios.guangzhou_yaml(None if spec.days is None else
                                                  {"scale": spec.scale, "days": spec.days})
        path = os.path.join(self.workdir, name + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run_civicsim(self, spec, index, keep=False):
        """One run of spec: its --timings object, with the process's own wall and CPU time added."""
        log(f"  run {index + 1}/{self.runs}: {describe(spec)}")
        path = self.scenario_path(spec)
        out_h5 = os.path.join(self.workdir, "bench.h5")
        out_json = os.path.join(self.workdir, "timings.json")
        cmd = [self.binaries[spec.binary], "run", path, "-q", "--force", "-o", out_h5, "--timings", out_json,
               "--threads", str(spec.threads)]
        done = run_measured(cmd, self.env, self.timeout, self.workdir)
        if done.code != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed (exit {done.code}):\n{done.stderr}")
        with open(out_json, encoding="utf-8") as f:
            t = json.load(f)
        t["output_file_bytes"] = os.path.getsize(out_h5)
        t.update(process_wall_s=done.wall_s, cpu_user_s=done.user_s, cpu_sys_s=done.sys_s)
        if keep and index == 0:
            self.kept[spec] = os.path.join(self.workdir, f"kept-{len(self.kept)}.h5")
            os.replace(out_h5, self.kept[spec])
        else:
            os.remove(out_h5)
        return t

    def civicsim_job(self, spec, keep=False):
        return spec, lambda i: self.run_civicsim(spec, i, keep)

    def alternate(self, jobs):
        """Runs the jobs not yet measured `runs` times each, in turn (run 1 of each, then run 2 of
        each, ...), so that a slower stretch of a shared machine touches all of them alike.
        jobs: (key, f) pairs, f(run index) -> result."""
        pending = [(key, f) for key, f in jobs if key not in self.cache]
        results = {key: [] for key, _ in pending}
        for i in range(self.runs):
            for key, f in pending:
                results[key].append(f(i))
        self.cache.update(results)
        return [self.cache[key] for key, _ in jobs]

    def runs_of(self, spec):
        return self.alternate([self.civicsim_job(spec)])[0]

    def timings(self, agents, days, demand=True, report_minutes=60, threads=2, scale=1.0, binary="after"):
        """`runs` runs of a ring city, each with --timings; cached for the benchmarks that share them."""
        return self.runs_of(ring(agents, days, threads, binary, demand, report_minutes, scale))

    def plan(self, agents, days):
        path = self.scenario(agents, days)
        done = subprocess.run([self.civicsim, "plan", path, "--json", "-o", os.path.join(self.workdir, "bench.h5")],
                              env=self.env, timeout=60, capture_output=True, text=True)
        if done.returncode not in (0, 75):
            raise SystemExit(f"bench: civicsim plan failed (exit {done.returncode}):\n{done.stderr}")
        return json.loads(done.stdout)

    def validate(self, path, binary="after"):
        done = subprocess.run([self.binaries[binary], "validate", path], env=self.env, timeout=60,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench: civicsim ({binary}) does not accept {path}:\n{done.stdout}{done.stderr}")

    def stream_triad(self, mib, repeat):
        results = []
        for i in range(self.runs):
            log(f"  run {i + 1}/{self.runs}: STREAM triad, 3 x {mib} MiB, best of {repeat}")
            done = subprocess.run([self.stream, "--mib", str(mib), "--repeat", str(repeat)], env=self.env,
                                  timeout=self.timeout, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"bench: stream_triad failed (exit {done.returncode}):\n{done.stderr}")
            results.append(json.loads(done.stdout))
        return results

    def raw_runs(self):
        """Every civicsim run measured, grouped by spec (the JSON file's `runs`)."""
        return [dict(spec._asdict(), timings=v) for spec, v in self.cache.items() if isinstance(spec, Spec)]

    def other_runs(self):
        """The other programs' runs (the peer's), by key."""
        return [{"key": list(key), "results": v} for key, v in self.cache.items() if not isinstance(key, Spec)]
