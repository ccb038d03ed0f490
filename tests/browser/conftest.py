"""Browser fixtures: the real site, built once and served locally, and pytest-playwright's
own `browser`, `new_context` and `page`, set up for this machine and this site."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect
from pytest_playwright import CreateContextCallback

from tests.helpers import Build, served

# What a page does at once (a status after a click, a replay drawn after a run) may take
# seconds on a machine running four builds beside Chromium; Playwright's default is 5 s
expect.set_options(timeout=20_000)

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def site(built_site: Build) -> Build:
    """The same build the site checks use (see tests/conftest.py)."""
    assert built_site.returncode == 0, built_site.log
    return built_site


@pytest.fixture(scope="session")
def base_url(site: Build) -> Iterator[str]:
    with served(site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium when installed; else the browser `playwright install` fetched."""
    return {**browser_type_launch_args, "executable_path": shutil.which("chromium"),
            "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Every context may use the clipboard (a share link is copied to it)."""
    return {**browser_context_args, "permissions": ["clipboard-read", "clipboard-write"]}


@pytest.fixture
def context(new_context: CreateContextCallback) -> BrowserContext:
    """The `page` fixture's context: a laptop's screen. A test that needs another size or
    colour scheme asks `new_context` for one (closed, like this one, after the test)."""
    return new_context(viewport={"width": 1280, "height": 900})
