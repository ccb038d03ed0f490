"""The real site: strict build, pages, real outputs, and no third-party requests."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tasksdocs.engine.execution import comparable
from tasksdocs.engine.process import OUTPUT_CAP
from tasksdocs.engine.pythons import (
    PYODIDE,
    PYODIDE_HOME,
    PYODIDE_STDLIB,
    SUPPORTED,
    Interpreter,
    interpreter_for,
    native,
    pyodide_version,
    shown,
)
from tasksdocs.mkdocs.browser import BROWSER_PYTHON
from tests.helpers import ARTICLE_LINES, ROOT, Build, published_output

pytestmark = pytest.mark.build

ARTICLE_PAGES = ["what-is-a-task", "dinner-prep", "key-benefits", "task-operations"]
URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+[^\s"'()<>]*""")
XML_NAMESPACE = re.compile(r"""xmlns(?::\w+)?=\\?["'][^"'\\]*""")  # a name, not a request
# Comments in CSS, in HTML, and in SVG inside CSS: licence notes, never requests.
COMMENT = re.compile(r"/\*.*?\*/|(?:<|\\3c ?)!--.*?--(?:>|\\3e ?)", re.DOTALL)


def output_text(page_html: str, block_id: str) -> str:
    """The text of a block's Output tab, as a reader sees it."""
    start = page_html.index(f'id="{block_id}-__tabbed_')
    blocks = page_html[start:].split('<div class="tabbed-block">')
    output_html = blocks[2].split("</code>")[0]
    return html.unescape(re.sub(r"<[^>]+>", "", output_html))


def test_strict_build_passes(built_site: Build) -> None:
    assert built_site.returncode == 0, built_site.log


@pytest.mark.parametrize("page", ["", *ARTICLE_PAGES])
def test_page_is_built(built_site: Build, page: str) -> None:
    assert (built_site.site / page / "index.html").is_file()


def test_article_example_shows_its_real_output(built_site: Build) -> None:
    page = (built_site.site / "what-is-a-task" / "index.html").read_text(encoding="utf-8")
    *lines, total = output_text(page, "article_example").strip().splitlines()
    assert lines == [text for _, text in ARTICLE_LINES]
    seconds = re.fullmatch(r"Total time taken: (\d+\.\d\d) seconds", total)
    assert seconds is not None, total
    assert 2.9 <= float(seconds[1]) <= 3.6


def test_dinner_page_shows_four_seconds_against_three(built_site: Build) -> None:
    page = (built_site.site / "dinner-prep" / "index.html").read_text(encoding="utf-8")
    sequential, concurrent = (
        float(re.findall(r"Total time taken: (\d+\.\d\d)", published_output(page, name)[0])[0])
        for name in ("dinner_sequential", "dinner_concurrent"))
    assert 3.9 <= sequential <= 4.6
    assert 2.9 <= concurrent <= 3.6


def third_party_urls(path: Path, own_host: str) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    text = XML_NAMESPACE.sub("", text)
    text = COMMENT.sub("", text)
    return [url for url in URL.findall(text) if urlsplit(url).hostname not in (None, own_host)]


def test_no_built_html_or_css_references_a_third_party_host(built_site: Build) -> None:
    own_host = "asyncio-tasks.example.org"  # site_url: canonical links to ourselves
    files = [p for p in built_site.site.rglob("*") if p.suffix in {".html", ".css"}]
    assert len(files) > 5
    found = {
        str(p.relative_to(built_site.site)): urls
        for p in files
        if (urls := third_party_urls(p, own_host))
    }
    assert found == {}


def test_every_block_links_to_a_download_of_its_exact_snippet_file(built_site: Build) -> None:
    links = [
        (page, href)
        for page in built_site.site.rglob("index.html")
        for href in re.findall(r'class="snippet-download"><a href="([^"]+)" download',
                               page.read_text(encoding="utf-8"))
    ]
    assert len(links) >= 9
    for page, href in links:
        published = (page.parent / href).resolve()
        assert published.read_bytes() == (ROOT / "snippets" / published.name).read_bytes()


