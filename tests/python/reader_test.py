#!/usr/bin/env python3
"""The Python reader civicsim (viz_export/python, docs/python.md) against h5py reads of real runs.

Two small runs of the real program (tests/data/small.yaml, and tests/data/model_example.yaml with
its Chinese district names), then, for each: every variable of run.series and run.daily equals the
file's dataset, the time and day coordinates, the district coordinates joined by name (also in a
copy whose /geography/districts rows are in another order than /dims/district), the tidy summary
row by row, the district, district-kind and hall tables, the root attributes and the question. Then
the errors: sweep.h5, compare.h5 (and open_compare's values), a checkpoint and a records log,
sensitivity.h5 and calibration.h5, another HDF5 file, a text file, an unfinished run and a file of
schema 1 without /geography; and `python -m civicsim`'s output and exit codes.

Run by ctest twice: with Debian's Python (python3-h5py, numpy 1.24) and with .peers (pip's h5py
and numpy 2), the two combinations docs/python.md names. The reader is imported from the source
tree, so the test checks the code as it is, installed or not. Exit 1 on the first failure.

    reader_test.py --civicsim build/cpu/civicsim [--work DIR]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "viz_export", "python", "src"))

import h5py  # noqa: E402
import numpy as np  # noqa: E402

import civicsim  # noqa: E402

DATA = os.path.join(ROOT, "tests", "data")
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(message)


def strings(dataset):
    return [s.decode() if isinstance(s, bytes) else str(s) for s in dataset[()]]


def run_program(civicsim_path, scenario, output, *extra):
    subprocess.run([civicsim_path, "run", scenario, "-o", output, "-q", "--force", "--threads", "1", *extra],
                   check=True, env=dict(os.environ, OMP_WAIT_POLICY="passive"))
    return output


def check_series_and_daily(run, f):
    series, daily = run.series, run.daily
    check(dict(series.sizes) == {"time": f["dims/time_seconds"].shape[0], "district": f["dims/district"].shape[0],
                                 "group": 4, "channel": 4}, f"series dims {dict(series.sizes)}")
    for group, dataset in (("series", series), ("daily", daily)):
        names = sorted(k for k, v in f[group].items() if "DIMENSION_LIST" in v.attrs)
        check(sorted(dataset.data_vars) == names, f"{group}: variables {sorted(dataset.data_vars)} != {names}")
        for name in names:
            check(np.array_equal(dataset[name].values, f[group][name][()], equal_nan=True), f"{group}/{name} differs")
            check(dataset[name].attrs["units"] == f[group][name].attrs["units"], f"{group}/{name} units")
    seconds = f["dims/time_seconds"][()]
    check(np.array_equal(series["time_seconds"].values, seconds), "time_seconds coordinate")
    check(np.array_equal(series["time"].values.astype("timedelta64[s]").astype(np.int64), seconds), "time (timedelta)")
    check(np.array_equal(series["day"].values, (seconds - 1) // 86400), "day of each interval")
    check(series["time"].dims == ("time",) and series["arrivals"].dims == ("time", "district", "group", "channel"),
          "series dimension names")
    check(np.array_equal(daily["day"].values, f["dims/day"][()]), "daily day coordinate")
    check(list(series["group"].values) == strings(f["dims/group"]), "group coordinate")
    check(list(series["channel"].values) == strings(f["dims/channel"]), "channel coordinate")
    check("population" in daily.data_vars and daily["population"].attrs["units"] == "agents",
          "daily keeps /daily/population (agents) beside the district coordinate residents")
    dated = civicsim.open(run.path, start="2024-03-04")
    check(str(dated.series["date"].values[0])[:19] == "2024-03-04T01:00:00", "series date = start + end of interval")
    check(str(dated.daily["date"].values[1])[:10] == "2024-03-05", "daily date = start + day")


def check_district_coordinates(run, f):
    """Every district coordinate of series, daily and district_summary is the /geography/districts
    value of the row with that district's name."""
    geography = f["geography/districts"]
    rows = {name: i for i, name in enumerate(strings(geography["name"]))}
    for label, dataset in (("series", run.series), ("daily", run.daily), ("district_summary", run.district_summary)):
        check(list(dataset["district"].values) == strings(f["dims/district"]), f"{label}: districts in file order")
        for position, name in enumerate(dataset["district"].values):
            row = rows[str(name)]
            for column, coordinate in (("kind", "kind"), ("name_zh", "name_zh"), ("lat", "lat"), ("lon", "lon"),
                                       ("population", "residents")):
                want = geography[column][row]
                want = want.decode() if isinstance(want, bytes) else want
                got = dataset[coordinate].values[position]
                check(got == want, f"{label}: {coordinate} of {name} is {got!r}, the file says {want!r}")


