#!/usr/bin/env python3
"""`civicsim sweep` with a sampling design, a design file and --precision, as real processes
(docs/sensitivity.md). Debian's python (h5py, numpy, yaml).

  * a Morris design: sweep.h5's /design lists the parameters and the points; each run file's
    sweep_parameters holds its point's values; outputs.csv has one row per run in run order,
    with the values of the table; a design file gives the same points as its rows; merge keeps /design;
  * --precision: the sweep stops at the first batch whose paired-difference interval is narrower
    than asked (and not before), the count agrees with precision.csv and with the pilot's
    prediction within a batch, and sweep.h5 holds exactly the replicates it ran.
"""
import argparse
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np


def t975(df):
    # Student's t quantile for the replicate counts this test sees (from scipy, tabulated)
    table = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 6: 2.4469, 7: 2.3646, 8: 2.3060, 9: 2.2622,
             10: 2.2281, 11: 2.2010, 12: 2.1788, 13: 2.1604, 14: 2.1448, 15: 2.1314, 16: 2.1199, 17: 2.1098,
             18: 2.1009, 19: 2.0930, 20: 2.0860, 21: 2.0796, 22: 2.0739, 23: 2.0687, 24: 2.0639, 25: 2.0595,
             26: 2.0555, 27: 2.0518, 28: 2.0484, 29: 2.0452, 30: 2.0423, 35: 2.0301, 39: 2.0227}
    return table[df]


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def scenario(data, sweep):
    text = open(os.path.join(data, "small.yaml")).read().replace("districts.csv", os.path.join(data, "districts.csv"))
    return text + sweep


def check_design(civicsim, data, tmp):
    path = os.path.join(tmp, "morris.yaml")
    open(path, "w").write(scenario(data, "sweep:\n  replicates: 2\n"
                                         "  design: {method: morris, samples: 2, levels: 4, seed: 5}\n"
                                         "  parameters:\n"
                                         "    staff.skill_sd: {distribution: uniform, low: 0.05, high: 0.3}\n"
                                         "    citizens.adoption.q: {distribution: log_uniform, low: 0.1, high: 1}\n"))
    dry = run([civicsim, "sweep", path, "-o", os.path.join(tmp, "m"), "--dry-run"]).stdout
    assert "design: morris, 2 parameters, 2 trajectories x (2 + 1) = 6 points; x 1 arm x 2 replicates = 12 runs" in dry, dry
    out = os.path.join(tmp, "m")
    run([civicsim, "sweep", path, "-o", out, "-q"])
    with h5py.File(os.path.join(out, "sweep.h5"), "r") as f:
        d = f["design"]
        assert d.attrs["method"] == "morris" and d.attrs["samples"] == 2 and d.attrs["levels"] == 4
        keys = [k.decode() if isinstance(k, bytes) else k for k in d["parameter"][()]]
        assert keys == ["staff.skill_sd", "citizens.adoption.q"], keys
        values, unit = d["values"][()], d["unit"][()]
        assert values.shape == (6, 2) and unit.shape == (6, 2)
        # Morris: each step of a trajectory moves one coordinate by delta = 4 / (2 * 3)
        for t in range(2):
            steps = np.diff(unit[t * 3:(t + 1) * 3], axis=0)
            assert all(np.count_nonzero(s) == 1 for s in steps), steps
            assert np.allclose(np.abs(steps[steps != 0]), 2 / 3), steps
        lo, hi = values[:, 1].min(), values[:, 1].max()
        assert 0.1 <= lo and hi <= 1.0 + 1e-12
        table_values = f["table/values"][()]
        figures = [x.decode() if isinstance(x, bytes) else x for x in f["table/figure"][()]]
        points = f["table/grid_point"][()]
        run_ids = [x.decode() if isinstance(x, bytes) else x for x in f["table/run_id"][()]]
    for r, rid in enumerate(run_ids):
        with h5py.File(os.path.join(out, "runs", rid + ".h5"), "r") as g:
            label = g.attrs["sweep_parameters"]
            label = label.decode() if isinstance(label, bytes) else label
        pairs = dict(p.split("=") for p in label.split(";"))
        assert math.isclose(float(pairs["staff.skill_sd"]), values[points[r], 0], rel_tol=0, abs_tol=0), (label, values[points[r]])
        assert float(pairs["citizens.adoption.q"]) == values[points[r], 1], label
    rows = list(csv.DictReader(open(os.path.join(out, "outputs.csv"))))
    assert [row["run_id"] for row in rows] == run_ids
    w = figures.index("wait_mean_minutes/all")
    for r, row in enumerate(rows):
        assert row["status"] == "done"
        assert float(row["wait_mean_minutes/all"]) == table_values[r, w]
        assert float(row["staff.skill_sd"]) == values[points[r], 0]
    # The same points as a design file (SALib's rows): the same runs, bit for bit.
    x = os.path.join(tmp, "X.txt")
    np.savetxt(x, values, fmt="%.17g", header=" ".join(keys), comments="")
    outf = os.path.join(tmp, "f")
    run([civicsim, "sweep", path, "-o", outf, "-q", "--design-file", x])
    with h5py.File(os.path.join(outf, "sweep.h5"), "r") as f:
        assert f["design"].attrs["method"] == "file"
        assert np.array_equal(f["design/values"][()], values)
        assert np.array_equal(f["table/values"][()], table_values, equal_nan=True)
    os.remove(os.path.join(outf, "sweep.h5"))
    run([civicsim, "merge", outf, "-q"])
    with h5py.File(os.path.join(outf, "sweep.h5"), "r") as f:
        assert np.array_equal(f["design/values"][()], values)
    print("design: ok")


