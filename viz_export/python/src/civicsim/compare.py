"""The output of `civicsim compare DIR` (DIR/compare.h5, docs/sweeps.md) as pandas and xarray."""

from __future__ import annotations

import os
from functools import cached_property
from typing import Any, Dict

import h5py
import pandas as pd
import xarray as xr

from civicsim import _h5, _kind


class Comparison:
    """A sweep's arms against its baseline. Open it with `civicsim.open_compare(path)`.

    Attributes (each read on first use):
      differences  pandas DataFrame of /differences: one row per arm x grid point x figure x scope,
                   with the paired difference's mean and 95% interval (ci95_low, ci95_high)
      datasets     xarray Dataset of the root's arrays (wait_by_day: arm, grid_point, day, group)
      attrs        dict of the root attributes (scenario_name, baseline_arm, sample, ...)
    """

    def __init__(self, path: "os.PathLike[str] | str"):
        self.path = os.fspath(path)
        _kind.require(self.path, "compare")

    def __repr__(self) -> str:
        arms = sorted(set(self.differences["arm"]))
        return (f"<civicsim.Comparison {self.attrs.get('scenario_name', '?')!r}: {', '.join(arms)} against "
                f"{self.attrs.get('baseline_arm', '?')!r}; {self.path}>")

    @cached_property
    def attrs(self) -> Dict[str, Any]:
        """The root attributes as plain Python values."""
        with h5py.File(self.path, "r") as f:
            return _h5.attributes(f)

    @cached_property
    def differences(self) -> pd.DataFrame:
        """/differences as a table (docs/sweeps.md, "compare.h5")."""
        with h5py.File(self.path, "r") as f:
            return pd.DataFrame(_h5.column_table(f["differences"]))

    @cached_property
    def datasets(self) -> xr.Dataset:
        """The arrays at the root of compare.h5, along their dimension scales."""
        with h5py.File(self.path, "r") as f:
            return _h5.group_dataset(f)
