#!/usr/bin/env python3
"""Measures the figures that scenarios/guangzhou.yaml is calibrated to, from a run's output file.

    build/cpu/civicsim run scenarios/guangzhou.yaml -o out/guangzhou.h5
    /usr/bin/python3 tests/validation/guangzhou_figures.py out/guangzhou.h5

Every computation is the one docs/calibration.md describes. The first week is warm-up: volumes
are averaged over the whole weeks after it (days 7 .. 7k+6), so that the backlog that a weekend
leaves for Monday's halls is counted once per week.

Counts of contacts, needs and staff in the file are real-world counts at any population.scale
(service capacity is simulated at real headcounts and each agent raises the needs of the residents
it stands for; docs/engine.md "Scaling", docs/output.md), so they are used as they are. Only
/daily/population, /daily/adopted and /daily/internet_access count agents: shares of them are
per-person figures whose sampling error (shown as ± one standard error) shrinks with the agents,
and where they are put beside real counts they are weighted by the residents aged 15+ each agent
of the district stands for (residents × share_15_plus / agents, the engine's own weight).
"""
import sys

import h5py
import numpy as np
import yaml

GUANGZHOU_RESIDENTS = 18_676_605  # 2020 census
CHANNELS = ["in_person", "hotline", "online", "digital_human"]
GROUPS = ["urban_adult", "urban_elderly", "rural_adult", "rural_elderly"]


