#!/usr/bin/env python3
"""The numpy peer of issue 21: the simple model of scripts/bench_lib/simple_model.py, written the
way a numpy user who cares about speed writes it (whole-array operations; no Python loop over
citizens or needs, one over days), and the same figures read from a civicsim run of the scenario
that matches it.

  bench_peer_numpy.py --citizens N --days D --seed S     run the model, print its figures (JSON)
  bench_peer_numpy.py --read RUN.h5                     civicsim's figures from its output (h5py)

Figures: needs, needs_per_citizen_day, online, hall_arrivals, hall_served, share_online,
mean_hall_wait_s with its standard error from batch means (mean_hall_wait_se_s), served_at_once,
hall_utilisation, adopters_end, adopter_share_end, citizens, days. scripts/bench runs it with
.peers/bin/python (numpy 2) or Debian's python3 (numpy 1.24, h5py): docs/performance.md.
"""

import argparse
import json
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_lib import simple_model as model  # noqa: E402  (standard library only)


def adopt(rng, adopted, waiting, share):
    """Today's Bass adoption: each citizen in `waiting` (internet, not adopted) adopts with the
    day's probability; returns those who still wait."""
    hazard = -np.expm1(-(model.BASS_P + model.BASS_Q * share) / 365.0)
    now = rng.random(waiting.size) < hazard
    adopted[waiting[now]] = True
    return waiting[~now]


def hall_waits(arrival, service):
    """FIFO single-server waits by the Lindley recursion W[n] = max(0, W[n-1] + S[n-1] - (a[n] -
    a[n-1])), unrolled: W = C - running min of C, C the cumulative sum of S[n-1] - (a[n] - a[n-1])
    with C[0] = 0. Exact in integer seconds."""
    if arrival.size == 0:
        return arrival.copy()
    c = np.empty(arrival.size, dtype=np.int64)
    c[0] = 0
    np.cumsum(service[:-1] - np.diff(arrival), out=c[1:])
    return c - np.minimum.accumulate(c)


def needs_by_need(rng, citizens, adopted, needs_per_day):
    """Today's needs, drawn in proportion to the needs: N citizens' Poisson needs have a Poisson
    total, each need a uniform citizen's. Returns (needs, needs that go to the hall)."""
    who = rng.integers(0, citizens, rng.poisson(needs_per_day))
    return who.size, int(np.count_nonzero(~adopted[who]))


def needs_by_citizen_day(rng, citizens, adopted, needs_per_day):
    """Today's needs drawn citizen by citizen (a Poisson count each): the direct transcription of
    the model, with work in proportion to citizen-days."""
    count = rng.poisson(needs_per_day / citizens, citizens)
    return int(count.sum()), int(count.sum(where=~adopted))


METHODS = {"needs": needs_by_need, "citizen-days": needs_by_citizen_day}


def simulate(citizens, days, seed, method="needs"):
    """One run of the simple model; returns the hall's arrivals (s, sorted), its service times (s),
    and the run's counts."""
    rng = np.random.default_rng(seed)
    internet = rng.random(citizens) < model.INTERNET
    adopted = internet & (rng.random(citizens) < model.INITIAL_ADOPTION)
    waiting = np.flatnonzero(internet & ~adopted)
    adopters = int(np.count_nonzero(adopted))
    needs_per_day = citizens * model.RATE_PER_YEAR / 365.0
    draw_needs = METHODS[method]
    arrivals, needs, online = [], 0, 0
    for day in range(days):
        before = waiting.size
        waiting = adopt(rng, adopted, waiting, adopters / citizens)
        adopters += before - waiting.size
        today, hall = draw_needs(rng, citizens, adopted, needs_per_day)
        needs += today
        online += today - hall
        arrivals.append(np.sort(rng.integers(0, model.SECONDS_PER_DAY, hall)) + day * model.SECONDS_PER_DAY)
    arrival = np.concatenate(arrivals) if arrivals else np.empty(0, dtype=np.int64)
    mean = model.service_mean_s(citizens, days)
    service = np.maximum(1, np.floor(rng.exponential(mean, arrival.size) + 0.5)).astype(np.int64)
    return arrival, service, {"needs": needs, "online": online, "adopters_end": adopters}


