#!/usr/bin/env python3
"""`civicsim report`'s run brief in headless Chromium (Debian's python: h5py, numpy).

Runs `civicsim run SCENARIO --days N`, then `civicsim report`, then, with the helpers of
report_browser.py:
  * console: Chromium's log has no CONSOLE line for the page as written (any message fails);
  * --dump-dom: the question is on the page; each map (svg[data-plot=district-map]) has one
    circle per district of /geography/districts, with the file's value; the group and district
    tables hold the file's /summary and /summary/district values, formatted as the page says
    (minutes to 1 decimal, % to 1 decimal, counts with thousands separators); nothing is fetched;
  * layout, measured by the browser: a copy of the page with a script that writes the rendered
    boxes of the map labels into the DOM; no two labels of a map overlap;
  * --screenshot: ARTIFACTS/NAME.png is 1280x4000 and not blank.
Exit 77 (ctest SKIP) only when Chromium is not installed.
"""
import argparse
import json
import math
import os
import shutil
import sys
import tempfile

import h5py
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_browser import (SKIP, Page, add_page_arguments, browser_command, chromium_or_skip, fail,  # noqa: E402
                            rendered_dom, render, run, screenshot, png_pixels)

GROUP_LABELS = {"urban_adult": "Urban adults", "urban_elderly": "Urban elderly", "rural_adult": "Rural adults",
                "rural_elderly": "Rural elderly"}
DASH = "\u2013"
MEASURE = """<script>
var out = [];
document.querySelectorAll('svg[data-plot="district-map"]').forEach(function (svg) {
  svg.querySelectorAll('text.map-label').forEach(function (t) {
    var b = t.getBoundingClientRect();
    out.push({map: svg.getAttribute('data-map'), text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height});
  });
});
var pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def number(value, decimals):
    """As viz_export/readable.cpp: thousands separators, no "-0", a dash for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    text = "{:,.{}f}".format(abs(value), decimals)
    zero = text.replace("0", "").replace(".", "").replace(",", "") == ""
    return ("-" if value < 0 and not zero else "") + text


def minutes(seconds):
    return number(seconds / 60.0, 1)


def percent(share):
    return DASH if math.isnan(share) else number(100.0 * share, 1) + "%"


