#!/usr/bin/python3
"""Reads a civicsim output file the way docs/output.md shows, and checks its layout.

Usage:
    read_output.py FILE.h5      read FILE.h5
    read_output.py              run `$CIVICSIM run tests/data/small.yaml -o TMP/small.h5 --quiet`
                                from the repository root, then read TMP/small.h5

Needs h5py, xarray and h5netcdf (on Debian: /usr/bin/python3 with python3-h5py, python3-xarray,
python3-h5netcdf); also checks the netCDF4 engine when netCDF4 is installed.
Exits 0 when the file reads as documented, 1 when a check fails, 2 when it cannot run.
"""
import os
import pathlib
import subprocess
import sys
import tempfile

GROUPS = ["urban_adult", "urban_elderly", "rural_adult", "rural_elderly"]
CHANNELS = ["in_person", "hotline", "online", "digital_human"]
SERIES_DIMS = ("time_seconds", "district", "group", "channel")
DAILY_DIMS = ("day", "district", "group")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message, file=sys.stderr)


def snippet(path):
    """The documentation's example: h5py for the raw file, xarray for labelled arrays."""
    import h5py
    import xarray as xr

    with h5py.File(path, "r") as f:
        status = f.attrs["status"]  # "complete" only if the run finished
        print("status:", status)
        print("series/arrivals:", f["series/arrivals"].shape)  # (time, district, group, channel)

    series = xr.open_dataset(path, group="series", engine="h5netcdf")
    daily = xr.open_dataset(path, group="daily", engine="h5netcdf")
    arrivals_per_channel = series["arrivals"].sum(dim=["time_seconds", "district", "group"])
    print(arrivals_per_channel.to_series())
    return status, series, daily, arrivals_per_channel


def as_text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def check_layout(path, status, series, daily, arrivals_per_channel, require_geography):
    import h5py
    import numpy as np
    import xarray as xr

    check(as_text(status) == "complete", f"status is {status!r}, not 'complete'")

    check(series["arrivals"].dims == SERIES_DIMS, f"series dims {series['arrivals'].dims}")
    check(series["servers_on_duty"].dims == ("time_seconds", "district", "channel"),
          f"servers_on_duty dims {series['servers_on_duty'].dims}")
    check(daily["population"].dims == DAILY_DIMS, f"daily dims {daily['population'].dims}")
    check(daily["staff"].dims == ("day", "district", "channel"),
          f"staff dims {daily['staff'].dims}")
    check(list(series["group"].values) == GROUPS, f"group coordinate {series['group'].values}")
    check(list(series["channel"].values) == CHANNELS,
          f"channel coordinate {series['channel'].values}")
    check(list(arrivals_per_channel["channel"].values) == CHANNELS, "arrivals per channel labels")
    check(series["arrivals"].dtype == np.int64, f"arrivals dtype {series['arrivals'].dtype}")
    check(series["time_seconds"].dtype == np.int64, "time_seconds is not int64 seconds")
    check(daily["day"].dtype == np.int64, "day is not int64")
    check(daily["trust_mean"].dtype == np.float64, "trust_mean is not float64")

    with h5py.File(path, "r") as f:
        raw = f["series/arrivals"][()]
        check(int(raw.sum()) == int(arrivals_per_channel.sum()), "xarray and h5py sums differ")
        check(list(series["time_seconds"].values) == list(f["dims/time_seconds"][()]),
              "time_seconds coordinate differs from /dims/time_seconds")
        districts = [as_text(d) for d in f["dims/district"][()]]
        check(list(series["district"].values) == districts, "district coordinate differs")
        check(list(daily["day"].values) == list(range(f["dims/day"].shape[0])), "day coordinate")
        check(as_text(f["scenario/yaml"][()]) != "", "/scenario/yaml is empty")

        def has_units(name, obj):
            if isinstance(obj, h5py.Dataset):
                units = as_text(obj.attrs.get("units", ""))
                check(units != "", f"/{name} has no units")

        f.visititems(has_units)

    interventions = xr.open_dataset(path, group="interventions", engine="h5netcdf")
    check(interventions["total_cost"].dims == ("intervention",),
          f"interventions dims {interventions['total_cost'].dims}")
    print("interventions:", interventions.sizes["intervention"])

    with h5py.File(path, "r") as f:
        has_geography = "geography" in f and "district" in f.get("summary", {})
    if has_geography:
        check_geography(path)
    else:  # a layout written by a unit test without one; every run of the program has it
        check(not require_geography, "no /geography or /summary/district: a run's file must have both")

    try:
        import netCDF4  # noqa: F401  (optional: the other netCDF engine)
    except ImportError:
        return
    engines_agree = (("series", "arrivals", SERIES_DIMS), ("daily", "population", DAILY_DIMS),
                     ("interventions", "type", ("intervention",)))
    for group, name, dims in engines_agree:
        with xr.open_dataset(path, group=group, engine="netcdf4") as ds:
            check(ds[name].dims == dims, f"netcdf4 engine: {group}/{name} dims {ds[name].dims}")


