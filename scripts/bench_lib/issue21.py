"""The benchmarks of issue 21 (a tenth of the cost per need): CPU time per need and per event of
the full model on one thread, Guangzhou on 1 and 2 threads, the fixed costs of a small run, and
the launch and host-sync counts per window that stand in for the GPU's until a device runs
scripts/gpu-check. With --before, the headline figures are measured for both builds, alternated
run by run (their figures carry binary "before")."""

from . import runner
from .classic import full_model_runs
from .figures import NOT_REPORTED, cpu_seconds, engine_seconds, figure, missing, per_run

GPU_NOTE = "CPU emulation from --timings; the GPU's own: scripts/gpu-check phases 7-10 ($OUT/bench.json)"


def cost_figures(runs, threads, binary):
    """CPU ns per need (whole process) and per event of one set of runs (full_model has their walls)."""
    suffix = "" if threads == 1 else f"_t{threads}"
    t0 = runs[0]
    note = f"{t0['citizens']:,} citizens x {t0['days']} days, {threads} thread{'s' if threads > 1 else ''}"
    return [
        figure("cost_per_need", "cpu_ns_per_need" + suffix, "ns", [cpu_seconds(t) * 1e9 / t["requests"] for t in runs],
               f"user+sys CPU of the whole process / {t0['requests']:,} needs; {note}",
               target_key=None if threads != 1 else "cost_per_need.cpu_ns_per_need", binary=binary),
        figure("cost_per_need", "cpu_ns_per_event" + suffix, "ns",
               [cpu_seconds(t) * 1e9 / t["events"] if t.get("events") else None for t in runs],
               "user+sys CPU / events simulated (--timings `events`)", binary=binary),
    ]


def bench_cost_per_need(r, size):
    """The full model on one thread (and two): the CPU time of the whole process per need."""
    runs = full_model_runs(r, size)
    figures = []
    for binary in r.binaries:
        for threads in (1, 2):
            figures += cost_figures(runs[(binary, threads)], threads, binary)
    return figures


def guangzhou_runs(r, size):
    days, scale = (None, 0.2) if size is None else (size["days"], size["scale"])
    specs = [runner.Spec("guangzhou", None, days, threads, binary, scale=scale)
             for binary in r.binaries for threads in (1, 2)]
    runs = r.alternate([r.civicsim_job(spec) for spec in specs])
    return {(spec.binary, spec.threads): result for spec, result in zip(specs, runs)}


def bench_threads_guangzhou(r, size):
    """scenarios/guangzhou.yaml at its real volume of needs, 1 vs 2 threads."""
    runs = guangzhou_runs(r, size)
    figures = []
    for binary in r.binaries:
        one, two = runs[(binary, 1)], runs[(binary, 2)]
        t0 = one[0]
        note = f"{t0['citizens']:,} agents x {t0['days']} days, {t0['requests']:,} needs"
        figures += [
            figure("threads", "guangzhou_speedup", "x", per_run(one, two, f=lambda a, b: a["process_wall_s"] / b["process_wall_s"]),
                   f"guangzhou: wall of 1 thread / wall of 2 threads, whole process; {note}", binary=binary),
            figure("threads", "guangzhou_speedup_engine", "x", per_run(one, two, f=lambda a, b: engine_seconds(a) / engine_seconds(b)),
                   "engine phases only", binary=binary),
            figure("threads", "guangzhou_wall_s_t1", "s", [t["process_wall_s"] for t in one], "whole process", binary=binary),
            figure("threads", "guangzhou_wall_s_t2", "s", [t["process_wall_s"] for t in two], "whole process", binary=binary),
        ]
    return figures


def share_of_wall(t):
    if "output_create_s" not in t or "output_close_s" not in t:
        return None
    return (t["output_create_s"] + t["output_close_s"]) / t["wall_s"]


