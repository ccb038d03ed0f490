"""Four cold builds of the real site, started together, all succeed and leave the machine
usable. The builds bound themselves: the scale page's measurement takes at most a quarter of
the machine's free process ids and works to a time budget, and every timing-dependent output
is checked against its test before it is published (see tasksdocs/expectations.py)."""

from __future__ import annotations

import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.site.conftest import BUILD_TIMEOUT, mkdocs_build

pytestmark = pytest.mark.build

BUILDS = 4


def test_four_cold_builds_at_once_all_succeed_and_the_machine_stays_usable(
    tmp_path: Path,
) -> None:
    projects = []
    for index in range(BUILDS):  # separate copies: separate caches, as on separate checkouts
        project = tmp_path / f"copy{index}"
        for part in ("docs", "snippets", "tests", "mkdocs.yml", "requirements.txt"):
            copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy
            copy(ROOT / part, project / part)
        projects.append(project)
    with ThreadPoolExecutor(BUILDS) as pool:
        builds = [pool.submit(mkdocs_build, project, project / "site") for project in projects]
        spawned = 0
        deadline = time.monotonic() + BUILD_TIMEOUT
        while not all(build.done() for build in builds) and time.monotonic() < deadline:
            subprocess.run(["true"], check=True, timeout=30)  # fork and exec still work
            spawned += 1
            time.sleep(0.5)
        results = [build.result() for build in builds]
    for build in results:
        assert build.returncode == 0, build.log
        assert "tasks: all planned sizes measured, up to 100,000" in build.log
    assert spawned > 0
