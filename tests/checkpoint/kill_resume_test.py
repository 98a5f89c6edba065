#!/usr/bin/python3
"""Runs that survive, end to end with the real program (docs/checkpoints.md).

1. SIGKILL at random moments, and while a checkpoint is being written, then `--resume auto` until
   the run finishes; the output must equal an uninterrupted run's, compared by h5diff with no
   tolerance (every group), on 1 and on 2 threads (2 threads with HDF5_USE_FILE_LOCKING=FALSE).
   After every kill: nothing under the final name unless the run had published it complete (a kill
   between publishing and exiting; the next `--resume auto` then exits 0), and `civicsim inspect`
   calls the killed run's temporary file incomplete.
2. SIGTERM, SIGINT and SIGUSR1 mid-run: exit 75 within about one step, a usable checkpoint, and
   `--resume` finishes identically.
3. Two signals in a row while a checkpoint is being written: the process stops at once, leaves no
   temporary files, and the last complete checkpoint still resumes to the identical output.

Prints what it tried and measured as JSON (--report). Exit 0 when every check passed.
"""
import argparse
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

GROUPS = ["/series", "/daily", "/summary", "/interventions", "/scenario", "/dims"]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message, flush=True)
    return condition


def h5_same(a, b):
    """h5diff with no tolerance over every group; returns the differing groups."""
    differing = []
    for group in GROUPS:
        r = subprocess.run(["h5diff", a, b, group, group], capture_output=True, text=True)
        if r.returncode != 0:
            differing.append(group + ": " + (r.stdout + r.stderr).strip()[:300])
    return differing


def inspect(civicsim, path):
    r = subprocess.run([civicsim, "inspect", path, "--json"], capture_output=True, text=True)
    try:
        return r.returncode, json.loads(r.stdout)
    except ValueError:
        return r.returncode, {"raw": r.stdout + r.stderr}


class Runner:
    def __init__(self, args):
        self.civicsim = args.civicsim
        self.base = ([args.scenario] if args.scenario else []) + ["--days", str(args.days), "-q"]

    def command(self, out, threads, *extra):
        return [self.civicsim, "run", *self.base, "-o", out, "--threads", str(threads), *extra]

    def start(self, out, threads, env, *extra):
        return subprocess.Popen(self.command(out, threads, *extra), env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    def run(self, out, threads, env, *extra):
        start = time.monotonic()
        r = subprocess.run(self.command(out, threads, *extra), env=env, capture_output=True, text=True)
        return r.returncode, r.stdout + r.stderr, time.monotonic() - start


def temporary_checkpoint(out, pid):
    """The pattern of the checkpoint a run is writing: `.NAME.ckpt.tmp-PID-RANDOM` (io/safe_file.hpp)."""
    return os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".ckpt.tmp-" + str(pid) + "-*")


def exists(pattern):
    return bool(glob.glob(pattern))


def differing_files(folder):
    """What a finished run left in `folder` besides its output."""
    return [f for f in os.listdir(folder) if f != "run.h5"]


