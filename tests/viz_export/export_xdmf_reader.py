#!/usr/bin/env python3
"""`civicsim export --xdmf` read by real XDMF readers, every value compared with h5py's.

Runs a small scenario with the real program and exports it as OUT.xmf (+ OUT.xdmf.h5), then reads
it with meshio's XDMF 3 time-series reader (PyPI, pinned in scripts/setup-peers; it parses the XML
and reads the HDF5 DataItems with h5py) and, when installed, ParaView's own Xdmf3 reader (pvpython,
Debian's paraview; not in CI: it is large). For each day: Time = the day; D vertices at (lon, lat,
0) of /geography/districts; each /daily figure over the groups (channels) and per group (channel),
each /geography/districts and /summary/district [D] figure, and each [D, C] figure per channel,
equal to h5py's reading of the run file. Also: the declared NumberType and Precision match the
datasets, the run file is named relatively beside the .xmf and absolutely elsewhere, a refusal
without --force, and exit 65 for a file without /geography.
SKIP (77) only without meshio outside CI (export_run.py).
"""
import json
import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

from export_run import arguments, schema1_copy, fail, make_run, missing_consumer, names, run

try:
    import h5py
    import meshio
    import numpy as np
except ImportError as error:
    missing_consumer(f"meshio with h5py ({error})", "scripts/setup-peers: .peers/bin/python")

PARAVIEW_SCRIPT = r"""
import json, sys
from paraview.simple import Xdmf3ReaderS
from paraview import servermanager
from vtkmodules.numpy_interface import dataset_adapter as dsa
reader = Xdmf3ReaderS(FileName=[sys.argv[1]])
reader.UpdatePipelineInformation()
steps = []
for t in reader.TimestepValues:
    reader.UpdatePipeline(t)
    data = dsa.WrapDataObject(servermanager.Fetch(reader))
    steps.append({"time": t, "points": data.Points.tolist(),
                  "arrays": {k: [float(v) for v in data.PointData[k]] for k in data.PointData.keys()}})
print("JSON" + json.dumps(steps))
"""


def daily_name(dataset, name, fixed):
    """A /daily figure's per-day array: district_days.csv's column (`_agents` for counts of agents),
    with `_daily` where a fixed array has that name."""
    column = name + "_agents" if dataset.attrs.get("units") in (b"agents", "agents") else name
    return column + "_daily" if column in fixed else column


def expected_arrays(f, day):
    """Every attribute of day index `day` as h5py reads the run file: name -> [D] values. Fails when
    two attributes would have one name (a reader keeps only one of them)."""
    expected = {}

    def put(name, values):
        if name in expected:
            fail(f"day index {day}: two attributes named {name!r}")
        expected[name] = values

    for group in ("/geography/districts", "/summary/district"):
        for name, dataset in f[group].items():
            if dataset.ndim == 1 and "CLASS" not in dataset.attrs and dataset.dtype.kind in "iuf":
                put(name, dataset[()])
    channels = names(f["/dims/channel"])
    for name, dataset in f["/summary/district"].items():
        if dataset.ndim == 2:
            for c, channel in enumerate(channels):
                put(f"{name}_{channel}", dataset[:, c])
    put("district_index", np.arange(len(names(f["/dims/district"]))))
    fixed = set(expected)
    groups = names(f["/dims/group"])
    population = f["/daily/population"][day].astype(float)
    for name, dataset in f["/daily"].items():
        if dataset.ndim != 3 or "CLASS" in dataset.attrs:
            continue
        values = dataset[day]
        labels = channels if name == "staff" else groups
        array = daily_name(dataset, name, fixed)
        for k, label in enumerate(labels):
            put(f"{array}_{label}", values[:, k])
        if name.endswith("_mean"):
            weights = np.where(population > 0, population, 0.0)
            totals = []
            for d in range(values.shape[0]):
                total = weight = 0.0
                for v, w in zip(values[d], weights[d]):
                    if w != 0 and np.isfinite(v):  # a group without agents, or without a mean, is left out
                        total += float(w) * float(v)
                        weight += float(w)
                totals.append(total / weight if weight > 0 else np.nan)
            put(array, np.array(totals))
        else:
            put(array, values.sum(axis=1))
    return expected


def check_unique_names(xmf):
    """No grid of the .xmf has two attributes of one name: meshio and ParaView would keep one."""
    for grid in ET.parse(xmf).getroot().iter("Grid"):
        if grid.get("GridType") != "Uniform":
            continue
        seen = [a.get("Name") for a in grid.findall("Attribute")]
        twice = sorted({n for n in seen if seen.count(n) > 1})
        if twice:
            fail(f"{xmf}: grid {grid.get('Name')!r} has more than one attribute named {twice}")


