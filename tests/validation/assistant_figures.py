#!/usr/bin/env python3
"""Assistant figures of a run (docs/calibration.md, "Assistant resolution (Kunshan)"):

    build/cpu/civicsim run scenarios/default.yaml -o out/default.h5
    /usr/bin/python3 tests/validation/assistant_figures.py out/default.h5 [more.h5 ...]

Prints, per file: the share of digital-human sessions resolved without a person (Kunshan: 2,840 of
9,344 = 0.304), sessions, escalations, and for the rural elderly the needs the assistant met, the
hotline arrivals and the unmet needs (real-world counts, whole run).
"""
import sys

import h5py

CHANNELS = ["in_person", "hotline", "online", "digital_human"]
GROUPS = ["urban_adult", "urban_elderly", "rural_adult", "rural_elderly"]
DH, HOT, RE = 3, 1, 3


def figures(path):
    with h5py.File(path, "r") as f:
        s = {k: f["series/" + k][()] for k in ("completed", "resolved", "escalated", "arrivals", "served")}
        unmet = f["daily/unmet_needs"][()]
    out = {}
    out["dh_sessions"] = float(s["completed"][:, :, :, DH].sum())
    out["dh_resolved_share"] = float(s["resolved"][:, :, :, DH].sum()) / max(out["dh_sessions"], 1)
    out["dh_escalated"] = float(s["escalated"][:, :, :, DH].sum())
    out["rural_elderly_dh_resolved"] = float(s["resolved"][:, :, RE, DH].sum())
    out["rural_elderly_dh_sessions"] = float(s["completed"][:, :, RE, DH].sum())
    out["rural_elderly_hotline_arrivals"] = float(s["arrivals"][:, :, RE, HOT].sum())
    out["rural_elderly_unmet"] = float(unmet[:, :, RE].sum())
    return out


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(path, " ".join(f"{k}={v:.4f}" for k, v in figures(path).items()))