def batch_mean_se(wait_sum, served):
    """Standard error of the ratio sum(wait) / sum(served) from independent batches."""
    keep = served > 0
    b = int(np.count_nonzero(keep))
    if b < 2:
        return float("nan")
    w, n = wait_sum[keep].astype(float), served[keep].astype(float)
    mean = w.sum() / n.sum()
    residual = w - mean * n
    return float(np.sqrt(b / (b - 1) * np.sum(residual ** 2)) / n.sum())


def figures(citizens, days, needs, online, hall_arrivals, served, wait_sum, served_at_once, busy_s, adopters_end,
            batches):
    """The figures both sides report; `batches` holds (wait_sum, served) per batch of the run."""
    return {
        "citizens": citizens, "days": days, "needs": needs, "online": online, "hall_arrivals": hall_arrivals,
        "hall_served": served, "needs_per_citizen_day": needs / (citizens * days),
        "share_online": online / needs if needs else float("nan"),
        "mean_hall_wait_s": wait_sum / served if served else float("nan"),
        "mean_hall_wait_se_s": batch_mean_se(*batches),
        "served_at_once": served_at_once / served if served else float("nan"),
        "hall_utilisation": busy_s / (days * model.SECONDS_PER_DAY),
        "adopters_end": adopters_end, "adopter_share_end": adopters_end / citizens,
    }


def run_peer(citizens, days, seed, method):
    arrival, service, counts = simulate(citizens, days, seed, method)
    wait = hall_waits(arrival, service)
    start = arrival + wait
    end = days * model.SECONDS_PER_DAY
    served = start < end  # service started within the run, as civicsim counts `served`
    batch = start[served] // model.batch_seconds()
    n_batches = -(-end // model.batch_seconds())
    batches = (np.bincount(batch, weights=wait[served], minlength=n_batches),
               np.bincount(batch, minlength=n_batches))
    busy = service[served].sum()  # civicsim counts a service's seconds when it starts
    return figures(citizens, days, counts["needs"], counts["online"], int(arrival.size), int(served.sum()),
                   int(wait[served].sum()), int(np.count_nonzero(wait[served] == 0)), int(busy),
                   counts["adopters_end"], batches)


def read_civicsim(path):
    """The same figures from a civicsim run of the simple model's scenario (one district)."""
    import h5py  # only here: running the peer needs numpy alone

    in_person, online = 0, 2  # /dims/channel order (MODEL.md §5)
    with h5py.File(path, "r") as f:
        def series(name):
            return f["series/" + name][...].sum(axis=(1, 2))  # [T, C]: over districts and groups

        arrivals, served, waits = series("arrivals"), series("served"), series("wait_seconds_sum")
        at_once, busy = series("served_immediately"), series("service_seconds_sum")
        time_s = f["dims/time_seconds"][...]
        citizens = int(f["daily/population"][-1].sum())
        adopters = int(f["daily/adopted"][-1].sum())
        days = int(f["dims/day"].shape[0])
    interval = int(time_s[0])
    per_batch = model.batch_seconds() // interval
    batch = np.arange(time_s.size) // per_batch
    batches = (np.bincount(batch, weights=waits[:, in_person]), np.bincount(batch, weights=served[:, in_person]))
    needs = int(arrivals[:, in_person].sum() + arrivals[:, online].sum())
    return figures(citizens, days, needs, int(arrivals[:, online].sum()), int(arrivals[:, in_person].sum()),
                   int(served[:, in_person].sum()), int(waits[:, in_person].sum()),
                   int(at_once[:, in_person].sum()), int(busy[:, in_person].sum()), adopters, batches)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--method", choices=sorted(METHODS), default="needs",
                        help="how needs are drawn: per need (default) or per citizen-day")
    parser.add_argument("--read", metavar="RUN.h5", help="print the figures of this civicsim run instead")
    args = parser.parse_args()
    if args.read:
        result = read_civicsim(args.read)
    else:
        if args.citizens < 1 or args.days < 1:
            parser.error("--citizens and --days must be at least 1")
        result = run_peer(args.citizens, args.days, args.seed, args.method)
        result["method"] = args.method
    result["numpy"] = np.__version__
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