def kill_and_resume(runner, args, rng, threads, env, reference, seconds):
    """Kills one run again and again, then lets it finish; returns the kill log."""
    folder = os.path.join(args.work, "threads-%d" % threads)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    out = os.path.join(folder, "run.h5")
    plan = ["random"] * args.kills + ["checkpoint-write"] * args.write_kills
    rng.shuffle(plan)
    # On a busy machine a write can slip between two polls: extra tries until one kill lands inside.
    plan += ["checkpoint-write-retry"] * 6
    kills = []
    done_days = 0
    finished = False
    for index, mode in enumerate(plan):
        if mode == "checkpoint-write-retry":
            if any(k.get("killed_inside_write") for k in kills):
                break
            mode = "checkpoint-write"
        p = runner.start(out, threads, env, "--checkpoint-every", "1", "--resume", "auto")
        tmp = temporary_checkpoint(out, p.pid)
        delay = None
        if mode == "random":  # anywhere in what is left of the run (and its start-up)
            delay = rng.uniform(0.0, 0.05 + seconds * (args.days - done_days) / args.days)
            time.sleep(delay)
        else:
            deadline = time.monotonic() + 4 * seconds + 5
            while not exists(tmp) and p.poll() is None and time.monotonic() < deadline:
                pass  # poll as fast as possible: the write takes milliseconds
        finished = p.poll() is not None
        if not finished:
            try:
                os.kill(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        p.wait()
        finished = finished or p.returncode == 0  # it may have ended just before the kill
        entry = {"mode": mode, "delay_s": delay, "finished_first": finished}
        if mode == "checkpoint-write" and not finished:
            entry["killed_inside_write"] = exists(tmp)
        if finished:
            check(p.returncode == 0, "a run that was not killed failed: %s" % p.stdout.read())
            kills.append(entry)
            wanted = [m for m in plan[index + 1:] if m.startswith("checkpoint-write")]
            if any(k.get("killed_inside_write") for k in kills) or not wanted:
                break
            # It finished before the planned kills inside a checkpoint write (a quiet machine runs
            # faster than the timed run): start it over for them.
            check(not differing_files(folder), "files left besides the output: %s" % os.listdir(folder))
            os.remove(out)
            done_days, finished = 0, False
            continue
        if os.path.exists(out):  # killed after publishing its output, before it exited: complete
            code, report = inspect(runner.civicsim, out)
            entry["killed_after_publishing"] = True
            check(code == 0 and report.get("verdict") == "COMPLETE",
                  "a killed run left an incomplete file under the final name %s: %s" % (out, report))
        partials = glob.glob(os.path.join(folder, ".run.h5.partial-%d*" % p.pid))
        for partial in partials:
            code, report = inspect(runner.civicsim, partial)
            entry["partial_verdict"] = report.get("verdict")
            check(code == 65 and report.get("verdict") in ("INCOMPLETE", "DAMAGED"),
                  "inspect of a killed run's file %s: exit %d, %s" % (partial, code, report))
        if os.path.exists(out + ".ckpt"):
            code, report = inspect(runner.civicsim, out + ".ckpt")
            entry["checkpoint_day"] = report.get("day")
            done_days = report.get("day") or done_days
            check(code == 0, "the last checkpoint is not usable after a kill (%s): %s" % (mode, report))
        kills.append(entry)
    code, text = 0, ""
    if not finished:
        code, text, _ = runner.run(out, threads, env, "--checkpoint-every", "1", "--resume", "auto")
    check(code == 0, "the final resume failed (exit %d): %s" % (code, text))
    differing = h5_same(reference, out) if code == 0 else ["no output"]
    check(not differing, "threads=%d: resumed output differs from the uninterrupted run: %s" % (threads, differing))
    code, report = inspect(runner.civicsim, out)
    check(code == 0 and report.get("verdict") == "COMPLETE", "inspect of the finished output: %s" % report)
    leftovers = [f for f in os.listdir(folder) if f != "run.h5"]
    check(not leftovers, "files left after the run finished: %s" % leftovers)
    return {"threads": threads, "kills": kills, "resumes": report.get("resumes"), "identical": not differing}


def stop_signals(runner, args, env, reference, seconds, steps_per_second):
    results = []
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
        folder = os.path.join(args.work, "signal-" + sig.name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        out = os.path.join(folder, "run.h5")
        p = runner.start(out, 2, env)
        time.sleep(seconds * 0.15)  # early: the runs here use 2 threads, the reference time 1
        sent = time.monotonic()
        p.send_signal(sig)
        p.wait()
        took = time.monotonic() - sent
        text = p.stdout.read()
        check(p.returncode == 75, "%s: exit %d, expected 75: %s" % (sig.name, p.returncode, text))
        check("stopped by %s" % sig.name in text, "%s: no stop message: %s" % (sig.name, text))
        # One step (a window) takes 1/steps_per_second; the checkpoint write comes on top.
        check(took < args.stop_bound, "%s: took %.2f s to stop (bound %.1f s)" % (sig.name, took, args.stop_bound))
        code, report = inspect(runner.civicsim, out + ".ckpt")
        check(code == 0, "%s: checkpoint not usable: %s" % (sig.name, report))
        check(not os.path.exists(out) and not glob.glob(os.path.join(folder, ".*")),
              "%s: files left besides the checkpoint: %s" % (sig.name, os.listdir(folder)))
        code, text, _ = runner.run(out, 1, env, "--resume")
        check(code == 0, "%s: resume failed (exit %d): %s" % (sig.name, code, text))
        differing = h5_same(reference, out) if code == 0 else ["no output"]
        check(not differing, "%s: resumed output differs: %s" % (sig.name, differing))
        results.append({"signal": sig.name, "exit": p.returncode, "stop_seconds": round(took, 4),
                        "checkpoint_position": report.get("position"), "identical": not differing})
    # The same signal relayed at once by another process (SLURM signals every process of a job, and
    # a batch script's trap passes it on) is not a second signal: the run still checkpoints.
    folder = os.path.join(args.work, "signal-relayed")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    out = os.path.join(folder, "run.h5")
    p = runner.start(out, 2, env)
    time.sleep(seconds * 0.15)
    p.send_signal(signal.SIGTERM)
    subprocess.run(["kill", "-TERM", str(p.pid)])
    p.wait()
    text = p.stdout.read()
    check(p.returncode == 75 and "second stop signal" not in text and os.path.exists(out + ".ckpt"),
          "a relayed signal was taken for a second one (exit %d): %s" % (p.returncode, text))
    results.append({"signal": "SIGTERM, relayed by another process", "exit": p.returncode,
                    "checkpoint_written": os.path.exists(out + ".ckpt")})
    return {"signals": results, "step_seconds": 1.0 / steps_per_second}


def second_signal(runner, args, env, reference, seconds):
    """Signals twice while a checkpoint is being written; the second must land before the first is
    handled to the end, so the attempt is repeated (up to 6 times) until one does."""
    attempts = []
    for attempt in range(6):
        folder = os.path.join(args.work, "second-signal")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        out = os.path.join(folder, "run.h5")
        p = runner.start(out, 2, env, "--checkpoint-every", "1")
        tmp = temporary_checkpoint(out, p.pid)
        deadline = time.monotonic() + 4 * seconds + 5
        while not os.path.exists(out + ".ckpt") and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        while not exists(tmp) and p.poll() is None and time.monotonic() < deadline:
            pass
        inside = exists(tmp)
        p.send_signal(signal.SIGTERM)
        time.sleep(0.0005)  # two signals at once would merge into one pending signal
        p.send_signal(signal.SIGTERM)
        p.wait()
        stopped = p.stdout.read()
        at_once = "second stop signal" in stopped
        check(p.returncode == 75, "second signal: exit %d, expected 75: %s" % (p.returncode, stopped))
        check(not exists(tmp) and not os.path.exists(out) and not glob.glob(os.path.join(folder, ".*")),
              "second signal: left %s" % os.listdir(folder))
        code, report = inspect(runner.civicsim, out + ".ckpt")
        check(code == 0, "second signal: the last checkpoint is damaged: %s" % report)
        code, text, _ = runner.run(out, 2, env, "--resume")
        check(code == 0, "second signal: resume failed (exit %d): %s" % (code, text))
        differing = h5_same(reference, out) if code == 0 else ["no output"]
        check(not differing, "second signal: resumed output differs: %s" % differing)
        attempts.append({"signalled_during_write": inside, "stopped_at_once": at_once, "output": stopped.strip(),
                         "checkpoint_position": report.get("position"), "identical": not differing})
        if at_once:
            break
    check(any(a["stopped_at_once"] for a in attempts), "no second signal landed before the first was handled")
    return attempts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--civicsim", required=True)
    parser.add_argument("--scenario", default="", help="scenario file (default: the built-in default)")
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--kills", type=int, default=6, help="random kills per thread count")
    parser.add_argument("--write-kills", type=int, default=2, help="kills during a checkpoint write per thread count")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the kill plan and delays")
    parser.add_argument("--stop-bound", type=float, default=5.0, help="seconds a stop signal may take (noisy CI)")
    parser.add_argument("--work", required=True, help="folder for the runs (emptied first)")
    parser.add_argument("--report", default="", help="write the JSON report here")
    args = parser.parse_args()
    if shutil.which("h5diff") is None:
        print("SKIP: h5diff not found (apt-get install hdf5-tools)")
        return 77
    seed = args.seed
    rng = random.Random(seed)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    runner = Runner(args)
    env = dict(os.environ, OMP_WAIT_POLICY="passive")
    unlocked = dict(env, HDF5_USE_FILE_LOCKING="FALSE")

    reference = os.path.join(args.work, "reference.h5")
    code, text, plain_seconds = runner.run(reference, 1, env)
    if not check(code == 0, "the reference run failed: %s" % text):
        return 1
    # How long a run with a checkpoint every day takes: the span random kills are drawn from.
    timed = os.path.join(args.work, "timed.h5")
    code, text, seconds = runner.run(timed, 2, env, "--checkpoint-every", "1")
    check(code == 0 and not h5_same(reference, timed), "a run with checkpoints on 2 threads differs from one without")
    report = {"seed": seed, "days": args.days, "plain_run_seconds": round(plain_seconds, 3),
              "checkpointed_run_seconds": round(seconds, 3), "kill_and_resume": []}
    print("seed %d; a run takes %.2f s (%.2f s with a checkpoint every day)" % (seed, plain_seconds, seconds), flush=True)
    for threads, environment in ((1, env), (2, unlocked)):
        result = kill_and_resume(runner, args, rng, threads, environment, reference, seconds)
        result["hdf5_file_locking"] = environment.get("HDF5_USE_FILE_LOCKING", "default")
        report["kill_and_resume"].append(result)
        print(json.dumps(result), flush=True)
    # Steps per second of a plain run: windows of 5 minutes plus the daily steps.
    steps = args.days * (288 + 2)
    report["stop"] = stop_signals(runner, args, unlocked, reference, plain_seconds, steps / plain_seconds)
    print(json.dumps(report["stop"]), flush=True)
    report["second_signal"] = second_signal(runner, args, unlocked, reference, seconds)
    print(json.dumps(report["second_signal"]), flush=True)
    kills = [k for r in report["kill_and_resume"] for k in r["kills"] if not k["finished_first"]]
    report["kill_points"] = len(kills)
    report["killed_inside_checkpoint_write"] = sum(1 for k in kills if k.get("killed_inside_write"))
    for result in report["kill_and_resume"]:
        check(any(k.get("killed_inside_write") for k in result["kills"]),
              "threads=%d: no kill landed inside a checkpoint write" % result["threads"])
    report["failures"] = failures
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=2)
    print("%d kill points (%d inside a checkpoint write), %d failures" %
          (report["kill_points"], report["killed_inside_checkpoint_write"], len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
