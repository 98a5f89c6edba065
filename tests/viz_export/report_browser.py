#!/usr/bin/env python3
"""`civicsim compare`'s report.html, the comparison brief, in headless Chromium (standard library
only, and Debian's yaml for the scenario's question).

Makes a sweep folder (synthetic: --synthetic-sweep TOOL; real: --scenario FILE runs `civicsim sweep`),
runs `civicsim compare`, then:
  * --dump-dom: the question (--question, else the scenario's `question:` or its leading
    "# Question:" comment up to its first '?'); every arm in the table of arms, the headlines and
    the forest plots; a district map per compared arm and grid point; every plot (svg.plot by
    data-plot); marked effects (class "effect distinguishable"), each mark exactly where the
    effect's interval in its data attributes excludes 0, and agreeing with compare.csv; nothing
    fetched from elsewhere (no <link>, no <script src>, no http(s) src/href);
  * console: Chromium's log (--enable-logging=stderr --v=0) has no CONSOLE line: the page logs
    nothing, so any console message (an error, an uncaught exception) fails the test;
  * --screenshot: ARTIFACTS/NAME.png exists, is 1280 wide and --height tall (default 4000), and is
    not blank (many non-white pixels, and the colour of the first arm's marks among them).
Exit 77 (ctest SKIP) only when Chromium is not installed.
"""
import argparse
import csv
import html.parser
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SKIP = 77
PLOTS = ("forest", "wait-over-time", "urban-rural-gap", "cost-effect", "district-map")
FIRST_ARM_RGB = (0x1F, 0x77, 0xB4)  # kPalette[0] of viz_export/compare_brief.cpp


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def find_chromium():
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def chromium_or_skip(artifacts):
    """Chromium's path (and the artifacts folder made), or None after saying why the test skips."""
    chromium = find_chromium()
    if not chromium:
        print("SKIP: Chromium is not installed (apt-get install chromium)")
        return None
    os.makedirs(artifacts, exist_ok=True)
    return chromium


def add_page_arguments(parser, name):
    """The options every page test takes: the program, and where the page and its screenshot are kept."""
    parser.add_argument("--civicsim", required=True)
    parser.add_argument("--artifacts", required=True, help="folder for NAME.png and NAME.html (kept)")
    parser.add_argument("--name", default=name, help="file name of the kept screenshot and page")


def run(command, timeout=300, **kwargs):
    print("+ " + " ".join(command), flush=True)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)


class Page(html.parser.HTMLParser):
    """Plots, the text inside each kind of plot, the whole text, and anything that would fetch."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.plots = {}
        self.plot_text = {}
        self.text = []
        self.external = []
        self.effects = []  # attributes of every element of class "effect ..."
        self.arm_rows = []  # data-arm of the rows of the table of arms
        self.headline_arms = []
        self.question = None
        self._svg = []  # data-plot of the open <svg> elements
        self._question_depth = 0
        self._in_arms = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            kind = a.get("data-plot", "") if "plot" in (a.get("class") or "").split() else ""
            if kind:
                self.plots[kind] = self.plots.get(kind, 0) + 1
            self._svg.append(kind)
        classes = (a.get("class") or "").split()
        if "effect" in classes:
            self.effects.append(a)
        if a.get("id") == "arms-table":
            self._in_arms = True
        if tag == "tr" and self._in_arms and "data-arm" in a:
            self.arm_rows.append(a["data-arm"])
        if tag == "li" and "headline" in classes:
            self.headline_arms.append(a.get("data-arm"))
        if a.get("id") == "question-text":
            self.question = ""
            self._question_depth = 1
        elif self._question_depth:
            self._question_depth += 1
        if tag == "link":
            self.external.append("<link %s>" % a)
        if tag == "script" and a.get("src"):
            self.external.append("<script src=%s>" % a["src"])
        for key in ("src", "href", "xlink:href", "action", "data"):
            value = (a.get(key) or "").strip().lower()
            if value.startswith(("http:", "https:", "//", "ftp:")):
                self.external.append("%s=%s on <%s>" % (key, value, tag))

    def handle_endtag(self, tag):
        if tag == "svg" and self._svg:
            self._svg.pop()
        if tag == "table":
            self._in_arms = False
        if self._question_depth:
            self._question_depth -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._question_depth:
            self.question += data
        for kind in self._svg:
            if kind:
                self.plot_text.setdefault(kind, []).append(data)


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG, unfiltered."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + " is not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        return width, height, None  # a form this checker does not decode: size checks only
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(line)
        previous = line
    return width, height, (rows, channels)


def browser_command(chromium, tmp):
    """Headless Chromium with a throwaway profile under `tmp`."""
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--user-data-dir=" + os.path.join(tmp, "profile")]


def rendered_dom(browser, url):
    """The page's DOM after rendering; fails when Chromium fails or the page writes to the console."""
    result = run(browser + ["--enable-logging=stderr", "--v=0", "--dump-dom", url], timeout=180)
    if result.returncode != 0 or "</html>" not in result.stdout:
        fail("chromium --dump-dom exited %d:\n%s" % (result.returncode, result.stderr[-4000:]))
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    if console:
        fail("the page wrote to the console:\n" + "\n".join(console))
    return result.stdout


