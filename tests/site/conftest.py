"""Fixtures that run the real `mkdocs build --strict`."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

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


def mkdocs_build(project: Path, site: Path, *, fresh: bool = True) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TASKSDOCS_FRESH": "1" if fresh else "0"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)],
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


@pytest.fixture
def scratch_site(tmp_path: Path) -> Callable[..., Build]:
    """Build a scratch project (see `scratch_project`) with the real `mkdocs build --strict`."""

    def build(files: dict[str, str | bytes], timeout: int = 30) -> Build:
        project = scratch_project(tmp_path / "project", files, timeout)
        return mkdocs_build(project, tmp_path / "site")

    return build


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
