"""What the tests share: paths, the snippets' expected lines, assertions about real runs,
and building, reading and checking a scratch site. Fixtures and hooks live in the
conftest.py files; test modules import helpers from here, never from each other.

Only the standard library, pytest and tasksdocs at import time: the snippets' tests import
this module on every Python, Pyodide included.
"""

from __future__ import annotations

import asyncio
import functools
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tasksdocs.engine.expectations import RealRun

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["RealRun"]

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
SNIPPET_NAMES = sorted(p.stem for p in SNIPPETS_DIR.glob("*.py") if p.stem != "__init__")
REAL_RUN_TIMEOUT = 60
RUNNING = sys.version_info[:2]
OFF_LOOP = -1.0
IN_PYODIDE = sys.platform == "emscripten"

ARTICLE_LINES = [  # the article example's lines, at their moments on the loop's clock
    (0.0, "Tasks are now running in the background!"),
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (1.0, "Finished processing item 2 after 1 seconds"),
    (3.0, "Finished processing item 1 after 3 seconds"),
    (3.0, "All done! Results: Result for item 1, Result for item 2"),
]



# -- real runs and printed lines ---------------------------------------------------------

def assert_real_run(run: RealRun, lines: list[str], stderr_has: str = "") -> None:
    """The real program exited cleanly and printed exactly `lines`; stderr as expected."""
    assert run.returncode == 0, run.stderr
    assert run.lines == lines
    if stderr_has:
        assert stderr_has in run.stderr
    else:
        assert run.stderr == ""


def texts(printed: list[tuple[float, str]]) -> list[str]:
    return [text for _, text in printed]


async def cancel_main_while_its_task_cleans_up(
    module: Any, coroutine: str, monkeypatch: pytest.MonkeyPatch,
) -> asyncio.Task[Any]:
    """Run `module.main()` with `module.<coroutine>` replaced by one whose cleanup takes a
    second, and cancel main while it awaits that cleanup; return main's task, ended. A main
    that re-raises its own cancellation ends cancelled."""

    async def slow_cleanup(*arguments: Any) -> str:
        try:
            await asyncio.sleep(10)
            return repr(arguments)
        finally:
            await asyncio.sleep(1)  # cleanup that takes a second

    monkeypatch.setattr(module, coroutine, slow_cleanup)
    main = asyncio.create_task(module.main())
    await asyncio.sleep(1.5)  # main awaits the task, which is cleaning up
    main.cancel()
    await asyncio.wait([main])
    return main


def assert_total_between(run: RealRun, expected: list[str], low: float, high: float) -> None:
    """The real program printed `expected`, then its measured total, within [low, high] s."""
    *lines, total = run.lines
    assert_real_run(RealRun(run.returncode, "\n".join(lines), run.stderr), expected)
    seconds = re.fullmatch(r"Total time taken: (\d+\.\d\d) seconds", total)
    assert seconds is not None, total
    assert low <= float(seconds[1]) <= high



# -- scratch sites and built pages -------------------------------------------------------

BUILD_TIMEOUT = 600


@dataclass(frozen=True)
class Build:
    returncode: int
    log: str
    site: Path
    seconds: float

    @property
    def published(self) -> bool:
        return (self.site / "index.html").exists()


