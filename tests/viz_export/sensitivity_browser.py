#!/usr/bin/env python3
"""`civicsim sensitivity`'s sensitivity.html in headless Chromium (standard library only).

Writes a synthetic sweep with a Morris design (--synthetic-sweep TOOL, tools/write_sensitivity_sweep.cpp),
runs `civicsim sensitivity DIR --arm all`, then, with the helpers of report_browser.py:
  * --dump-dom: every parameter (from sensitivity.csv) is on the rendered page and in the ranking
    plots; there is one <svg class="plot" data-plot="ranking"> per arm and figure, with that figure
    as data-figure; nothing is fetched from elsewhere;
  * console: Chromium's log has no CONSOLE line (any console message fails the test);
  * --screenshot: ARTIFACTS/NAME.png is 1280x4000 and not blank (the bars' colour among its pixels).
Exit 77 (ctest SKIP) only when Chromium is not installed.
"""
import argparse
import csv
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_browser import SKIP, Page, check_screenshot, fail, find_chromium, run  # noqa: E402


class RankingPage(Page):
    """Page, plus the (data-figure, data-arm) of every ranking plot."""

    def __init__(self):
        super().__init__()
        self.rankings = []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        a = dict(attrs)
        if tag == "svg" and a.get("data-plot") == "ranking":
            self.rankings.append((a.get("data-figure", ""), a.get("data-arm", "")))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--civicsim", required=True)
    parser.add_argument("--synthetic-sweep", required=True, help="tool that writes a sweep folder with a design")
    parser.add_argument("--artifacts", required=True, help="folder for NAME.png and NAME.html (kept)")
    parser.add_argument("--name", default="sensitivity", help="file name of the kept screenshot and page")
    args = parser.parse_args()

    chromium = find_chromium()
    if not chromium:
        print("SKIP: Chromium is not installed (apt-get install chromium)")
        return SKIP

    os.makedirs(args.artifacts, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="civicsim-sensitivity-") as tmp:
        sweep = os.path.join(tmp, "sweep")
        result = run([args.synthetic_sweep, sweep])
        if result.returncode != 0:
            fail("the synthetic sweep writer exited %d: %s" % (result.returncode, result.stderr))
        result = run([args.civicsim, "sensitivity", sweep, "--arm", "all", "--resamples", "300"])
        print(result.stderr, end="")
        if result.returncode != 0:
            fail("civicsim sensitivity exited %d" % result.returncode)
        page_file = os.path.join(sweep, "sensitivity.html")
        shutil.copy(page_file, os.path.join(args.artifacts, args.name + ".html"))

        with open(os.path.join(sweep, "sensitivity.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        parameters = {r["parameter"] for r in rows}
        expected = {(r["figure"] + "/" + r["scope"], r["arm"]) for r in rows}
        print("parameters: %s; %d arm x figure pairs" % (", ".join(sorted(parameters)), len(expected)))

        browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--user-data-dir=" + os.path.join(tmp, "profile")]
        url = "file://" + os.path.abspath(page_file)
        result = run(browser + ["--enable-logging=stderr", "--v=0", "--dump-dom", url], timeout=180)
        if result.returncode != 0 or "</html>" not in result.stdout:
            fail("chromium --dump-dom exited %d:\n%s" % (result.returncode, result.stderr[-4000:]))
        console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
        if console:
            fail("the page wrote to the console:\n" + "\n".join(console))

        page = RankingPage()
        page.feed(result.stdout)
        print("plots on the rendered page: %s" % page.plots)
        if page.external:
            fail("the page loads things from elsewhere: %s" % page.external)
        if sorted(page.rankings) != sorted(expected):
            fail("ranking plots for %s; expected one per arm and figure: %s" % (sorted(page.rankings), sorted(expected)))
        text = " ".join(page.text)
        ranking = " ".join(page.plot_text.get("ranking", []))
        for parameter in parameters:
            if parameter not in text:
                fail("parameter %r is not on the rendered page" % parameter)
            if parameter not in ranking:
                fail("parameter %r is in no ranking plot" % parameter)
        if "replicate noise" not in ranking:
            fail("the ranking plots do not state the replicate noise share")

        shot = os.path.join(os.path.abspath(args.artifacts), args.name + ".png")
        if os.path.exists(shot):
            os.remove(shot)
        result = run(browser + ["--hide-scrollbars", "--screenshot=" + shot, "--window-size=1280,4000", url],
                     timeout=180)
        if result.returncode != 0:
            fail("chromium --screenshot exited %d:\n%s" % (result.returncode, result.stderr[-4000:]))
        check_screenshot(shot)
    print("PASS: the sensitivity page renders in %s" % chromium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
