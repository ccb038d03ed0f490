"""`mkdocs serve` for authors: fresh output after a snippet edit, no runs for a prose edit,
and a broken snippet shown on the page while the server keeps serving."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import scratch_project

pytestmark = pytest.mark.build

BLOCK = '```python exec="on" id="shared"\n--8<-- "snippets/shared.py"\n```\n'
WAIT = 60  # seconds for one rebuild to show up, on a loaded machine


class Server:
    def __init__(self, project: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
             "-a", f"127.0.0.1:{self.port}"],
            stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.reader = threading.Thread(target=self.read_log, daemon=True)
        self.reader.start()

    def read_log(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)

    def get(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode())

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "".join(self.log)
            try:
                if done():
                    return
            except OSError:
                pass  # not serving yet
            time.sleep(0.2)
        pytest.fail(f"not seen within {WAIT} s: {what}\n{''.join(self.log)}")

    def reports(self) -> list[str]:
        """Each finished build's report line, in order."""
        return [line for line in self.log if "Snippet blocks:" in line]

    def runs_in_last_build(self) -> str:
        return (self.reports() or [""])[-1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return scratch_project(tmp_path / "project", {
        "docs/index.md": f"# First\n\nProse, version 1.\n\n{BLOCK}",
        "docs/other.md": f"# Second\n\n{BLOCK}",
        "snippets/shared.py": 'print("output, version 1")\n',
    }, timeout=2)


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)
    running.reader.join(timeout=10)
    assert running.process.stdout is not None
    running.process.stdout.close()


def test_serve_refreshes_runs_only_what_changed_and_survives_bad_snippets(
    project: Path, server: Server
) -> None:
    server.wait_until(lambda: "output, version 1" in server.get("other/")
                      and len(server.reports()) == 1, "first build")  # and its report read
    assert "1 ran" in server.runs_in_last_build()  # two pages, one snippet: one run

    built = len(server.reports())
    (project / "snippets" / "shared.py").write_text('print("output, version 2")\n')
    server.wait_until(
        lambda: all("output, version 2" in server.get(p) for p in ("", "other/"))
        and len(server.reports()) > built,  # and its report is read, not the last one's
        "both pages including the edited snippet show its new output",
    )
    assert "1 ran" in server.runs_in_last_build()

    built = len(server.reports())
    page = project / "docs" / "index.md"
    page.write_text(page.read_text().replace("Prose, version 1.", "Prose, version 2."))
    server.wait_until(lambda: "Prose, version 2." in server.get("")
                      and len(server.reports()) > built, "the prose edit")
    assert "0 ran, 2 from cache" in server.runs_in_last_build()

    hang = "import asyncio\n\nasyncio.run(asyncio.Event().wait())\n"
    (project / "snippets" / "shared.py").write_text(hang)
    server.wait_until(lambda: "Error: this snippet timed out" in server.get("other/")
                      and "page other.md, block 'shared' timed out" in "".join(server.log),
                      "the hang reported on the page and in the log")
    assert "Prose, version 2." in server.get("")  # still serving
