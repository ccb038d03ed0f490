"""MkDocs hooks: every `python exec="on"` block runs as a real program, in a child process.

markdown-exec renders the block (Source and Output tabs, warnings); this module replaces
only *how the code runs*. markdown-exec runs blocks inside the MkDocs process, where the
`__main__` guard is skipped, only the global `print` is captured, and `sys.exit` or a hang
takes MkDocs down with it. Here each block runs through `tasksdocs/runner.py` instead.

A block looks like this, and its `id` names the snippet file it includes:

    ```python exec="on" id="article_example"
    --8<-- "snippets/article_example.py"
    ```
"""

from __future__ import annotations

import html
import logging
import posixpath
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown_exec
from mkdocs.structure.files import File

from tasksdocs import pythons

if TYPE_CHECKING:
    from markdown import Markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.tasksdocs")

RUNNER = Path(__file__).with_name("runner.py")
DEFAULT_TIMEOUT = 30.0
KILL_GRACE = 5.0
DEFAULT_OPTIONS = {"source": "tabbed-left", "tabs": ("Source", "Output")}
UNSET_OPTIONS = {"source": "", "tabs": markdown_exec.default_tabs}
EXIT_REASONS = {1: "raised an exception", 2: "called sys.exit", 3: "timed out"}


@dataclass(frozen=True)
class Run:
    """What one run of a snippet produced."""

    stdout: str
    stderr: str
    returncode: int
    seconds: float


@dataclass
class BuildState:
    project_dir: Path = Path()
    page: str = "?"
    page_url: str = ""


state = BuildState()


def run_snippet(
    source: str, label: str, *, cwd: Path, python: str = sys.executable,
    timeout: float = DEFAULT_TIMEOUT,
) -> Run:
    """Run `source` as `python <label>` would, in a fresh interpreter, within `timeout`."""
    command = [python, str(RUNNER), label, str(timeout)]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, input=source, capture_output=True, text=True, cwd=cwd,
            timeout=timeout + KILL_GRACE, check=False,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - start
        return Run("", f"the runner did not stop after {seconds:.0f} s and was killed", 3, seconds)
    return Run(done.stdout, done.stderr, done.returncode, time.perf_counter() - start)


def snippet_label(block_id: str) -> str:
    """The file a block shows, by our naming rule (id = snippet file stem)."""
    path = Path("snippets", f"{block_id}.py")
    return path.as_posix() if (state.project_dir / path).is_file() else f"<{state.page}#{block_id}>"


def text_block(text: str, title: str = "") -> str:
    options = {"title": title} if title else {}
    return str(markdown_exec.code_block("text", text.rstrip("\n"), **options))


@dataclass(frozen=True)
class Block:
    """One `python exec="on"` block, as the build runs it."""

    id: str
    label: str
    python: str
    expect_stderr: str

    @property
    def where(self) -> str:
        return f"page {state.page}, block '{self.id or '(no id)'}'"

    def run(self, code: str, **_: Any) -> str:
        """Run the block for markdown-exec; return the Markdown for its Output tab."""
        run = run_snippet(code, self.label, cwd=state.project_dir, python=self.python)
        stdout = text_block(run.stdout or "(this program printed nothing)")
        if run.returncode != 0:
            reason = EXIT_REASONS.get(run.returncode, f"exited with code {run.returncode}")
            log.warning("%s %s:\n%s", self.where, reason, run.stderr.rstrip())
            return f"{stdout}\n\n{text_block(run.stderr, f'Error: this snippet {reason}')}"
        if self.expect_stderr and self.expect_stderr not in run.stderr:
            log.warning("%s should have written %r to stderr, but wrote:\n%s",
                        self.where, self.expect_stderr, run.stderr.rstrip() or "(nothing)")
        elif run.stderr and not self.expect_stderr:
            log.warning("%s wrote to stderr:\n%s", self.where, run.stderr.rstrip())
        if run.stderr:
            return f"{stdout}\n\n{text_block(run.stderr, 'stderr')}"
        return stdout


def format_python(code: str, md: Markdown, **options: Any) -> str:
    """markdown-exec's formatter for `python` blocks, with our runner and our defaults."""
    for name, default in DEFAULT_OPTIONS.items():
        if options.get(name) == UNSET_OPTIONS[name]:
            options[name] = default
    extra = options["extra"]
    block_id = options.get("id", "")
    label = snippet_label(block_id)
    minimum = pythons.requires_python(code)
    found = pythons.interpreter_for(minimum)
    if found is None:
        log.warning("page %s, block '%s' needs Python %d.%d or newer, and none was found",
                    state.page, block_id, *minimum)
        found = (sys.executable, sys.version_info[:2])
    python, version = found
    if not label.startswith("<"):
        extra.setdefault("title", f"{label} · Python {minimum[0]}.{minimum[1]}+")
    if version != sys.version_info[:2]:
        source_tab, output_tab = options["tabs"]
        options["tabs"] = (source_tab, f"{output_tab} (Python {version[0]}.{version[1]})")
    block = Block(block_id, label, python, extra.pop("expect_stderr", ""))
    rendered = markdown_exec.base_format(
        language="python", run=block.run, code=code, md=md, **options
    )
    return str(rendered) + (download_link(label) if not label.startswith("<") else "")


def download_link(snippet: str) -> str:
    """A link that downloads the snippet file, which `on_files` publishes beside the pages."""
    page_dir = state.page_url if state.page_url.endswith("/") else posixpath.dirname(state.page_url)
    href = posixpath.relpath(snippet, page_dir or ".")
    name = posixpath.basename(snippet)
    return (
        f'<p class="snippet-download"><a href="{html.escape(href)}" download="{name}">'
        f"Download {html.escape(snippet)}</a></p>"
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.project_dir = Path(config.config_file_path).parent
    markdown_exec.formatters["python"] = format_python
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish every snippet at `snippets/<name>.py`, for the download links."""
    for path in sorted((state.project_dir / "snippets").glob("[!_]*.py")):
        files.append(File.generated(config, f"snippets/{path.name}", abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state.page = page.file.src_uri
    state.page_url = page.url
    return markdown
