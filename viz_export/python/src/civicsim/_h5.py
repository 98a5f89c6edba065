"""Small h5py helpers: text, attributes, and a group of datasets as an xarray Dataset.

civicsim stores every axis as an HDF5 dimension scale (docs/output.md, "Dimensions"), attached to
the datasets that use it, so a dataset's dimension names and coordinate values are read from the
file rather than assumed.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import h5py
import numpy as np
import xarray as xr


def text(value: Any) -> str:
    """A string attribute or element as str (h5py gives bytes for some strings)."""
    if isinstance(value, bytes):
        return value.decode("utf-8").rstrip("\0")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)


def python_value(value: Any) -> Any:
    """An attribute value as a plain Python value: str, int, float, or a list of them."""
    if isinstance(value, (bytes, str)):
        return text(value)
    if isinstance(value, np.ndarray):
        if value.shape == ():
            return python_value(value[()])
        return [python_value(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


#: HDF5's own dimension-scale bookkeeping, left out of the attributes returned.
SCALE_ATTRIBUTES = ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME")


def attributes(obj: h5py.HLObject) -> Dict[str, Any]:
    """The attributes of a file, group or dataset as a dict of plain Python values."""
    return {name: python_value(obj.attrs[name]) for name in obj.attrs if name not in SCALE_ATTRIBUTES}


def values(dataset: h5py.Dataset) -> np.ndarray:
    """A dataset's values; strings as a numpy array of str."""
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return np.array(dataset.asstr()[()], dtype=object).astype(str)
    return dataset[()]


def is_scale(dataset: h5py.Dataset) -> bool:
    """True for a dimension scale (its CLASS attribute is DIMENSION_SCALE)."""
    return text(dataset.attrs.get("CLASS", b"")) == "DIMENSION_SCALE"


def dimension_names(dataset: h5py.Dataset) -> List[str]:
    """The names of a dataset's dimensions, from the scales attached to each axis."""
    names = []
    for axis in range(dataset.ndim):
        attached = list(dataset.dims[axis].keys())
        if not attached:
            raise ValueError(f"{dataset.name}: axis {axis} has no dimension scale attached")
        names.append(text(attached[0]))
    return names


def group_dataset(group: h5py.Group, rename: Optional[Dict[str, str]] = None) -> xr.Dataset:
    """Every dataset of a group (its dimension scales excepted) as one xarray Dataset: dimensions
    named by the attached scales, the scales' values as coordinates, `units` and `description`
    kept as each variable's attributes. `rename` maps a file dimension name to the one returned."""
    rename = rename or {}
    variables: Dict[str, xr.Variable] = {}
    coords: Dict[str, np.ndarray] = {}
    for name, item in group.items():
        if not isinstance(item, h5py.Dataset) or is_scale(item):
            continue
        dims = dimension_names(item)
        for axis, dim in enumerate(dims):
            if dim not in coords:
                coords[dim] = values(item.dims[axis][0])
        variables[name] = xr.Variable([rename.get(d, d) for d in dims], values(item), attributes(item))
    dataset = xr.Dataset(variables)
    for dim, coord in coords.items():
        dataset = dataset.assign_coords({rename.get(dim, dim): coord})
    dataset.attrs.update(attributes(group))
    return dataset


def column_table(group: h5py.Group) -> Dict[str, np.ndarray]:
    """A group whose datasets are the columns of a table (all 1-D, one length): name -> values."""
    return {
        name: values(item)
        for name, item in group.items()
        if isinstance(item, h5py.Dataset) and item.ndim == 1
    }