def check_tables(run, f):
    table = run.summary
    expected = 0
    for name, item in f["summary"].items():
        if not isinstance(item, h5py.Dataset) or "CLASS" in item.attrs:
            continue
        expected += item.size
        rows = table[table["figure"] == name]
        check(len(rows) == item.size, f"summary: {len(rows)} rows of {name}, the file has {item.size} values")
        groups, channels = strings(f["dims/group"]), strings(f["dims/channel"])
        for _, row in rows.iterrows():
            index = tuple(groups.index(row["group"]) if d == "group" else channels.index(row["channel"])
                          for d in [item.dims[a].keys()[0] for a in range(item.ndim)])
            want = float(item[index] if index else item[()])
            check(row["value"] == want or (np.isnan(want) and np.isnan(row["value"])),
                  f"summary {name} {index}: {row['value']} != {want}")
            check(row["units"] == item.attrs["units"], f"summary {name} units")
    check(len(table) == expected, f"summary has {len(table)} rows, /summary {expected} values")
    columns = list(table.columns)
    check(columns == ["figure", "group", "channel", "value", "units"], f"summary columns {columns}")

    districts = run.districts
    names = strings(f["dims/district"])
    check(list(districts.index) == names, "districts: one row per district, in /dims/district's order")
    geo_rows = {name: i for i, name in enumerate(strings(f["geography/districts/name"]))}
    for column in ("kind", "lat", "lon", "population", "agents", "halls"):
        want = [f["geography/districts"][column][geo_rows[n]] for n in names]
        want = [w.decode() if isinstance(w, bytes) else w for w in want]
        check(list(districts[column]) == want, f"districts.{column}")
    for name, item in f["summary/district"].items():
        if isinstance(item, h5py.Dataset) and item.ndim == 1 and "CLASS" not in item.attrs:
            check(np.array_equal(districts[name].to_numpy(), item[()], equal_nan=True), f"districts.{name}")
    kinds = run.district_kinds
    check(list(kinds.index) == strings(f["dims/district_kind"]), "district_kinds rows")
    check(np.array_equal(kinds["wait_mean_seconds"].to_numpy(), f["summary/district_kind/wait_mean_seconds"][()],
                         equal_nan=True), "district_kinds.wait_mean_seconds")
    halls = run.halls
    hall_district = f["geography/halls/district"][()]
    check(len(halls) == len(hall_district), "one row per hall")
    check(list(halls["district"]) == [names[i] for i in hall_district], "halls.district names")
    check(np.array_equal(halls["lat"].to_numpy(), f["geography/halls/lat"][()]), "halls.lat")
    check(halls["district"].value_counts().to_dict() == {n: int(h) for n, h in zip(names, districts["halls"]) if h},
          "halls per district = /geography/districts/halls")


def check_run(path, question):
    run = civicsim.open(path)
    with h5py.File(path, "r") as f:
        check(run.attrs["seed"] == int(f.attrs["seed"]) and run.attrs["status"] == "complete", "root attributes")
        check(run.question == question, f"question {run.question!r}")
        check_series_and_daily(run, f)
        check_district_coordinates(run, f)
        check_tables(run, f)
    check(repr(run).startswith(f"<civicsim.Run {run.attrs['scenario_name']!r}"), f"repr {run!r}")


