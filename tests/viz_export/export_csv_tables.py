#!/usr/bin/env python3
"""`civicsim export --csv`: the summary and district tables, ISO dates, and --force.

Runs a small scenario (its start weekday moved to Wednesday) with the real program, exports it and
checks, with h5py on the run file (Debian's python3-h5py):
  * summary.csv has one row per cell of every /summary dataset (figure, group, channel, value,
    units), each value equal to the file's;
  * districts.csv joins /geography/districts with the /summary/district figures ([D, C] ones as
    <figure>_<channel>), district_kinds.csv the /summary/district_kind figures, values equal;
  * daily.csv and staff.csv have nominal_date, series.csv and servers.csv nominal_time: ISO 8601 in
    the nominal calendar (day 0 = the first Wednesday of 2001, 2001-01-03), and run.csv says so;
  * an existing table is refused without --force (exit 73, naming it and --force; nothing changed),
    replaced with it; a file without /geography (schema 1) still exports the other tables, and
    says why the district tables are missing; no export asked for is a usage error (64).
"""
import csv
import datetime
import math
import os
import tempfile

import h5py

from export_run import arguments, schema1_copy, fail, names, run, same, text


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(cell):
    return {"NaN": math.nan, "Inf": math.inf, "-Inf": -math.inf}.get(cell) if cell in ("NaN", "Inf", "-Inf") \
        else float(cell)


def check_summary(folder, f):
    rows = rows_of(os.path.join(folder, "summary.csv"))
    groups, channels = names(f["/summary/group"]), names(f["/summary/channel"])
    expected = []
    for name, dataset in f["/summary"].items():
        if not isinstance(dataset, h5py.Dataset) or "CLASS" in dataset.attrs:
            continue
        units = text(dataset.attrs.get("units", ""))
        values = dataset[()]
        if dataset.ndim == 0:
            expected.append((name, "", "", float(values), units))
        elif dataset.ndim == 1:
            expected += [(name, groups[g], "", float(values[g]), units) for g in range(len(groups))]
        else:
            expected += [(name, groups[g], channels[c], float(values[g, c]), units)
                         for g in range(len(groups)) for c in range(len(channels))]
    got = {(r["figure"], r["group"], r["channel"]): (number(r["value"]), r["units"]) for r in rows}
    if len(rows) != len(expected) or len(got) != len(rows):
        fail(f"summary.csv has {len(rows)} rows, the file's /summary has {len(expected)} cells")
    for name, group, channel, value, units in expected:
        cell = got.get((name, group, channel))
        if cell is None or not same(cell[0], value) or cell[1] != units:
            fail(f"summary.csv: {name} {group} {channel} = {cell}, the file has {value} {units}")
    print(f"summary.csv: {len(rows)} cells equal to /summary", flush=True)


def check_district_table(path, f, group, with_geography):
    rows = rows_of(path)
    labels = names(f[f"/summary/{group}/{group}"])
    if [r[group] for r in rows] != labels:
        fail(f"{os.path.basename(path)}: rows {[r[group] for r in rows]}, expected {labels}")
    channels = names(f["/dims/channel"])
    columns = {}
    sources = [f["/geography/districts"]] if with_geography else []
    for source in sources + [f[f"/summary/{group}"]]:
        for name, dataset in source.items():
            if "CLASS" in dataset.attrs or name == "name":
                continue
            if dataset.ndim == 1:
                columns[name] = dataset[()]
            else:
                columns.update({f"{name}_{c}": dataset[:, k] for k, c in enumerate(channels)})
    missing = set(columns) - set(rows[0])
    if missing:
        fail(f"{os.path.basename(path)} lacks the columns {sorted(missing)}")
    for r, row in enumerate(rows):
        for name, values in columns.items():
            value = values[r]
            if isinstance(value, (bytes, str)):
                if row[name] != text(value):
                    fail(f"{os.path.basename(path)}: {labels[r]} {name} = {row[name]!r}, expected {text(value)!r}")
            elif not same(number(row[name]), float(value)):
                fail(f"{os.path.basename(path)}: {labels[r]} {name} = {row[name]}, the file has {value}")
    print(f"{os.path.basename(path)}: {len(rows)} rows × {len(columns)} columns equal to the file", flush=True)


