#!/usr/bin/env python3
"""`civicsim export --geojson` read by GDAL's ogrinfo (Debian gdal-bin), what QGIS reads with.

Runs a small scenario with the real program, exports it, and checks with ogrinfo:
  * districts.geojson: one Point per district, WGS 84, at /geography/districts lon, lat; its name,
    kind and population and every /summary/district [D] figure equal to h5py's (NaN: null), waits
    also in minutes;
  * halls.geojson: one Point per hall of /geography/halls, with its district's name;
  * district_days.csv (+ .csvt): one row per district and day, typed by GDAL (nominal_date a Date),
    each /daily figure summed over the groups (means weighted by population), equal to h5py's;
  * the JSON itself: RFC 7946 (no crs member; coordinates [lon, lat]) with numbers that read back as
    the file's exact doubles;
  * an existing file is refused without --force (exit 73, naming it, untouched), replaced with it;
    a file without /geography (schema 1) exits 65 saying to run the scenario again (and writes no
    CSV table either when --csv comes with it), a damaged one
    65 naming the dataset.
SKIP (77) only without ogrinfo outside CI (export_run.py).
"""
import json
import math
import os
import re
import shutil
import tempfile

import h5py
import numpy as np

from export_run import arguments, schema1_copy, fail, make_run, missing_consumer, names, run, same

GEOGRAPHY = "/geography/districts"


def ogr_count(ogrinfo, path):
    out = run([ogrinfo, "-ro", "-so", "-al", path]).stdout
    found = re.search(r"Feature Count: (\d+)", out)
    if not found:
        fail(f"ogrinfo gave no feature count for {path}:\n{out}")
    return int(found.group(1)), out


def ogr_features(ogrinfo, path):
    """Every feature as {field: text} (with "POINT" for the geometry), in file order."""
    out = run([ogrinfo, "-ro", "-q", "-al", path]).stdout
    features = []
    for line in out.splitlines():
        if line.startswith("OGRFeature("):
            features.append({})
        elif features and re.match(r"^  \S+ \([A-Za-z0-9]+\) = ", line):
            name, _, value = line.strip().partition(" = ")
            features[-1][name.split(" (")[0]] = value
        elif features and line.strip().startswith("POINT"):
            features[-1]["POINT"] = line.strip()
    return features


def ogr_number(text):
    return None if text is None or text == "(null)" else float(text)


def close(a, b):
    """ogrinfo prints 15 significant digits: equal to that, null for NaN."""
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return same(a, b)
    return math.isclose(a, b, rel_tol=1e-13, abs_tol=1e-300)


def check_districts(ogrinfo, geo, f):
    path = os.path.join(geo, "districts.geojson")
    district = names(f[GEOGRAPHY + "/district"])
    count, summary = ogr_count(ogrinfo, path)
    if count != len(district):
        fail(f"ogrinfo counts {count} districts, the file has {len(district)}")
    if "Geometry: Point" not in summary or 'ID["EPSG",4326]' not in summary:
        fail("districts.geojson is not a layer of points in WGS 84 (EPSG:4326):\n" + summary)
    features = ogr_features(ogrinfo, path)
    lon, lat = f[GEOGRAPHY + "/lon"][()], f[GEOGRAPHY + "/lat"][()]
    figures = [k for k, v in f["/summary/district"].items() if isinstance(v, h5py.Dataset) and v.ndim == 1
               and "CLASS" not in v.attrs]
    if "wait_mean_seconds" not in figures:
        fail("/summary/district/wait_mean_seconds is missing from the run file")
    for d, feature in enumerate(features):
        if feature.get("name") != district[d] or feature.get("kind") != names(f[GEOGRAPHY + "/kind"])[d]:
            fail(f"feature {d}: name/kind {feature.get('name')}/{feature.get('kind')}, expected {district[d]}")
        x, y = (float(v) for v in feature["POINT"][len("POINT ("):-1].split())
        if not (close(x, float(lon[d])) and close(y, float(lat[d]))):
            fail(f"feature {d} ({district[d]}) is at {x} {y}, the file says lon {lon[d]} lat {lat[d]}")
        for name in ["population", "area_km2", "share_60_plus", "agents"] + figures:
            dataset = f[GEOGRAPHY + "/" + name] if name in f[GEOGRAPHY] else f["/summary/district/" + name]
            expected = float(dataset[d])
            if not close(ogr_number(feature.get(name)), expected):
                fail(f"{district[d]}: {name} is {feature.get(name)} in ogrinfo, {expected} in the file")
        minutes = float(f["/summary/district/wait_mean_seconds"][d]) / 60
        if not close(ogr_number(feature.get("wait_mean_minutes")), minutes):
            fail(f"{district[d]}: wait_mean_minutes {feature.get('wait_mean_minutes')}, expected {minutes}")
    print(f"districts.geojson: {count} points, {len(figures)} figures each equal to h5py's", flush=True)


