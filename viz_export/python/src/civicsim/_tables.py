"""The tables of a run's output as pandas DataFrames: districts, halls and the tidy summary."""

from __future__ import annotations

from typing import Dict, List

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from civicsim import _h5

#: Column order of the district table (MODEL.md §10); columns the file adds come after these.
DISTRICT_COLUMNS = ("name_zh", "kind", "lat", "lon", "population", "area_km2", "urban_share",
                    "share_60_plus", "agents", "halls")
HALL_COLUMNS = ("district", "kind", "lat", "lon", "x_m", "y_m", "district_index")


def district_table(group: h5py.Group, names: np.ndarray) -> pd.DataFrame:
    """/geography/districts, indexed by district name, rows in the order of `names` (/dims/district)."""
    columns = {name: v for name, v in _h5.column_table(group).items() if name not in ("district",)}
    row_names = columns.pop("name", None)
    if row_names is None:
        row_names = _h5.values(group["district"])
    table = pd.DataFrame(columns, index=pd.Index(row_names, name="district"))
    if table.index.has_duplicates:
        raise ValueError(f"{group.file.filename}: {group.name} names a district twice")
    if set(table.index) != set(names):
        raise ValueError(f"{group.file.filename}: {group.name} does not list the districts of /dims/district")
    order = [c for c in DISTRICT_COLUMNS if c in table] + [c for c in table if c not in DISTRICT_COLUMNS]
    return table.loc[list(names), order]


def hall_table(group: h5py.Group, districts: pd.DataFrame) -> pd.DataFrame:
    """/geography/halls, indexed by hall number, with the name and kind of each hall's district."""
    columns = _h5.column_table(group)
    hall = columns.pop("hall", np.arange(len(columns.get("district", []))))
    index = np.asarray(columns.pop("district"), dtype=np.int64)
    if len(index) and (index.min() < 0 or index.max() >= len(districts)):
        raise ValueError(f"{group.file.filename}: {group.name}/district is not an index into /dims/district")
    table = pd.DataFrame(columns, index=pd.Index(hall, name="hall"))
    table["district_index"] = index
    table["district"] = districts.index.to_numpy()[index]
    table["kind"] = districts["kind"].to_numpy()[index]
    order = [c for c in HALL_COLUMNS if c in table] + [c for c in table if c not in HALL_COLUMNS]
    return table[order]


def along(dataset: xr.Dataset, dim: str) -> pd.DataFrame:
    """The variables of `dataset` that lie along `dim` alone, as columns indexed by `dim`."""
    columns = {name: v.values for name, v in dataset.data_vars.items() if v.dims == (dim,)}
    table = pd.DataFrame(columns, index=pd.Index(dataset[dim].values, name=dim))
    table.attrs.update(dataset.attrs)
    return table


def tidy_summary(group: h5py.Group) -> pd.DataFrame:
    """Every dataset of /summary over group and channel (or neither) as rows of figure, group,
    channel, value, units; the per-district figures (/summary/district) are in Run.districts."""
    rows: List[Dict[str, object]] = []
    for name, item in group.items():
        if not isinstance(item, h5py.Dataset) or _h5.is_scale(item):
            continue
        dims = _h5.dimension_names(item)
        if not set(dims) <= {"group", "channel"}:
            continue
        units = _h5.text(item.attrs.get("units", ""))
        labels = [_h5.values(item.dims[axis][0]) for axis in range(item.ndim)]
        data = np.asarray(item[()], dtype=np.float64)
        for position in np.ndindex(*data.shape):
            row: Dict[str, object] = {"figure": name, "group": None, "channel": None}
            for dim, axis_labels, i in zip(dims, labels, position):
                row[dim] = str(axis_labels[i])
            row["value"] = float(data[position])
            row["units"] = units
            rows.append(row)
    table = pd.DataFrame(rows, columns=["figure", "group", "channel", "value", "units"])
    table.attrs.update(_h5.attributes(group))
    return table
