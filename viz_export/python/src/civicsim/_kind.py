"""What a file is: a civicsim run, another civicsim file, or something else.

civicsim writes several kinds of file (docs/output.md, docs/sweeps.md, docs/sensitivity.md,
docs/checkpoints.md); only a run's output has /series, /daily and /summary. The reader says which
kind it was given and what reads that kind instead of failing on a missing group.
"""

from __future__ import annotations

import os

import h5py

from civicsim._h5 import text

#: The layouts of a run's output this reader knows (the root attribute schema_version).
SCHEMA_VERSIONS = (1, 2)

CHECKPOINT_MAGIC = b"CIVICSIM CHECKPOINT\n"


class NotARunError(ValueError):
    """The file is not the complete output of a civicsim run. `kind` says what it is: "sweep",
    "compare", "sensitivity", "calibration", "checkpoint", "records_log", "hdf5" (an HDF5 file
    civicsim did not write), "not_hdf5", "incomplete" (a run that did not finish) or "schema" (a
    layout newer than this reader)."""

    def __init__(self, path: str, kind: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.kind = kind


def _hdf5_kind(f: h5py.File) -> str:
    """The kind of an HDF5 file civicsim may have written, from its groups."""
    if "series" in f and "schema_version" in f.attrs:
        return "run"
    if "differences" in f:
        return "compare"
    if "indices" in f:
        return "sensitivity"
    if "posterior" in f or "wave" in f:
        return "calibration"
    if "runs" in f and "table" in f:
        return "sweep"
    return "hdf5"


MESSAGES = {
    "sweep": "a sweep's table of runs (sweep.h5 of `civicsim sweep`), not a run: open one of its runs "
    "(DIR/runs/*.h5) with civicsim.open, or compare the arms with `civicsim compare DIR` and read "
    "DIR/compare.h5 with civicsim.open_compare",
    "compare": "the output of `civicsim compare` (compare.h5), not a run: read it with civicsim.open_compare",
    "sensitivity": "the output of `civicsim sensitivity` (sensitivity.h5), not a run: its table is "
    "sensitivity.csv beside it (pandas.read_csv)",
    "calibration": "the output of `civicsim calibrate` (calibration.h5), not a run: its tables are "
    "calibration.csv and posterior.csv beside it (pandas.read_csv)",
    "checkpoint": "a checkpoint of a run, not its output: `civicsim run ... --resume` continues from it "
    "and `civicsim inspect` says where it stands; open the run's .h5 file once it has finished",
    "records_log": "the records log of a run's checkpoint, not an output file: `civicsim inspect` on "
    "the checkpoint (.ckpt) says whether it is intact; open the run's .h5 file once it has finished",
    "hdf5": "an HDF5 file, but not the output of a civicsim run (no /series group and no schema_version "
    "attribute): civicsim.open reads the .h5 file that `civicsim run` writes",
    "not_hdf5": "not an HDF5 file: civicsim.open reads the .h5 file that `civicsim run` writes",
}


#: What civicsim.open_compare says instead, where it differs.
COMPARE_MESSAGES = {
    "run": "the output of one run, not of `civicsim compare`: read it with civicsim.open",
    "hdf5": "an HDF5 file, but not the output of `civicsim compare` (no /differences group): "
    "civicsim.open_compare reads DIR/compare.h5 of `civicsim compare DIR`",
    "not_hdf5": "not an HDF5 file: civicsim.open_compare reads DIR/compare.h5 of `civicsim compare DIR`",
}


def file_kind(path: str) -> str:
    """"run", or one of NotARunError's kinds (never "incomplete" or "schema")."""
    with open(path, "rb") as stream:
        head = stream.read(len(CHECKPOINT_MAGIC))
    if head == CHECKPOINT_MAGIC:
        return "checkpoint"
    if not h5py.is_hdf5(path):
        return "records_log" if os.fspath(path).endswith(".records") else "not_hdf5"
    with h5py.File(path, "r") as f:
        return _hdf5_kind(f)


def require(path: str, wanted: str = "run", allow_incomplete: bool = False) -> None:
    """Raise NotARunError (FileNotFoundError for a missing file) unless `path` is a file of the
    `wanted` kind ("run" or "compare"); a run must also be complete and of a known schema."""
    if os.path.isdir(path):
        hint = (" (a sweep's folder: open one of its runs, DIR/runs/*.h5, or its comparison, DIR/compare.h5)"
                if os.path.exists(os.path.join(path, "sweep.h5")) else "")
        raise IsADirectoryError(f"{path}: is a folder, not a file{hint}")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such file")
    kind = file_kind(path)
    if kind != wanted:
        message = {**MESSAGES, **COMPARE_MESSAGES}.get(kind) if wanted == "compare" else MESSAGES.get(kind)
        raise NotARunError(path, kind, message or f"a civicsim {kind} file")
    if wanted == "run":
        _require_complete_run(path, allow_incomplete)


def _require_complete_run(path: str, allow_incomplete: bool) -> None:
    with h5py.File(path, "r") as f:
        status = text(f.attrs.get("status", b""))
        schema = int(f.attrs["schema_version"])
    if schema not in SCHEMA_VERSIONS:
        raise NotARunError(
            path, "schema",
            f"written with output schema {schema}; this reader knows schemas "
            f"{', '.join(map(str, SCHEMA_VERSIONS))}: install the reader of the civicsim that wrote it "
            "(pip install ./viz_export/python)")
    if status != "complete" and not allow_incomplete:
        raise NotARunError(
            path, "incomplete",
            f"the run did not finish (status {status!r}): it is still running, or was stopped or killed "
            "(`civicsim inspect` says which); pass allow_incomplete=True to read what it wrote")

