"""The machine a bench ran on, for the JSON file and the table's heading."""

import os
import platform
import re
import subprocess

from .scenarios import REPO


def command_output(cmd, cwd=None):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def read_first(path, pattern):
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(pattern, line)
                if m:
                    return m.group(1).strip()
    except OSError:
        pass
    return ""


def machine(build_dir, before=None):
    compiler = read_first(os.path.join(build_dir, "CMakeCache.txt"), r"CMAKE_CXX_COMPILER:\w+=(.*)") or "g++"
    mem_kib = read_first("/proc/meminfo", r"MemTotal:\s+(\d+)")
    commit = command_output(["git", "rev-parse", "HEAD"], cwd=REPO)
    dirty = bool(command_output(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO))
    l3 = ""
    try:
        with open("/sys/devices/system/cpu/cpu0/cache/index3/size", encoding="utf-8") as f:
            l3 = f.read().strip()
    except OSError:
        pass
    return {
        "cpu": read_first("/proc/cpuinfo", r"model name\s*:\s*(.*)") or platform.processor(),
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)),
        "l3_cache": l3,
        "memory_bytes": int(mem_kib) * 1024 if mem_kib else None,
        "load_average_at_start": list(os.getloadavg()),
        "kernel": platform.release(),
        "compiler": command_output([compiler, "--version"]).splitlines()[0] if compiler else "",
        "civicsim": command_output([os.path.join(build_dir, "civicsim"), "--version"]),
        "git_commit": commit + ("-dirty" if dirty else ""),
        "before": {"path": before, "civicsim": command_output([before, "--version"])} if before else None,
    }
