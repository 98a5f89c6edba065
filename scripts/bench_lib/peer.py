"""The peer benchmark of issue 21: civicsim against a numpy implementation of the same simple model
(scripts/bench_peer_numpy.py; the model and its civicsim scenario: bench_lib/simple_model.py).
Whole processes, alternated run by run; the figure is numpy's wall time over civicsim's. The two
must agree within their statistical error, which the bench checks on every run."""

import json
import math
import os
import subprocess

from . import runner
from .figures import figure, missing, per_run
from .runner import log, run_measured
from .scenarios import REPO

PEER_SCRIPT = os.path.join(REPO, "scripts", "bench_peer_numpy.py")
PYTHONS = (os.path.join(REPO, ".peers", "bin", "python"), "/usr/bin/python3")
# How the peer draws needs: per need (a numpy user who cares about speed: the default, held to the
# target) and per citizen-day (the model transcribed literally; the peer worked so).
METHODS = {"needs": "n", "citizen-days": "cd"}
SEED = 42
# The checks: figure -> short name. |z| of civicsim - numpy over their combined standard error.
CHECKS = {"needs_per_citizen_day": "needs_per_cd", "share_online": "online_share",
          "mean_hall_wait_s": "hall_wait", "adopter_share_end": "adopters_end"}


def find_python():
    """The first Python with numpy: .peers/bin/python (scripts/setup-peers: numpy 2 and pip's
    h5py), else Debian's python3 (numpy 1.24, python3-h5py). None when neither has numpy."""
    for python in PYTHONS:
        if not os.access(python, os.X_OK):
            continue
        try:
            done = subprocess.run([python, "-c", "import numpy; print(numpy.__version__, flush=True); import h5py"],
                                  capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.stdout.strip():
            return {"python": python, "numpy": done.stdout.strip(), "h5py": done.returncode == 0}
    return None


def size_label(citizens, days):
    n = f"{citizens / 1e6:g}M" if citizens >= 1_000_000 else f"{citizens / 1e3:g}k"
    return f"{n}_{days}d"


def run_numpy(r, python, citizens, days, method, index):
    log(f"  run {index + 1}/{r.runs}: numpy peer ({method}), {citizens:,} citizens x {days} days")
    cmd = [python, PEER_SCRIPT, "--citizens", str(citizens), "--days", str(days), "--seed", str(SEED),
           "--method", method]
    done = run_measured(cmd, r.env, r.timeout, r.workdir)
    if done.code != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed (exit {done.code}):\n{done.stderr[-2000:]}")
    return {"process_wall_s": done.wall_s, "cpu_user_s": done.user_s, "cpu_sys_s": done.sys_s,
            "figures": json.loads(done.stdout)}


def read_civicsim(r, python, path):
    """civicsim's figures from its output file, read by the peer's Python (h5py)."""
    done = subprocess.run([python, PEER_SCRIPT, "--read", path], capture_output=True, text=True, timeout=r.timeout)
    if done.returncode != 0:
        raise SystemExit(f"bench: reading {path} with {python} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def standard_errors(f):
    """Standard errors of each checked figure of one run (docs/performance.md, "The peer"): needs
    are Poisson; the adopter share carries twice the binomial variance (the day-0 draw and the
    run's adoptions); the online share adds the binomial split of the needs to it; the mean hall
    wait's comes from batch means over days."""
    n, citizen_days = f["needs"], f["citizens"] * f["days"]
    adopters = f["adopter_share_end"]
    share_var = 2 * adopters * (1 - adopters) / f["citizens"]
    share = f["share_online"]
    return {"needs_per_citizen_day": math.sqrt(n) / citizen_days,
            "share_online": math.sqrt(share * (1 - share) / n + share_var),
            "mean_hall_wait_s": f["mean_hall_wait_se_s"],
            "adopter_share_end": math.sqrt(share_var)}


def match_figures(civicsim, numpy_, label, method, binary):
    se_c, se_n = standard_errors(civicsim), standard_errors(numpy_)
    figures = []
    for key, short in CHECKS.items():
        c, n = civicsim[key], numpy_[key]
        se = math.hypot(se_c[key], se_n[key])
        z = (c - n) / se if se > 0 else (0.0 if c == n else math.inf)
        note = f"civicsim {c:.5g} +- {se_c[key]:.2g}, numpy ({method}) {n:.5g} +- {se_n[key]:.2g}"
        figures.append(figure("peer", f"match.{label}.{METHODS[method]}.{short}", "z", [z], note,
                              target_key="peer.match", binary=binary))
    return figures


def wall_figures(r, civ, peer, label):
    """Wall times of both and numpy / civicsim run by run (the per-need peer; the per-citizen-day
    one on 1 thread for context)."""
    figures = [figure("peer", f"numpy_wall_s.{label}.{METHODS[m]}", "s", [t["process_wall_s"] for t in peer[m]],
                      f"numpy peer drawing per {'need' if m == 'needs' else 'citizen-day'}, whole process")
               for m in METHODS]
    numpy_wall = [t["process_wall_s"] for t in peer["needs"]]
    for binary in r.binaries:
        for threads in (1, 2):
            runs = civ[(binary, threads)]
            walls = [t["process_wall_s"] for t in runs]
            figures.append(figure("peer", f"civicsim_wall_s.{label}.t{threads}", "s", walls,
                                  f"{runs[0]['requests']:,} needs, whole process", binary=binary))
            figures.append(figure("peer", f"ratio.{label}.t{threads}", "x", per_run(numpy_wall, walls, f=lambda a, b: a / b),
                                  "numpy (per need) wall / civicsim wall, run by run", target_key="peer.ratio",
                                  binary=binary))
        cd = [t["process_wall_s"] for t in peer["citizen-days"]]
        figures.append(figure("peer", f"ratio_citizen_days.{label}.t1", "x",
                              per_run(cd, [t["process_wall_s"] for t in civ[(binary, 1)]], f=lambda a, b: a / b),
                              "numpy (per citizen-day) wall / civicsim wall on 1 thread", binary=binary))
    return figures


def bench_peer(r, size_list):
    python = find_python()
    if python is None:
        why = "skipped: no Python with numpy (.peers/bin/python from scripts/setup-peers, or /usr/bin/python3)"
        log("bench: " + why)
        return [missing("peer", "ratio", "x", target_key="peer.ratio", why=why)]
    r.notes["peer"] = dict(python, outputs={})
    figures = []
    for citizens, days in size_list:
        label = size_label(citizens, days)
        specs = [runner.Spec("simple", citizens, days, threads, binary, seed=SEED)
                 for binary in r.binaries for threads in (1, 2)]
        for binary in r.binaries:
            r.validate(r.scenario_path(specs[0]), binary)
        jobs = [r.civicsim_job(spec, keep=spec.threads == 1) for spec in specs]
        jobs += [(("numpy", citizens, days, m), lambda i, m=m: run_numpy(r, python["python"], citizens, days, m, i))
                 for m in METHODS]
        results = r.alternate(jobs)
        civ = {(spec.binary, spec.threads): runs for spec, runs in zip(specs, results)}
        peer = dict(zip(METHODS, results[len(specs):]))
        figures += wall_figures(r, civ, peer, label)
        outputs = r.notes["peer"]["outputs"][label] = {m: peer[m][0]["figures"] for m in METHODS}
        for spec in specs:
            if spec.threads != 1:
                continue
            if not python["h5py"]:
                figures.append(missing("peer", f"match.{label}", "z", target_key="peer.match", binary=spec.binary,
                                       why=f"not checked: {python['python']} has no h5py"))
                continue
            outputs["civicsim_" + spec.binary] = theirs = read_civicsim(r, python["python"], r.kept[spec])
            for m in METHODS:
                figures += match_figures(theirs, outputs[m], label, m, spec.binary)
    return figures
