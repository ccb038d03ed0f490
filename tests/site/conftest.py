"""Fixtures that run the real `mkdocs build --strict`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Build, mkdocs_build, scratch_project


@pytest.fixture
def scratch_site(tmp_path: Path) -> Callable[..., Build]:
    """Build a scratch project (see `scratch_project`) with the real `mkdocs build --strict`."""

    def build(files: dict[str, str | bytes], timeout: int = 30) -> Build:
        project = scratch_project(tmp_path / "project", files, timeout)
        return mkdocs_build(project, tmp_path / "site")

    return build