def render(page, chromium, tmp, path):
    """Feeds `page` (a Page) the rendered DOM of the file at `path`; fails when the page fetches anything
    from elsewhere. Returns the browser command and the page's URL, for screenshot()."""
    browser = browser_command(chromium, tmp)
    url = "file://" + os.path.abspath(path)
    page.feed(rendered_dom(browser, url))
    print("plots on the rendered page: %s" % page.plots)
    if page.external:
        fail("the page loads things from elsewhere: %s" % page.external)
    return browser, url


def expect_on_page(page, names, what, plot):
    """Each of `names` is in the rendered page's text and in the text of its plots of kind `plot`."""
    text = " ".join(page.text)
    inside = " ".join(page.plot_text.get(plot, []))
    for name in names:
        if name not in text:
            fail("%s %r is not on the rendered page" % (what, name))
        if name not in inside:
            fail("%s %r is not in the %s plots" % (what, name, plot))


def screenshot(browser, url, artifacts, name, height=4000):
    """ARTIFACTS/NAME.png of the page in a 1280 × height window; returns its path."""
    shot = os.path.join(os.path.abspath(artifacts), name + ".png")
    if os.path.exists(shot):
        os.remove(shot)
    result = run(browser + ["--hide-scrollbars", "--screenshot=" + shot, "--window-size=1280,%d" % height, url],
                 timeout=180)
    if result.returncode != 0:
        fail("chromium --screenshot exited %d:\n%s" % (result.returncode, result.stderr[-4000:]))
    return shot


