"""Search indexes teaching text: not the build report, not the tables of tests, not code,
outputs or tab labels, and no heading made from a code comment. The home page teaches
before it explains the machinery."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.helpers import Build

pytestmark = pytest.mark.build


def entries(site: Build) -> list[dict[str, Any]]:
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    return list(index["docs"])


def test_the_build_report_is_not_searched(built_site: Build) -> None:
    assert [e["location"] for e in entries(built_site)
            if e["location"].startswith("build-report/")] == []


def test_the_tables_of_tests_are_not_searched(built_site: Build) -> None:
    found = [e["location"] for e in entries(built_site)
             if "What the tests check" in e["title"] or "tests/unit/test_" in e["text"]]
    assert found == []


def test_code_outputs_and_tab_labels_are_not_searched(built_site: Build) -> None:
    """On 8450d6c previews filled with "SourceOutput" and whole programs."""
    leaks = ["SourceOutput", "if __name__", "async def main()", "requires-python",
             "Total time taken"]
    found = [(e["location"], leak) for e in entries(built_site) for leak in leaks
             if leak in e["text"] or leak in e["title"]]
    assert found == []


def test_the_teaching_text_is_still_searched(built_site: Build) -> None:
    """The exclusions leave the prose: each teaching page has its sections indexed."""
    titles = {e["title"] for e in entries(built_site)}
    assert {"Creating and awaiting tasks", "Reading the output"} <= titles
    assert any("create_task" in e["text"] for e in entries(built_site))


def test_the_home_page_teaches_first(built_site: Build) -> None:
    """On 8450d6c it opened with file names, versions and WebAssembly, and no example."""
    home = (built_site.site / "index.html").read_text("utf-8")
    content = home[home.index('<article class="md-content__inner'):]
    first_block = content.index('data-block="article_example"')
    before = re.sub(r"<[^>]+>", "", content[:first_block])
    assert [word for word in ("snippets/", "WebAssembly", "Pyodide", "3.12", "pytest")
            if word in before] == []
    block = content[first_block:].split("</section>")[0]
    assert 'class="task-timeline"' in block  # its picture
    assert "Tasks are now running in the background!" in block  # its output
    assert 'href="about/"' in content  # the machinery has a page of its own
