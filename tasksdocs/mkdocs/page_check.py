"""Checks on a page as rendered, before it is published: what a reader would see as broken.

`pymdownx.superfences` falls back to plain Markdown for a fence it rejects (an attribute it
does not know, a formatter that raised), and the page then shows the fence line as text,
code comments as headings and code as paragraphs, with `--strict` still passing. These
checks find that in the HTML, so the build fails naming the page and the block.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

FENCE = re.compile(r"^\s*(`{3,}|~{3,}|--8<--)", re.MULTILINE)
# A highlighted code block: search indexes prose, so previews are not filled with code (its
# only inner element with a tag of its own is <pre>: see the plugin's note on sections)
CODE_BLOCK = re.compile(r'(<div class="(?:[^"]* )?highlight(?: [^"]*)?")>')
BOXES = {"div", "section"}  # elements a block's data-block may sit on
VERBATIM = {"pre", "code", "script", "style", "textarea", "svg"}


class TextOutsideCode(HTMLParser):
    """The text of a page that is not inside code, scripts or drawings, each piece with the
    block (`data-block`) it sits in, if any."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.divs: list[str | None] = []  # each open div's data-block
        self.parts: list[tuple[str, str]] = []

    @property
    def block(self) -> str:
        return next((b for b in reversed(self.divs) if b is not None), "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VERBATIM:
            self.depth += 1
        elif tag in {"p", "br", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td"}:
            self.parts.append((self.block, "\n"))
        if tag in BOXES:
            self.divs.append(dict(attrs).get("data-block"))

    def handle_endtag(self, tag: str) -> None:
        if tag in VERBATIM and self.depth:
            self.depth -= 1
        if tag in BOXES and self.divs:
            self.divs.pop()

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts += [(self.block, line) for line in re.split(r"(?<=\n)", data) if line]


def fence_text(content: str) -> list[tuple[str, str]]:
    """Lines of fence or include syntax that reached the page as text, not code, each with
    the block it sits in ("" outside any block)."""
    reader = TextOutsideCode()
    reader.feed(content)
    reader.close()
    lines: list[tuple[str, str]] = []
    for block, part in reader.parts:
        if lines and not lines[-1][1].endswith("\n"):
            lines[-1] = (lines[-1][0] or block, lines[-1][1] + part)
        else:
            lines.append((block, part))
    return [(block, line.strip()[:100]) for block, line in lines if FENCE.match(line)]


def unrendered_blocks(content: str, block_ids: list[str]) -> list[str]:
    """The declared blocks that tasksdocs did not render (each rendered block is wrapped in
    `<section class="snippet-block" data-block="ID">`)."""
    return [block_id for block_id in block_ids
            if f'class="snippet-block" data-block="{html.escape(block_id)}"' not in content]


def source_tab_problem(rendered: str) -> str:
    """What is wrong with a block's Source tab as markdown-exec rendered it ("" if nothing):
    it must be one highlighted code block, with no paragraph or heading beside it."""
    parts = rendered.split('<div class="tabbed-block">')
    if len(parts) < 3:  # no tabs: the block shows its output only
        return ""
    source = parts[1]
    blocks = source.count("<pre")
    prose = re.sub(r"<pre.*?</pre>", "", source, flags=re.DOTALL)
    if blocks != 1 or re.search(r"<(p|h[1-6])\b", prose):
        return (f"Source tab is not one code block ({blocks} code blocks, with prose "
                "beside them): pymdownx.superfences rejected the fence markdown-exec wrote "
                "back, so the file was published as Markdown")
    return ""
