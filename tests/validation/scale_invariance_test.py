#!/usr/bin/python3
"""Scale invariance: `population.scale` may change the noise of a run, never its expected answer.

Runs tests/validation/scale_city.yaml (a 300,000-resident ring city calibrated like Guangzhou, with
Guangzhou's staff per resident) at scales 0.02, 0.1 and 1.0, REPLICATES[scale] seeds each, and
compares the mean over seeds of these figures at each small scale with the mean at scale 1.0:
  - mean wait of those served and abandonment rate, per group, on `in_person`, `hotline` and
    `digital_human`, for the cells with at least MIN_COUNT served (wait) or abandoned
    (abandonment) on average at 1.0 (`online` has no queue: its wait and abandonment are 0 by
    construction; tests/validation/scale_city.yaml has no assistants, scale_city_mechanisms.yaml has);
  - unmet needs per 1,000 needs, adoption at the end and trust at the end (mean of
    /daily/trust_mean over districts, weighted by /daily/population, on the last day), per group;
  - cost per need met (/summary/cost_per_resolved_need).
A figure agrees at scale s if |m_s - m_1| <= z * sqrt(se_s^2 + se_1^2), with se the standard error
over seeds. z is the normal critical value for a family-wise level of 95% with a Bonferroni
correction over all comparisons made (figures x 2 small scales): the figures share runs and are
correlated in ways that are hard to model, and Bonferroni holds under any dependence, so a correct
engine fails the whole test with probability at most 5% for a given set of seeds (the seeds are
fixed, so a given engine always gives the same verdict).
So that the check cannot pass merely because the replicates are too noisy, every comparison must
also be precise: its tolerance z * sqrt(se_s^2 + se_1^2) must be at most MAX_RELATIVE_TOLERANCE of
the scale-1.0 mean. With the replicates below, and small-scale runs as noisy as scale-1.0 runs (the
queues see the same volume), the tolerances come to about 1% of the mean or less (cost, adoption,
trust), 2-8% (unmet needs; hotline wait and abandonment) and 7-13% (hall wait and abandonment, the
rural elderly's the widest); the printed table gives each.

    /usr/bin/python3 tests/validation/scale_invariance_test.py --civicsim build/cpu/civicsim \
        --scenario tests/validation/scale_city.yaml --work /tmp/scale --report /tmp/scale.json

Exit 0 when every figure agrees, 1 when some disagree or are imprecise (listed at the end),
77 (skip) without h5py.
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import h5py
    import numpy as np
except ImportError as e:  # Debian: apt-get install python3-h5py python3-numpy
    print(f"SKIP: {e}")
    sys.exit(77)

SCALES = (0.02, 0.1, 1.0)
# Replicates: a scale-1.0 run's queue figures vary by 10-26% from seed to seed (hall waits and
# abandonment of the rural elderly the most), so 100 seeds there and 80-120 at the small scales keep
# every tolerance below about 15% of the mean; 0.02 gets the most seeds because its few agents add
# sampling noise to the per-group figures (adoption, trust: 97 rural elderly agents at 0.02).
# Every run simulates the real volume of needs, so each costs about a scale-1.0 run (0.15-0.2 s on
# one core unloaded): 300 runs take 25-35 s on 2 idle cores, 45-80 s while a build shares them.
REPLICATES = {0.02: 120, 0.1: 80, 1.0: 100}
BASE_SEED = {0.02: 20000, 0.1: 10000, 1.0: 1}  # disjoint seeds: the scales are independent samples
FAMILY_LEVEL = 0.95
# Served (wait) or abandoned (abandonment) per run at scale 1.0: a rate's relative precision is
# set by its number of events, so a rare abandonment (halls that serve their line at closing
# abandon 0.1-0.3% of arrivals) is compared only where enough events make it meaningful.
MIN_COUNT = 200
MAX_RELATIVE_TOLERANCE = 0.20
GROUPS = ["urban_adult", "urban_elderly", "rural_adult", "rural_elderly"]
CHANNELS = ["in_person", "hotline", "online", "digital_human"]
QUEUED = ("in_person", "hotline", "digital_human")   # online never waits nor abandons
# The queue figures, and the count at scale 1.0 that decides whether each is meaningful.
CELLS = {f"{what} {ch} {group}": (count, g, CHANNELS.index(ch))
         for what, count in (("wait (s)", "served"), ("abandonment", "abandoned"))
         for ch in QUEUED for g, group in enumerate(GROUPS)}


def scenario_at(text, scale, work):
    """Writes the scenario with population.scale set to `scale` (block or flow style)."""
    block = re.compile(r"^(population:[ \t]*(?:#.*)?\n(?:(?:[ \t]+.*|[ \t]*)\n)*?[ \t]+scale:[ \t]*)"
                       r"[^\s#,}]+", re.M)
    flow = re.compile(r"^(population:[ \t]*\{[^}\n]*?\bscale:[ \t]*)[^\s,}]+", re.M)
    new, n = block.subn(lambda m: m.group(1) + repr(scale), text)
    if n != 1:
        new, n = flow.subn(lambda m: m.group(1) + repr(scale), text)
    if n != 1:
        sys.exit("cannot find population.scale in the scenario: write it as `population:` with "
                 "a `scale:` line (or `population: {scale: ...}`)")
    path = os.path.join(work, f"scenario_s{scale}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    return path


def run(civicsim, scenario, out, seed):
    cmd = [civicsim, "run", scenario, "--seed", str(seed), "-o", out, "--threads", "1", "--quiet",
           "--force"]
    start = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()[-2000:]}")
    return time.monotonic() - start


def read(path):
    """The figures of one run, and its served and arrivals counts [group, channel]."""
    with h5py.File(path, "r") as f:
        s = f["summary"]
        if f.attrs["status"] != "complete":
            raise RuntimeError(f"{path} is not complete")
        wait, aband = s["wait_mean_seconds"][()], s["abandonment_rate"][()]
        needs, unmet, adoption = s["needs"][()], s["unmet_needs"][()], s["adoption"][()]
        pop, trust = f["daily/population"][-1], f["daily/trust_mean"][-1]   # [district, group]
        fig = {"cost per need met (CNY)": float(s["cost_per_resolved_need"][()])}
        counts = {"served": s["served"][()], "abandoned": s["arrivals"][()] * aband}
    for g, group in enumerate(GROUPS):
        for c in (CHANNELS.index(ch) for ch in QUEUED):
            fig[f"wait (s) {CHANNELS[c]} {group}"] = float(wait[g, c])
            fig[f"abandonment {CHANNELS[c]} {group}"] = float(aband[g, c])
        fig[f"unmet per 1,000 needs {group}"] = 1e3 * float(unmet[g]) / needs[g] if needs[g] else math.nan
        fig[f"adoption at end {group}"] = float(adoption[g])
        home = pop[:, g] > 0   # trust_mean is NaN in a district without agents of the group
        w = pop[home, g].sum()
        fig[f"trust at end {group}"] = float((trust[home, g] * pop[home, g]).sum() / w) if w else math.nan
    return fig, counts


def mean_se(values):
    n = len(values)
    return statistics.fmean(values), (statistics.stdev(values) / math.sqrt(n) if n > 1 else math.inf)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--civicsim", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--report")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--replicate-factor", type=float, default=1.0,
                    help="multiplies REPLICATES (a scenario with noisier figures needs more seeds)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    with open(args.scenario, encoding="utf-8") as f:
        text = f.read()

    t0 = time.monotonic()
    jobs = []
    for scale in SCALES:
        scenario = scenario_at(text, scale, args.work)
        for r in range(round(REPLICATES[scale] * args.replicate_factor)):
            out = os.path.join(args.work, f"s{scale}_r{r}.h5")
            jobs.append((scale, scenario, out, BASE_SEED[scale] + r))
    jobs.sort(key=lambda j: -j[0])   # the big runs first, so the pool drains evenly
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run, args.civicsim, s, out, seed) for _, s, out, seed in jobs]
        try:
            times = [fut.result() for fut in futures]
        except (RuntimeError, OSError) as e:
            sys.exit(f"FAIL: a run failed: {e}")
    run_seconds = time.monotonic() - t0
    run_times = {s: [t for (sc, *_), t in zip(jobs, times) if sc == s] for s in SCALES}

    values, counts = {s: {} for s in SCALES}, {}
    for scale, _, out, _ in jobs:
        fig, cnt = read(out)
        for k, v in fig.items():
            values[scale].setdefault(k, []).append(v)
        if scale == 1.0:
            for k, v in cnt.items():
                counts.setdefault(k, []).append(v)

    mean_count = {k: np.mean(v, axis=0) for k, v in counts.items()}   # [group, channel]
    names = [k for k in values[1.0]
             if k not in CELLS or mean_count[CELLS[k][0]][CELLS[k][1:]] >= MIN_COUNT]
    small = [s for s in SCALES if s != 1.0]
    comparisons = len(names) * len(small)
    alpha = (1 - FAMILY_LEVEL) / comparisons
    z = statistics.NormalDist().inv_cdf(1 - alpha / 2)

    print(f"{len(jobs)} runs in {run_seconds:.1f} s ({args.jobs} at a time); mean s per run: "
          + ", ".join(f"{s}: {statistics.fmean(run_times[s]):.2f} (max {max(run_times[s]):.2f})"
                      for s in SCALES))
    print(f"{comparisons} comparisons, family-wise {FAMILY_LEVEL:.0%} (Bonferroni): z = {z:.3f}; "
          f"tolerance = z * sqrt(se_s^2 + se_1^2), at most {MAX_RELATIVE_TOLERANCE:.0%} of the 1.0 mean")
    print(f"{'figure':<38} {'scale':>5} {'mean at s':>11} {'mean at 1.0':>11} {'diff':>10} "
          f"{'tolerance':>10} {'rel diff':>8} {'rel tol':>7}  verdict")
    results, problems = [], []
    def stats(vals):   # (mean, se), NaN if some run has no value (e.g. nobody served)
        return (math.nan, math.nan) if any(math.isnan(v) for v in vals) else mean_se(vals)
    for name in names:
        m1, se1 = stats(values[1.0][name])
        for s in small:
            vals = values[s][name]
            nan = sum(math.isnan(v) for v in vals) + sum(math.isnan(v) for v in values[1.0][name])
            ms, ses = stats(vals)
            diff, tol = ms - m1, z * math.hypot(ses, se1)
            rel_diff = abs(diff) / abs(m1) if m1 else math.inf
            rel_tol = tol / abs(m1) if m1 else math.inf
            agrees = (not nan) and abs(diff) <= tol
            precise = (not nan) and rel_tol <= MAX_RELATIVE_TOLERANCE
            verdict = ("NaN in %d runs" % nan if nan else "agrees" if agrees else "DISAGREES")
            if not nan and not precise:
                verdict += ", IMPRECISE"
            print(f"{name:<38} {s:>5} {ms:>11.4g} {m1:>11.4g} {diff:>+10.3g} {tol:>10.3g} "
                  f"{rel_diff:>8.1%} {rel_tol:>7.1%}  {verdict}")
            results.append({"figure": name, "scale": s, "mean": ms, "se": ses, "mean_1": m1,
                            "se_1": se1, "diff": diff, "tolerance": tol, "relative_diff": rel_diff,
                            "relative_tolerance": rel_tol, "agrees": agrees, "precise": precise})
            if not (agrees and precise):
                problems.append(f"{name} at scale {s}: {ms:.4g} vs {m1:.4g} at 1.0 "
                                f"(diff {diff:+.3g}, {rel_diff:.1%}; tolerance {tol:.3g}, "
                                f"{rel_tol:.1%}): {verdict}")
    total = time.monotonic() - t0
    print(f"total {total:.1f} s")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump({"scenario": os.path.abspath(args.scenario), "civicsim": args.civicsim,
                       "scales": SCALES, "replicates": {str(s): REPLICATES[s] for s in SCALES},
                       "base_seed": {str(s): BASE_SEED[s] for s in SCALES},
                       "comparisons": comparisons, "z": z, "family_level": FAMILY_LEVEL,
                       "max_relative_tolerance": MAX_RELATIVE_TOLERANCE,
                       "run_seconds": {str(s): run_times[s] for s in SCALES},
                       "total_seconds": total, "results": results, "problems": problems},
                      f, indent=1, allow_nan=True)
    if problems:
        print(f"\nFAIL: {len(problems)} of {comparisons} comparisons do not show scale invariance:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"\nOK: all {comparisons} comparisons agree within their tolerances")
    return 0


if __name__ == "__main__":
    sys.exit(main())
