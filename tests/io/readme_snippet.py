#!/usr/bin/python3
"""Runs the README's Python blocks against a real output file, from a fresh folder.

The first block reads the file with h5py and xarray and must print its status; the second uses the
reader civicsim (viz_export/python, from the source tree) and must print the district kinds and the
unmet needs. Every further block must run.

Usage: readme_snippet.py README.md  (env CIVICSIM = the civicsim program)
"""
import os
import re
import subprocess
import sys
import tempfile

readme_path = os.path.abspath(sys.argv[1])
readme = open(readme_path, encoding="utf-8").read()
blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
if not blocks:
    sys.exit("README has no ```python block")
expected = [["complete"], ["rural", "unmet_needs"]]
reader = os.path.join(os.path.dirname(readme_path), "viz_export", "python", "src")
env = dict(os.environ, PYTHONPATH=os.pathsep.join([reader] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
with tempfile.TemporaryDirectory() as work:
    subprocess.run([os.environ["CIVICSIM"], "run", "--days", "2", "--quiet"], cwd=work, check=True)
    for number, block in enumerate(blocks, start=1):
        result = subprocess.run([sys.executable, "-c", block], cwd=work, env=env, capture_output=True, text=True)
        print(result.stdout)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            sys.exit(f"the README's Python block {number} failed")
        words = expected[number - 1] if number <= len(expected) else []
        missing = [word for word in words if word not in result.stdout]
        if missing:
            sys.exit(f"the README's Python block {number} did not print {missing}")
print(f"README Python blocks ran ({len(blocks)})")
