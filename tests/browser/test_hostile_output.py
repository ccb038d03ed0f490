"""Output a program may print, and task names it may choose, cannot break the page: each
reaches HTML text, attributes, SVG and JSON inside a script element escaped for its
context. Builds a scratch site, as the trust tests do, and reads it in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.helpers import mkdocs_build, scratch_project, served

pytestmark = pytest.mark.browser

HOSTILE = ["<!--<script>", "</script><b>bold</b>", "]]>", "both \" and '", "line\u2028sep",
           "nul\x00here"]
PAGE = '# Hostile\n\n```python exec="on" id="hostile" replay="on" timeline="on"\n' \
       '--8<-- "snippets/hostile.py"\n```\n'
SOURCE = (
    "import asyncio\n\nLINES = {lines!r}\n\n\n"
    "async def speak(line: str) -> None:\n    await asyncio.sleep(0.01)\n    print(line)\n\n\n"
    "async def main() -> None:\n    async with asyncio.TaskGroup() as group:\n"
    "        for line in LINES:\n            group.create_task(speak(line), name=line)\n\n\n"
    "asyncio.run(main())\n")


def test_hostile_output_cannot_break_the_page(tmp_path: Path, browser: Browser) -> None:
    """On 8450d6c a replay of a program that printed `<!--<script>` swallowed the rest of
    the page: the footer, the download link and the site's scripts were gone."""
    project = scratch_project(tmp_path / "project", {
        "docs/index.md": PAGE, "snippets/hostile.py": SOURCE.format(lines=HOSTILE)})
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    with served(build.site) as url:
        page = browser.new_page()
        page.goto(url + "/")
        assert page.locator("footer.md-footer").count() == 1  # the page goes on after it
        assert page.locator(".snippet-download a").count() == 1
        data = page.evaluate("JSON.parse(document.querySelector('.replay-data').textContent)")
        assert sorted(data["lines"]) == sorted(HOSTILE)  # the JSON reads back exactly
        names = set(page.evaluate(
            "[...document.querySelectorAll('svg.task-timeline g title')].map(t => t.textContent)"))
        assert {name for name in HOSTILE if "\x00" not in name} <= names  # text, not markup
        assert page.locator("b", has_text="bold").count() == 0
        output = page.locator(".tabbed-block").nth(1).text_content() or ""
        assert "</script><b>bold</b>" in output  # shown as text in the Output tab
        page.close()
