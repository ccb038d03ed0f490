"""The build's own check of a rendered page: fence text that reached the reader as prose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown_exec
import pytest

from tasksdocs.mkdocs import page_check
from tasksdocs.mkdocs.options import BlockOptions, take_options
from tests.helpers import scratch_project

pytestmark = pytest.mark.engine

# What 8450d6c published for a block with measures="time" (abridged): superfences rejected
# the fence, so its line became a paragraph and a code comment a heading.
GARBLED = """<section class="snippet-block" data-block="slow_callback" data-run="yes">
<div class="tabbed-set"><div class="tabbed-block">
<p>````````python measures="time" title="snippets/slow_callback.py"</p>
<h1 id="requires-python-311">requires-python: &gt;=3.11</h1>
<p>import asyncio</p><p>````````</p></div></div></div>"""

CLEAN = """<section class="snippet-block" data-block="ok"><div class="highlight"><pre><code>
```python exec="on"
--8<-- "snippets/ok.py"
```</code></pre></div><p>Use <code>```python</code> to open a fence.</p></div>"""


def test_fence_text_outside_code_is_found_with_its_block() -> None:
    found = page_check.fence_text(GARBLED)
    assert [block for block, _ in found] == ["slow_callback", "slow_callback"]
    assert found[0][1].startswith('````````python measures="time"')


def test_fence_text_inside_code_is_not_a_leak() -> None:
    assert page_check.fence_text(CLEAN) == []


def test_an_include_line_in_prose_is_a_leak() -> None:
    include = '--8<-- "snippets/x.py"'
    assert page_check.fence_text(f"<p>{include}</p>") == [("", include)]


def test_a_block_not_rendered_by_tasksdocs_is_named() -> None:
    assert page_check.unrendered_blocks(CLEAN, ["ok", "missing"]) == ["missing"]


def test_every_option_leaves_the_attributes_markdown_exec_writes_back() -> None:
    """Any option left in `extra` is written into the fence that superfences rejects."""
    attributes = {"timeout": "5", "expect_stderr": "x", "timeline": "on",
                  "timeline_group": "g", "replay": "on", "measures": "time", "title": "t"}
    options = BlockOptions.take(attributes)
    assert attributes == {"title": "t"}
    assert options.measures_time
    assert (options.replay, options.timeout) == ("on", "5")


@pytest.mark.parametrize("bad", [{"measures": "cpu"}, {"replay": "yes"}, {"timeout": "soon"},
                                 {"timeout": "0"}, {"timeline": "auto"}])
def test_a_value_an_option_does_not_accept_is_refused_by_name(bad: dict[str, str]) -> None:
    name = next(iter(bad))
    with pytest.raises(ValueError, match=name):
        BlockOptions.take(dict(bad))


def test_a_source_tab_published_as_markdown_is_found() -> None:
    rendered = GARBLED.replace('<div class="tabbed-block">', '<div class="tabbed-block">', 1)
    rendered += '<div class="tabbed-block"><div class="highlight"><pre>out</pre></div></div>'
    assert "not one code block" in page_check.source_tab_problem(rendered)
    good = ('<div class="tabbed-block"><div class="highlight"><pre><code>x</code></pre></div>'
            '</div><div class="tabbed-block"><pre>out</pre><p><em>(a note)</em></p></div>')
    assert page_check.source_tab_problem("<div>" + good) == ""


def test_the_fences_validator_keeps_tasksdocs_options_from_markdown_exec() -> None:
    inputs = {"exec": "on", "id": "x", "measures": "time", "replay": "on", "title": "t"}
    options: dict[str, Any] = {}
    assert take_options("python", inputs, options, {}, None)
    assert options["extra"] == {"title": "t"}  # what markdown-exec writes back
    assert options["tasksdocs"] == BlockOptions(measures="time", replay="on")


@pytest.mark.parametrize("first", ["markdown-exec", "tasksdocs"])
def test_the_python_fence_is_tasksdocs_own_whichever_plugin_comes_first(
    tmp_path: Path, first: str,
) -> None:
    """Registered in superfences' custom_fences, as markdown-exec registers its own, and
    never by replacing markdown-exec's registry of formatters."""
    from mkdocs.config import load_config

    project = scratch_project(tmp_path / "project", {"docs/index.md": "# Empty\n"})
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    ours = "  - tasksdocs:\n      timeout: 30\n"
    theirs = "  - markdown-exec:\n      languages: [python]\n"
    assert ours in text
    assert theirs in text
    if first == "tasksdocs":
        config_file.write_text(text.replace(ours, "").replace(theirs, ours + theirs))
    formatter = markdown_exec.formatters["python"]
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        fences = [fence for fence in config.mdx_configs["pymdownx.superfences"]["custom_fences"]
                  if fence["name"] == "python"]
        plugin = config.plugins["tasksdocs"]
        assert [fence["format"] for fence in fences] == [plugin.format_fence]  # type: ignore[attr-defined]
        assert fences[0]["validator"] is take_options
        assert markdown_exec.formatters["python"] is formatter
    finally:
        config.plugins.on_shutdown()