def equal(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def check_steps(source, steps, f):
    """`steps`: (time, points, {name: values}) per step, from one reader."""
    days = f["/dims/day"][()]
    if len(steps) != len(days):
        fail(f"{source}: {len(steps)} time steps, the run has {len(days)} days")
    lon, lat = f["/geography/districts/lon"][()], f["/geography/districts/lat"][()]
    points = np.stack([lon, lat, np.zeros_like(lon)], axis=1)
    compared = 0
    for i, (time, xyz, arrays) in enumerate(steps):
        if time != days[i]:
            fail(f"{source}: step {i} has Time {time}, expected day {days[i]}")
        if not equal(xyz, points):
            fail(f"{source}: day {days[i]}: points {xyz}, expected lon, lat, 0 = {points}")
        expected = expected_arrays(f, i)
        if set(arrays) != set(expected):
            fail(f"{source}: day {days[i]}: arrays {sorted(set(arrays) ^ set(expected))} differ between the "
                 f"reader and the run file")
        for name, values in expected.items():
            if not equal(arrays[name], values):
                fail(f"{source}: day {days[i]}: {name} = {arrays[name]}, h5py reads {values}")
            compared += len(values)
    print(f"{source}: {len(steps)} days, {compared} values equal to h5py's", flush=True)


def read_with_meshio(xmf):
    steps = []
    with meshio.xdmf.TimeSeriesReader(xmf) as reader:
        points, cells = reader.read_points_cells()
        if len(cells) != 1 or cells[0].type != "vertex" or not equal(cells[0].data.ravel(), range(len(points))):
            fail(f"meshio: topology {cells}, expected one vertex per district")
        for k in range(reader.num_steps):
            time, point_data, _ = reader.read_data(k)
            steps.append((time, points, point_data))
    return steps


def read_with_paraview(pvpython, xmf):
    done = subprocess.run([pvpython, "-c", PARAVIEW_SCRIPT, os.path.abspath(xmf)], capture_output=True, text=True,
                          timeout=300)
    line = next((l for l in done.stdout.splitlines() if l.startswith("JSON")), None)
    if done.returncode != 0 or line is None:
        fail(f"pvpython could not read {xmf} (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return [(s["time"], s["points"], s["arrays"]) for s in json.loads(line[4:])]


def check_declared_types(xmf):
    """Each DataItem's NumberType and Precision are the dataset's, and the files it names exist."""
    folder = os.path.dirname(os.path.abspath(xmf))
    kinds = {"i": "Int", "u": "UInt", "f": "Float"}
    items = ET.parse(xmf).getroot().iter("DataItem")
    files = {}
    for item in items:
        name, path = item.text.strip().rsplit(":", 1)
        full = os.path.join(folder, name)
        if full not in files:
            files[full] = h5py.File(full, "r")
        dataset = files[full][path]
        declared = (item.get("NumberType"), item.get("Precision"))
        if declared != (kinds[dataset.dtype.kind], str(dataset.dtype.itemsize)):
            fail(f"{item.text.strip()}: declared {declared}, the dataset is {dataset.dtype}")
        if [int(n) for n in item.get("Dimensions").split()] != list(dataset.shape):
            fail(f"{item.text.strip()}: declared Dimensions {item.get('Dimensions')}, the dataset is {dataset.shape}")
    for handle in files.values():
        handle.close()
    return files.keys()


def check_paths_and_refusals(civicsim, run_file, xmf, folder):
    named = ET.parse(xmf).getroot().find(".//Attribute[@Name='population']/DataItem").text.strip()
    if named != "run.h5:/geography/districts/population":
        fail(f"beside the run file the .xmf names it relatively; it names {named}")
    elsewhere = os.path.join(folder, "views", "run.xmf")
    run([civicsim, "export", run_file, "--xdmf", elsewhere])
    named = ET.parse(elsewhere).getroot().find(".//Attribute[@Name='population']/DataItem").text.strip()
    if named != os.path.realpath(run_file) + ":/geography/districts/population":
        fail(f"in another folder the .xmf names the run file absolutely; it names {named}")
    with h5py.File(run_file, "r") as f:
        check_steps("meshio (another folder)", read_with_meshio(elsewhere), f)

    before = open(xmf, "rb").read()
    done = run([civicsim, "export", run_file, "--xdmf", xmf], expect=73)
    if os.path.basename(xmf) not in done.stderr or "--force" not in done.stderr or open(xmf, "rb").read() != before:
        fail("an existing .xmf: the refusal must name it, suggest --force and leave it as it was:\n" + done.stderr)
    run([civicsim, "export", run_file, "--xdmf", xmf, "--force"])
    done = run([civicsim, "export", run_file, "--xdmf", run_file, "--force"], expect=73)
    if "is the run file" not in done.stderr:
        fail("--xdmf naming the run file itself must be refused, even with --force:\n" + done.stderr)
    old = schema1_copy(run_file, folder)
    done = run([civicsim, "export", old, "--xdmf", os.path.join(folder, "old.xmf")], expect=65)
    if "again with this version" not in done.stderr or os.path.exists(os.path.join(folder, "old.xmf")):
        fail("a schema 1 file: exit 65 with what to do, and no .xmf:\n" + done.stderr)
    print("paths: relative beside the run, absolute elsewhere; refusals: 73 without --force, 65 for schema 1")


def main():
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory(prefix="civicsim_xdmf_") as folder:
        run_file = make_run(args.civicsim, args.scenario, folder)
        xmf = os.path.join(folder, "run.xmf")
        run([args.civicsim, "export", run_file, "--xdmf", xmf])
        check_unique_names(xmf)
        files = check_declared_types(xmf)
        if sorted(os.path.basename(p) for p in files) != ["run.h5", "run.xdmf.h5"]:
            fail(f"the .xmf refers to {sorted(files)}; expected the run file and run.xdmf.h5")
        with h5py.File(run_file, "r") as f:
            check_steps("meshio " + meshio.__version__, read_with_meshio(xmf), f)
            pvpython = shutil.which("pvpython")
            if pvpython:
                check_steps("ParaView (pvpython)", read_with_paraview(pvpython, xmf), f)
            else:
                print("ParaView's pvpython is not installed: read with meshio only", flush=True)
        check_paths_and_refusals(args.civicsim, run_file, xmf, folder)
    print("PASS")


if __name__ == "__main__":
    main()
