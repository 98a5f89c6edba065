#!/usr/bin/env python3
"""The numpy peer of scripts/bench (scripts/bench_peer_numpy.py) and its match check: the
vectorised Lindley recursion gives the waits of a FIFO single server computed one customer at a
time; civicsim's run of the simple model's scenario and the peer (both ways of drawing needs)
agree on every checked figure; the hall runs at the utilisation the scenario was built for; and
the check tells a peer whose service is 10% slower, or whose needs are 5% more frequent, from
civicsim. Needs numpy and h5py (Debian's python3 has both).

  bench_peer_test.py --civicsim BUILD/civicsim
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "scripts"))
import numpy as np  # noqa: E402

import bench_peer_numpy as peer  # noqa: E402
from bench_lib import peer as check  # noqa: E402
from bench_lib import simple_model as model  # noqa: E402

CITIZENS, DAYS, SEED = 400_000, 28, 11
failures = []


def expect(condition, message):
    print(("ok:   " if condition else "FAIL: ") + message)
    if not condition:
        failures.append(message)


def lindley_one_by_one(arrival, service):
    waits, free_at = [], None
    for a, s in zip(arrival.tolist(), service.tolist()):
        start = a if free_at is None else max(a, free_at)
        waits.append(start - a)
        free_at = start + s
    return np.array(waits, dtype=np.int64)


def test_lindley():
    rng = np.random.default_rng(5)
    for n, gap in ((1, 5), (2, 1), (1000, 3), (20000, 7)):
        arrival = np.sort(rng.integers(0, n * gap, n))  # ties and zero gaps included
        service = np.maximum(1, np.floor(rng.exponential(gap * 0.9, n) + 0.5)).astype(np.int64)
        same = np.array_equal(peer.hall_waits(arrival, service), lindley_one_by_one(arrival, service))
        expect(same, f"vectorised Lindley = one customer at a time ({n} customers)")
    expect(peer.hall_waits(np.empty(0, np.int64), np.empty(0, np.int64)).size == 0, "no customers, no waits")


def failed_checks(civicsim, numpy_):
    figures = check.match_figures(civicsim, numpy_, "test", "needs", "after")
    return sorted(f["name"].split(".")[-1] for f in figures if not f["pass"])


def test_match(civicsim_path):
    with tempfile.TemporaryDirectory() as tmp:
        scenario, out = os.path.join(tmp, "simple.yaml"), os.path.join(tmp, "simple.h5")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(model.scenario_yaml(CITIZENS, DAYS, SEED))
        done = subprocess.run([civicsim_path, "run", scenario, "-q", "-o", out, "--threads", "2"],
                              capture_output=True, text=True, env=dict(os.environ, OMP_WAIT_POLICY="passive"))
        if done.returncode != 0:
            sys.exit(f"FAIL: civicsim run of the simple model: {done.stderr}")
        theirs = peer.read_civicsim(out)
    expect(abs(theirs["hall_utilisation"] - model.UTILISATION) < 0.05,
           f"civicsim's hall runs at {theirs['hall_utilisation']:.3f} (built for {model.UTILISATION})")
    expect(theirs["needs"] == theirs["online"] + theirs["hall_arrivals"] and theirs["hall_served"] > 0,
           f"civicsim: every need online or at the hall ({theirs['needs']} needs)")
    for method in peer.METHODS:
        ours = peer.run_peer(CITIZENS, DAYS, SEED + 1, method)
        expect(failed_checks(theirs, ours) == [], f"civicsim and the peer ({method}) agree: {failed_checks(theirs, ours)}")

    utilisation, rate = model.UTILISATION, model.RATE_PER_YEAR
    try:
        model.UTILISATION = utilisation * 1.1  # a 10% longer service in the peer only
        slow = failed_checks(theirs, peer.run_peer(CITIZENS, DAYS, SEED + 1, "needs"))
        model.UTILISATION, model.RATE_PER_YEAR = utilisation, rate * 1.05
        busy = failed_checks(theirs, peer.run_peer(CITIZENS, DAYS, SEED + 1, "needs"))
    finally:
        model.UTILISATION, model.RATE_PER_YEAR = utilisation, rate
    expect("hall_wait" in slow, f"a 10% slower hall in the peer is found: {slow}")
    expect("needs_per_cd" in busy, f"5% more needs in the peer are found: {busy}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--civicsim", required=True)
    args = parser.parse_args()
    test_lindley()
    test_match(args.civicsim)
    print(f"{len(failures)} failure(s)" if failures else "OK")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
