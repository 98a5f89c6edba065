"""What the `civicsim export` tests share (export_csv_tables.py, export_geojson_gdal.py,
export_xdmf_reader.py): a small run file made by the real program, running commands, and the rule
for a consumer that is not installed: SKIP (exit 77) on a developer's machine, FAIL in CI (the
environment variable CI is set), where scripts/setup and scripts/setup-peers install it."""
import argparse
import os
import shutil
import subprocess
import sys

SKIP = 77


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def missing_consumer(what, install):
    """Ends the test: SKIP without `what` outside CI, FAIL in CI."""
    if os.environ.get("CI"):
        fail(f"{what} is not installed, and CI must have it ({install})")
    print(f"SKIP: {what} is not installed ({install})", flush=True)
    sys.exit(SKIP)


def run(command, expect=0, timeout=600):
    """Runs `command`; fails unless it exits `expect`. Returns the completed process."""
    print("+ " + " ".join(command), flush=True)
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != expect:
        fail(f"{' '.join(command)} exited {done.returncode}, expected {expect}:\n{done.stdout}\n{done.stderr}")
    return done


def arguments(doc):
    """--civicsim (the program) and --scenario (the run to export), every test's options."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--civicsim", required=True)
    parser.add_argument("--scenario", required=True)
    return parser.parse_args()


def schema1_copy(run_file, folder):
    """A copy of the run file as an older civicsim wrote it: without /geography."""
    import h5py
    old = os.path.join(folder, "schema1.h5")
    shutil.copy(run_file, old)
    with h5py.File(old, "r+") as f:
        del f["/geography"]
    return old


def make_run(civicsim, scenario, folder, days=3):
    """Runs `scenario` for `days` days into FOLDER/run.h5 and returns its path."""
    path = os.path.join(folder, "run.h5")
    run([civicsim, "run", scenario, "-o", path, "--days", str(days), "-q"])
    return path


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def names(dataset):
    return [text(v) for v in dataset[()]]


def same(a, b):
    """Equal numbers, NaN equal to NaN (and to None, JSON's null)."""
    import math
    nan_a = a is None or (isinstance(a, float) and math.isnan(a))
    nan_b = b is None or (isinstance(b, float) and math.isnan(b))
    return nan_a == nan_b and (nan_a or a == b)
