"""`python -m civicsim FILE`: a short summary of a run's output, read through the reader.

Exit status: 0, or 65 when FILE is not a run's output (it says what the file is), 66 when there is
no such file (the same codes as the civicsim program, io/exit_status.hpp).
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

import numpy as np

import civicsim
from civicsim.run import MissingGeographyError, Run

QUEUED_CHANNELS = ("in_person", "hotline", "digital_human")


def _minutes(seconds: float) -> str:
    return "-" if not np.isfinite(seconds) else f"{seconds / 60:.1f}"


def group_lines(run: Run) -> List[str]:
    """Needs, unmet share and mean wait (pooled over the queued channels) per group, over the
    summary's window."""
    figures = run.summary_figures
    served = figures["served"].sel(channel=list(QUEUED_CHANNELS))
    waited = (figures["wait_mean_seconds"].sel(channel=list(QUEUED_CHANNELS)).fillna(0) * served).sum("channel")
    lines = [f"  {'group':<15} {'needs':>12} {'unmet %':>8} {'wait min':>9}"]
    for group in figures["group"].values:
        needs = float(figures["needs"].sel(group=group))
        unmet = float(figures["unmet_needs"].sel(group=group))
        total_served = float(served.sel(group=group).sum())
        wait = float(waited.sel(group=group)) / total_served if total_served else np.nan
        share = f"{100 * unmet / needs:.1f}" if needs else "-"
        lines.append(f"  {group:<15} {needs:>12,.0f} {share:>8} {_minutes(wait):>9}")
    return lines


def district_lines(run: Run) -> List[str]:
    """Mean wait and unmet share per district kind (schema 2 files)."""
    try:
        kinds = run.district_kinds
    except MissingGeographyError:
        return ["  (no /geography: a file written before output schema 2)"]
    counts = run.geography["kind"].value_counts()
    lines = [f"  {'kind':<15} {'districts':>9} {'unmet %':>8} {'wait min':>9}"]
    for kind, row in kinds.iterrows():
        share = row.get("unmet_share", np.nan)
        share_text = "-" if not np.isfinite(share) else f"{100 * share:.1f}"
        lines.append(f"  {kind:<15} {counts.get(kind, 0):>9} {share_text:>8} "
                     f"{_minutes(row.get('wait_mean_seconds', np.nan)):>9}")
    return lines


def describe(run: Run) -> str:
    """The summary `python -m civicsim FILE` prints."""
    a = run.attrs
    window = run.summary.attrs
    first, count = window.get("window_first_day"), window.get("window_days")
    lines = [
        f"{run.path}: civicsim run of {a.get('scenario_name', '?')!r}, seed {a.get('seed', '?')}, "
        f"{a.get('status', '?')} (schema {a.get('schema_version', '?')})",
    ]
    if run.question:
        lines.append(f"Question: {run.question}")
    days = run.daily.sizes["day"]
    agents = f", {a['agents']:,} agents (population.scale {a['population_scale']:g})" if "agents" in a else ""
    lines.append(f"{days} days, {run.series.sizes['district']} districts{agents}")
    interventions = run.interventions
    for _, row in interventions.iterrows():
        lines.append(f"Intervention: {row['type']} from day {row['start_day']} in {row['districts']}")
    lines.append(f"By group, over days {first} to {first + count - 1}:" if count else "By group:")
    lines += group_lines(run)
    lines.append("By district kind:")
    lines += district_lines(run)
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m civicsim", description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a run's output (.h5)")
    args = parser.parse_args(argv)
    try:
        print(describe(civicsim.open(args.file)))
    except (FileNotFoundError, IsADirectoryError) as error:
        print(f"python -m civicsim: {error}", file=sys.stderr)
        return 66
    except civicsim.NotARunError as error:
        print(f"python -m civicsim: {error}", file=sys.stderr)
        return 65
    return 0


if __name__ == "__main__":
    sys.exit(main())
