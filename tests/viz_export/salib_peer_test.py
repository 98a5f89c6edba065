#!/usr/bin/env python3
"""civicsim's sensitivity estimators against SALib's on the same samples (a peer check).

Samples Ishigami's function with SALib (Sobol' in Saltelli's layout with second order, and Morris
trajectories), runs SALib's analyze and civicsim's estimators (tools/sensitivity_peer.cpp) on the same
X and Y, and checks that
  * civicsim's estimate of every index equals SALib's (the same estimators: to 1e-9) and lies inside
    SALib's 95% interval, widened by 0.01;
  * civicsim's bootstrap interval (percentiles) and SALib's (normal, Z * sd) have similar widths;
  * both are near the analytic values: Ishigami's S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424,
    0.2437), S2_13 = 0.2437; Morris mu* = (3, 1, 0) of y = 3 u1 + u2.
Run by a python that has SALib (CMake's CIVICSIM_PEER_PYTHON). Exit 77 (ctest SKIP) when SALib
cannot be imported, or with --skip (CIVICSIM_PEER_PYTHON is empty).
"""
import argparse
import os
import subprocess
import sys
import tempfile

SKIP = 77
WIDEN = 0.01
S1 = (0.3139, 0.4424, 0.0)
ST = (0.5576, 0.4424, 0.2437)
S2_13 = 0.2437


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def civicsim_indices(tool, method, k, x, y, workdir):
    """{(parameter, index): (value, low, high)} from the peer tool on X and Y."""
    import numpy as np
    x_file, y_file = os.path.join(workdir, "X.txt"), os.path.join(workdir, "Y.txt")
    np.savetxt(x_file, x, fmt="%.17g")
    np.savetxt(y_file, y, fmt="%.17g")
    result = subprocess.run([tool, method, str(k), x_file, y_file, "1000", "7"], capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        fail("%s exited %d: %s" % (tool, result.returncode, result.stderr))
    out = {}
    for line in result.stdout.splitlines()[1:]:
        parameter, index, value, low, high = line.split(",")
        out[(parameter, index)] = (float(value), float(low), float(high))
    return out


def check_index(name, ours, salib, conf, analytic=None, tolerance=0.1):
    value, low, high = ours
    print("%-12s civicsim %.5f [%.5f, %.5f]   SALib %.5f +- %.5f%s" % (
        name, value, low, high, salib, conf, "" if analytic is None else "   analytic %.4f" % analytic))
    if abs(value - salib) > 1e-9 * max(1.0, abs(salib)):
        fail("%s: civicsim %.12g, SALib %.12g: the same estimator on the same sample must agree" % (name, value, salib))
    if not salib - conf - WIDEN <= value <= salib + conf + WIDEN:
        fail("%s: civicsim %.5f is outside SALib's interval %.5f +- %.5f" % (name, value, salib, conf))
    half = (high - low) / 2
    if conf > 1e-6 and not 0.5 * conf <= half <= 2.0 * conf:
        fail("%s: civicsim's half-width %.5f and SALib's %.5f differ by more than a factor 2" % (name, half, conf))
    if analytic is not None:
        for who, v in (("civicsim", value), ("SALib", salib)):
            if abs(v - analytic) > tolerance:
                fail("%s: %s's %.4f is not near the analytic %.4f" % (name, who, v, analytic))


def sobol_check(tool, workdir):
    import numpy as np
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample
    from SALib.test_functions import Ishigami
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    x = sobol_sample.sample(problem, 2048, calc_second_order=True, seed=3)
    y = Ishigami.evaluate(x)
    si = sobol_analyze.analyze(problem, y, calc_second_order=True, num_resamples=1000, conf_level=0.95, seed=5)
    ours = civicsim_indices(tool, "sobol2", 3, x, y, workdir)
    for i in range(3):
        check_index("S1 x%d" % (i + 1), ours[(str(i), "S1")], si["S1"][i], si["S1_conf"][i], S1[i])
        check_index("ST x%d" % (i + 1), ours[(str(i), "ST")], si["ST"][i], si["ST_conf"][i], ST[i])
    for i, j in ((0, 1), (0, 2), (1, 2)):
        analytic = S2_13 if (i, j) == (0, 2) else 0.0
        check_index("S2 x%d,x%d" % (i + 1, j + 1), ours[("%d|%d" % (i, j), "S2")], si["S2"][i][j],
                    si["S2_conf"][i][j], analytic, tolerance=0.12)


def morris_check(tool, workdir):
    import numpy as np
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample
    from SALib.test_functions import Ishigami
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    x = morris_sample.sample(problem, 200, num_levels=4, seed=11)
    unit = (x + np.pi) / (2 * np.pi)  # civicsim's effects are per unit-cube step, as SALib's
    functions = (("ishigami", Ishigami.evaluate(x), None),
                 ("linear", 3 * unit[:, 0] + 1 * unit[:, 1] + 0 * unit[:, 2], (3.0, 1.0, 0.0)))
    for name, y, analytic in functions:
        si = morris_analyze.analyze(problem, x, y, num_levels=4, num_resamples=1000, conf_level=0.95, seed=13)
        ours = civicsim_indices(tool, "morris", 3, unit, y, workdir)
        for i in range(3):
            label = "%s x%d" % (name, i + 1)
            check_index("mu* " + label, ours[(str(i), "mu_star")], si["mu_star"][i], si["mu_star_conf"][i],
                        None if analytic is None else analytic[i], tolerance=1e-9)
            for index in ("mu", "sigma"):
                value = ours[(str(i), index)][0]
                if abs(value - si[index][i]) > 1e-9 * max(1.0, abs(si[index][i])):
                    fail("%s %s: civicsim %.12g, SALib %.12g" % (index, label, value, si[index][i]))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tool", required=True, help="tests/viz_export/tools/sensitivity_peer.cpp, built")
    parser.add_argument("--skip", action="store_true", help="skip: no python with SALib was configured")
    args = parser.parse_args()
    if args.skip:
        print("SKIP: no CIVICSIM_PEER_PYTHON (scripts/setup-peers makes .peers/bin/python, with SALib)")
        return SKIP
    try:
        import numpy  # noqa: F401
        import SALib  # noqa: F401
    except ImportError as e:
        print("SKIP: %s cannot import SALib (%s)" % (sys.executable, e))
        return SKIP
    with tempfile.TemporaryDirectory(prefix="civicsim-salib-") as workdir:
        sobol_check(args.tool, workdir)
        morris_check(args.tool, workdir)
    print("PASS: civicsim's Sobol' and Morris indices agree with SALib's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