class BriefPage(Page):
    """Page, plus the map circles (map id -> {district: value}) and the table rows by their data-* keys."""

    def __init__(self):
        super().__init__()
        self.circles = {}
        self.rows = {}
        self.measured = None
        self._map = None
        self._row = None
        self._cell = None
        self._pre = False

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        a = dict(attrs)
        if tag == "svg" and a.get("data-plot") == "district-map":
            self._map = a.get("data-map")
            self.circles[self._map] = {}
        if tag == "circle" and self._map is not None and a.get("class") == "district":
            self.circles[self._map][a["data-district"]] = a["data-value"]
        if tag == "tr":
            key = tuple(sorted((k, v) for k, v in a.items() if k.startswith("data-")))
            if key:
                self._row = key
                self.rows[key] = []
        if tag == "td" and self._row is not None:
            self._cell = []
        if tag == "pre" and a.get("id") == "measured":
            self._pre = True

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag == "svg":
            self._map = None
        if tag == "td" and self._cell is not None and self._row is not None:
            self.rows[self._row].append("".join(self._cell))
            self._cell = None
        if tag == "tr":
            self._row = None
        if tag == "pre":
            self._pre = False

    def handle_data(self, data):
        super().handle_data(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._pre:
            self.measured = (self.measured or "") + data


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def expected_question(scenario):
    """The scenario's `question:`, else the text after its leading "# Question:" (its first line)."""
    with open(scenario, encoding="utf-8") as f:
        source = f.read()
    given = (yaml.safe_load(source) or {}).get("question")
    if given:
        return " ".join(str(given).split())
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        if line[1:].strip().lower().startswith("question:"):
            return line[1:].strip()[len("question:"):].strip()
    return None


def check_question(page, scenario):
    shown = " ".join(" ".join(page.text).split())
    question = expected_question(scenario)
    if question is None:
        if "No question was given" not in shown:
            fail("the scenario asks nothing, and the page does not say so")
    elif "Question " + question[:60] not in shown:
        fail("the page does not state the question %r" % question)
    print("question: %r" % question)


def check_maps(page, f):
    names = [text(n) for n in f["geography/districts/name"][()]]
    waits = f["summary/district/wait_mean_seconds"][()]
    for map_id in ("wait", "unmet"):
        circles = page.circles.get(map_id)
        if circles is None:
            fail("no map %r on the page" % map_id)
        if sorted(circles) != sorted(names):
            fail("map %r has circles for %s; the file's districts are %s" % (map_id, sorted(circles), sorted(names)))
    for name, seconds in zip(names, waits):
        shown = page.circles["wait"][name]
        if math.isnan(seconds) != (shown == "NaN") or (shown != "NaN" and abs(float(shown) - seconds / 60) > 1e-9):
            fail("the wait map gives %s for %s; the file has %r s" % (shown, name, seconds))
    print("maps: %d circles each, values as the file's" % len(names))


def check_tables(page, f):
    groups = [text(g) for g in f["dims/group"][()]]
    channels = [text(c) for c in f["dims/channel"][()]]
    s = f["summary"]
    rows = 0
    for g, group in enumerate(groups):
        for c, channel in enumerate(channels):
            key = (("data-channel", channel), ("data-group", group))
            if s["arrivals"][g, c] <= 0:
                continue
            expected = [GROUP_LABELS[group], channel.replace("_", " ").capitalize(), number(s["arrivals"][g, c], 0),
                        number(s["served"][g, c], 0), minutes(s["wait_mean_seconds"][g, c]),
                        minutes(s["wait_p90_seconds"][g, c]), percent(s["abandonment_rate"][g, c])]
            if page.rows.get(key) != expected:
                fail("group table row %s is %s; from the file: %s" % (key, page.rows.get(key), expected))
            rows += 1
    d = f["summary/district"]
    names = [text(n) for n in f["geography/districts/name"][()]]
    for i, name in enumerate(names):
        got = page.rows.get((("data-district", name),))
        expected_tail = [minutes(d["wait_mean_seconds"][i]), percent(d["abandonment_rate"][i]),
                         number(d["needs_met"][i], 0), number(d["unmet_needs"][i], 0), percent(d["unmet_share"][i]),
                         number(d["needs_met_per_1000_residents"][i], 1)]
        if not got or got[5:] != expected_tail or got[2] != number(f["geography/districts/population"][i], 0):
            fail("district table row %s is %s; from the file: ... %s" % (name, got, expected_tail))
    print("tables: %d group x channel rows and %d district rows equal the file's" % (rows, len(names)))


def check_labels_apart(page):
    boxes = json.loads(page.measured or "null")
    if boxes is None:
        fail("the measuring script wrote nothing")
    if len(boxes) < 2:
        fail("only %d map labels were rendered" % len(boxes))
    for i, p in enumerate(boxes):
        for q in boxes[i + 1:]:
            if p["map"] == q["map"] and p["x"] < q["x"] + q["w"] - 0.5 and q["x"] < p["x"] + p["w"] - 0.5 \
                    and p["y"] < q["y"] + q["h"] - 0.5 and q["y"] < p["y"] + p["h"] - 0.5:
                fail("map labels %r and %r overlap as rendered: %s %s" % (p["text"], q["text"], p, q))
    print("labels: %d rendered, none overlapping" % len(boxes))


def check_screenshot(path):
    if not os.path.exists(path):
        fail("no screenshot at " + path)
    width, height, pixels = png_pixels(path)
    print("screenshot %s: %dx%d, %d bytes" % (path, width, height, os.path.getsize(path)))
    if (width, height) != (1280, 4000) or os.path.getsize(path) < 20000:
        fail("the screenshot is %dx%d, %d bytes: expected 1280x4000 and not blank" % (width, height,
                                                                                     os.path.getsize(path)))
    if pixels is not None:
        rows, channels = pixels
        dark = sum(1 for line in rows[::8] for x in range(0, len(line), channels * 4) if line[x] < 200)
        if dark < 500:
            fail("the screenshot is nearly blank")


def must_run(command, timeout=300):
    """The finished process; fails the test, with its output, unless it exits 0."""
    result = run(command, timeout=timeout)
    if result.returncode != 0:
        fail("%s exited %d:\n%s%s" % (" ".join(command[:2]), result.returncode, result.stdout, result.stderr))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_page_arguments(parser, "run-brief")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--days", type=int, default=0, help="run only this many days (0: the scenario's)")
    args = parser.parse_args()
    chromium = chromium_or_skip(args.artifacts)
    if not chromium:
        return SKIP
    with tempfile.TemporaryDirectory(prefix="civicsim-run-brief-") as tmp:
        h5 = os.path.join(tmp, "run.h5")
        days = ["--days", str(args.days)] if args.days else []
        must_run([args.civicsim, "run", args.scenario, "-o", h5, "-q"] + days, timeout=900)
        print(must_run([args.civicsim, "report", h5]).stderr, end="")
        brief = os.path.join(tmp, "run.html")
        shutil.copy(brief, os.path.join(args.artifacts, args.name + ".html"))

        page = BriefPage()
        browser, url = render(page, chromium, tmp, brief)
        check_question(page, args.scenario)
        with h5py.File(h5, "r") as f:
            check_maps(page, f)
            check_tables(page, f)
        for plot in ("district-map", "line-chart"):
            if not page.plots.get(plot):
                fail("no %s on the page" % plot)

        measured = os.path.join(tmp, "measured.html")
        with open(brief, encoding="utf-8") as src, open(measured, "w", encoding="utf-8") as dst:
            dst.write(src.read().replace("</body>", MEASURE + "</body>"))
        laid_out = BriefPage()
        laid_out.feed(rendered_dom(browser_command(chromium, tmp), "file://" + measured))
        check_labels_apart(laid_out)

        check_screenshot(screenshot(browser, url, args.artifacts, args.name))
    print("PASS: the run brief renders in %s" % chromium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