def mkdocs_build(project: Path, site: Path, *, fresh: bool = True,
                 config: str = "") -> Build:
    """`mkdocs build --strict` in `project`, given `config` as its config file (by default
    the absolute path of its mkdocs.yml)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TASKSDOCS_FRESH": "1" if fresh else "0"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
         config or str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=env, timeout=BUILD_TIMEOUT, check=False,
        cwd=project,
    )
    return Build(done.returncode, done.stdout + done.stderr, site, time.perf_counter() - start)


@dataclass(frozen=True)
class ColdBuilds:
    builds: list[Build]  # the project's own first, then its copies'
    forks: int  # processes started and finished while they ran

    def to_json(self) -> str:
        return json.dumps({"forks": self.forks, "builds": [
            [b.returncode, b.log, str(b.site), b.seconds] for b in self.builds]})

    @classmethod
    def from_json(cls, text: str) -> ColdBuilds:
        found = json.loads(text)
        return cls([Build(code, log, Path(site), seconds)
                    for code, log, site, seconds in found["builds"]], found["forks"])


def builds_at_once(project: Path, folder: Path, copies: int) -> ColdBuilds:
    """Cold builds of `project` and of `copies` copies of it (each with its own cache, as on
    separate checkouts), all started together; meanwhile a process is started every half
    second, to show that the machine can still fork."""
    projects = [project]
    for index in range(copies):
        copy_project = folder / f"copy{index}"
        for part in ("docs", "snippets", "tests", "mkdocs.yml", "requirements.txt"):
            copy = shutil.copytree if (project / part).is_dir() else shutil.copy
            copy(project / part, copy_project / part)
        projects.append(copy_project)
    with ThreadPoolExecutor(len(projects)) as pool:
        started = [pool.submit(mkdocs_build, each, folder / f"site{index}")
                   for index, each in enumerate(projects)]
        forks = 0
        deadline = time.monotonic() + BUILD_TIMEOUT
        while not all(build.done() for build in started) and time.monotonic() < deadline:
            subprocess.run(["true"], check=True, timeout=30)
            forks += 1
            time.sleep(0.5)
        return ColdBuilds([build.result() for build in started], forks)


def scratch_project(project: Path, files: dict[str, str | bytes], timeout: int = 30) -> Path:
    """A small site with the real config (minus its nav) and only the given files."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("timeout: 30\n", f"timeout: {timeout}\n")
    nav_start = config.index("\nnav:")
    nav_end = config.index("\n\n", nav_start + 1)
    files = {"mkdocs.yml": config[:nav_start] + config[nav_end:], **files}
    (project / "snippets").mkdir(parents=True)
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return project



def published_output(page_html: str, block_id: str) -> tuple[str, str]:
    """A block's Output tab as published: its stdout, and its stderr block if it has one."""
    block = page_html[page_html.index(f'<section class="snippet-block" data-block="{block_id}"'):]
    block = block.split('class="snippet-download"')[0].split('<figure class="task-timeline')[0]
    block = block.split('<details class="timed-output"')[0]
    tab = block.split('<div class="tabbed-block">')[-1]  # the Output tab, if there are tabs
    stdout, _, stderr = tab.partition('<span class="filename">stderr</span>')

    def code_text(part: str) -> str:
        found = re.search(r"<code>(.*?)</code>", part, re.S)
        return html.unescape(re.sub(r"<[^>]+>", "", found[1])) if found else ""

    return code_text(stdout), code_text(stderr)


BAD_PAGE = """# Bad input

```python exec="on" id="bad"{options}
--8<-- "snippets/bad.py"
```
"""


def assert_failed_loudly(build: Build, *expected: str) -> None:
    """Failed, naming the page, the block and what went wrong, and published nothing. (No
    bound on the build's wall time: a loaded machine is slow; the message that names the
    timeout shows that the timeout, not the machine, ended the run.)"""
    assert build.returncode != 0, build.log
    assert "page index.md, block 'bad'" in build.log, build.log
    for text in expected:
        assert text in build.log, build.log
    assert not build.published, "a failed build must not leave a site behind"



# -- the browser --------------------------------------------------------------------------

def sitemap_paths(site: Build) -> list[str]:
    """Every page the sitemap lists, as a path on the local server."""
    tree = ET.parse(site.site / "sitemap.xml")
    locations = tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    return [urlsplit(loc.text or "").path for loc in locations]


def axe_violations(page: Page, *rules: str) -> list[str]:
    """What axe-core (bundled by axe-playwright-python) finds on the page: every rule, or
    only `rules`."""
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = list(rules)
    from axe_playwright_python.sync_playwright import Axe  # the site session's only

    result = Axe().run(page, options=options).response
    return [f"{v['id']}: {json.dumps([n['target'] for n in v['nodes']])}"
            for v in result["violations"]]


# The built site, served on this machine as its host serves it (for the browser tests and
# benchmarks/browser_run.py).
def site_url() -> str | None:
    """The address mkdocs.yml gives the published site."""
    found = re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    return found[1] if found else None


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site as its host would: the sitemap names this server, as it names
    `site_url` on the real host (Material's instant navigation only takes over links to
    pages the sitemap lists, port included)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        published = site_url()
        if self.path.split("?")[0] != "/sitemap.xml" or published is None:
            super().do_GET()
            return
        here = f"http://{self.headers['Host']}/"
        body = (Path(self.directory) / "sitemap.xml").read_bytes().replace(
            published.encode(), here.encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site's address, while a local server serves it."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
