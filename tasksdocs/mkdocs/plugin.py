"""The MkDocs adapter: every `python exec="on"` block becomes a faithful, checked run.

This plugin owns the `python` fence (registered in superfences' `custom_fences`, as
markdown-exec registers its own): markdown-exec draws each block's Source and Output tabs,
and tasksdocs decides how the code runs (`runs.py` and the engine) and what the Output tab
may show. Any failure is a warning that names the page and the block, so `mkdocs build
--strict` fails, and a failed build leaves no site behind.

    plugins:
      - markdown-exec: {languages: [python]}
      - tasksdocs: {timeout: 30}

A block names the snippet file it includes in its `id`:

    ```python exec="on" id="article_example"
    --8<-- "snippets/article_example.py"
    ```

The options a block may carry for tasksdocs are declared once, in `options.py`;
`source="none"` (markdown-exec's own) shows only the output.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import sys
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown_exec
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from tasksdocs.engine import pythons
from tasksdocs.engine.cache import Cache
from tasksdocs.engine.execution import Job
from tasksdocs.mkdocs import blocks, browser, page_check, report
from tasksdocs.mkdocs.blocks import Block, inside, read_blocks, render_output, text_block
from tasksdocs.mkdocs.options import (
    BlockOptions,
    TasksDocsConfig,
    config_problems,
    take_options,
    with_site_defaults,
)
from tasksdocs.mkdocs.report import Timing
from tasksdocs.mkdocs.runs import Runs, Settings
from tasksdocs.pictures import figures, replay, timeline

if TYPE_CHECKING:
    from markdown import Markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.tasksdocs")

SCALE_MARKER = "<!-- tasksdocs:scale -->"  # a page's placeholder for the measured scale report
FRESH_ENV = "TASKSDOCS_FRESH"


@dataclass
class BuildState:
    """What the plugin knows during one build."""

    page: str = "?"
    page_url: str = ""
    pages: dict[str, tuple[str, list[Block], list[str]]] = field(default_factory=dict)
    blocks: dict[str, Block] = field(default_factory=dict)  # this page's, by id
    to_render: Counter[str] = field(default_factory=Counter)  # this page's ids, not yet seen
    failures: list[str] = field(default_factory=list)  # where, and the problem's start
    timings: list[Timing] = field(default_factory=list)
    figures: dict[str, figures.Figure] = field(default_factory=dict)  # this page's


class TasksDocsPlugin(BasePlugin[TasksDocsConfig]):  # type: ignore[no-untyped-call]
    """Runs, checks, caches and reports every executed Python block."""

    runs: Runs | None = None
    site_dir = ""  # the build's, once on_pre_build has run

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Called once; under `mkdocs serve` this instance then serves every rebuild."""
        self.command = command
        self.browser_python = False
        self.pool: ThreadPoolExecutor | None = None

    def on_shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.runs is not None:
            self.runs.close()

    @event_priority(-50)  # after markdown-exec's, whose `python` fence this one replaces
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path).resolve().parent  # `-f mkdocs.yml`
        if problems := config_problems(self.config):
            raise PluginError("tasksdocs, in mkdocs.yml: " + "; ".join(problems))
        fresh = os.environ.get(FRESH_ENV, "") not in ("", "0")
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max(1, self.config.jobs), "tasksdocs")
        self.runs = Runs(self.project_dir, Settings(
            self.config.timeout, self.config.expectations, self.config.scale_budget),
            Cache(self.project_dir / self.config.cache_dir, fresh=fresh), self.pool)
        self.state = BuildState()
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault(
            "custom_fences", [])
        fences[:] = [fence for fence in fences if fence.get("name") != "python"]
        fences.append({"name": "python", "class": "python", "validator": take_options,
                       "format": self.format_fence})
        markdown_exec.markdown_config.save(config.markdown_extensions, config.mdx_configs)
        return config

    # -- one block -------------------------------------------------------------------------

    def fail(self, where: str, problem: str) -> None:
        log.warning("%s %s", where, problem)
        self.state.failures.append(report.failure(where, problem))

    def format_fence(self, source: str, language: str, css_class: str,
                     options: dict[str, Any], md: Markdown, **_: Any) -> str:
        """superfences' formatter for the `python` fence."""
        return self.format_python(source, md, **options)

    def format_python(self, code: str, md: Markdown, **options: Any) -> str:
        """markdown-exec's formatter for `python` blocks. It never raises: superfences would
        swallow the error and publish the raw fence."""
        block_id = options.get("id", "")
        where = f"page {self.state.page}, block '{block_id or '(no id)'}'"
        if self.state.to_render[block_id] == 0:  # a fence that read_blocks did not find
            self.fail(where, blocks.UNREAD_FENCE)
            return blocks.failed_block(where, "not run: it " + blocks.UNREAD_FENCE)
        self.state.to_render[block_id] -= 1
        try:
            return self.format_block(code, md, where, **options)
        except Exception as error:  # noqa: BLE001 - see the docstring
            self.fail(where, f"could not be rendered, because of a bug in the tasksdocs "
                      f"plugin: {type(error).__name__}: {error}")
            return blocks.failed_block(where, type(error).__name__)

    def format_block(self, code: str, md: Markdown, where: str, **options: Any) -> str:
        with_site_defaults(options)
        extra = options["extra"]
        block_id = options.get("id", "")
        declared = self.state.blocks.get(block_id)
        label = declared.label if declared else f"{Path(self.state.page).stem}-block.py"
        taken = options.pop("tasksdocs", None)  # from the fence's validator, take_options
        block = Block(block_id, label, code.rstrip("\n") + "\n", taken or BlockOptions())
        minimum = pythons.requires_python(block.source)
        runs = self.runs
        assert runs is not None, "on_config prepares the runs"
        job = runs.job(block)
        if label.startswith("snippets/"):
            extra.setdefault("title", f"{label} · Python {minimum[0]}.{minimum[1]}+")
        if isinstance(job, Job) and job.interpreter.minor != sys.version_info[:2]:
            source_tab, output_tab = options["tabs"]
            options["tabs"] = (source_tab, f"{output_tab} ({job.interpreter.name})")
        recording: dict[str, Any] = {}

        def run_block(code: str, **_: Any) -> str:
            if isinstance(job, str):
                self.fail(where, job)
                return text_block(f"(not run: this block {job})")
            if not self.config.execute:
                return text_block("(not executed: the tasksdocs plugin has execute: false)")
            run, origin = runs.outcome(job)
            if run.problem:
                self.fail(where, run.problem)
            recording.update(run.recording)
            self.state.timings.append(Timing(self.state.page, block_id, job.interpreter.release,
                                             run.seconds, origin if run.clean else "failed"))
            return render_output(run)

        rendered = markdown_exec.base_format(language="python", run=run_block, code=code,
                                             md=md, **options)
        if problem := page_check.source_tab_problem(rendered):
            self.fail(where, problem)
        link = browser.download_link(label, self.state.page_url) \
            if label.startswith("snippets/") else ""
        # Search indexes the page's prose, not code, outputs, tabs or figures. A section,
        # because Material's search parser matches an excluded element's end by its tag
        # name, so the first inner </div> would end a <div>'s exclusion.
        return (f'<section class="snippet-block" data-block="{html.escape(block_id)}"'
                f"{browser.runnable(block, self.browser_python) if link else ''}"
                " data-search-exclude>"
                f"{rendered}{self.pictures(block, recording)}{link}</section>")

    def pictures(self, block: Block, recording: dict[str, Any]) -> str:
        """Under a block's tabs: its printed lines with their moments, a mark where its
        timeline goes once the page's figures share their axes, and its replay."""
        lanes = timeline.lanes_from(recording)
        choice = block.options.timeline
        drawn = ""
        if lanes and (choice == "on" or (choice != "off" and timeline.concurrent(lanes))):
            self.state.figures[block.block_id] = figures.Figure(
                lanes, f"Task timeline of {block.label}",
                block.options.timeline_group or f"block {block.block_id}",
                int(recording.get("more_tasks", 0)))
            drawn = figures.MARK.format(block.block_id)
        steps = ""
        if block.options.replay == "on" and recording:
            steps = replay.replay(recording, block.source, f"Replay of {block.label}")
        return f"{timeline.timed_output(recording)}{drawn}{steps}"

    # -- the whole build -------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Publish the snippets for download, and start every block that is not cached."""
        self.state = BuildState()
        for path in sorted((self.project_dir / "snippets").glob("[!_]*.py")):
            inside(self.project_dir, path, f"snippets/{path.name}")
            files.append(File.generated(config, f"snippets/{path.name}", abs_src_path=str(path)))
        self.browser_python = browser.publish(files, config, self.config.timeout)
        if not self.browser_python:
            log.warning("Pyodide is not installed (run `npm ci`), so the examples get no Run "
                        "button")
        for page in files.documentation_pages():  # each page is read here, and only here
            text = Path(page.abs_src_path or "").read_text("utf-8")
            self.state.pages[page.src_uri] = (text, *read_blocks(text, page.src_uri,
                                                                 self.project_dir))
        self.scale_report: Future[str] | None = None
        if self.config.execute:
            assert self.runs is not None, "on_config prepares the runs"
            others = self.runs.start_ahead(
                block for _, found, _ in self.state.pages.values() for block in found)
            if any(SCALE_MARKER in text for text, _, _ in self.state.pages.values()):
                self.scale_report = self.runs.start_scale(others)
        if self.config.report_page:  # last, so that it renders after every block has run
            files.append(File.generated(config, self.config.report_page, content=""))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        self.state.page = page.file.src_uri
        self.state.page_url = page.url
        self.state.figures = {}
        text, found, problems = self.state.pages.get(page.file.src_uri, ("", [], []))
        if text != markdown:  # a generated page, or one another plugin has changed
            found, problems = read_blocks(markdown, page.file.src_uri, self.project_dir)
        self.state.blocks = {b.block_id: b for b in found}
        self.state.to_render = Counter(b.block_id for b in found)
        for problem in problems:
            self.fail(f"page {page.file.src_uri}:", problem)
        if SCALE_MARKER in markdown:
            measured = (self.scale_report.result() if self.scale_report is not None
                        else "*(Not measured: the tasksdocs plugin has execute: false.)*")
            markdown = markdown.replace(SCALE_MARKER, measured)
        if page.file.src_uri == self.config.report_page:
            page.meta["search"] = {"exclude": True}  # about the build, not about tasks
            page.meta["description"] = (
                "How long each example on this site took to run when the site was built, "
                "on which Python, and whether its output was reused."
            )
            return report.page(self.state.timings, self.config.report_page)
        return markdown

    def on_page_content(self, content: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Check that every block rendered as code, then draw the page's timelines, each
        group of them on the clock of its longest run."""
        where = f"page {page.file.src_uri}"
        for block_id in page_check.unrendered_blocks(content, list(self.state.blocks)):
            self.fail(f"{where}, block '{block_id or '(no id)'}'", "was published as raw "
                      "Markdown, not as code: pymdownx.superfences rejected its fence (an "
                      "attribute it does not know?)")
        for block_id, line in page_check.fence_text(content):
            self.fail(f"{where}, block '{block_id}'" if block_id else where,
                      f"shows fence text as prose, not as code: {line!r}")
        content = page_check.CODE_BLOCK.sub(r"\1 data-search-exclude>", content)
        content = figures.draw_all(content, self.state.figures)
        self.state.figures = {}
        return content

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.runs is not None:
            self.runs.close()
        report.to_log(self.state.timings)
        if self.state.failures and self.command == "build":
            raise PluginError(  # the last words of the log, where a cut-short log still shows it
                f"{len(self.state.failures)} snippet block(s) failed:\n  "
                + "\n  ".join(self.state.failures)
            )

    def on_build_error(self, error: Exception) -> None:
        """A failed `mkdocs build` publishes nothing: no site that looks like it worked."""
        if self.runs is not None:
            self.runs.close()
        if self.command == "build" and self.site_dir:  # none yet if on_config failed
            shutil.rmtree(self.site_dir, ignore_errors=True)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.site_dir = config.site_dir
