#!/usr/bin/env python3
"""`civicsim export` as a command: damaged run files, colliding or stale outputs, awkward names.

Runs a small scenario with the real program, changes copies of its file with h5py (Debian's
python3-h5py) and checks what the exports write and how they exit:
  * a group whose mean is NaN (it has agents) is left out of its district's weighted mean in
    district_days.csv and in the XDMF, instead of making the district's mean NaN;
  * an export that fails midway (a damaged hall, exit 65, after the CSV tables were ready) changes
    nothing: no table is written into a new folder, and an earlier export's files stay as they were;
  * two exports writing one file (--csv col --xdmf col/run.csv) are refused before anything is
    written (64, naming both options);
  * --force over an earlier export removes the tables this run has none of (and says so);
  * a run file named with "--" gives a .xmf that is valid XML; one whose path has ':' is refused
    (64, suggesting to rename it); a group label with '/' is refused (65);
  * a --csv folder with a file in the way exits 73; a file without /geography/halls exports a
    halls layer without features; a district name that is not UTF-8 gives valid GeoJSON (U+FFFD);
  * `report` of a file that is not HDF5 says it cannot read it (not "cannot export").
"""
import csv
import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET

import h5py
import numpy as np

from export_run import arguments, fail, make_run, run


def damaged_copy(run_file, folder, name, damage):
    """A copy of the run file changed by `damage(h5py.File)`."""
    path = os.path.join(folder, name)
    shutil.copy(run_file, path)
    with h5py.File(path, "r+") as f:
        damage(f)
    return path


def tree(folder):
    """Every file under `folder` with its bytes."""
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            files[os.path.relpath(path, folder)] = open(path, "rb").read()
    return files


def check_nan_group_mean(civicsim, run_file, folder):
    with h5py.File(run_file, "r") as f:
        population = f["/daily/population"][0, 0, :].astype(float)
        trust = f["/daily/trust_mean"][0, 0, :].astype(float)
    group = int(np.argmax(population))
    if population[group] <= 0 or np.count_nonzero(population > 0) < 2:
        fail(f"district 0 has too few groups with agents on day 0 to test a NaN mean: {population}")
    damaged = damaged_copy(run_file, folder, "nan_mean.h5",
                           lambda f: f["/daily/trust_mean"].__setitem__((0, 0, group), np.nan))
    others = [(w, v) for k, (w, v) in enumerate(zip(population, trust)) if k != group and w > 0]
    expected = sum(w * v for w, v in others) / sum(w for w, _ in others)
    geo = os.path.join(folder, "nan_geo")
    run([civicsim, "export", damaged, "--geojson", geo, "--xdmf", os.path.join(folder, "nan.xmf")])
    with open(os.path.join(geo, "district_days.csv"), newline="", encoding="utf-8") as table:
        row = next(csv.DictReader(table))
    if row["trust_mean"] == "" or not np.isclose(float(row["trust_mean"]), expected, rtol=1e-12):
        fail(f"district_days.csv: a NaN group mean made trust_mean {row['trust_mean']!r}, expected {expected} "
             "(the other groups' weighted mean)")
    with h5py.File(os.path.join(folder, "nan.xdmf.h5"), "r") as companion:
        got = companion["/days/0/trust_mean"][0]
    if not np.isclose(got, expected, rtol=1e-12):
        fail(f"XDMF: a NaN group mean made trust_mean {got}, expected {expected}")
    print("NaN group mean: left out of the district's weighted mean (CSV and XDMF)", flush=True)


def check_atomic(civicsim, run_file, folder):
    damaged = damaged_copy(run_file, folder, "bad_hall.h5",
                           lambda f: f["/geography/halls/district"].__setitem__(0, 99))
    tables, layers = os.path.join(folder, "atomic_csv"), os.path.join(folder, "atomic_geo")
    done = run([civicsim, "export", damaged, "--csv", tables, "--geojson", layers], expect=65)
    if tree(tables) or tree(layers):
        fail(f"a failed export wrote {sorted(tree(tables))} {sorted(tree(layers))}:\n{done.stderr}")
    run([civicsim, "export", run_file, "--csv", tables, "--geojson", layers])
    before = tree(folder)
    run([civicsim, "export", damaged, "--csv", tables, "--geojson", layers, "--force"], expect=65)
    if tree(folder) != before:
        fail("a failed export with --force changed an earlier export's files")
    print("atomic: a failed export writes nothing and replaces nothing", flush=True)


def check_collisions(civicsim, run_file, folder):
    cases = [(["--csv", "col", "--xdmf", "col/run.csv", "--force"], "--csv", "--xdmf"),
             (["--geojson", "d", "--xdmf", "d/../d/districts.geojson"], "--geojson", "--xdmf")]
    for options, first, second in cases:
        place = os.path.join(folder, "collide")
        os.makedirs(place, exist_ok=True)
        command = [civicsim, "export", run_file] + [os.path.join(place, o) if "/" in o or o in ("col", "d") else o
                                                    for o in options]
        done = run(command, expect=64)
        if first not in done.stderr or second not in done.stderr:
            fail(f"a collision must name {first} and {second}:\n{done.stderr}")
        if tree(place):
            fail(f"a refused collision wrote {sorted(tree(place))}")
    print("collisions: exit 64 naming both options, nothing written", flush=True)