def check_precision(civicsim, data, tmp, batch=10, halfwidth=0.045):
    path = os.path.join(tmp, "precision.yaml")
    open(path, "w").write(scenario(data, "sweep:\n  replicates: 40\n  arms:\n"
                                         "    - {name: base, interventions: []}\n"
                                         "    - name: more\n      interventions: "
                                         "[{type: staffing, start_day: 0, districts: all, add_counter_staff: 30}]\n"))
    out = os.path.join(tmp, "p")
    run([civicsim, "sweep", path, "-o", out, "-q", "--precision", f"wait_mean_minutes/all={halfwidth}",
         "--batch", str(batch)])
    rows = list(csv.DictReader(open(os.path.join(out, "precision.csv"))))
    n, predicted = int(rows[0]["replicates"]), int(rows[0]["predicted_by_pilot"])
    with h5py.File(os.path.join(out, "sweep.h5"), "r") as f:
        assert f.attrs["replicates"] == n and f.attrs["runs"] == 2 * n
        figures = [x.decode() if isinstance(x, bytes) else x for x in f["table/figure"][()]]
        v = f["table/values"][()][:, figures.index("wait_mean_minutes/all")]
    d = v[n:] - v[:n]  # arm 'more' minus 'base', replicate by replicate (index order: arm, replicate)

    def hw(k):
        return t975(k - 1) * np.std(d[:k], ddof=1) / math.sqrt(k)

    assert n < 40, "the cap was reached: choose a wider half-width"
    assert n % batch == 0
    assert hw(n) <= halfwidth, (n, hw(n))
    assert n > batch, "the pilot was enough: choose a narrower half-width"
    assert hw(n - batch) > halfwidth, (n, hw(n - batch))
    assert math.isclose(float(rows[0]["halfwidth_reached"]), hw(n), rel_tol=1e-3), (rows[0], hw(n))
    assert abs(n - predicted) <= batch, (n, predicted)
    print(f"precision: ok ({n} replicates, pilot predicted {predicted})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--civicsim", required=True)
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="civicsim-design-")
    try:
        check_design(a.civicsim, a.data, tmp)
        check_precision(a.civicsim, a.data, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
