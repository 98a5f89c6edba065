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
from report_browser import (SKIP, Page, add_page_arguments, check_screenshot, chromium_or_skip,  # noqa: E402
                            expect_on_page, fail, render, run, screenshot)


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
    add_page_arguments(parser, "sensitivity")
    parser.add_argument("--synthetic-sweep", required=True, help="tool that writes a sweep folder with a design")
    args = parser.parse_args()
    chromium = chromium_or_skip(args.artifacts)
    if not chromium:
        return SKIP
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

        page = RankingPage()
        browser, url = render(page, chromium, tmp, page_file)
        if sorted(page.rankings) != sorted(expected):
            fail("ranking plots for %s; expected one per arm and figure: %s" % (sorted(page.rankings), sorted(expected)))
        expect_on_page(page, parameters, "parameter", "ranking")
        if "replicate noise" not in " ".join(page.plot_text.get("ranking", [])):
            fail("the ranking plots do not state the replicate noise share")

        check_screenshot(screenshot(browser, url, args.artifacts, args.name))
    print("PASS: the sensitivity page renders in %s" % chromium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
