#!/usr/bin/python3
"""`civicsim calibrate` end to end: it recovers the Bass q that generated the data.

tests/data/calibrate_bass.yaml runs once as it stands (q = 0.4, seed 99): its adoption/all is the
"observed" figure, measured here as viz_export/figures.cpp computes it (group adoption weighted by the
last day's population) and checked against the value the file states. Then:
  * `civicsim calibrate` with 3 waves of 10 points x 2 replicates from the uniform prior [0.05, 1.5]:
    exit 0; the last wave's accepted interval of q (calibration.csv) contains 0.4 and is less than
    half the prior's width; the range of q sampled shrinks to under half of wave 1's; posterior.csv
    has one row per accepted point; calibration.h5 says the observation lies inside the posterior
    predictive; every wave is a sweep of its design file (wave-K/sweep.h5 /design/method "file",
    the file's rows its /design/values);
  * `--analyse` on the finished folder runs nothing and writes the same calibration.csv;
  * the SLURM path on an impossible target (observed 0.9): `--analyse` writes wave-1.design.txt, the
    wave runs as `civicsim sweep --design-file`, `--analyse` then exits 3 naming the best point;
  * an unknown figure is refused with exit 65 at file:line:col with the nearest name.
Needs Debian's python3 (h5py, numpy). Usage: calibrate_bass_test.py --civicsim BIN --data DIR
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

TRUE_Q = 0.4
PRIOR = (0.05, 1.5)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(cmd, expect, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != expect:
        fail("%s: exit %d, expected %d\nstdout:\n%s\nstderr:\n%s" % (" ".join(cmd), p.returncode, expect, p.stdout,
                                                                      p.stderr))
    return p


def adoption_all(h5_path):
    """adoption/all as viz_export/figures.cpp: each group's share weighted by its population on the last day."""
    with h5py.File(h5_path, "r") as f:
        share = np.asarray(f["/summary/adoption"][()], dtype=float)
        population = np.asarray(f["/daily/population"][-1], dtype=float).sum(axis=0)  # [district, group] -> [group]
    keep = population > 0
    return float((share[keep] * population[keep]).sum() / population[keep].sum())


def with_changes(text, observed=None, figure=None, waves=None):
    if observed is not None:
        text = re.sub(r"(figure: adoption/all, observed: )[0-9.]+", r"\g<1>%r" % observed, text)
    if figure is not None:
        text = text.replace("figure: adoption/all,", "figure: %s," % figure)
    if waves is not None:
        text = re.sub(r"waves: \d+", "waves: %d" % waves, text)
    return text


def read_calibration_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_recovery(civicsim, work, scenario):
    out = os.path.join(work, "cal")
    p = run([civicsim, "calibrate", scenario, "-o", out, "--jobs", "2"], 0, work)
    rows = read_calibration_csv(os.path.join(out, "calibration.csv"))
    if [int(r["wave"]) for r in rows] != [1, 2, 3]:
        fail("calibration.csv: expected one row per wave 1..3, got %s" % rows)
    widths = []
    for r in rows:
        low, high = float(r["accepted_low"]), float(r["accepted_high"])
        if not (low <= TRUE_Q <= high):
            fail("wave %s: accepted q in [%g, %g] does not contain %g" % (r["wave"], low, high, TRUE_Q))
        widths.append(high - low)
        if abs(float(r["shrinkage"]) - (high - low) / (PRIOR[1] - PRIOR[0])) > 1e-9:
            fail("wave %s: shrinkage %s is not the accepted width over the prior's" % (r["wave"], r["shrinkage"]))
    if not widths[-1] < 0.5 * (PRIOR[1] - PRIOR[0]):
        fail("the last accepted interval is %g wide, not narrower than half the prior (%g)" %
             (widths[-1], 0.5 * (PRIOR[1] - PRIOR[0])))
    with open(os.path.join(out, "posterior.csv"), newline="") as f:
        posterior = list(csv.DictReader(f))
    if len(posterior) != int(rows[-1]["accepted_points"]):
        fail("posterior.csv has %d rows, calibration.csv says %s accepted" % (len(posterior), rows[-1]["accepted_points"]))
    if list(posterior[0].keys()) != ["point", "max_implausibility", "citizens.adoption.q", "adoption/all",
                                     "adoption/urban_adult"]:
        fail("posterior.csv header: %s" % list(posterior[0].keys()))
    for r in posterior:
        if float(r["max_implausibility"]) > 3:
            fail("posterior.csv lists a point with max implausibility %s > 3" % r["max_implausibility"])
    with h5py.File(os.path.join(out, "calibration.h5"), "r") as f:
        figures = [x.decode() if isinstance(x, bytes) else x for x in f["/predictive/figure"][()]]
        if figures != ["adoption/all", "adoption/urban_adult"]:
            fail("calibration.h5 /predictive/figure: %s" % figures)
        if int(f["/predictive/inside"][0]) != 1:
            fail("the observed adoption/all lies outside its posterior predictive [%g, %g]" %
                 (f["/predictive/low"][0], f["/predictive/high"][0]))
        if list(f["/wave/accepted_points"][()]) != [int(r["accepted_points"]) for r in rows]:
            fail("calibration.h5 /wave/accepted_points differs from calibration.csv")
    spans = []
    for wave in (1, 2, 3):
        with h5py.File(os.path.join(out, "wave-%d" % wave, "sweep.h5"), "r") as f:
            method = f["/design"].attrs["method"]
            method = method.decode() if isinstance(method, bytes) else method
            values = np.asarray(f["/design/values"][()])[:, 0]
        if method != "file":
            fail("wave-%d/sweep.h5 /design method %r, expected 'file'" % (wave, method))
        with open(os.path.join(out, "wave-%d.design.txt" % wave)) as f:
            lines = [line for line in f if line.strip() and not line.startswith("#")]
        if lines[0].split() != ["citizens.adoption.q"] or len(lines) != 11:
            fail("wave-%d.design.txt: expected a header and 10 rows, got %s" % (wave, lines))
        if not np.array_equal(values, [float(line) for line in lines[1:]]):
            fail("wave-%d: sweep.h5 /design/values are not the rows of wave-%d.design.txt" % (wave, wave))
        spans.append(values.max() - values.min())
    if not spans[2] < 0.5 * spans[0]:
        fail("the sampled range of q did not shrink: waves 1..3 span %s" % spans)
    if "posterior predictive" not in p.stdout or "adoption/urban_adult" not in p.stdout:
        fail("the report on stdout lacks the posterior predictive:\n" + p.stdout)
    before = open(os.path.join(out, "calibration.csv")).read()
    run([civicsim, "calibrate", scenario, "-o", out, "--analyse"], 0, work)
    if open(os.path.join(out, "calibration.csv")).read() != before:
        fail("--analyse on the finished folder wrote another calibration.csv")
    # A scenario edited after the waves ran is not analysed as if it had made them.
    edited = scenario + ".edited.yaml"
    with open(edited, "w") as f:
        f.write(open(scenario).read() + "# edited\n")
    refused = run([civicsim, "calibrate", edited, "-o", out, "--analyse"], 73, work)
    if "was run from another text" not in refused.stderr:
        fail("an edited scenario: expected 'was run from another text', got:\n" + refused.stderr)
    print(p.stdout)
    print("recovered q: %s" % ", ".join("wave %s [%s, %s]" % (r["wave"], r["accepted_low"], r["accepted_high"])
                                        for r in rows))