def check_screenshot(path, expected_height=4000):
    if not os.path.exists(path):
        fail("no screenshot at " + path)
    size = os.path.getsize(path)
    width, height, pixels = png_pixels(path)
    print("screenshot %s: %d×%d, %d bytes" % (path, width, height, size))
    if (width, height) != (1280, expected_height):
        fail("screenshot is %d×%d, expected 1280×%d" % (width, height, expected_height))
    if size < 20000:
        fail("screenshot is only %d bytes: a blank page?" % size)
    if pixels is None:
        return
    rows, channels = pixels
    non_white, first_arm = 0, 0
    for line in rows[::4]:  # every fourth row is plenty
        for x in range(0, len(line), channels * 2):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if r < 235 or g < 235 or b < 235:
                non_white += 1
            if abs(r - FIRST_ARM_RGB[0]) < 24 and abs(g - FIRST_ARM_RGB[1]) < 24 and abs(b - FIRST_ARM_RGB[2]) < 24:
                first_arm += 1
    sampled = (len(rows) // 4) * (len(rows[0]) // (channels * 2))
    print("screenshot: %.2f%% of sampled pixels not white, %d of the first arm's colour"
          % (100.0 * non_white / sampled, first_arm))
    if non_white < sampled * 0.01:
        fail("screenshot is nearly blank")
    if first_arm < 20:
        fail("screenshot shows no marks in the first arm's colour")


def question_of(scenario):
    """The scenario's `question:`, else its leading "# Question:" comment up to its first '?' (as
    viz_export/compare_details.cpp reads it), else None."""
    with open(scenario, encoding="utf-8") as f:
        text = f.read()
    try:
        import yaml
        question = (yaml.safe_load(text) or {}).get("question")
        if question:
            return str(question)
    except ImportError:
        pass
    found, inside = None, False
    for line in text.splitlines():
        line = line.strip()
        if not line and not inside:
            continue
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if not inside:
            if not body.startswith("Question:"):
                continue
            inside, found = True, body[len("Question:"):].strip()
        elif not body:
            break
        else:
            found += " " + body
        if "?" in found:
            return found[:found.index("?") + 1]
    return found


def csv_intervals(path):
    """{(arm, grid point, figure/scope): (low, high)} of compare.csv (its arm and figure names hold no comma)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        header = next(f).rstrip("\n").split(",")
        arm, point, figure, scope = (header.index(k) for k in ("arm", "grid_point", "figure", "scope"))
        low, high = header.index("ci95_low"), header.index("ci95_high")
        for line in f:
            cells = next(csv.reader([line]))
            out[(cells[arm], cells[point], cells[figure] + "/" + cells[scope])] = (float(cells[low]), float(cells[high]))
    return out


def excludes_zero(low, high):
    return math.isfinite(low) and math.isfinite(high) and (low > 0 or high < 0)


def check_marks(page, intervals):
    """Every effect's class says whether its interval excludes 0 (or, of one replicate, that it has
    none); those from compare.csv agree with it."""
    marked = 0
    for e in page.effects:
        low, high = float(e["data-low"]), float(e["data-high"])
        expected = "effect distinguishable" if excludes_zero(low, high) else "effect indistinct"
        if int(e.get("data-n", "0")) == 1:
            expected = "effect unknown"  # one replicate: no interval, no claim either way
        if e.get("class") != expected:
            fail("effect %s of %s is marked %r; its interval [%s, %s] says %r"
                 % (e.get("data-figure"), e.get("data-arm"), e.get("class"), low, high, expected))
        key = (e.get("data-arm"), e.get("data-point"), e.get("data-figure"))
        if key in intervals and excludes_zero(*intervals[key]) != excludes_zero(low, high):
            fail("effect %s: the page's interval [%s, %s] disagrees with compare.csv's %s" % (key, low, high, intervals[key]))
        marked += expected == "effect distinguishable"
    print("effects on the page: %d, marked (interval excludes 0): %d" % (len(page.effects), marked))
    if marked == 0:
        fail("no marked effect on the page")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_page_arguments(parser, "report")
    parser.add_argument("--synthetic-sweep", help="tool that writes a synthetic sweep folder")
    parser.add_argument("--scenario", help="a scenario with a sweep section: run `civicsim sweep` on it")
    parser.add_argument("--question", help="the question the page must show (default: the scenario's)")
    parser.add_argument("--height", type=int, default=4000, help="height of the screenshot in pixels")
    parser.add_argument("--keep", help="also keep the sweep folder here (runs, compare.csv, report.html)")
    args = parser.parse_args()
    chromium = chromium_or_skip(args.artifacts)
    if not chromium:
        return SKIP
    with tempfile.TemporaryDirectory(prefix="civicsim-report-") as tmp:
        sweep = os.path.join(tmp, "sweep")
        if args.scenario:
            result = run([args.civicsim, "sweep", args.scenario, "-o", sweep, "-q", "--jobs", "2"], timeout=600)
            if result.returncode != 0:
                fail("civicsim sweep exited %d:\n%s%s" % (result.returncode, result.stdout, result.stderr))
        else:
            result = run([args.synthetic_sweep, sweep])
            if result.returncode != 0:
                fail("the synthetic sweep writer exited %d: %s" % (result.returncode, result.stderr))
        result = run([args.civicsim, "compare", sweep])
        print(result.stderr, end="")
        if result.returncode != 0:
            fail("civicsim compare exited %d" % result.returncode)
        report = os.path.join(sweep, "report.html")
        shutil.copy(report, os.path.join(args.artifacts, args.name + ".html"))
        question = args.question or (question_of(args.scenario) if args.scenario else None)

        # The arms: the compared ones from compare.csv, the baseline from compare's message.
        intervals = csv_intervals(os.path.join(sweep, "compare.csv"))
        compared = {arm for arm, _, _ in intervals}
        baseline = re.search(r"with '([^']*)'", result.stderr)
        if not baseline:
            fail("civicsim compare did not name the baseline")
        arms = compared | {baseline.group(1)}
        points = len({point for _, point, _ in intervals})
        print("arms: %s; grid points: %d; question: %r" % (", ".join(sorted(arms)), points, question))

        page = Page()
        browser, url = render(page, chromium, tmp, report)
        expected = {"forest": 3, "wait-over-time": 4 * max(points, 1), "urban-rural-gap": 1, "cost-effect": 1,
                    "district-map": len(compared) * max(points, 1)}
        for kind in PLOTS:
            if page.plots.get(kind, 0) != expected[kind]:
                fail("%d plot(s) of kind %s; expected %d" % (page.plots.get(kind, 0), kind, expected[kind]))
        if question is None:
            fail("the test has no question to look for (give --question)")
        if (page.question or "").strip() != question:
            fail("the page's question is %r; expected %r" % (page.question, question))
        if sorted(page.arm_rows) != sorted(arms):
            fail("the table of arms has %s; expected %s" % (page.arm_rows, sorted(arms)))
        if set(page.headline_arms) != compared:
            fail("headlines for %s; expected %s" % (sorted(set(page.headline_arms)), sorted(compared)))
        expect_on_page(page, arms, "arm", "urban-rural-gap")
        forest = " ".join(page.plot_text.get("forest", []))
        for arm in compared:
            if arm not in forest:
                fail("arm %r is not in the forest plots" % arm)
        check_marks(page, intervals)
        if args.keep:
            if os.path.exists(args.keep):
                shutil.rmtree(args.keep)
            shutil.copytree(sweep, args.keep)

        check_screenshot(screenshot(browser, url, args.artifacts, args.name, args.height), args.height)
    print("PASS: the brief renders in %s" % chromium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
