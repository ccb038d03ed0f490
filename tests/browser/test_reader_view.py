"""What a reader gets, for every block of every page: code that is code, runs in the browser
that print what the page says, text that can be read, and pages that fit a phone.

The runs: every page opens in a browser context of its own at 390x844 (a phone), and Run is
pressed on each of its runnable blocks at once, so they queue, one at a time, as a reader's
would; the pages run side by side. Then each run is compared with the block's Output tab,
the page is checked for sideways scrolling, and axe checks contrast in both colour schemes
with the run output and its stderr on the page.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize
from pytest_playwright import CreateContextCallback

from tasksdocs.engine.execution import comparable
from tasksdocs.engine.pythons import pyodide
from tasksdocs.mkdocs.page_check import fence_text
from tests.helpers import ROOT, Build, axe_violations, published_output, sitemap_paths

pytestmark = pytest.mark.browser

RUN_LIMIT = 600  # s: a hang guard for all the runs, not a measure of speed
ENDED = re.compile(r"^(Finished|Ended|Could not|Stopped|Not run)")
STAMP = re.compile(r"^\[(\d+\.\d\d) s\] (.*)$")
FRAME = re.compile(r'^\s*File "([^"]+)", line \d+, in (.+)$')
VIEWS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900},
                                  "phone": {"width": 390, "height": 844}}
SCHEMES = {"light": "default", "dark": "slate"}


def pages(site: Build) -> list[str]:
    return [path for path in sitemap_paths(site) if "build-report" not in path]


@dataclass
class BrowserRun:
    status: str
    stdout: list[tuple[float, str]] = field(default_factory=list)  # (stamp, line)
    stderr: str = ""


@dataclass
class PageRuns:
    runs: dict[str, BrowserRun]
    widest: int  # document.documentElement.scrollWidth at 390 px, after the runs
    contrast: dict[str, list[str]]  # scheme -> axe color-contrast violations after the runs


OUTPUT_OF_RUN = """block => [...block.querySelector('.run-output').childNodes].map(
    node => [node.nodeType === 1 ? 'stderr' : 'stdout', node.textContent])"""


def timing_blocks() -> set[str]:
    """Blocks whose output shows time (`measures="time"`): the build runs them once the
    machine is quiet, and so do these tests (a heartbeat 0.4 s late reads "LATE")."""
    fences = [line for page in (ROOT / "docs").glob("*.md")
              for line in page.read_text("utf-8").splitlines() if 'measures="time"' in line]
    return {found[1] for line in fences if (found := re.search(r'id="([\w-]+)"', line))}


def press_every_run(page: Page, skip: set[str]) -> None:
    """Press Run on every runnable block at once but those in `skip`, as a reader might:
    the page queues them."""
    page.evaluate("""skip => document.querySelectorAll('.snippet-block[data-run="yes"]')
        .forEach(block => skip.includes(block.dataset.block)
                 || block.querySelector('.run-tools button').click())""", sorted(skip))


RUN_STATES = """() => [...document.querySelectorAll('.snippet-block[data-run="yes"]')].map(
  block => [
    block.dataset.block, block.querySelector('.run-status').textContent,
    [...block.querySelector('.run-output').childNodes].map(
        node => [node.nodeType === 1 ? 'stderr' : 'stdout', node.textContent])])"""


def runs_when_ended(page: Page, skip: Set[str] = frozenset()) -> dict[str, BrowserRun] | None:
    """Every block's run but those in `skip`, once all of them have ended; None while any
    runs or waits."""
    states = [state for state in page.evaluate(RUN_STATES) if state[0] not in skip]
    if not all(ENDED.match(status) for _, status, _ in states):
        return None
    runs = {}
    for name, status, output in states:
        run = runs[name] = BrowserRun(status)
        for stream, text in output:
            if stream == "stderr":
                run.stderr += text
            elif found := STAMP.match(text.rstrip("\n")):
                run.stdout.append((float(found[1]), found[2]))
            else:
                run.stdout.append((-1.0, text.rstrip("\n")))
    return runs


@pytest.fixture(scope="module")
def page_runs(site: Build, base_url: str, browser: Browser) -> dict[str, PageRuns]:
    opened, timing = {}, timing_blocks()
    for path in pages(site):
        context = browser.new_context(viewport=VIEWS["phone"], color_scheme="light")
        page = context.new_page()
        page.goto(base_url + path)
        press_every_run(page, skip=timing)
        opened[path] = page
    deadline = time.monotonic() + RUN_LIMIT
    for path, page in opened.items():  # every other block, all pages at once
        while runs_when_ended(page, skip=timing) is None:
            assert time.monotonic() < deadline, f"runs still going on {path}"
            time.sleep(0.25)
    results: dict[str, PageRuns] = {}
    for path, page in opened.items():  # then each block that shows time, alone
        runnable = page.evaluate("""() => [...document.querySelectorAll(
            '.snippet-block[data-run="yes"]')].map(block => block.dataset.block)""")
        waiting = timing & set(runnable)
        for name in sorted(waiting):
            page.locator(f'.snippet-block[data-block="{name}"] .run-tools button').first.click()
            waiting.discard(name)
            while runs_when_ended(page, skip=waiting) is None:
                assert time.monotonic() < deadline, f"{name} still running on {path}"
                time.sleep(0.25)
        runs = runs_when_ended(page)
        assert runs is not None
        results[path] = PageRuns(runs, page.evaluate("document.documentElement.scrollWidth"), {})
    for path, page in opened.items():
        page.add_style_tag(content="* { transition: none !important; }")  # no half colours
        for scheme in SCHEMES.values():
            if page.evaluate("document.body.dataset.mdColorScheme") != scheme:
                page.locator("form[data-md-component=palette] label:visible").first.click()
            assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
            results[path].contrast[scheme] = axe_violations(page, "color-contrast")
        page.context.close()
    return results


def published(site: Build, path: str) -> dict[str, tuple[str, str, list[float]]]:
    """Each block of a built page: its Output tab's stdout and stderr, and the loop times of
    its timed output."""
    text = (site.site / path.strip("/") / "index.html").read_text("utf-8")
    shown = {}
    for name in re.findall(r'<(?:section|div) class="snippet-block" data-block="(\w+)"', text):
        stdout, stderr = published_output(text, name)
        block = text[text.index(f'data-block="{name}"'):].split("</section>")[0]
        timed = re.search(r'<details class="timed-output".*?<code>(.*?)</code>', block, re.S)
        stamps = re.findall(r"^\[(\d+\.\d\d) s\]", timed[1], re.M) if timed else []
        times = [float(t) for t in stamps]
        shown[name] = (stdout, stderr, times)
    return shown


def same_lines(text: str) -> list[str]:
    return [comparable(line) for line in text.rstrip("\n").splitlines()]


def frames(traceback: str) -> list[tuple[str, str]]:
    """The frames of every traceback in `traceback`: file and function (line numbers and the
    interpreter's version aside)."""
    return [(re.sub(r"python3\.\d+", "python3.x", found[1]), found[2])
            for line in traceback.splitlines() if (found := FRAME.match(line))]


def test_every_block_ran_in_the_browser(site: Build, page_runs: dict[str, PageRuns]) -> None:
    runnable = {name for runs in page_runs.values() for name in runs.runs}
    snippets = {p.stem for p in (ROOT / "snippets").glob("[!_]*.py")
                if "# needs:" not in p.read_text("utf-8").splitlines()[1]}
    assert runnable == snippets
    unfinished = {name: run.status for runs in page_runs.values()
                  for name, run in runs.runs.items() if not run.status.startswith(("Fin", "End"))}
    assert unfinished == {}


VERSIONED = re.compile(r"^Python 3\.\d+: ", re.MULTILINE)


def plain_run_on_3_14(name: str) -> str:
    """What `python snippets/<name>.py` prints on the Python readers' browsers run."""
    python = pyodide()
    assert python is not None, "run `npm ci` (make test does)"
    done = subprocess.run([*python.command, f"snippets/{name}.py"], cwd=ROOT, text=True,
                          capture_output=True, timeout=120, check=True)
    return done.stdout


def run_alone(new_context: CreateContextCallback, base_url: str, path: str,
              name: str) -> BrowserRun:
    """One block's run in the browser, with nothing else running in this test."""
    page = new_context(viewport=VIEWS["phone"]).new_page()
    page.goto(base_url + path)
    page.locator(f'.snippet-block[data-block="{name}"] .run-tools button').first.click()
    others = {state[0] for state in page.evaluate(RUN_STATES)} - {name}
    deadline = time.monotonic() + RUN_LIMIT
    while (runs := runs_when_ended(page, skip=others)) is None:
        assert time.monotonic() < deadline, f"{name} still running on {path}"
        time.sleep(0.25)
    page.context.close()
    return runs[name]


def test_a_browser_run_prints_what_the_output_tab_shows(
    site: Build, page_runs: dict[str, PageRuns], new_context: CreateContextCallback,
    base_url: str,
) -> None:
    """Same lines, same order, numbers and addresses aside. The one exception is a program
    that teaches a difference between versions: it prints the Python it runs on in each such
    line (so a reader sees why the lines differ), and its browser run prints what it prints
    on 3.14. A run that differs is made once more, alone, and only a second difference
    fails: with every page's runs at once on a loaded machine, a wait can end late enough to
    change the order of lines that are half a second apart (run_cancels_leftovers did, beside
    two busy loops), as the build itself allows a run once more."""
    differ, versioned = {}, []
    for path, runs in page_runs.items():
        shown = published(site, path)
        for name, run in runs.runs.items():
            got = [comparable(line) for _, line in run.stdout]
            expected = shown[name][0]
            if VERSIONED.search(expected) and got != same_lines(expected):
                versioned.append(name)
                expected = plain_run_on_3_14(name)
            if got != same_lines(expected):
                again = run_alone(new_context, base_url, path, name)
                got = [comparable(line) for _, line in again.stdout]
            if got != same_lines(expected):
                differ[name] = (got, same_lines(expected))
    assert differ == {}
    assert sorted(versioned) == ["uncancel_pending", "wait_for_context"]


def early(pairs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The (browser stamp, page time) pairs whose stamp is early: see the test below."""
    return [(got, want) for got, want in pairs if got < min(0.5 * want - 0.1, want - 0.6)]


EAGER_START_ON_CI = [(0.03, 0.26), (0.05, 0.4), (0.05, 0.51), (0.05, 0.51), (1.06, 1.46),
                     (3.06, 3.57), (3.1, 3.57)]  # a browser run beside a CI build's page


@pytest.mark.parametrize(("pairs", "flagged"), [
    (EAGER_START_ON_CI, []),
    ([(0.0, want) for _, want in EAGER_START_ON_CI], [(0.0, 1.46), (0.0, 3.57), (0.0, 3.57)]),
    ([(0.0, 0.0), (0.0, 0.5), (0.0, 1.0)], [(0.0, 1.0)]),
], ids=["loaded-page", "reset-each-step", "reset-from-0.6-s"])
def test_what_counts_as_an_early_stamp(pairs: list[tuple[float, float]],
                                       flagged: list[tuple[float, float]]) -> None:
    assert early(pairs) == flagged


def test_a_browser_run_stamps_lines_with_loop_time_as_the_page_does(
    site: Build, page_runs: dict[str, PageRuns],
) -> None:
    """Stamps count from asyncio.run's start, not from the click, and no line comes early.
    The page's own run may have been slowed by a loaded build, in proportion and by a delay
    at its start: CI once published 0.09 s for lines a quiet run prints at 0.00 s; a build
    beside two busy loops published 0.83 s for a line due at 0.5 s; a CI build of fa50947
    published eager_start's lines due at 0, 0, 0, 0, 1, 3 and 3 s at 0.26, 0.40, 0.51,
    0.51, 1.46, 3.57 and 3.57 s. So a stamp is early only if it is under half the page's time less
    0.1 s and also more than 0.6 s before it. A stamp reset at each step (every line at
    0.00 s) is still caught for every line due after 0.6 s. A loaded machine may make
    lines late, so lateness is not bounded here (a first line stamped 0.33 s once failed
    a 0.25 s bound); test_runs checks exact stamps on one quiet run."""
    off = {}
    for path, runs in page_runs.items():
        shown = published(site, path)
        for name, run in runs.runs.items():
            stamps, times = [at for at, _ in run.stdout], shown[name][2]
            if not times or len(times) != len(stamps):
                continue
            pairs = list(zip(stamps, times, strict=True))
            if early(pairs) or stamps != sorted(stamps):
                off[name] = pairs
    assert off == {}


def test_a_browser_traceback_shows_the_frames_a_plain_run_shows(
    site: Build, page_runs: dict[str, PageRuns],
) -> None:
    differ, compared = {}, 0
    for path, runs in page_runs.items():
        shown = published(site, path)
        for name, run in runs.runs.items():
            expected = frames(shown[name][1])
            if expected or frames(run.stderr):
                compared += 1
                if frames(run.stderr) != expected:
                    differ[name] = (frames(run.stderr), expected)
    assert compared >= 1  # the never-retrieved demo; test_runs edits one that raises
    assert differ == {}


def test_no_page_scrolls_sideways_on_a_phone_after_its_runs(
    page_runs: dict[str, PageRuns],
) -> None:
    assert {path: runs.widest for path, runs in page_runs.items() if runs.widest > 390} == {}


def test_text_keeps_aa_contrast_with_run_output_on_the_page(
    page_runs: dict[str, PageRuns],
) -> None:
    found = {(path, scheme): v for path, runs in page_runs.items()
             for scheme, v in runs.contrast.items() if v}
    assert found == {}


# -- every page, both widths, both schemes: code is code -----------------------------------

HEADINGS_AND_CODE = """() => {
  const content = document.querySelector('.md-content');
  const blocks = [...document.querySelectorAll('.snippet-block')].map(block => {
    const tabs = block.querySelectorAll(':scope > .tabbed-set > .tabbed-content > .tabbed-block');
    const source = tabs.length ? tabs[0] : null;
    return {
      name: block.dataset.block,
      codes: source ? source.querySelectorAll('pre code').length : -1,
      prose: source ? source.querySelectorAll('p, h1, h2, h3, h4, h5, h6').length : 0,
      text: source ? source.querySelector('pre code')?.textContent ?? '' : null,
      sideways: source ? [...source.querySelectorAll('pre code')].map(
        code => code.scrollWidth - code.clientWidth) : [],
    };
  });
  return {
    html: content.innerHTML,
    headings: [...content.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.textContent),
    blocks,
    width: document.documentElement.scrollWidth,
  };
}"""


def comment_lines() -> set[str]:
    """Every `# comment` line of every snippet, as a heading made from it would read."""
    return {line.lstrip()[1:].strip() for p in (ROOT / "snippets").glob("*.py")
            for line in p.read_text("utf-8").splitlines() if line.lstrip().startswith("#")}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_source_tab_is_its_file_as_one_code_block(
    site: Build, base_url: str, new_context: CreateContextCallback, view: str, scheme: str,
) -> None:
    context = new_context(viewport=VIEWS[view], color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    comments = comment_lines()
    wrong: dict[str, Any] = {}
    for path in pages(site):
        page.goto(base_url + path)
        found = page.evaluate(HEADINGS_AND_CODE)
        for block in found["blocks"]:
            if block["codes"] == -1:  # output only (source="none")
                continue
            source = (ROOT / "snippets" / f"{block['name']}.py").read_text("utf-8")
            if (block["codes"], block["prose"]) != (1, 0) or block["text"] != source:
                wrong[f"{path} {block['name']}"] = (block["codes"], block["prose"])
            if view == "desktop" and max(block["sideways"], default=0) > 0:
                wrong[f"{path} {block['name']} scrolls sideways at 1280 px"] = block["sideways"]
        if leaks := fence_text(found["html"]):
            wrong[f"{path} fence text"] = leaks
        if made := [h for h in found["headings"] if h.strip("¶ ") in comments]:
            wrong[f"{path} headings from comments"] = made
        if view == "phone" and found["width"] > VIEWS["phone"]["width"]:
            wrong[f"{path} scrolls sideways"] = found["width"]
    assert wrong == {}


def test_the_reader_view_check_fails_on_a_garbled_block(
    site: Build, base_url: str, page: Page,
) -> None:
    """The check above, on a page where a Source tab is made Markdown again (as on
    8450d6c): it finds the prose and the heading."""
    page.goto(base_url + "/debug-mode/")
    page.evaluate("""() => {
      const tab = document.querySelector('[data-block="slow_callback"] .tabbed-block');
      tab.innerHTML = '<p>````````python measures="time"</p><h1>requires-python: &gt;=3.11</h1>';
    }""")
    found = page.evaluate(HEADINGS_AND_CODE)
    block = next(b for b in found["blocks"] if b["name"] == "slow_callback")
    assert (block["codes"], block["prose"]) == (0, 2)
    assert fence_text(found["html"])
    assert "requires-python: >=3.11" in comment_lines()
    assert Path(ROOT / "snippets" / "slow_callback.py").is_file()