def test_the_build_report_lists_every_block_slowest_first(built_site: Build) -> None:
    page = (built_site.site / "build-report" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td[^>]*>([\d.]+)</td>.*?<code>(\w+)</code>.*?</tr>", page, re.S)
    blocks = [block for _, block in rows]
    assert sorted(set(blocks)) == sorted(p.stem for p in (ROOT / "snippets").glob("[!_]*.py"))
    repeated = sorted(block for block in set(blocks) if blocks.count(block) > 1)
    assert repeated == ["article_example"]  # the first example is on the home page too
    seconds = [float(s) for s, _ in rows]
    assert seconds == sorted(seconds, reverse=True)
    assert "0 came from the cache, 0 failed" in page  # test builds always run fresh
    assert "Snippet blocks:" in built_site.log  # the same report, in the build log


SVG = "{http://www.w3.org/2000/svg}"
TIMELINE_PAGES = {  # page: blocks whose run had two or more tasks alive at once
    "what-is-a-task": ["article_example"],
    "dinner-prep": ["dinner_sequential", "dinner_concurrent"],  # sequential: timeline="on"
    "many-tasks": ["gather_results", "gather_siblings_bug", "gather_siblings_fix",
                   "wait_first", "as_completed_order", "taskgroup_errors"],
    "shared-state-and-threads": ["race_bug", "race_fix", "blocking_fix"],
}


@pytest.mark.parametrize("page", TIMELINE_PAGES)
def test_concurrency_examples_show_a_task_timeline(built_site: Build, page: str) -> None:
    text = (built_site.site / page / "index.html").read_text(encoding="utf-8")
    drawn = re.findall(r"<title id=\"task-timeline-of-snippets-([a-z0-9-]+)-py-title\">", text)
    assert set(TIMELINE_PAGES[page]) <= {name.replace("-", "_") for name in drawn}


def test_every_timeline_is_well_formed_with_a_lane_per_task_and_a_text_alternative(
    built_site: Build,
) -> None:
    figures = [
        figure
        for page in built_site.site.rglob("index.html")
        for figure in re.findall(r'<figure class="task-timeline-figure"[^>]*>.*?</figure>',
                                 page.read_text(encoding="utf-8"), re.S)
    ]
    assert len(figures) >= 20
    for figure in figures:
        root = ET.fromstring(figure)
        svg = root.find(".//{http://www.w3.org/2000/svg}svg")
        assert svg is not None
        assert svg.find("{http://www.w3.org/2000/svg}title") is not None
        assert svg.find("{http://www.w3.org/2000/svg}desc") is not None
        lanes = [g for g in svg.iter("{http://www.w3.org/2000/svg}g")
                 if (g.get("class") or "").startswith("lane ")]
        tasks = root.find(".//table")  # the first table: one row per task; then the prints
        assert tasks is not None
        assert len(lanes) == len(tasks.findall("tbody/tr")) >= 1


def test_runs_compared_side_by_side_share_one_clock(built_site: Build) -> None:
    """The dinner page's two timelines: one second is as wide in both, so the 3 s run is
    drawn shorter than the 4 s run."""
    text = (built_site.site / "dinner-prep" / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<svg class="task-timeline".*?</svg>', text, re.S)
    assert len(figures) == 2
    seconds, ends = [], []
    for figure in figures:
        svg = ET.fromstring(figure)
        ticks = {t.text: float(t.get("x", "0")) for t in svg.iter(f"{SVG}text")
                 if (t.text or "").isdigit()}
        seconds.append(round(ticks["1"] - ticks["0"], 1))
        ends.append(max(float(c.get("cx", "0")) for c in svg.iter(f"{SVG}circle")
                        if c.get("class") == "mark-done") - ticks["0"])
    assert seconds[0] == seconds[1] > 0
    assert ends[1] / seconds[1] < ends[0] / seconds[0] - 0.9  # 3 s against 4 s
    # most steps are too short for a bar, so they are ticks (a loaded build may draw a
    # slow step as a bar, and that is what happened)
    assert text.count('class="brief"') >= 9


def test_every_page_has_its_own_meta_description_and_a_404_page_exists(
    built_site: Build,
) -> None:
    descriptions = {}
    for page in built_site.site.rglob("index.html"):
        found = re.search(r'<meta name="description" content="([^"]+)"',
                          page.read_text(encoding="utf-8"))
        assert found, f"{page} has no meta description"
        descriptions[page.parent.name] = found[1]
    assert len(descriptions) >= 15
    assert len(set(descriptions.values())) == len(descriptions)  # each page its own
    not_found = (built_site.site / "404.html").read_text(encoding="utf-8")
    assert "404" in not_found


def plain_runs(commands: dict[str, list[str]]) -> dict[str, tuple[str, str]]:
    """(stdout, stderr) of each command, all run at once from the project root; every
    process is ended and its pipes closed, whatever happens (an open pipe left behind once
    surfaced as 186 ResourceWarnings in the next test)."""
    processes: dict[str, subprocess.Popen[str]] = {}
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                               stderr=subprocess.PIPE, text=True)
        return {name: process.communicate(timeout=60) for name, process in processes.items()}
    finally:
        for process in processes.values():
            process.kill()  # a no-op for one that has ended
            process.communicate()


def test_every_page_output_is_what_a_plain_run_prints(built_site: Build) -> None:
    """The fidelity promise: for every snippet on the Python its page names, the Output tab
    equals `python snippets/<name>.py` run from the project root (numbers, addresses, task
    numbers and install paths aside). Every snippet runs at once; one whose output differs
    is run once more, alone, and only a second difference fails: on a loaded machine (two
    CI runs at once) a 0.2 s sleep in slow_callback ended over 0.6 s late and printed LATE,
    as the build itself allows a drifted run once more."""
    blocks = {
        block_id: page
        for page in built_site.site.rglob("index.html")
        for block_id in re.findall(r'<section class="snippet-block" data-block="(\w+)"',
                                   page.read_text("utf-8"))
    }
    assert sorted(blocks) == sorted(p.stem for p in (ROOT / "snippets").glob("[!_]*.py"))
    pythons = {}
    for name in blocks:
        found = interpreter_for((ROOT / "snippets" / f"{name}.py").read_text("utf-8"))
        assert isinstance(found, Interpreter), found
        pythons[name] = found

    def command(name: str) -> list[str]:
        return [*pythons[name].command, f"snippets/{name}.py"]

    def differences(outputs: dict[str, tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
        found = {}
        for name, printed in outputs.items():
            rule = pythons[name].output_rule(str(ROOT))
            pairs = [(comparable(page.rstrip()), comparable(shown(text, rule).rstrip()))
                     for page, text in zip(published_output(blocks[name].read_text("utf-8"),
                                                            name), printed, strict=True)]
            if any(page != run for page, run in pairs):
                found[name] = pairs
        return found

    differ = differences(plain_runs({name: command(name) for name in blocks}))
    for name in list(differ):
        if not differences(plain_runs({name: command(name)})):
            del differ[name]
    assert differ == {}


def test_no_page_shows_the_build_machine_or_the_recorder(built_site: Build) -> None:
    installed = [found.stdlib for found in map(native, SUPPORTED) if found]
    leaks = {str(ROOT), f"{tempfile.gettempdir()}/tasksdocs-", "tasksdocs/", "recorder.py",
             "traced.py", "pyodide_python", sys.base_prefix, sys.prefix,
             *(str(Path(stdlib).parent.parent) for stdlib in installed)}
    published = [p for p in built_site.site.rglob("*") if p.suffix in {".html", ".json", ".xml"}
                 and p.parent.name != "runner"]  # the browser's runner names its own files
    found = {
        (str(p.relative_to(built_site.site)), leak)
        for p in published
        for leak in leaks
        if leak in p.read_text(encoding="utf-8", errors="replace")
    }
    assert found == set()


def test_the_browser_learns_its_files_timeout_folder_and_output_rule_from_the_build(
    built_site: Build,
) -> None:
    """One runner contract: run-worker.mjs reads what the build declares in
    runner/manifest.json, and declares none of it itself."""
    manifest = json.loads((built_site.site / "runner" / "manifest.json").read_text("utf-8"))
    browser = Interpreter((), pyodide_version(), "Pyodide", PYODIDE_STDLIB)
    assert manifest["shown"] == [list(pair) for pair in browser.output_rule(PYODIDE_HOME)]
    assert manifest["home"] == PYODIDE_HOME
    assert manifest["timeout"] == 30
    assert manifest["output_cap"] == OUTPUT_CAP
    assert sorted(manifest["files"]) == sorted(
        f"{'pyodide' if path.parent == PYODIDE else 'runner'}/{path.name}"
        for path in BROWSER_PYTHON)
    worker = (ROOT / "docs" / "javascripts" / "run-worker.mjs").read_text("utf-8")
    for declared in (PYODIDE_HOME, PYODIDE_STDLIB, "<python>", "600"):
        assert declared not in worker
    shown_in_browser = "/home/pyodide/snippets/x.py, /lib/python314.zip/asyncio/tasks.py"
    assert shown(shown_in_browser, browser.output_rule(PYODIDE_HOME)) == (
        "snippets/x.py, <python>/lib/python3.14/asyncio/tasks.py")
