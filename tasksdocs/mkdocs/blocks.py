"""The executed blocks of a page, as its Markdown declares them: each block's id, the
snippet file it includes (only files in snippets/ may be run or published), its source and
its options. Read before rendering, so that every block can start running at once."""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import markdown_exec
from mkdocs.exceptions import PluginError

from tasksdocs.engine.execution import Run
from tasksdocs.engine.pythons import UNSHOWABLE
from tasksdocs.mkdocs.options import BlockOptions

EXEC_BLOCK = re.compile(
    r'^(?P<indent>[ \t]*)```python exec="on"(?P<options>[^\n]*)\n(?P<body>.*?)\n(?P=indent)```',
    re.MULTILINE | re.DOTALL,
)
INCLUDE_LINE = re.compile(r'^--8<--\s+"([^"]+)"\s*$')
OPTION = re.compile(r'(\w+)="([^"]*)"')
BLOCK_ID = re.compile(r"[\w-]+", re.ASCII)


@dataclass(frozen=True)
class Block:
    """A block as the page's Markdown declares it, read before rendering."""

    block_id: str
    label: str  # the file it runs as: the included snippet, or a scratch name for inline code
    source: str
    options: BlockOptions


def measures_time(block: Block) -> bool:
    return block.options.measures_time


# Characters a snippet's code may not hold as they are: those a page cannot show (its
# Source tab would differ from the file, or be invalid HTML), and the bidirectional controls
# that can make code read differently from what it does ("Trojan Source"). Escapes such as
# "\x1b" in a string are fine.
HIDDEN = re.compile("[" + "".join(re.escape(c) for c, _ in UNSHOWABLE)
                    + "\u200b\u202a-\u202e\u2066-\u2069]")


def hidden_character(source: str) -> str:
    """Where `source` holds a character in HIDDEN, and which (the first only), or ""."""
    found = HIDDEN.search(source)
    if found is None:
        return ""
    line = source.count("\n", 0, found.start()) + 1
    char = found[0]
    return (f"line {line} holds U+{ord(char):04X} ({unicodedata.name(char, 'a control')}), "
            "a control or invisible character: the Source tab would not show the code as "
            f"it runs. Write it as the escape {ascii(char)[1:-1]} in a string, or remove it")


UNREAD_FENCE = (
    'is run by markdown-exec, but not written as ```python exec="on" (tasksdocs reads no '
    "other form: not exec=\"true\", ~~~ or ````, nor MARKDOWN_EXEC_AUTO), so it was not "
    "checked, started or run")


def failed_block(where: str, why: str) -> str:
    """What a page shows in place of a block that the build fails on."""
    return ('<div class="admonition failure"><p class="admonition-title">This block failed '
            f"to render</p><p>{html.escape(where)}: {html.escape(why)}</p></div>")


def text_block(text: str, title: str = "") -> str:
    options = {"title": title} if title else {}
    return str(markdown_exec.code_block("text", text.rstrip("\n"), **options))


def render_output(run: Run) -> str:
    """The Markdown of a block's Output tab."""
    parts = [text_block(run.stdout or "(this program printed nothing)")]
    parts += [f"*({note})*" for note in run.notes]
    if run.problem:
        reason, _, detail = run.problem.partition(":\n")
        parts.append(text_block(detail or reason, f"Error: this snippet {reason}"))
    elif run.stderr:
        parts.append(text_block(run.stderr, "stderr"))
    return "\n\n".join(parts)


def inside(project: Path, path: Path, what: str) -> None:
    """Refuse, before anything runs or is written, a file that is not in snippets/ once
    its links are followed: only the project's own examples are run and published."""
    snippets = (project / "snippets").resolve()
    if not path.resolve().is_relative_to(snippets):
        raise PluginError(f"{what}, which is outside snippets/ (it resolves to "
                          f"{path.resolve()}); only files in snippets/ are run or published")


def read_blocks(markdown: str, page: str, project: Path) -> tuple[list[Block], list[str]]:
    """Every executed block of a page, and what is wrong with their ids."""
    blocks, problems = [], []
    for match in EXEC_BLOCK.finditer(markdown):
        attributes = dict(OPTION.findall(match["options"]))
        block_id = attributes.get("id", "")
        try:
            options = BlockOptions.take(attributes)
        except ValueError as error:
            problems.append(f"block '{block_id or '(no id)'}': {error}")
            options = BlockOptions()
        body = textwrap.dedent(match["body"])
        include = INCLUDE_LINE.match(body.strip())
        if block_id and not BLOCK_ID.fullmatch(block_id):
            problems.append(f"block '{block_id}': an id must be letters, digits, _ and - "
                            "(it becomes HTML ids, and names the snippet file)")
        if include:
            label = include[1]
            path = project / label
            inside(project, path, f"page {page}, block '{block_id or '(no id)'}' includes "
                   f"{label}")
            try:
                source = path.read_text(encoding="utf-8") if path.is_file() else ""
            except UnicodeDecodeError as error:  # pymdownx.snippets could not include it
                raise PluginError(f"page {page}, block '{block_id or '(no id)'}' includes "
                                  f"{label}, which is not UTF-8 text ({error.reason} at byte "
                                  f"{error.start})") from None
            if Path(label).stem != block_id:
                problems.append(f"block '{block_id or '(no id)'}' includes {label}, so its id "
                                f"must be '{Path(label).stem}'")
        else:
            label = f"{Path(page).stem}-{block_id or 'block'}.py"
            source = body
        if hidden := hidden_character(source):
            problems.append(f"block '{block_id or '(no id)'}': {label} {hidden}")
        blocks.append(Block(block_id, label, source.rstrip("\n") + "\n", options))
    for block_id, count in Counter(b.block_id for b in blocks).items():
        if count > 1:
            problems.append(f"{count} blocks share the id '{block_id or '(no id)'}': "
                            + ", ".join(b.label for b in blocks if b.block_id == block_id))
    return blocks, problems
