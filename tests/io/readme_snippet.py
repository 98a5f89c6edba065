#!/usr/bin/python3
"""Runs the README's Python block against a real output file, from a fresh folder.

Usage: readme_snippet.py README.md  (env CIVICSIM = the civicsim program)
"""
import os
import re
import subprocess
import sys
import tempfile

readme = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
if not blocks:
    sys.exit("README has no ```python block")
with tempfile.TemporaryDirectory() as work:
    subprocess.run([os.environ["CIVICSIM"], "run", "--days", "2", "--quiet"], cwd=work, check=True)
    result = subprocess.run([sys.executable, "-c", blocks[0]], cwd=work, capture_output=True, text=True)
    print(result.stdout)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        sys.exit("the README's Python block failed")
    if "complete" not in result.stdout:
        sys.exit("the README's Python block did not print the file's status")
print("README Python block ran")
