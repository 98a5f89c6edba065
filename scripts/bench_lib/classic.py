"""The benchmarks of issue 4 and its successors (issues 13 and 15) on ring cities: the daily pass
against STREAM, the full model, scaling, threads on the full model, output, memory, sampling and
scenario loading. Each returns its figures (bench_lib/figures.py)."""

import os
import subprocess
import time

from . import runner
from .figures import engine_seconds, figure, per_run
from .runner import log


def full_model_runs(r, size):
    """The full model (1M x 28 days) on 1 and 2 threads, with the --before build too: the runs that
    full_model, threads, cost_per_need and gpu_counts share, alternated run by run."""
    agents, days = size
    specs = [runner.ring(agents, days, threads, binary) for binary in r.binaries for threads in (1, 2)]
    runs = r.alternate([r.civicsim_job(spec) for spec in specs])
    return {(spec.binary, spec.threads): result for spec, result in zip(specs, runs)}


def bench_daily_pass(r, size, stream_mib, stream_repeat):
    agents, days = size
    runs = r.timings(agents, days, demand=False)
    stream = r.stream_triad(stream_mib, stream_repeat)
    citizen_days = [t["citizens"] * t["days"] for t in runs]
    rate = per_run(runs, citizen_days, f=lambda t, cd: cd / t["daily_pass_s"])
    gbs = per_run(runs, citizen_days, f=lambda t, cd: cd * t["daily_pass_bytes_per_citizen"] / t["daily_pass_s"] / 1e9)
    triad = [s["gb_per_s"] for s in stream]
    fraction = per_run(gbs, triad, f=lambda g, s: g / s)
    note = f"{runs[0]['citizens']:,} citizens x {days} days, no demand; {runs[0]['daily_pass_bytes_per_citizen']} B/citizen"
    return [
        figure("daily_pass", "citizen_days_per_s", "citizen-days/s", rate, note),
        figure("daily_pass", "effective_gb_per_s", "GB/s", gbs, "citizen-days x bytes per citizen / daily_pass_s"),
        figure("daily_pass", "stream_triad_gb_per_s", "GB/s", triad, f"3 x {stream_mib} MiB arrays, best of {stream_repeat}"),
        figure("daily_pass", "stream_fraction", "1", fraction, "effective GB/s / STREAM triad GB/s"),
    ]


def bench_full_model(r, size):
    agents, days = size
    runs = full_model_runs(r, size)[("after", 2)]
    note = f"{runs[0]['citizens']:,} citizens x {days} days, {runs[0]['threads']} threads"
    cd = runs[0]["citizens"] * days
    return [
        figure("full_model", "citizen_days_per_s", "citizen-days/s", [cd / t["wall_s"] for t in runs], note + "; whole run"),
        figure("full_model", "citizen_days_per_s_engine", "citizen-days/s", [cd / engine_seconds(t) for t in runs],
               "engine phases only (daily pass + windows + end of day)"),
        figure("full_model", "requests_per_s", "requests/s", [t["requests"] / t["wall_s"] for t in runs],
               f"{runs[0]['requests']:,} requests; whole run"),
        figure("full_model", "requests_per_s_engine", "requests/s", [t["requests"] / engine_seconds(t) for t in runs],
               "engine phases only"),
        figure("full_model", "wall_s", "s", [t["wall_s"] for t in runs], "whole run incl. setup and output"),
    ]


def bench_sampling(r, size):
    """The same city sampled at three scales: what a smaller population.scale saves."""
    residents, days = size
    figures = []
    walls = {}
    for scale in (1.0, 0.1, 0.02):
        runs = r.timings(residents, days, scale=scale)
        walls[scale] = [t["wall_s"] for t in runs]
        note = f"{runs[0]['citizens']:,} agents x {days} days, {runs[0]['requests']:,} needs"
        figures.append(figure("sampling", f"wall_s_scale_{scale:g}", "s", walls[scale], note))
        figures.append(figure("sampling", f"requests_per_s_scale_{scale:g}", "requests/s",
                              [t["requests"] / t["wall_s"] for t in runs], note))
    figures.append(figure("sampling", "wall_0.02_over_1", "1", per_run(walls[0.02], walls[1.0], f=lambda a, b: a / b),
                          "time at scale 0.02 / time at scale 1, run by run"))
    return figures