def reordered_geography(path, work):
    """A copy of `path` whose /geography/districts rows are reversed (the names with them)."""
    copy = os.path.join(work, "reordered.h5")
    shutil.copy(path, copy)
    with h5py.File(copy, "r+") as f:
        for name, item in f["geography/districts"].items():
            if "CLASS" not in item.attrs:
                item[...] = item[()][::-1]
    return copy


def expect_error(path, kind, words, opener=civicsim.open):
    try:
        opener(path)
    except civicsim.NotARunError as error:
        check(error.kind == kind, f"{path}: kind {error.kind!r}, expected {kind!r}")
        for word in words:
            check(word in str(error), f"{path}: the error does not say {word!r}: {error}")
        return
    raise AssertionError(f"{path}: opened without an error (expected {kind})")


def check_errors(civicsim_path, small, work):
    sweep_dir = os.path.join(work, "sweep")
    subprocess.run([civicsim_path, "sweep", os.path.join(DATA, "compare_sweep.yaml"), "-o", sweep_dir, "-q"],
                   check=True, env=dict(os.environ, OMP_WAIT_POLICY="passive"))
    subprocess.run([civicsim_path, "compare", sweep_dir], check=True, capture_output=True)
    expect_error(os.path.join(sweep_dir, "sweep.h5"), "sweep", ["sweep.h5", "civicsim compare", "open_compare"])
    expect_error(os.path.join(sweep_dir, "compare.h5"), "compare", ["civicsim compare", "open_compare"])
    comparison = civicsim.open_compare(os.path.join(sweep_dir, "compare.h5"))
    with h5py.File(os.path.join(sweep_dir, "compare.h5"), "r") as f:
        check(list(comparison.differences["figure"]) == strings(f["differences/figure"]), "compare: figures")
        check(np.array_equal(comparison.differences["ci95_low"].to_numpy(), f["differences/ci95_low"][()],
                             equal_nan=True), "compare: ci95_low")
    expect_error(small, "run", ["one run", "civicsim.open"], opener=civicsim.open_compare)

    checkpoint = os.path.join(work, "fake.ckpt")
    with open(checkpoint, "wb") as out:
        out.write(b"CIVICSIM CHECKPOINT\n" + bytes(64))
    expect_error(checkpoint, "checkpoint", ["checkpoint", "civicsim inspect"])
    other = os.path.join(work, "other.h5")
    with h5py.File(other, "w") as f:
        f["x"] = np.arange(3)
    expect_error(other, "hdf5", ["not the output of a civicsim run"])
    expect_error(os.path.join(DATA, "small.yaml"), "not_hdf5", ["not an HDF5 file"])
    records = os.path.join(work, "run.h5.ckpt.records")
    with open(records, "wb") as out:
        out.write(bytes(range(256)))
    expect_error(records, "records_log", ["records log", "civicsim inspect"])
    # The groups `civicsim sensitivity` and `civicsim calibrate` write (viz_export/*_write.cpp).
    for kind, group, words in (("sensitivity", "indices", ["sensitivity.csv"]),
                               ("calibration", "posterior", ["calibration.csv", "posterior.csv"])):
        path = os.path.join(work, f"{kind}.h5")
        with h5py.File(path, "w") as f:
            f.create_group(group)
        expect_error(path, kind, words)
    running = os.path.join(work, "running.h5")
    shutil.copy(small, running)
    with h5py.File(running, "r+") as f:
        f.attrs["status"] = "running"
    expect_error(running, "incomplete", ["did not finish", "'running'", "allow_incomplete"])
    check(civicsim.open(running, allow_incomplete=True).series.sizes["district"] == 3, "allow_incomplete opens it")
    try:
        civicsim.open(os.path.join(work, "no-such.h5"))
        raise AssertionError("a missing file opened")
    except FileNotFoundError as error:
        check("no-such.h5" in str(error), f"missing file: {error}")

    schema1 = os.path.join(work, "schema1.h5")
    shutil.copy(small, schema1)
    with h5py.File(schema1, "r+") as f:
        del f["geography"]
        f.attrs["schema_version"] = np.int32(1)
    old = civicsim.open(schema1)
    check("kind" not in old.series.coords and old.series.sizes["district"] == 3, "schema 1: series without geography")
    try:
        old.districts
        raise AssertionError("schema 1: districts without /geography")
    except civicsim.MissingGeographyError as error:
        check("schema 2" in str(error), f"schema 1: {error}")
    return sweep_dir


