"""How long a reader waits for a browser run, and what it downloads.

    .venv/bin/mkdocs build && .venv/bin/python benchmarks/browser_run.py [site]

Serves the built site locally, as its host would, and, in Chromium (Debian's `chromium`),
clicks Run under the first example of "What a task is": the time from the click to the first
output line, with a cold browser cache (a fresh browser context), then again on the same
page, where Python is already loaded, then on the next page, reached by its link (Material's
instant navigation keeps Python loaded): the first Run of "Results, errors, callbacks"
(`results_callbacks`). Each time is less the loop time the program printed its first line
at, which is the program's own wait. Best and median of five rounds,
measured side by side, with the bytes the page loaded before the first Run and during it,
and the size of the site.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).parents[1]))  # run as a script: the project's tests/
from tests.helpers import served  # the same server as the tests

ROUNDS = 5


def first_line_after_click(page: Page, name: str = "article_example") -> float:
    """Seconds from the click to the first line, less the loop time the program printed it
    at (its own wait is not the reader's wait for Python)."""
    block = page.locator(f'.snippet-block[data-block="{name}"]')
    started = time.perf_counter()
    block.get_by_role("button", name="Run in your browser").click()
    output = block.locator(".run-output")
    output.filter(has_text="] ").wait_for(timeout=60_000)
    seconds = time.perf_counter() - started
    stamp = float(output.inner_text().split(" s]", 1)[0].lstrip("["))
    block.locator(".run-status").filter(has_text="Finished").wait_for(timeout=60_000)
    return seconds - stamp


def next_page_first_line(page: Page) -> float:
    """The first Run on the next page, reached by its link, after a Run on this one."""
    page.evaluate("window.samePage = true")
    page.locator(".md-nav__link[href*='results-errors']").first.click()
    page.wait_for_url("**/results-errors-callbacks/")
    assert page.evaluate("window.samePage"), "instant navigation did not keep the page"
    return first_line_after_click(page, "results_callbacks")


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    cold, warm, next_page, before, during = [], [], [], [], []
    with served(site) as base, sync_playwright() as driver:
        url = f"{base}/what-is-a-task/"
        browser = driver.chromium.launch(executable_path=shutil.which("chromium"),
                                         args=["--no-sandbox"])
        for _ in range(ROUNDS):
            context = browser.new_context()  # an empty cache
            page = context.new_page()
            loaded: list[int] = []
            page.on("requestfinished",
                    lambda r, into=loaded: into.append(r.sizes()["responseBodySize"]))
            page.goto(url, wait_until="networkidle")
            before.append(sum(loaded))
            cold.append(first_line_after_click(page))
            during.append(sum(loaded) - before[-1])
            warm.append(first_line_after_click(page))
            next_page.append(next_page_first_line(page))
            context.close()
        browser.close()
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    for name, values in (("cold", cold), ("warm", warm),
                         ("first Run on the next page", next_page)):
        print(f"click to first line, {name}: best {min(values):.2f} s, "
              f"median {statistics.median(values):.2f} s")
    print(f"bytes before the first Run: {statistics.median(before) / 1024:,.0f} KiB "
          f"(uncompressed, as served here); loaded by the first Run: "
          f"{statistics.median(during) / 1024 / 1024:,.1f} MiB")
    print(f"site: {total / 1024 / 1024:,.1f} MiB in all")


if __name__ == "__main__":
    main()
