"""How long a reader waits for a browser run, and what it downloads.

    .venv/bin/mkdocs build && .venv/bin/python benchmarks/browser_run.py [site]

Serves the built site locally and, in Chromium (Debian's `chromium`), clicks Run under the
first example of "What a task is": the time from the click to the first output line, with a
cold browser cache (a fresh browser context) and then again on the same page, where Python is
already loaded. Best and median of five cold and five warm runs, measured side by side, with
the bytes the page loaded before the first Run and during it, and the size of the site.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROUNDS = 5
BLOCK = '.snippet-block[data-block="article_example"]'


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def first_line_after_click(page: Page) -> float:
    block = page.locator(BLOCK)
    started = time.perf_counter()
    block.get_by_role("button", name="Run in your browser").click()
    block.locator(".run-output").filter(has_text="] ").wait_for(timeout=60_000)
    seconds = time.perf_counter() - started
    block.locator(".run-status").filter(has_text="Finished").wait_for(timeout=60_000)
    return seconds


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/what-is-a-task/"
    cold, warm, before, during = [], [], [], []
    with sync_playwright() as driver:
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
            context.close()
        browser.close()
    server.shutdown()
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    for name, values in (("cold", cold), ("warm", warm)):
        print(f"click to first line, {name}: best {min(values):.2f} s, "
              f"median {statistics.median(values):.2f} s")
    print(f"bytes before the first Run: {statistics.median(before) / 1024:,.0f} KiB "
          f"(uncompressed, as served here); loaded by the first Run: "
          f"{statistics.median(during) / 1024 / 1024:,.1f} MiB")
    print(f"site: {total / 1024 / 1024:,.1f} MiB in all")


if __name__ == "__main__":
    main()
