"""civicsim as an EMA Workbench model (docs/sensitivity.md, "The EMA Workbench").

Each experiment EMA asks for is one civicsim run: the experiment's values become a one-row design
file (`civicsim sweep SCENARIO --design-file`), and the run's figures come back from the sweep's
outputs.csv. A failed run raises, so EMA records the experiment as failed rather than a NaN.

    python ema_workbench_model.py --civicsim build/cpu/civicsim --scenario tests/data/small.yaml --experiments 8

Python with `ema_workbench` (PyPI) installed; civicsim's own Python needs nothing.
"""
import argparse
import csv
import os
import subprocess
import tempfile

from ema_workbench import Model, RealParameter, ScalarOutcome, SequentialEvaluator, perform_experiments

# EMA names must be Python identifiers: each maps to a dotted scenario key.
UNCERTAINTIES = {  # name: (scenario key, low, high)
    "skill_sd": ("staff.skill_sd", 0.05, 0.3),
    "bass_q": ("citizens.adoption.q", 0.1, 1.0),
}
OUTCOMES = {"wait": "wait_mean_minutes/all", "unmet": "unmet_needs/all", "rural_elderly_time": "total_time_mean_minutes/rural_elderly"}


def civicsim_function(civicsim, scenario):
    """The function EMA calls with one experiment's values; returns its outcomes."""

    def run(**values):
        with tempfile.TemporaryDirectory(prefix="civicsim-ema-") as tmp:
            design = os.path.join(tmp, "design.txt")
            with open(design, "w") as f:
                f.write(" ".join(UNCERTAINTIES[name][0] for name in values) + "\n")
                f.write(" ".join(repr(float(v)) for v in values.values()) + "\n")
            out = os.path.join(tmp, "sweep")
            subprocess.run([civicsim, "sweep", scenario, "--design-file", design, "-o", out, "-q", "--jobs", "1"],
                           check=True)
            with open(os.path.join(out, "outputs.csv")) as f:
                row = next(csv.DictReader(f))
            if row["status"] != "done":
                raise RuntimeError("civicsim run %s %s" % (row["run_id"], row["status"]))
            return {name: float(row[figure]) for name, figure in OUTCOMES.items()}

    return run


def model(civicsim, scenario):
    m = Model("civicsim", function=civicsim_function(civicsim, scenario))
    m.uncertainties = [RealParameter(name, low, high) for name, (_, low, high) in UNCERTAINTIES.items()]
    m.outcomes = [ScalarOutcome(name) for name in OUTCOMES]
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--civicsim", required=True)
    ap.add_argument("--scenario", required=True, help="a scenario with a `sweep` section (replicates: 1)")
    ap.add_argument("--experiments", type=int, default=8)
    a = ap.parse_args()
    m = model(a.civicsim, a.scenario)
    with SequentialEvaluator(m) as evaluator:
        experiments, outcomes = perform_experiments(m, scenarios=a.experiments, evaluator=evaluator)
    print(experiments[list(UNCERTAINTIES)])
    print(outcomes)


if __name__ == "__main__":
    main()
