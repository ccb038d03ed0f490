"""Browser fixtures: the real site, built once, served locally, driven by Playwright."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.browser.site_server import served
from tests.site.conftest import Build

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
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium when installed; else the browser `playwright install` fetched."""
    launched = playwright.chromium.launch(
        executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS, headless=True)
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    yield opened
    context.close()


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
    result = Axe().run(page, options=options).response
    return [f"{v['id']}: {json.dumps([n['target'] for n in v['nodes']])}"
            for v in result["violations"]]
