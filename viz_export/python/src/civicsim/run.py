"""One run's output file (docs/output.md) as xarray datasets and pandas tables.

Every figure is read with h5py into memory when first asked for; the file is not kept open. The
district metadata of /geography/districts (schema 2) is joined onto every dataset along `district`
by name, as coordinates name_zh, kind, lat, lon and residents (the district's population), so
`run.series.sel(district=...)` carries them and `run.series.groupby("kind")` sums by district kind.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import Any, Dict, Optional, Union

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from civicsim import _h5, _kind, _scenario, _tables

PathLike = Union[str, "os.PathLike[str]"]

#: The district columns joined onto every dataset along `district` as coordinates, and the name
#: of each coordinate: the residents of a district (all ages, real-world) are `residents`, since
#: /daily/population is another figure (the citizen agents of each group).
DISTRICT_COORDINATES = {"name_zh": "name_zh", "kind": "kind", "lat": "lat", "lon": "lon", "population": "residents"}


class MissingGeographyError(LookupError):
    """The file has no /geography: it was written before output schema 2."""


class Run:
    """A complete run's output. Open it with `civicsim.open(path)`.

    Attributes (each read on first use):
      series    xarray Dataset of /series: dims time, district, group, channel
      daily     xarray Dataset of /daily: dims day, district, group (channel for staff)
      summary   pandas DataFrame of /summary, tidy: figure, group, channel, value, units
      districts pandas DataFrame of /geography/districts joined with /summary/district
      district_kinds  pandas DataFrame of /summary/district_kind (urban, suburban, rural)
      district_summary  xarray Dataset of /summary/district, [D, C] figures included
      halls     pandas DataFrame of /geography/halls with their district's name and kind
      interventions  pandas DataFrame of /interventions
      attrs     dict of the file's root attributes (scenario_name, seed, status, ...)
      question  the question the scenario asks (its opening comment)
    """

    def __init__(self, path: PathLike, *, start: Optional[Any] = None, allow_incomplete: bool = False):
        """`start`: a date or timestamp (anything pandas.Timestamp takes) for the run's first
        midnight; given, `series` and `daily` get a `date` coordinate. Without it, a run whose
        scenario gave `time.start_date` (root attribute `start_date`) starts on that date; other
        files have no calendar, only time since the start and `time.start_weekday`."""
        self.path = os.fspath(path)
        _kind.require(self.path, "run", allow_incomplete)
        if start is None:
            start = self.attrs.get("start_date") or None
        self.start = pd.Timestamp(start) if start is not None else None

    def __repr__(self) -> str:
        a = self.attrs
        days = self._dimension_size("day")
        districts = self._dimension_size("district")
        agents = f"{a['agents']:,} agents, " if "agents" in a else ""
        return (f"<civicsim.Run {a.get('scenario_name', '?')!r} seed {a.get('seed', '?')}: {days} days, "
                f"{districts} districts, {agents}{a.get('status', '?')}; {self.path}>")

    def _file(self) -> h5py.File:
        return h5py.File(self.path, "r")

    def _dimension_size(self, name: str) -> int:
        with self._file() as f:
            return int(f["dims"][name].shape[0])

    @cached_property
    def attrs(self) -> Dict[str, Any]:
        """The root attributes as plain Python values (docs/output.md, "Root attributes")."""
        with self._file() as f:
            return _h5.attributes(f)

    @cached_property
    def schema_version(self) -> int:
        """The layout of the file: 1, or 2 from the schema that added /geography."""
        return int(self.attrs["schema_version"])

    @property
    def has_geography(self) -> bool:
        """True when the file has /geography (schema 2 and later)."""
        with self._file() as f:
            return "geography" in f

    @cached_property
    def scenario_yaml(self) -> str:
        """The scenario file exactly as given (/scenario/yaml)."""
        with self._file() as f:
            return _h5.text(f["scenario/yaml"][()])

    @cached_property
    def question(self) -> str:
        """The question the scenario asks: its `question` (the root attribute of schema 2), else the
        `# Question:` of its opening comment; "" when it states none."""
        return self.attrs.get("question") or _scenario.question(self.scenario_yaml)

    # --- geography -------------------------------------------------------------------------------

    def _require_geography(self, what: str) -> None:
        if not self.has_geography:
            raise MissingGeographyError(
                f"{self.path}: {what} needs /geography, which output files have from schema 2 on; this "
                f"file has schema {self.schema_version}: run its scenario again with the current civicsim")

    @cached_property
    def geography(self) -> pd.DataFrame:
        """/geography/districts, one row per district (index: district name, in /dims/district's order)."""
        self._require_geography("the district table")
        with self._file() as f:
            return _tables.district_table(f["geography/districts"], _h5.values(f["dims/district"]))

    @cached_property
    def districts(self) -> pd.DataFrame:
        """/geography/districts joined with the per-district figures of /summary/district (the [D]
        ones, over the analysis window; `district_summary` has those by channel too)."""
        figures = _tables.along(self.district_summary, "district")
        table = self.geography.join(figures)
        table.attrs.update(figures.attrs)
        return table

    @cached_property
    def district_summary(self) -> xr.Dataset:
        """/summary/district as a Dataset along district (and channel), district columns joined."""
        self._require_geography("the district summary")
        with self._file() as f:
            dataset = _h5.group_dataset(f["summary/district"])
        return self._join_districts(dataset)

    @cached_property
    def district_kinds(self) -> pd.DataFrame:
        """/summary/district_kind: the [K] figures, one row per kind (urban, suburban, rural)."""
        self._require_geography("the district-kind summary")
        with self._file() as f:
            return _tables.along(_h5.group_dataset(f["summary/district_kind"]), "district_kind")

    @cached_property
    def halls(self) -> pd.DataFrame:
        """/geography/halls, one row per hall, with its district's name and kind."""
        self._require_geography("the hall table")
        with self._file() as f:
            return _tables.hall_table(f["geography/halls"], self.geography)

    def _join_districts(self, dataset: xr.Dataset) -> xr.Dataset:
        """The district coordinates (DISTRICT_COORDINATES) joined by name onto `dataset`."""
        if "district" not in dataset.dims or not self.has_geography:
            return dataset
        rows = self.geography.reindex(dataset["district"].values)
        missing = rows.index[rows["kind"].isna()].tolist()
        if missing:
            raise ValueError(f"{self.path}: districts {missing} are not in /geography/districts")
        return dataset.assign_coords({
            name: ("district", rows[column].to_numpy())
            for column, name in DISTRICT_COORDINATES.items() if column in rows
        })

    # --- series, daily, summary ------------------------------------------------------------------

    @cached_property
    def series(self) -> xr.Dataset:
        """/series: one value per report interval, dims (time, district, group, channel).

        Coordinates along time: `time` (a timedelta: the end of the interval since the run's
        start), `time_seconds` (the same in seconds, as the file stores it), `day` (the day the
        interval belongs to: (time_seconds - 1) // 86400), and `date` when `start` was given."""
        with self._file() as f:
            dataset = _h5.group_dataset(f["series"], rename={"time_seconds": "time"})
        seconds = dataset["time"].values.astype(np.int64)
        dataset = dataset.assign_coords(
            time=pd.to_timedelta(seconds, unit="s"),
            time_seconds=("time", seconds),
            day=("time", (seconds - 1) // 86400),
        )
        if self.start is not None:
            dataset = dataset.assign_coords(date=("time", self.start + pd.to_timedelta(seconds, unit="s")))
        dataset.attrs.update(self.attrs)
        return self._join_districts(dataset)

    @cached_property
    def daily(self) -> xr.Dataset:
        """/daily: one value per simulated day, dims (day, district, group), staff (day, district,
        channel); `date` along day when `start` was given. Datasets in agent units say so in their
        `units` attribute ("agents", docs/output.md)."""
        with self._file() as f:
            dataset = _h5.group_dataset(f["daily"])
        if self.start is not None:
            days = dataset["day"].values.astype(np.int64)
            dataset = dataset.assign_coords(date=("day", self.start + pd.to_timedelta(days, unit="D")))
        dataset.attrs.update(self.attrs)
        return self._join_districts(dataset)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """/summary, tidy: one row per figure x group x channel (group and channel None where the
        figure has no such axis), with `value` and `units`; `attrs` holds the window."""
        with self._file() as f:
            return _tables.tidy_summary(f["summary"])

    @cached_property
    def summary_figures(self) -> xr.Dataset:
        """/summary as a Dataset: each figure along its own axes (group, channel or none)."""
        with self._file() as f:
            return _h5.group_dataset(f["summary"])

    @cached_property
    def interventions(self) -> pd.DataFrame:
        """/interventions, one row per intervention (empty when the scenario has none)."""
        with self._file() as f:
            columns = _h5.column_table(f["interventions"])
        return pd.DataFrame(columns).set_index("intervention")