def check_json(geo, f):
    """The file itself: RFC 7946 and numbers exact to the last bit."""
    with open(os.path.join(geo, "districts.geojson"), encoding="utf-8") as text:
        collection = json.load(text)
    if collection.get("type") != "FeatureCollection" or "crs" in collection:
        fail("districts.geojson: not an RFC 7946 FeatureCollection (or it has a crs member)")
    for d, feature in enumerate(collection["features"]):
        lon, lat = float(f[GEOGRAPHY + "/lon"][d]), float(f[GEOGRAPHY + "/lat"][d])
        if feature["geometry"] != {"type": "Point", "coordinates": [lon, lat]}:
            fail(f"feature {d}: geometry {feature['geometry']}, expected Point [{lon}, {lat}]")
        for name, dataset in f["/summary/district"].items():
            if dataset.ndim == 1 and "CLASS" not in dataset.attrs:
                if not same(feature["properties"][name], float(dataset[d])):
                    fail(f"feature {d}: {name} = {feature['properties'][name]!r}, the file has {dataset[d]!r}")
    print("districts.geojson: RFC 7946, numbers exact", flush=True)


def check_halls(ogrinfo, geo, f):
    path = os.path.join(geo, "halls.geojson")
    count, _ = ogr_count(ogrinfo, path)
    halls = f["/geography/halls/district"][()]
    if count != len(halls):
        fail(f"ogrinfo counts {count} halls, the file has {len(halls)}")
    district = names(f[GEOGRAPHY + "/district"])
    lon, lat = f["/geography/halls/lon"][()], f["/geography/halls/lat"][()]
    for h, feature in enumerate(ogr_features(ogrinfo, path)):
        x, y = (float(v) for v in feature["POINT"][len("POINT ("):-1].split())
        if feature.get("district") != district[halls[h]] or int(feature.get("hall")) != h:
            fail(f"hall {h}: district {feature.get('district')}, expected {district[halls[h]]}")
        if not (close(x, float(lon[h])) and close(y, float(lat[h]))):
            fail(f"hall {h} is at {x} {y}, the file says {lon[h]} {lat[h]}")
    print(f"halls.geojson: {count} points", flush=True)


def daily_totals(f, name, day, d):
    values = f["/daily/" + name][day, d, :]
    if not name.endswith("_mean"):
        return float(values.sum())
    weights = f["/daily/population"][day, d, :]
    total = weight = 0.0
    for v, w in zip(values, weights):
        if w != 0:
            total += float(w) * float(v)
            weight += float(w)
    return total / weight if weight > 0 else None


def check_district_days(ogrinfo, geo, f):
    path = os.path.join(geo, "district_days.csv")
    district = names(f[GEOGRAPHY + "/district"])
    days = f["/dims/day"][()]
    count, summary = ogr_count(ogrinfo, path)
    if count != len(days) * len(district):
        fail(f"ogrinfo counts {count} rows in district_days.csv, expected {len(days)} days × {len(district)} districts")
    if "nominal_date: Date" not in summary or "population_agents: Integer64" not in summary:
        fail("district_days.csvt did not type the columns:\n" + summary)
    rows = ogr_features(ogrinfo, path)
    figures = [n for n in ("population", "adopted", "unmet_needs", "trust_mean", "satisfaction_mean", "staff")]
    for i, row in enumerate(rows):
        day, d = divmod(i, len(district))
        if row["district"] != district[d] or int(row["day"]) != days[day]:
            fail(f"row {i}: {row['district']} day {row['day']}, expected {district[d]} day {days[day]}")
        if not re.fullmatch(r"\d{4}/\d\d/\d\d", row["nominal_date"]):
            fail(f"row {i}: nominal_date {row['nominal_date']} is not a date GDAL read")
        for name in figures:
            column = name + "_agents" if f["/daily/" + name].attrs.get("units") in ("agents", b"agents") else name
            if not close(ogr_number(row.get(column)), daily_totals(f, name, day, d)):
                fail(f"row {i} ({district[d]}, day {day}): {column} = {row.get(column)}, expected "
                     f"{daily_totals(f, name, day, d)}")
    print(f"district_days.csv: {count} rows, {len(figures)} figures equal to h5py's sums", flush=True)


