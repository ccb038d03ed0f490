"""Fixtures that run the real `mkdocs build --strict`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
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


def mkdocs_build(project: Path, site: Path) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)],
        capture_output=True, text=True, env=env, timeout=BUILD_TIMEOUT, check=False,
    )
    return Build(done.returncode, done.stdout + done.stderr, site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test session."""
    return mkdocs_build(ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture
def scratch_site(tmp_path: Path) -> Callable[[dict[str, str]], Build]:
    """Build a small site with the real config and machinery, and only the given files."""

    def build(files: dict[str, str]) -> Build:
        project = tmp_path / "project"
        shutil.copytree(ROOT / "tasksdocs", project / "tasksdocs")
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        nav_start = config.index("\nnav:")
        nav_end = config.index("\n\n", nav_start + 1)
        (project / "mkdocs.yml").write_text(config[:nav_start] + config[nav_end:])
        for name, text in files.items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return mkdocs_build(project, tmp_path / "site")

    return build
