#!/usr/bin/env python3
"""docs/examples/first_analysis.ipynb runs from top to bottom and draws its figures.

The notebook is executed with nbclient (as `jupyter nbconvert --execute` would) twice: on two runs
this test makes (CIVICSIM_BASELINE, CIVICSIM_ARM), and with neither set, when the notebook runs the
program itself (CIVICSIM) into a temporary folder. Any error in a cell fails the test; so does a
cell tagged "figure" without an image among its outputs, and a stored notebook that has outputs
(it is kept with outputs cleared). The kernel is this Python (the .peers venv: ipykernel,
matplotlib and the reader's dependencies), with the reader imported from the source tree; the
executed notebooks are kept in --artifacts.

    notebook_test.py --civicsim build/cpu/civicsim [--artifacts DIR] [--days N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NOTEBOOK = os.path.join(ROOT, "docs", "examples", "first_analysis.ipynb")

import nbclient  # noqa: E402
import nbformat  # noqa: E402

KERNEL = "civicsim-test"


def kernel_for_this_python(folder):
    """A kernel spec running this Python's ipykernel, found first through JUPYTER_PATH (a python3
    kernel installed system-wide could otherwise run the notebook with another Python)."""
    spec = os.path.join(folder, "kernels", KERNEL)
    os.makedirs(spec, exist_ok=True)
    with open(os.path.join(spec, "kernel.json"), "w") as out:
        json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                   "display_name": "civicsim test", "language": "python"}, out)
    os.environ["JUPYTER_PATH"] = folder
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [os.path.join(ROOT, "viz_export", "python", "src")] + [p for p in [os.environ.get("PYTHONPATH")] if p])


def check_stored_clean(notebook):
    dirty = [i for i, cell in enumerate(notebook.cells)
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    if dirty:
        raise AssertionError(f"{NOTEBOOK}: cells {dirty} are stored with outputs (clear them before committing)")


def execute(environment, artifact):
    """Execute the notebook with `environment` added to this process's; return the executed one."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    saved = dict(os.environ)
    os.environ.update(environment)
    for name in ("CIVICSIM_BASELINE", "CIVICSIM_ARM"):
        if name not in environment:
            os.environ.pop(name, None)
    try:
        client = nbclient.NotebookClient(notebook, kernel_name=KERNEL, timeout=120, startup_timeout=120,
                                         resources={"metadata": {"path": os.path.dirname(NOTEBOOK)}})
        started = time.monotonic()
        try:
            client.execute()
        finally:
            nbformat.write(notebook, artifact)
        print(f"executed in {time.monotonic() - started:.1f} s: {artifact}")
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return notebook


def check_figures(notebook, label):
    tagged = [cell for cell in notebook.cells if "figure" in cell.metadata.get("tags", [])]
    if len(tagged) < 3:
        raise AssertionError(f"{label}: {len(tagged)} cells tagged 'figure'; the map, time series and comparison are 3")
    for cell in tagged:
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        if not images:
            raise AssertionError(f"{label}: the figure cell starting {cell.source[:60]!r} drew no image")
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]
    if errors:
        raise AssertionError(f"{label}: error or stderr output: {errors[0]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--civicsim", required=True)
    parser.add_argument("--artifacts", default=tempfile.gettempdir())
    parser.add_argument("--days", type=int, default=21, help="days of the test's own two runs")
    args = parser.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="civicsim-notebook-") as work:
        kernel_for_this_python(os.path.join(work, "jupyter"))
        os.environ.update(JUPYTER_RUNTIME_DIR=os.path.join(work, "runtime"), IPYTHONDIR=os.path.join(work, "ipython"),
                          MPLCONFIGDIR=os.path.join(work, "matplotlib"), OMP_WAIT_POLICY="passive")
        try:
            check_stored_clean(nbformat.read(NOTEBOOK, as_version=4))
            files = {}
            for name, scenario in (("CIVICSIM_BASELINE", "baseline"), ("CIVICSIM_ARM", "digital_human_rural")):
                files[name] = os.path.join(work, f"{scenario}.h5")
                subprocess.run([args.civicsim, "run", os.path.join(ROOT, "scenarios", f"{scenario}.yaml"), "-o",
                                files[name], "--days", str(args.days), "-q"], check=True)
            given = execute(files, os.path.join(args.artifacts, "first_analysis.ipynb"))
            check_figures(given, "with CIVICSIM_BASELINE and CIVICSIM_ARM")
            own = os.path.join(work, "own")
            ran = execute({"CIVICSIM": args.civicsim, "CIVICSIM_NOTEBOOK_OUT": own},
                          os.path.join(args.artifacts, "first_analysis_own_runs.ipynb"))
            check_figures(ran, "running the program itself")
            made = sorted(os.listdir(own))
            if made != ["baseline.h5", "digital_human_rural.h5"]:
                raise AssertionError(f"the notebook's own runs: {made}")
        except (AssertionError, nbclient.exceptions.CellExecutionError) as failure:
            print(f"FAIL: {failure}")
            return 1
    print("notebook_test: first_analysis.ipynb ran twice and drew its 3 figures each time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