def check_geography(path):
    """/geography and /summary/district* open as xarray tables indexed by district (and kind), and
    join /series by the district coordinate."""
    import xarray as xr

    with xr.open_dataset(path, group="geography/districts", engine="h5netcdf") as geo, \
            xr.open_dataset(path, group="summary/district", engine="h5netcdf") as by_district, \
            xr.open_dataset(path, group="summary/district_kind", engine="h5netcdf") as by_kind, \
            xr.open_dataset(path, group="series", engine="h5netcdf") as series:
        check(geo["lat"].dims == ("district",), f"geography lat dims {geo['lat'].dims}")
        check(list(geo["district"].values) == list(series["district"].values), "geography district order")
        check(list(geo["name"].values) == list(geo["district"].values), "geography name != district")
        check(by_district["wait_mean_seconds_by_channel"].dims == ("district", "channel"),
              f"summary/district dims {by_district['wait_mean_seconds_by_channel'].dims}")
        check(list(by_kind["district_kind"].values) == ["urban", "suburban", "rural"], "district_kind coordinate")
        joined = xr.merge([geo[["kind", "population"]], by_district[["needs_met"]]])
        per_kind = joined["needs_met"].groupby(joined["kind"]).sum()
        for kind in per_kind["kind"].values:
            check(int(per_kind.sel(kind=kind)) == int(by_kind["needs_met"].sel(district_kind=kind)),
                  f"needs met of the {kind} districts differ from /summary/district_kind")
        series_met = series["resolved"].sum(dim=["time_seconds", "group", "channel"])
        check(bool((series_met.sel(district=geo["district"]) >= by_district["needs_met"]).all()),
              "a district met more needs in the window than in the whole run")
    print("geography: OK")


def run_small(out_dir):
    civicsim = os.environ.get("CIVICSIM")
    if not civicsim:
        print("read_output.py: give an output file, or set CIVICSIM to the civicsim program",
              file=sys.stderr)
        sys.exit(2)
    root = pathlib.Path(__file__).resolve().parents[2]
    out = pathlib.Path(out_dir) / "small.h5"
    command = [civicsim, "run", "tests/data/small.yaml", "-o", str(out), "--quiet"]
    result = subprocess.run(command, cwd=root)
    if result.returncode != 0:
        print(f"read_output.py: {' '.join(command)} exited {result.returncode}", file=sys.stderr)
        sys.exit(1)
    return out


def main(argv):
    with tempfile.TemporaryDirectory(prefix="civicsim-read-") as tmp:
        path = pathlib.Path(argv[1]) if len(argv) > 1 else run_small(tmp)
        status, series, daily, arrivals_per_channel = snippet(path)
        with series, daily:
            check_layout(path, status, series, daily, arrivals_per_channel, require_geography=len(argv) == 1)
    if failures:
        print(f"read_output.py: {len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("read_output.py: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