def bench_fixed_costs(r, size):
    """A 10k-citizen year (the ring city at 10,000 agents, 365 days, one thread): the whole
    process's wall time, windows per day and their cost, and the output file's creation and close."""
    agents, days = size
    specs = [runner.ring(agents, days, 1, binary) for binary in r.binaries]
    runs = dict(zip(r.binaries, r.alternate([r.civicsim_job(spec) for spec in specs])))
    figures = []
    for binary, year in runs.items():
        t0 = year[0]
        note = f"{t0['citizens']:,} agents x {days} days, {t0['requests']:,} needs, 1 thread"
        figures.append(figure("fixed_costs", "year_10k_wall_s", "s", [t["process_wall_s"] for t in year],
                              f"whole process; {note}", binary=binary))
    year = runs["after"]
    figures += [
        figure("fixed_costs", "windows_per_day", "1", [t["windows"] / t["days"] for t in year],
               "windows run / days (288 at 5-minute steps when every window runs)"),
        figure("fixed_costs", "us_per_window", "us", [t["windows_s"] / t["windows"] * 1e6 for t in year],
               "windows_s / windows (the work of the windows included)"),
        figure("fixed_costs", "output_create_close_share", "1", [share_of_wall(t) for t in year],
               "(output_create_s + output_close_s) / wall_s"),
        figure("fixed_costs", "output_share", "1", [t["output_s"] / t["wall_s"] for t in year],
               "output_s / wall_s: everything the run waits for the output"),
        figure("fixed_costs", "setup_s", "s", [t["setup_s"] for t in year], "building the world"),
    ]
    return figures


def per_window(t, key):
    """A count per window: the build's own `KEY_per_window`, else its total over `windows`."""
    if t.get(key + "_per_window") is not None:
        return t[key + "_per_window"]
    if t.get(key) is not None and t.get("windows"):
        return t[key] / t["windows"]
    return None


def bench_gpu_counts(r, size):
    """Launches and host round trips per window, counted on the CPU build (the full model, one
    thread); the target is no host round trip in a window."""
    runs = full_model_runs(r, size)[("after", 1)]
    if not any(t.get("launches") is not None or t.get("launches_per_window") is not None for t in runs):
        return [missing("gpu_counts", "host_syncs_per_window", "1", GPU_NOTE),
                missing("gpu_counts", "launches_per_window", "1", GPU_NOTE)]
    return [
        figure("gpu_counts", "host_syncs_per_window", "1", [per_window(t, "host_syncs") for t in runs], GPU_NOTE),
        figure("gpu_counts", "launches_per_window", "1", [per_window(t, "launches") for t in runs], GPU_NOTE),
    ]


HEADLINE = [  # (benchmark, name): the figures of the before/after table
    ("full_model", "wall_s_t1"), ("full_model", "wall_s_t2"),
    ("cost_per_need", "cpu_ns_per_need"), ("cost_per_need", "cpu_ns_per_need_t2"),
    ("fixed_costs", "year_10k_wall_s"), ("threads", "guangzhou_speedup"),
]


def before_after(figures):
    """Rows of the before/after table: every figure measured for both builds, the headline first."""
    before = {(f["benchmark"], f["name"]): f for f in figures if f.get("binary") == "before"}
    rows = []
    for f in figures:
        key = (f["benchmark"], f["name"])
        if f.get("binary") != "after" or key not in before or f["unit"] == "z":
            continue
        b, a = before[key]["median"], f["median"]
        rows.append({"benchmark": key[0], "name": key[1], "unit": f["unit"], "before": b, "after": a,
                     "after_over_before": a / b if a is not None and b else None,
                     "headline": key in HEADLINE or key[1].startswith("ratio."),
                     "note": NOT_REPORTED if a is None or b is None else ""})
    rows.sort(key=lambda row: not row["headline"])
    return rows


def full_model_walls(r, size):
    """The full model's whole-process wall on 1 and 2 threads, for each build (headline figures)."""
    runs = full_model_runs(r, size)
    return [figure("full_model", f"wall_s_t{threads}", "s", [t["process_wall_s"] for t in runs[(binary, threads)]],
                   f"whole process, {threads} thread{'s' if threads > 1 else ''}", binary=binary)
            for binary in r.binaries for threads in (1, 2)]
