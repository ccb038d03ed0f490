"""Browser fixtures: the real site, built once, served locally, driven by Playwright."""

from __future__ import annotations

import functools
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.site.conftest import Build

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site(built_site: Build) -> Build:
    """The same build the site checks use (see tests/conftest.py)."""
    assert built_site.returncode == 0, built_site.log
    return built_site


@pytest.fixture(scope="session")
def base_url(site: Build) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