def check_command_line(small, sweep_dir):
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "viz_export", "python", "src"))
    shown = subprocess.run([sys.executable, "-m", "civicsim", small], env=env, capture_output=True, text=True)
    check(shown.returncode == 0, f"python -m civicsim: exit {shown.returncode}: {shown.stderr}")
    for words in ("civicsim run of 'small', seed 7, complete", "Question: A small three-district city",
                  "rural_elderly", "By district kind:", "rural "):
        check(words in shown.stdout, f"python -m civicsim does not print {words!r}:\n{shown.stdout}")
    refused = subprocess.run([sys.executable, "-m", "civicsim", os.path.join(sweep_dir, "sweep.h5")], env=env,
                             capture_output=True, text=True)
    check(refused.returncode == 65 and "sweep.h5 of `civicsim sweep`" in refused.stderr,
          f"python -m civicsim sweep.h5: exit {refused.returncode}: {refused.stderr}")
    missing = subprocess.run([sys.executable, "-m", "civicsim", sweep_dir + "/none.h5"], env=env,
                             capture_output=True, text=True)
    check(missing.returncode == 66, f"python -m civicsim on a missing file: exit {missing.returncode}")
    folder = subprocess.run([sys.executable, "-m", "civicsim", sweep_dir], env=env, capture_output=True, text=True)
    check(folder.returncode == 66 and "is a folder" in folder.stderr and "DIR/runs/*.h5" in folder.stderr,
          f"python -m civicsim on a sweep's folder: exit {folder.returncode}: {folder.stderr}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--civicsim", required=True)
    parser.add_argument("--work", help="folder for the runs (default: a temporary one, removed)")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="civicsim-reader-")
    os.makedirs(work, exist_ok=True)
    try:
        small = run_program(args.civicsim, os.path.join(DATA, "small.yaml"), os.path.join(work, "small.h5"))
        guangzhou = run_program(args.civicsim, os.path.join(DATA, "model_example.yaml"),
                                os.path.join(work, "model_example.h5"), "--days", "2")
        check_run(small, "A small three-district city for tests: does every channel, queue and intervention work "
                         "end to end, and are results identical on any thread count?")
        check_run(guangzhou, "")  # its opening comment asks no question
        check("越秀" in list(civicsim.open(guangzhou).districts["name_zh"]), "name_zh read as UTF-8 (越秀)")
        reordered = civicsim.open(reordered_geography(guangzhou, work))
        with h5py.File(reordered.path, "r") as f:
            check(strings(f["geography/districts/name"])[0] != strings(f["dims/district"])[0], "copy is reordered")
            check_district_coordinates(reordered, f)
        check(list(reordered.districts.index) == list(civicsim.open(guangzhou).districts.index),
              "districts of the reordered copy: /dims/district's order")
        asked = os.path.join(work, "asked.h5")
        shutil.copy(small, asked)
        with h5py.File(asked, "r+") as f:
            f.attrs["question"] = "Where do residents wait longest?"
        check(civicsim.open(asked).question == "Where do residents wait longest?",
              "the root attribute question comes before the opening comment")
        sweep_dir = check_errors(args.civicsim, small, work)
        check_command_line(small, sweep_dir)
    except AssertionError as failure:
        print(f"FAIL: {failure}")
        return 1
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"reader_test: {checks} checks passed ({sys.executable}: h5py {h5py.__version__}, numpy {np.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