def measure(path):
    """Every figure of the run at `path`, by name (docs/calibration.md names them)."""
    with h5py.File(path, "r") as f:
        if "population_scale" not in f.attrs:
            sys.exit(f"{path}: no population_scale attribute: written by an engine whose counts were "
                     "agent counts (before issue 13); rerun the scenario")
        scale = float(f.attrs["population_scale"])
        resolved = yaml.safe_load(f["scenario/resolved"][()].decode())
        share15 = resolved["population"]["share_15_plus"]
        weekday0 = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday"].index(resolved["time"]["start_weekday"])
        report_s = resolved["time"]["report_minutes"] * 60
        districts = [d.decode() if isinstance(d, bytes) else d for d in f["dims/district"][()]]
        series = {k: f["series/" + k][()] for k in ("arrivals", "served", "abandoned",
                                                   "wait_seconds_sum", "travel_seconds_sum",
                                                   "service_seconds_sum")}
        pop = f["daily/population"][()]          # [day, D, G]
        net = f["daily/internet_access"][()]
        adopted = f["daily/adopted"][()]
        staff = f["daily/staff"][()]             # [day, D, C]
        unmet = f["daily/unmet_needs"][()]       # [day, D, G]
    days = pop.shape[0]
    per_day = 86400 // report_s
    weeks = (days - 7) // 7
    if weeks < 1:
        sys.exit("need at least 14 days: one warm-up week and one measured week")
    d0, d1 = 7, 7 + 7 * weeks
    window = slice(d0 * per_day, d1 * per_day)
    def total(metric, channel, t=window):
        return float(series[metric][t, :, :, CHANNELS.index(channel)].sum())

    agents = float(pop[0].sum())
    # Residents the run stands for: the districts' residents (all ages; counts are real-world).
    residents = float(sum(d["population"] for d in resolved["geography"]["districts"]))
    # Residents aged 15+ per agent, by district: the weight the engine gives each agent.
    per_agent = np.array([d["population"] * share15 for d in resolved["geography"]["districts"]]) \
        / np.maximum(pop[0].sum(axis=1), 1)
    out = {}
    out["population.scale (root attribute population_scale)"] = scale
    out["agents"] = agents
    out["residents modelled (real)"] = residents

    # --- age structure ---
    elderly_agents = float(pop[0][:, [1, 3]].sum())
    out["elderly share of agents (15+)"] = elderly_agents / agents
    out["elderly share of all residents"] = elderly_agents / agents * share15

    # --- internet access by group, residence and age (day 0) ---
    g_pop = pop[0].sum(axis=0)
    g_net = net[0].sum(axis=0)
    for g, name in enumerate(GROUPS):
        out[f"internet access {name}"] = g_net[g] / g_pop[g]
        out[f"  ± binomial SE ({name}, {int(g_pop[g])} agents)"] = \
            float(np.sqrt(g_net[g] / g_pop[g] * (1 - g_net[g] / g_pop[g]) / g_pop[g]))
    out["internet access urban"] = g_net[[0, 1]].sum() / g_pop[[0, 1]].sum()
    out["internet access rural"] = g_net[[2, 3]].sum() / g_pop[[2, 3]].sum()
    out["internet access adult"] = g_net[[0, 2]].sum() / g_pop[[0, 2]].sum()
    out["internet access elderly"] = g_net[[1, 3]].sum() / g_pop[[1, 3]].sum()
    out["internet access all"] = g_net.sum() / g_pop.sum()
    # The same group rates recombined with the national structure CNNIC's figures describe
    # (urban 67.0%, aged 60+ 21.97%, residence and age independent as in the model).
    rate = g_net / g_pop
    u, e = 0.67, 0.2197
    w = np.array([u * (1 - e), u * e, (1 - u) * (1 - e), (1 - u) * e])
    out["national recombined: rural (CNNIC 69.2%)"] = (w[2] * rate[2] + w[3] * rate[3]) / (w[2] + w[3])
    out["national recombined: all (CNNIC 79.7%)"] = float((w * rate).sum())
    out["national recombined: 60+ (CNNIC 52.0%)"] = (w[1] * rate[1] + w[3] * rate[3]) / (w[1] + w[3])

    # --- 12345: cases accepted on the phone and through internet channels ---
    measured_days = d1 - d0
    phone = total("served", "hotline")
    internet = total("served", "online") + total("served", "digital_human")
    cases_per_resident_day = (phone + internet) / measured_days / residents
    out["12345 cases per 1000 residents per day (target 5.354)"] = 1000 * cases_per_resident_day
    out["12345 cases per day, Guangzhou equivalent (target ~100,000)"] = cases_per_resident_day * GUANGZHOU_RESIDENTS
    out["12345 internet share of cases (target 0.619)"] = internet / (phone + internet)
    out["hotline answer rate: served / arrivals (target 0.9608)"] = phone / total("arrivals", "hotline")

    # --- halls: Huadu's visitors per working day ---
    hd = districts.index("Huadu")
    working = [d for d in range(d0, d1) if (weekday0 + d) % 7 < 5]
    visits = sum(float(series["arrivals"][d * per_day:(d + 1) * per_day, hd, :, 0].sum()) for d in working)
    out["Huadu in-person visitors per working day (target ~4,000)"] = visits / len(working)
    # held out: Panyu's hall cases a year (1.314 million in 2024) = hall services a working day × 250
    py = districts.index("Panyu")
    served = sum(float(series["served"][d * per_day:(d + 1) * per_day, py, :, 0].sum()) for d in working)
    out["Panyu hall cases a year (held out: 1,314,000)"] = served / len(working) * 250
    # held out, with kiosks and no assistant pool: share of kiosk sessions by the 60+ (粤智助: 30%)
    dh = series["served"][window, :, :, 3].sum(axis=(0, 1))
    if dh.sum() > 0:
        out["kiosk sessions by the 60+ (held out: 0.30)"] = float(dh[[1, 3]].sum() / dh.sum())
    out["Huadu counter staff (windows: 229)"] = float(staff[0, hd, 0])
    out["counter staff city-wide (windows: 2,604; 2,605 whole)"] = float(staff[0, :, 0].sum())
    out["hotline operators (model: 635)"] = float(staff[0, :, 1].sum())

    # --- where and for whom waits are longest (context, not calibrated) ---
    for ch in ("in_person", "hotline"):
        c = CHANNELS.index(ch)
        for g, name in enumerate(GROUPS):
            s = series["served"][window, :, g, c].sum()
            wsum = series["wait_seconds_sum"][window, :, g, c].sum()
            out[f"mean wait {ch} {name} (min)"] = wsum / s / 60 if s else float("nan")
        a = series["arrivals"][window, :, :, c].sum()
        out[f"abandoned share {ch}"] = series["abandoned"][window, :, :, c].sum() / a
    # travel (round trip) per hall visit, and needs given up per 1,000 residents aged 15+ a week, by
    # group (unmet needs are real-world; the group's residents are its agents × their weight)
    for g, name in enumerate(GROUPS):
        a = series["arrivals"][window, :, g, 0].sum()
        out[f"round-trip travel per hall visit {name} (min)"] = \
            series["travel_seconds_sum"][window, :, g, 0].sum() / a / 60 if a else float("nan")
    for g, name in enumerate(GROUPS):
        group_residents = float((pop[0][:, g] * per_agent).sum())
        out[f"needs given up per 1000 residents 15+ per week {name}"] = \
            unmet[d0:d1, :, g].sum() / group_residents * 1000 / (measured_days / 7)
    # adoption of digital channels on the last day (a per-person figure: agent shares)
    for g, name in enumerate(GROUPS):
        a = float(adopted[-1][:, g].sum()) / float(pop[-1][:, g].sum())
        out[f"adoption on day {days - 1} {name}"] = a
        out[f"  ± binomial SE ({name})"] = \
            float(np.sqrt(a * (1 - a) / pop[-1][:, g].sum()))
    hall_waits = {}
    for d, name in enumerate(districts):
        s = series["served"][window, d, :, 0].sum()
        hall_waits[name] = series["wait_seconds_sum"][window, d, :, 0].sum() / s / 60 if s else float("nan")
    out["mean hall wait by district (min)"] = hall_waits
    return out


def main(path):
    out = measure(path)
    width = max(len(k) for k in out)
    for k, v in out.items():
        if isinstance(v, dict):
            print(f"{k}:")
            for name, x in v.items():
                print(f"  {name:<12} {x:8.1f}")
        else:
            print(f"{k:<{width}}  {v:12.4f}" if abs(v) < 100 else f"{k:<{width}}  {v:12.0f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/guangzhou.h5")
