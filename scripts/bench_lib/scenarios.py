"""The bench's sizes and the scenarios it writes: ring cities built on scenarios/default.yaml, the
default scenario as a sweep, Guangzhou at its real volume of needs, and the simple model of the
numpy peer (bench_lib/simple_model.py)."""

import os
import re

from . import simple_model

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# population.share_15_plus (sim/params.hpp): agents per resident at population.scale 1.
SHARE_15_PLUS = 0.8613
# The default scenario's agents and its staff at population.scale 0.1 (scenarios/default.yaml):
# the bench keeps staff per agent at this ratio.
DEFAULT_AGENTS = 399642
DEFAULT_SCALE = 0.1
# Guangzhou for the smoke run: a 1/200 sample for one day (needs stay real at any scale).
GUANGZHOU_SMOKE = {"scale": 0.001, "days": 1}


def sizes(smoke):
    """Agents and days of each benchmark. The smoke run keeps every code path, at toy sizes."""
    if smoke:
        return {"daily_pass": (20_000, 2), "full_model": (20_000, 2),
                "scaling": [(10_000, 2), (20_000, 2), (40_000, 2)], "memory": (40_000, 2),
                "stream_mib": 32, "stream_repeat": 3, "sweep": (20, 1), "checkpoint": (20_000, 2, 1),
                "sampling": (20_000, 2), "scenario_load": 2_000,
                "year_10k": (2_000, 7), "guangzhou": GUANGZHOU_SMOKE, "peer": [(20_000, 8), (20_000, 16)]}
    return {"daily_pass": (16_000_000, 30), "full_model": (1_000_000, 28),
            "scaling": [(250_000, 28), (1_000_000, 28), (4_000_000, 28)], "memory": (4_000_000, 28),
            "stream_mib": 128, "stream_repeat": 20, "sweep": (1000, 1), "checkpoint": (1_000_000, 28, 7),
            "sampling": (1_000_000, 28), "scenario_load": 200_000,
            "year_10k": (10_000, 365), "guangzhou": None, "peer": [(1_000_000, 28), (1_000_000, 365)]}


def substitute(text, pattern, replacement, count=1, what="scenarios/default.yaml"):
    """re.sub that insists on `count` matches: a scenario file changing must not silently change the bench."""
    new, n = re.subn(pattern, replacement, text)
    if n != count:
        raise SystemExit(f"bench: expected {count} match(es) of {pattern!r} in {what}, found {n}")
    return new


def read_scenario(name):
    with open(os.path.join(REPO, "scenarios", name), encoding="utf-8") as f:
        return f.read()


def ring_yaml(agents, days, demand=True, report_minutes=60, scale=1.0):
    """A ring city of `agents` citizens at population.scale 1 built on scenarios/default.yaml (see
    scripts/bench), sampled at `scale` (agents x scale agents, the same staff and residents)."""
    text = read_scenario("default.yaml")
    name = f"bench-{agents}{'' if demand else '-nodemand'}{'' if scale == 1.0 else f'-s{scale:g}'}"
    text = substitute(text, r"(?ms)^interventions:.*?(?=^output:)", "")
    text = substitute(text, r"(?m)^name: .*$", f"name: {name}")
    text = substitute(text, r"time: \{days: \d+", f"time: {{days: {days}")
    text = substitute(text, r"report_minutes: \d+", f"report_minutes: {report_minutes}")
    text = substitute(text, r"population: \{scale: [0-9.]+\}", f"population: {{scale: {scale:g}}}")
    text = substitute(text, r"ring_city: \{population: \d+,", f"ring_city: {{population: {agents / SHARE_15_PLUS:.0f},")
    staff = agents / DEFAULT_AGENTS * DEFAULT_SCALE  # real staff -> staff at this size, same load
    text = substitute(text, r"counter_staff_per_centre: \{urban: (\d+), suburban: (\d+), rural: (\d+)\}",
                      lambda m: "counter_staff_per_centre: {urban: %.3f, suburban: %.3f, rural: %.3f}" %
                      tuple(int(g) * staff for g in m.groups()))
    text = substitute(text, r"(?<!add_)hotline_operators: (\d+)", lambda m: "hotline_operators: %.3f" % (int(m.group(1)) * staff))
    if not demand:
        text = substitute(text, r"rate_per_year: \{adult: [0-9.]+, elderly: [0-9.]+\}",
                          "rate_per_year: {adult: 0, elderly: 0}", count=4)
    text = substitute(text, r"(?m)^output: .*$", "output: {path: bench.h5}")
    return name, text


def sweep_yaml(runs, days):
    """scenarios/default.yaml as a sweep of `runs` runs: no intervention against its two, runs / 2
    replicates each, `days` days."""
    text = read_scenario("default.yaml")
    text = substitute(text, r"time: \{days: \d+", f"time: {{days: {days}")
    text = substitute(text, r"(?m)^output: .*$", "output: {path: bench.h5}")
    return text + (f"sweep:\n  replicates: {max(1, runs // 2)}\n  arms:\n"
                   "    - {name: baseline, interventions: []}\n    - {name: as_written}\n")


def guangzhou_yaml(size):
    """scenarios/guangzhou.yaml, its districts file by absolute path (the copy lives in the bench's
    folder); `size` None keeps its scale and days (real volume: needs and staff are real at any
    scale), else {"scale", "days"}."""
    what = "scenarios/guangzhou.yaml"
    text = read_scenario("guangzhou.yaml")
    csv = os.path.join(REPO, "scenarios", "data", "guangzhou_districts.csv")
    text = substitute(text, r"districts_file: data/guangzhou_districts\.csv", f"districts_file: {csv}", what=what)
    if size:
        text = substitute(text, r"(?m)^(  scale:) [0-9.]+", rf"\1 {size['scale']:g}", what=what)
        text = substitute(text, r"time: \{days: \d+", f"time: {{days: {size['days']}", what=what)
    return "guangzhou", text


def simple_yaml(citizens, days, seed):
    return f"simple-{citizens}-{days}d", simple_model.scenario_yaml(citizens, days, seed)