def check_refusals(civicsim, run_file, geo, folder):
    target = os.path.join(geo, "districts.geojson")
    before = open(target, "rb").read()
    os.utime(target, (0, 0))
    done = run([civicsim, "export", run_file, "--geojson", geo], expect=73)
    if "districts.geojson" not in done.stderr or "--force" not in done.stderr:
        fail("the refusal does not name the file and --force:\n" + done.stderr)
    if open(target, "rb").read() != before or os.stat(target).st_mtime != 0:
        fail("a refused export changed districts.geojson")
    run([civicsim, "export", run_file, "--geojson", geo, "--force"])
    if os.stat(target).st_mtime == 0:
        fail("--force did not replace districts.geojson")
    old = schema1_copy(run_file, folder)
    done = run([civicsim, "export", old, "--csv", os.path.join(folder, "old-csv"), "--geojson",
                os.path.join(folder, "old")], expect=65)
    if "/geography" not in done.stderr or "again with this version" not in done.stderr:
        fail("a schema 1 file's message does not say what is missing and what to do:\n" + done.stderr)
    if os.path.exists(os.path.join(folder, "old")) or os.path.exists(os.path.join(folder, "old-csv")):
        fail("a schema 1 file given --csv and --geojson wrote something; nothing should be written")
    print("refusals: exit 73 without --force (file untouched), 65 for a schema 1 file", flush=True)


def check_damaged(civicsim, run_file, folder):
    """A damaged geography is refused (65) naming the dataset; huge counts are written, not crashed on."""
    cases = [("/geography/halls/district", lambda f: f["/geography/halls/district"].__setitem__(0, 99), 65),
             ("/geography/districts/lon", lambda f: (f.__delitem__("/geography/districts/lon"),
                                                     f.create_dataset("/geography/districts/lon",
                                                                      data=np.zeros(len(f["/dims/district"]) + 1))), 65),
             ("", lambda f: f["/daily/population"].__setitem__((0, 0, 0), np.iinfo(np.int64).max), 0)]
    for k, (dataset, damage, code) in enumerate(cases):
        damaged = os.path.join(folder, f"damaged{k}.h5")
        shutil.copy(run_file, damaged)
        with h5py.File(damaged, "r+") as f:
            damage(f)
        done = run([civicsim, "export", damaged, "--geojson", os.path.join(folder, f"damaged{k}")], expect=code)
        if dataset not in done.stderr:
            fail(f"a damaged {dataset} must be named:\n{done.stderr}")
    print("damaged files: 65 naming the dataset; a count of 2^63 - 1 exported", flush=True)


def main():
    args = arguments(__doc__)
    ogrinfo = shutil.which("ogrinfo")
    if not ogrinfo:
        missing_consumer("GDAL's ogrinfo", "apt-get install gdal-bin; scripts/setup")
    with tempfile.TemporaryDirectory(prefix="civicsim_geojson_") as folder:
        run_file = make_run(args.civicsim, args.scenario, folder)
        geo = os.path.join(folder, "geo")
        run([args.civicsim, "export", run_file, "--geojson", geo])
        with h5py.File(run_file, "r") as f:
            check_districts(ogrinfo, geo, f)
            check_json(geo, f)
            check_halls(ogrinfo, geo, f)
            check_district_days(ogrinfo, geo, f)
        check_refusals(args.civicsim, run_file, geo, folder)
        check_damaged(args.civicsim, run_file, folder)
    print("PASS")


if __name__ == "__main__":
    main()