def check_nothing_accepted(civicsim, work, text):
    scenario = os.path.join(work, "impossible.yaml")
    with open(scenario, "w") as f:
        f.write(with_changes(text, observed=0.9, waves=1))
    out = os.path.join(work, "impossible")
    p = run([civicsim, "calibrate", scenario, "-o", out, "--analyse"], 0, work)
    design = os.path.join(out, "wave-1.design.txt")
    if not os.path.isfile(design) or "--design-file " + design not in p.stderr:
        fail("--analyse did not write wave-1.design.txt and say how to run it:\n" + p.stderr)
    run([civicsim, "sweep", scenario, "-o", os.path.join(out, "wave-1"), "--design-file", design, "-q"], 0, work)
    p = run([civicsim, "calibrate", scenario, "-o", out, "--analyse"], 3, work)
    if "no point of wave 1 is non-implausible" not in p.stderr or "citizens.adoption.q=" not in p.stderr:
        fail("exit 3 without naming the best point:\n" + p.stderr)


def check_unknown_figure(civicsim, work, text):
    scenario = os.path.join(work, "typo.yaml")
    with open(scenario, "w") as f:
        f.write(with_changes(text, figure="adoptoin/all"))
    line = next(i for i, l in enumerate(with_changes(text, figure="adoptoin/all").splitlines(), 1) if "adoptoin" in l)
    p = run([civicsim, "calibrate", scenario, "-o", os.path.join(work, "typo")], 65, work)
    where = "%s:%d:" % (scenario, line)
    if where not in p.stderr or "did you mean 'adoption/all'" not in p.stderr:
        fail("the unknown figure is not reported at %s with the nearest name:\n%s" % (where, p.stderr))
    if os.path.exists(os.path.join(work, "typo")):
        fail("a refused calibration created its folder")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--civicsim", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    civicsim = os.path.abspath(args.civicsim)
    text = open(os.path.join(args.data, "calibrate_bass.yaml")).read()
    stated = float(re.search(r"figure: adoption/all, observed: ([0-9.]+)", text).group(1))
    with tempfile.TemporaryDirectory() as work:
        scenario = os.path.join(work, "calibrate_bass.yaml")
        with open(scenario, "w") as f:
            f.write(text)
        run([civicsim, "run", scenario, "--seed", "99", "-o", os.path.join(work, "observed.h5"), "-q"], 0, work)
        observed = adoption_all(os.path.join(work, "observed.h5"))
        if abs(observed - stated) > 0.004:
            fail("the run with q = 0.4 gives adoption/all %.4f; tests/data/calibrate_bass.yaml states %.4f: update it" %
                 (observed, stated))
        with open(scenario, "w") as f:
            f.write(with_changes(text, observed=observed))
        check_unknown_figure(civicsim, work, text)
        check_recovery(civicsim, work, scenario)
        check_nothing_accepted(civicsim, work, text)
    print("ok")


if __name__ == "__main__":
    main()
