"""What readers and copying developers do, in a real browser (Debian Chromium)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright import CreateContextCallback

from tests.helpers import ROOT, Build, axe_violations, sitemap_paths

pytestmark = pytest.mark.browser

SEARCHES = {  # query: pages that teach it and must be among the results
    "create_task": ["what-is-a-task/", "when-tasks-start/"],
    "TaskGroup": ["many-tasks/", "results-errors-callbacks/"],
    "CancelledError": ["cancellation/", "task-operations/"],
}


def test_every_page_loads_without_errors_or_third_party_requests(
    site: Build, base_url: str, page: Page
) -> None:
    paths = sitemap_paths(site)
    assert len(paths) >= 15
    errors: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda m: errors.append(f"{m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    for path in paths:  # a page's late requests are still heard while the next one loads
        page.goto(base_url + path)
    page.wait_for_load_state("networkidle")  # and the last page's
    assert errors == []
    assert hosts == {urlsplit(base_url).netloc}


def test_the_copy_button_copies_exactly_the_snippet_file(base_url: str, page: Page) -> None:
    page.goto(base_url + "/what-is-a-task/")
    block = page.locator(".tabbed-block").first
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy], button.md-clipboard").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    source = (ROOT / "snippets" / "article_example.py").read_text(encoding="utf-8")
    assert copied == source.rstrip("\n")


def test_the_output_tab_shows_the_real_output(base_url: str, page: Page) -> None:
    page.goto(base_url + "/what-is-a-task/")
    output = page.locator(".tabbed-set").first.locator(".tabbed-block").nth(1)
    expect(output).to_be_hidden()
    page.locator(".tabbed-set").first.get_by_text("Output", exact=True).click()
    expect(output).to_be_visible()
    expect(output).to_contain_text("Total time taken:")


@pytest.mark.parametrize("query", SEARCHES)
def test_search_finds_the_pages_that_teach_it(base_url: str, page: Page, query: str) -> None:
    page.goto(base_url + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    found = {urlsplit(href).path.strip("/") + "/"
             for href in results.evaluate_all("links => links.map(a => a.href)")}
    assert set(SEARCHES[query]) <= found


def test_the_palette_toggle_switches_light_and_dark(base_url: str, page: Page) -> None:
    page.goto(base_url + "/")
    scheme = page.locator("body")
    before = scheme.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = scheme.get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def test_on_a_phone_the_menu_opens_and_reaches_a_page(base_url: str, page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(base_url + "/")
    page.locator("label.md-header__button[for=__drawer]").click()
    page.locator(".md-nav--primary").get_by_role("link", name="Timeouts").click()
    expect(page).to_have_url(base_url + "/timeouts/")
    expect(page.locator("h1")).to_contain_text("Timeouts")


def test_download_links_deliver_the_snippet_files(base_url: str, page: Page) -> None:
    page.goto(base_url + "/when-tasks-start/")
    links = page.locator("p.snippet-download a[download]")
    assert links.count() >= 3
    for index in range(links.count()):
        with page.expect_download() as download:
            links.nth(index).click()
        name = download.value.suggested_filename
        saved = Path(download.value.path())
        assert saved.read_bytes() == (ROOT / "snippets" / name).read_bytes()


@pytest.mark.parametrize(("preference", "scheme"), [("light", "default"), ("dark", "slate")])
def test_axe_finds_no_accessibility_violations(
    site: Build, base_url: str, new_context: CreateContextCallback, preference: str, scheme: str
) -> None:
    context = new_context(color_scheme=preference)  # type: ignore[arg-type]
    page = context.new_page()
    found = {}
    for path in sitemap_paths(site):
        page.goto(base_url + path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        if violations := axe_violations(page):
            found[path] = violations
    assert found == {}


def test_search_and_tabs_are_reachable_with_the_keyboard(base_url: str, page: Page) -> None:
    page.goto(base_url + "/what-is-a-task/")
    focused: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused.append(page.evaluate(
            "(e => `${e.tagName} ${e.id} ${e.className}`)(document.activeElement)"))
    assert any("md-search__input" in f for f in focused)
    assert any("article_example-__tabbed" in f for f in focused)  # the Source/Output tabs


def test_the_accessibility_check_can_fail(base_url: str, page: Page) -> None:
    page.goto(base_url + "/")
    page.evaluate("document.querySelector('article').append(document.createElement('img'))")
    assert any(v.startswith("image-alt:") for v in axe_violations(page))
