"""The bench's table (every figure with its target) and before/after table, and its JSON file."""

import json
import os
import tempfile


def number(v, unit):
    if v is None:
        return "n/a"
    if v in (float("inf"), float("-inf")):
        return str(v)
    if unit in ("1", "x", "z"):
        return f"{v:.3f}"
    if abs(v) >= 1e5 or (v != 0 and abs(v) < 1e-3):
        return f"{v:.3e}"
    return f"{v:.4g}"


def result_text(f):
    if f["pass"] is None:
        return "-" if f["median"] is not None or not f["target"] else "n/a"
    return "pass" if f["pass"] else "MISS"


def print_table(figures, info, runs, out):
    print(f"\ncivicsim bench: {info['cpu']} ({info['cores_available']} cores, L3 {info['l3_cache'] or '?'}), "
          f"{info['compiler']}, commit {info['git_commit'][:12]}", file=out)
    print(f"load average at start {info['load_average_at_start'][0]:.2f}; medians of {runs} run(s)\n", file=out)
    header = (f"{'benchmark':<13} {'figure':<34} {'median':>10} {'min':>10} {'max':>10} {'unit':<14} "
              f"{'target':<12} result")
    print(header, file=out)
    print("-" * len(header), file=out)
    for f in figures:
        if f.get("binary", "after") != "after":
            continue
        print(f"{f['benchmark']:<13} {f['name']:<34} {number(f['median'], f['unit']):>10} "
              f"{number(f['min'], f['unit']):>10} {number(f['max'], f['unit']):>10} {f['unit']:<14} "
              f"{f['target'] or '':<12} {result_text(f)}", file=out)
        if f["median"] is None or f["unit"] == "z":
            print(f"{'':<13}   {f['note']}", file=out)
    print(file=out)


def print_before_after(rows, before, out):
    if not rows:
        return
    print(f"before/after: before = {before['path']} ({before['civicsim'] or '?'}), after = this build; "
          "medians, alternated run by run", file=out)
    header = f"{'benchmark':<13} {'figure':<34} {'before':>10} {'after':>10} {'unit':<6} {'after/before':>12}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for row in rows:
        ratio = "n/a" if row["after_over_before"] is None else f"{row['after_over_before']:.3f}"
        print(f"{row['benchmark']:<13} {row['name']:<34} {number(row['before'], row['unit']):>10} "
              f"{number(row['after'], row['unit']):>10} {row['unit']:<6} {ratio:>12}"
              f"{'  ' + row['note'] if row['note'] else ''}", file=out)
    print(file=out)


def write_json(path, document):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".bench-", suffix=".json", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    os.replace(temporary, path)