def check_dates(folder, f):
    day0 = datetime.datetime(2001, 1, 3)  # the first Wednesday of 2001
    for name, axis in (("daily.csv", "day"), ("staff.csv", "day")):
        for row in rows_of(os.path.join(folder, name)):
            date = datetime.date.fromisoformat(row["nominal_date"])
            if date != (day0 + datetime.timedelta(days=int(row[axis]))).date() or date.weekday() != (2 + int(row[axis])) % 7:
                fail(f"{name}: day {row[axis]} has nominal_date {row['nominal_date']}")
    for name in ("series.csv", "servers.csv"):
        rows = rows_of(os.path.join(folder, name))
        for row in rows:
            when = datetime.datetime.fromisoformat(row["nominal_time"])
            if when != day0 + datetime.timedelta(seconds=int(row["time_seconds"])):
                fail(f"{name}: time_seconds {row['time_seconds']} has nominal_time {row['nominal_time']}")
        if rows[-1]["nominal_time"] != (day0 + datetime.timedelta(days=len(f["/dims/day"]))).isoformat():
            fail(f"{name}: the last interval ends at {rows[-1]['nominal_time']}, not at the end of the last day")
    run_rows = {r["key"]: r["value"] for r in rows_of(os.path.join(folder, "run.csv"))}
    if "day 0 = 2001-01-03, the first Wednesday of 2001" not in run_rows.get("calendar", ""):
        fail(f"run.csv: calendar = {run_rows.get('calendar')!r}")
    print("dates: nominal_date and nominal_time in ISO 8601 from 2001-01-03 (a Wednesday)", flush=True)


def check_force(civicsim, run_file, folder):
    before = {n: open(os.path.join(folder, n), "rb").read() for n in os.listdir(folder)}
    for n in before:
        os.utime(os.path.join(folder, n), (0, 0))
    done = run([civicsim, "export", run_file, "--csv", folder], expect=73)
    if "run.csv" not in done.stderr or "already exists" not in done.stderr or "--force" not in done.stderr:
        fail("the refusal must name the file and suggest --force:\n" + done.stderr)
    for n, content in before.items():
        path = os.path.join(folder, n)
        if open(path, "rb").read() != content or os.stat(path).st_mtime != 0:
            fail(f"a refused export changed {n}")
    if sorted(os.listdir(folder)) != sorted(before):
        fail(f"a refused export left {sorted(set(os.listdir(folder)) - set(before))}")
    run([civicsim, "export", run_file, "--csv", folder, "--force"])
    unchanged = [n for n in before if os.stat(os.path.join(folder, n)).st_mtime == 0]
    if unchanged:
        fail(f"--force did not replace {unchanged}")
    print("--force: exit 73 and nothing touched without it; every table replaced with it", flush=True)


def check_schema1(civicsim, run_file, folder):
    old = schema1_copy(run_file, folder)
    out = os.path.join(folder, "old-csv")
    done = run([civicsim, "export", old, "--csv", out])
    if "districts.csv" not in done.stderr or "again with this version" not in done.stderr:
        fail("a schema 1 file: the note must say why districts.csv is missing:\n" + done.stderr)
    if os.path.exists(os.path.join(out, "districts.csv")) or not os.path.exists(os.path.join(out, "summary.csv")):
        fail(f"a schema 1 file: wrote {sorted(os.listdir(out))}")
    print("schema 1: the other tables, and a note on the district tables", flush=True)


def main():
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory(prefix="civicsim_csv_") as folder:
        scenario = open(args.scenario, encoding="utf-8").read()
        if "start_weekday: monday" not in scenario:
            fail(f"{args.scenario} has no 'start_weekday: monday' to move to Wednesday")
        wednesday = os.path.join(folder, "wednesday.yaml")
        with open(wednesday, "w", encoding="utf-8") as out:
            out.write(scenario.replace("start_weekday: monday", "start_weekday: wednesday"))
        run_file = os.path.join(folder, "run.h5")
        run([args.civicsim, "run", wednesday, "-o", run_file, "--days", "3", "-q"])
        tables = os.path.join(folder, "csv")
        run([args.civicsim, "export", run_file, "--csv", tables])
        with h5py.File(run_file, "r") as f:
            check_summary(tables, f)
            check_district_table(os.path.join(tables, "districts.csv"), f, "district", True)
            check_district_table(os.path.join(tables, "district_kinds.csv"), f, "district_kind", False)
            check_dates(tables, f)
        check_force(args.civicsim, run_file, tables)
        if "nothing to export" not in run([args.civicsim, "export", run_file], expect=64).stderr:
            fail("export without --csv, --geojson or --xdmf must say there is nothing to export")
        check_schema1(args.civicsim, run_file, folder)
    print("PASS")


if __name__ == "__main__":
    main()
