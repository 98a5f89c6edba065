#!/usr/bin/env python3
"""The recipes of docs/sensitivity.md for SALib's and the EMA Workbench's users, on a small sweep,
run by a Python that has both (PyPI `SALib`, `ema_workbench`: test dependencies only; scripts/setup-peers).

  * SALib's command line: `salib sample sobol` writes X.txt, `civicsim sweep --design-file X.txt`
    runs its rows, `salib analyze sobol -Y outputs.txt -c COLUMN` reads civicsim's table;
  * the peer check: on civicsim's own Sobol' design, SALib's `sobol.analyze` of outputs.txt and
    `civicsim sensitivity` agree: each civicsim index lies within SALib's interval, widened by the
    two estimates' own interval (they are the same estimators on the same numbers);
  * the EMA Workbench: docs/examples/ema_workbench_model.py runs experiments through civicsim, and
    each outcome equals the same point run by one `civicsim sweep --design-file` (bit for bit).

Exit 77 (ctest SKIP) when SALib or ema_workbench cannot be imported.
"""
import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from SALib.analyze import sobol as salib_sobol
    import ema_workbench  # noqa: F401
except ImportError as e:
    print("SKIP: %s (scripts/setup-peers installs SALib and ema_workbench)" % e)
    sys.exit(77)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PARAMS = [("staff.skill_sd", 0.05, 0.3), ("citizens.adoption.q", 0.1, 1.0)]
FIGURE = "total_time_mean_minutes/all"


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("FAIL: %s exited %d\n%s\n%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def scenario(data, tmp, design="{method: sobol, samples: 16, seed: 3}"):
    text = open(os.path.join(data, "small.yaml")).read().replace("districts.csv", os.path.join(data, "districts.csv"))
    text += "sweep:\n  replicates: 1\n  design: %s\n  parameters:\n" % design
    text += "".join("    %s: {distribution: uniform, low: %g, high: %g}\n" % p for p in PARAMS)
    path = os.path.join(tmp, "small_sweep.yaml")
    open(path, "w").write(text)
    return path


def column(outputs_txt, figure):
    header = [line for line in open(outputs_txt) if line.startswith("# columns:")][0]
    names = dict(item.split("=", 1)[::-1] for item in header.split(":", 1)[1].split())
    return int(names[figure])


def salib_cli(civicsim, yaml_path, tmp, salib):
    params = os.path.join(tmp, "params.txt")
    open(params, "w").write("".join("%s %g %g\n" % p for p in PARAMS))
    x = os.path.join(tmp, "X.txt")
    run([salib, "sample", "sobol", "-p", params, "-o", x, "-n", "8", "--delimiter", " "])
    out = os.path.join(tmp, "salib_sweep")
    run([civicsim, "sweep", yaml_path, "--design-file", x, "-o", out, "-q"])
    y = os.path.join(out, "outputs.txt")
    rows = [line for line in open(y) if not line.startswith("#")]
    assert len(rows) == len(np.loadtxt(x)) == 8 * (2 * 2 + 2), len(rows)
    assert all(line.rstrip().endswith(" done") for line in rows)
    assert np.allclose(np.loadtxt(y)[:, :2], np.loadtxt(x), rtol=1e-15, atol=0)
    r = run([salib, "analyze", "sobol", "-p", params, "-Y", y, "-c", str(column(y, FIGURE)), "--delimiter", " "])
    assert "staff.skill_sd" in r.stdout and "ST" in r.stdout, r.stdout
    print("salib command line: ok")


def peer_check(civicsim, yaml_path, tmp):
    out = os.path.join(tmp, "sobol_sweep")
    run([civicsim, "sweep", yaml_path, "-o", out, "-q"])
    run([civicsim, "sensitivity", out, "--figures", FIGURE, "--resamples", "2000"])
    ours = {}
    for row in csv.DictReader(open(os.path.join(out, "sensitivity.csv"))):
        ours[(row["parameter"], row["index"])] = (float(row["value"]), float(row["ci95_low"]), float(row["ci95_high"]))
    y = np.loadtxt(os.path.join(out, "outputs.txt"))[:, column(os.path.join(out, "outputs.txt"), FIGURE)]
    problem = {"num_vars": 2, "names": [p[0] for p in PARAMS], "bounds": [[p[1], p[2]] for p in PARAMS]}
    theirs = salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=2000, seed=1)
    for i, name in enumerate(problem["names"]):
        for index, conf in (("S1", "S1_conf"), ("ST", "ST_conf")):
            value, low, high = ours[(name, index)]
            s, c = theirs[index][i], theirs[conf][i]
            # The point estimates are the same formula on the same numbers: equal up to rounding.
            assert abs(value - s) <= 1e-9 * max(1.0, abs(s)), (name, index, value, s)
            # And the intervals describe the same uncertainty: civicsim's half-width within a factor 2 of SALib's.
            half = (high - low) / 2
            assert 0.5 * c <= half <= 2.0 * c, (name, index, half, c)
    print("civicsim sensitivity = SALib sobol.analyze: ok")


def ema(civicsim, tmp):
    yaml_path = scenario(os.path.join(ROOT, "tests", "data"), tmp)
    sys.path.insert(0, os.path.join(ROOT, "docs", "examples"))
    import ema_workbench_model as recipe
    from ema_workbench import SequentialEvaluator, perform_experiments

    m = recipe.model(civicsim, yaml_path)
    with SequentialEvaluator(m) as evaluator:
        experiments, outcomes = perform_experiments(m, scenarios=3, evaluator=evaluator)
    names = list(recipe.UNCERTAINTIES)
    design = os.path.join(tmp, "ema_design.txt")
    with open(design, "w") as f:
        f.write(" ".join(recipe.UNCERTAINTIES[n][0] for n in names) + "\n")
        for _, row in experiments.iterrows():
            f.write(" ".join(repr(float(row[n])) for n in names) + "\n")
    out = os.path.join(tmp, "ema_sweep")
    run([civicsim, "sweep", yaml_path, "--design-file", design, "-o", out, "-q"])
    rows = list(csv.DictReader(open(os.path.join(out, "outputs.csv"))))
    for name, figure in recipe.OUTCOMES.items():
        direct = np.array([float(r[figure]) for r in rows])
        assert np.array_equal(direct, np.asarray(outcomes[name])), (name, direct, outcomes[name])
    print("ema workbench model: ok (%d experiments)" % len(rows))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--civicsim", required=True)
    a = ap.parse_args()
    salib = os.path.join(os.path.dirname(sys.executable), "salib")
    tmp = tempfile.mkdtemp(prefix="civicsim-peers-")
    try:
        data = os.path.join(ROOT, "tests", "data")
        salib_cli(a.civicsim, scenario(data, tmp), tmp, salib)
        peer_check(a.civicsim, scenario(data, tmp), tmp)
        ema(a.civicsim, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
