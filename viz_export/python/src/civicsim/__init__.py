"""civicsim: read the HDF5 files of the civicsim simulator as xarray datasets and pandas tables.

    import civicsim
    run = civicsim.open("out/baseline.h5")
    run.series        # xarray Dataset, dims time, district, group, channel; districts' kind, lat,
                      # lon, population as coordinates
    run.daily         # xarray Dataset, dims day, district, group (channel)
    run.summary       # pandas DataFrame: figure, group, channel, value, units
    run.districts     # pandas DataFrame: /geography/districts joined with /summary/district
    run.question      # the question the scenario asks

`python -m civicsim FILE` prints a short summary of a run. The layout of the files is
docs/output.md; this package is viz_export/python in the civicsim repository (docs/python.md).
"""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from civicsim._kind import NotARunError, file_kind
from civicsim.compare import Comparison
from civicsim.run import MissingGeographyError, Run

__all__ = ["open", "open_compare", "file_kind", "Run", "Comparison", "NotARunError", "MissingGeographyError"]
__version__ = "0.1.0"


def open(path: Union[str, "os.PathLike[str]"], *, start: Optional[Any] = None,
         allow_incomplete: bool = False) -> Run:  # noqa: A001 (civicsim.open, like xarray.open_dataset)
    """Open the output file of one run (`civicsim run`, or one run of a sweep).

    Raises NotARunError, saying what the file is and what reads it, for a file that is not a
    complete run's output: a sweep's sweep.h5, compare.h5, sensitivity.h5, calibration.h5, a
    checkpoint or its records log, another HDF5 file, a file that is not HDF5, or a run that has
    not finished (unless `allow_incomplete`). `start` (a date) adds a `date` coordinate."""
    return Run(path, start=start, allow_incomplete=allow_incomplete)


def open_compare(path: Union[str, "os.PathLike[str]"]) -> Comparison:
    """Open DIR/compare.h5, the output of `civicsim compare DIR`."""
    return Comparison(path)
