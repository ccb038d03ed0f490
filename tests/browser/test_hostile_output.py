"""Output a program may print, and task names it may choose, cannot break the page: each
reaches HTML text, attributes, SVG and JSON inside a script element escaped for its
context. Builds a scratch site, as the trust tests do, and reads it in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.helpers import ROOT, mkdocs_build, scratch_project, served

pytestmark = pytest.mark.browser

LOAD = 60_000  # ms: the first Run loads Python into the browser

HOSTILE = ["<!--<script>", "</script><b>bold</b>", "]]>", "both \" and '", "line\u2028sep",
           "nul\x00here", "\x1b[31mred\x1b[0m", "bell\x07 del\x7f next\x85 ff\x0c vt\x0b"]
# What the page shows of each: the characters a page cannot show, as Python writes them
SHOWN = ["<!--<script>", "</script><b>bold</b>", "]]>", "both \" and '", r"line\u2028sep",
         r"nul\x00here", r"\x1b[31mred\x1b[0m", r"bell\x07 del\x7f next\x85 ff\x0c vt\x0b"]
# Characters an HTML document may not contain (the HTML standard's "control" code points
# other than ASCII whitespace, and the noncharacters), which the Nu checker reports
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
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
    assets = {str(path.relative_to(ROOT)): path.read_bytes()  # the site's scripts: Run
              for folder in ("javascripts", "stylesheets")
              for path in (ROOT / "docs" / folder).iterdir()}
    project = scratch_project(tmp_path / "project", {
        "docs/index.md": PAGE, "snippets/hostile.py": SOURCE.format(lines=HOSTILE), **assets})
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    published = (build.site / "index.html").read_text("utf-8")
    assert FORBIDDEN.findall(published) == []
    with served(build.site) as url:
        page = browser.new_page()
        page.goto(url + "/")
        assert page.locator("footer.md-footer").count() == 1  # the page goes on after it
        assert page.locator(".snippet-download a").count() == 1
        data = page.evaluate("JSON.parse(document.querySelector('.replay-data').textContent)")
        assert sorted(data["lines"]) == sorted(SHOWN)  # the JSON reads back exactly
        names = set(page.evaluate(
            "[...document.querySelectorAll('svg.task-timeline g title')].map(t => t.textContent)"))
        assert set(SHOWN) <= names  # text, not markup
        assert page.locator("b", has_text="bold").count() == 0
        output = page.locator(".tabbed-block").nth(1).text_content() or ""
        assert sorted(filter(None, output.splitlines())) == sorted(SHOWN)  # as text, one each
        # A run in the browser shows them as the page does, in its output and its pictures
        block = page.locator('.snippet-block[data-block="hostile"]')
        block.get_by_role("button", name="Run in your browser").click()
        expect(block.locator(".run-status")).to_have_text("Finished.", timeout=LOAD)
        ran = [re.sub(r"^\[\d+\.\d\d s\] ", "", line) for line in block.locator(
            ".run-output").evaluate("o => [...o.childNodes].filter(n => n.nodeType === 3)"
                                    ".map(n => n.textContent.replace(/\\n$/, ''))")]
        assert sorted(ran) == sorted(SHOWN)
        drawn = set(block.locator(".run-timeline svg.task-timeline g title").all_text_contents())
        assert set(SHOWN) <= drawn
        page.close()