def bench_scaling(r, size_list):
    per_size = []
    runs_by_size = []
    figures = []
    for agents, days in size_list:
        runs = r.timings(agents, days)
        runs_by_size.append(runs)
        spcd = [t["wall_s"] / (t["citizens"] * t["days"]) for t in runs]
        per_size.append(spcd)
        figures.append(figure("scaling", f"s_per_citizen_day_{agents}", "s", spcd,
                              f"{runs[0]['citizens']:,} citizens x {days} days; whole run"))
    spread = per_run(*per_size, f=lambda *v: max(v) / min(v))
    figures.append(figure("scaling", "max_over_min", "1", spread, "largest / smallest time per citizen-day over the sizes"))
    # A straight line through the smallest and largest size: the cost of one more citizen-day, and
    # what a run costs whatever its size (file, windows' bookkeeping).
    (a_agents, a_days), (b_agents, b_days) = size_list[0], size_list[-1]
    walls_a, walls_b = runs_by_size[0], runs_by_size[-1]
    marginal = per_run(walls_a, walls_b, f=lambda a, b: (b["wall_s"] - a["wall_s"]) /
                       (b["citizens"] * b["days"] - a["citizens"] * a["days"]))
    fixed = per_run(walls_a, marginal, f=lambda a, m: a["wall_s"] - m * a["citizens"] * a["days"])
    figures.append(figure("scaling", "marginal_s_per_citizen_day", "s", marginal,
                          "slope of wall time over citizen-days, smallest to largest size"))
    figures.append(figure("scaling", "fixed_s", "s", fixed, "intercept: the part of a run that does not grow with citizens"))
    return figures


def bench_threads(r, size):
    """1 vs 2 threads on the full model (issue 4); Guangzhou's are bench_lib/issue21.py's."""
    runs = full_model_runs(r, size)
    one, two = runs[("after", 1)], runs[("after", 2)]
    speedup = per_run(one, two, f=lambda a, b: a["wall_s"] / b["wall_s"])
    speedup_engine = per_run(one, two, f=lambda a, b: engine_seconds(a) / engine_seconds(b))
    return [
        figure("threads", "speedup", "x", speedup, "full model, wall of 1 thread / wall of 2 threads"),
        figure("threads", "speedup_engine", "x", speedup_engine, "engine phases only"),
    ]


def bench_output(r, size):
    agents, days = size
    runs = r.timings(agents, days, report_minutes=60)
    return [
        figure("output", "share", "1", [t["output_s"] / t["wall_s"] for t in runs],
               "output_s / wall_s, full model, hourly reporting"),
        figure("output", "output_s", "s", [t["output_s"] for t in runs], "HDF5 open, rows, summary, close"),
        figure("output", "file_mib", "MiB", [t["output_file_bytes"] / 1048576 for t in runs], "size of the output file"),
    ]


def bench_memory(r, size):
    agents, days = size
    runs = r.timings(agents, days)
    plan = r.plan(agents, days)
    peak = [t["peak_rss_bytes"] for t in runs]
    return [
        figure("memory", "bytes_per_citizen", "B", [p / runs[0]["citizens"] for p in peak],
               f"peak RSS / citizens at {runs[0]['citizens']:,} citizens x {days} days"),
        figure("memory", "peak_rss_mib", "MiB", [p / 1048576 for p in peak], "getrusage ru_maxrss"),
        figure("memory", "plan_over_measured", "1", [plan["host_peak_bytes"] / p for p in peak],
               f"civicsim plan's estimate {plan['host_peak_bytes'] / 1048576:.1f} MiB / measured peak"),
    ]


def bench_scenario_load(r, rows):
    """`civicsim validate` of a scenario that reads a districts CSV of `rows` uniquely named rows."""
    with open(os.path.join(r.workdir, "districts.csv"), "w", encoding="utf-8") as f:
        f.write("name,kind,population,area_km2,urban_share\n")
        f.writelines(f"d{k},urban,10,1,1\n" for k in range(rows))
    path = os.path.join(r.workdir, "districts.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("civicsim: 1\ngeography: {districts_file: districts.csv}\n")
    seconds = []
    for i in range(r.runs):
        log(f"  run {i + 1}/{r.runs}: civicsim validate, {rows:,} districts")
        start = time.monotonic()
        done = subprocess.run([r.civicsim, "validate", path], env=r.env, timeout=r.timeout, capture_output=True, text=True)
        seconds.append(time.monotonic() - start)
        if done.returncode != 0:
            raise SystemExit(f"bench: civicsim validate failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return [figure("scenario_load", "validate_s", "s", seconds, f"civicsim validate, a districts CSV of {rows:,} rows")]

