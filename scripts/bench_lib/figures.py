"""Figures: a median over runs with its spread and the target it is held to; the targets of issues
4, 6, 7 and 21; and the arithmetic the benchmarks share."""

import statistics

# Targets (CPU, 2 cores): (comparison, value).
TARGETS = {
    "full_model.citizen_days_per_s": (">=", 3e7),
    "daily_pass.stream_fraction": (">=", 0.5),
    "threads.speedup": (">=", 1.6),
    "scaling.max_over_min": ("<=", 1.2),
    "output.share": ("<=", 0.10),
    "memory.bytes_per_citizen": ("<=", 48),
    "memory.plan_over_measured": ("within", (0.85, 1.15)),
    # Issue 6: a 1,000-run sweep holds about the memory of a few runs, not of every run's series.
    "sweep.parent_over_run": ("<=", 4),
    # Issue 7: a checkpoint a week costs little next to the run.
    "checkpoint.overhead": ("<=", 1.10),
    # Issue 21: a tenth of the cost per need, all cores, fixed costs, no host round trips, a peer.
    "cost_per_need.cpu_ns_per_need": ("<=", 150),
    "threads.guangzhou_speedup": (">=", 1.7),
    "fixed_costs.year_10k_wall_s": ("<=", 0.1),
    "fixed_costs.output_create_close_share": ("<", 0.10),
    "gpu_counts.host_syncs_per_window": ("<=", 0),
    "peer.ratio": (">=", 10),
    "peer.match": ("abs<=", 4),
}

NOT_REPORTED = "not reported by this build"


def passes(target, value):
    op, limit = target
    if op == ">=":
        return value >= limit
    if op == "<=":
        return value <= limit
    if op == "<":
        return value < limit
    if op == "abs<=":
        return abs(value) <= limit
    return limit[0] <= value <= limit[1]


def target_text(target):
    if not target:
        return None
    op, value = target
    if op == "within":
        return f"{value[0]:g}..{value[1]:g}"
    if op == "abs<=":
        return f"|x| <= {value:g}"
    return f"{op} {value:g}"


def figure(benchmark, name, unit, values, note="", target_key=None, binary="after"):
    """One reported figure: median, min and max over the runs, and the target it is held to.
    Values that are None (a key this build does not write) make a figure without a median."""
    target = TARGETS.get(target_key or f"{benchmark}.{name}")
    if not values or any(v is None for v in values):
        return missing(benchmark, name, unit, note, target_key, binary)
    median = statistics.median(values)
    return {"benchmark": benchmark, "name": name, "unit": unit, "median": median, "min": min(values),
            "max": max(values), "runs": values, "target": target_text(target),
            "pass": passes(target, median) if target else None, "note": note, "binary": binary}


def missing(benchmark, name, unit, note="", target_key=None, binary="after", why=NOT_REPORTED):
    """A figure the build measured cannot give (a --timings key it does not write, no numpy)."""
    target = TARGETS.get(target_key or f"{benchmark}.{name}")
    return {"benchmark": benchmark, "name": name, "unit": unit, "median": None, "min": None, "max": None,
            "runs": [], "target": target_text(target), "pass": None,
            "note": f"{why}{'; ' + note if note else ''}", "binary": binary}


def per_run(*lists, f):
    """f applied run by run (the i-th run of each list together)."""
    return [f(*items) for items in zip(*lists)]


def engine_seconds(t):
    return t["daily_pass_s"] + t["windows_s"] + t["end_of_day_s"]


def cpu_seconds(t):
    """CPU time of the whole process (user + system, all threads), from os.wait4."""
    return t["cpu_user_s"] + t["cpu_sys_s"]


def ratio_or_none(a, b):
    return None if a is None or b is None or not b else a / b