def check_stale(civicsim, run_file, folder):
    tables = os.path.join(folder, "stale")
    run([civicsim, "export", run_file, "--csv", tables])
    old = damaged_copy(run_file, folder, "old.h5", lambda f: f.__delitem__("/geography"))
    done = run([civicsim, "export", old, "--csv", tables, "--force"])
    left = sorted(n for n in ("districts.csv", "district_kinds.csv") if os.path.exists(os.path.join(tables, n)))
    if left or "removed" not in done.stderr or "districts.csv" not in done.stderr:
        fail(f"--force over an earlier export left {left}; stderr:\n{done.stderr}")
    print("stale tables: removed with --force, and said so", flush=True)


def check_names(civicsim, run_file, folder):
    dashes = os.path.join(folder, "a--b.h5")
    shutil.copy(run_file, dashes)
    xmf = os.path.join(folder, "a--b.xmf")
    run([civicsim, "export", dashes, "--xdmf", xmf])
    try:
        ET.parse(xmf)
    except ET.ParseError as error:
        fail(f"a run file named with '--' gave an .xmf that is not XML: {error}")
    colon = os.path.join(folder, "a:b.h5")
    shutil.copy(run_file, colon)
    done = run([civicsim, "export", colon, "--xdmf", os.path.join(folder, "colon.xmf")], expect=64)
    if "':'" not in done.stderr or "rename" not in done.stderr or os.path.exists(os.path.join(folder, "colon.xmf")):
        fail(f"a run file with ':' in its path must be refused, suggesting to rename it:\n{done.stderr}")
    slash = damaged_copy(run_file, folder, "slash.h5", lambda f: f["/dims/group"].__setitem__(0, "urban/adult"))
    done = run([civicsim, "export", slash, "--xdmf", os.path.join(folder, "slash.xmf")], expect=65)
    if "urban/adult" not in done.stderr:
        fail(f"a group label with '/' must be named:\n{done.stderr}")
    print("names: '--' gives valid XML, ':' exits 64, a label with '/' 65", flush=True)


def check_inputs(civicsim, run_file, folder):
    blocked = os.path.join(folder, "blocked")
    open(blocked, "w").close()
    done = run([civicsim, "export", run_file, "--csv", os.path.join(blocked, "csv")], expect=73)
    if "cannot create the folder" not in done.stderr:
        fail(f"a folder that cannot be created must be named:\n{done.stderr}")
    hall_less = damaged_copy(run_file, folder, "no_halls.h5", lambda f: f.__delitem__("/geography/halls"))
    geo = os.path.join(folder, "no_halls")
    run([civicsim, "export", hall_less, "--geojson", geo])
    halls = json.load(open(os.path.join(geo, "halls.geojson"), encoding="utf-8"))
    if halls["features"]:
        fail(f"a file without /geography/halls gave {len(halls['features'])} halls")

    def bad_name(f):
        f["/dims/district"][0] = b"Bad\xff\xfeName"
    not_utf8 = damaged_copy(run_file, folder, "not_utf8.h5", bad_name)
    geo = os.path.join(folder, "not_utf8")
    run([civicsim, "export", not_utf8, "--geojson", geo])
    raw = open(os.path.join(geo, "districts.geojson"), "rb").read()
    try:
        districts = json.loads(raw.decode("utf-8", errors="strict"))
    except (UnicodeDecodeError, ValueError) as error:
        fail(f"a district name that is not UTF-8 gave invalid GeoJSON: {error}")
    if districts["features"][0]["properties"]["name"] != "Bad\ufffd\ufffdName":
        fail(f"the name reads {districts['features'][0]['properties']['name']!r}, expected 'Bad\\ufffd\\ufffdName'")
    text = os.path.join(folder, "noth5.h5")
    open(text, "w").write("not HDF5\n")
    done = run([civicsim, "report", text], expect=66)
    if "cannot export" in done.stderr or "cannot read" not in done.stderr:
        fail(f"report of a file that is not HDF5 must say it cannot read it:\n{done.stderr}")
    print("inputs: blocked folder 73, no halls: an empty layer, not UTF-8: U+FFFD, report says read", flush=True)


def main():
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory(prefix="civicsim_export_command_") as folder:
        run_file = make_run(args.civicsim, args.scenario, folder)
        for check in (check_nan_group_mean, check_atomic, check_collisions, check_stale, check_names, check_inputs):
            scratch = os.path.join(folder, check.__name__)
            os.makedirs(scratch)
            check(args.civicsim, run_file, scratch)
    print("PASS")


if __name__ == "__main__":
    main()
