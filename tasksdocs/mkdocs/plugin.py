"""The MkDocs adapter: every `python exec="on"` block becomes a faithful, checked run.

markdown-exec renders each block (Source and Output tabs); this plugin decides *how the code
runs* and what the Output tab may show. The jobs live in their own modules:

* `execution.py` runs a block plainly (the Output) and traced (the timeline), in a scratch
  copy and its own process group, and judges the two runs;
* `expectations.py` checks the output against the snippet's real-clock test, re-running a
  block once if timing drift has changed it;
* `cache.py` keeps clean results between builds;
* `timeline.py` draws the traced run; `scale.py` measures the scale page.

Any failure is a warning that names the page and the block, so `mkdocs build --strict` fails,
and a failed build leaves no site behind. The formatter catches every exception itself,
because `pymdownx.superfences` would otherwise publish the raw fence and carry on.

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

import contextlib
import dataclasses
import hashlib
import html
import logging
import os
import shutil
import sys
import time
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown_exec
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from tasksdocs.engine import expectations, pythons, scale
from tasksdocs.engine.cache import Cache
from tasksdocs.engine.checker import Checker
from tasksdocs.engine.execution import Job, Run, engine_digest, execute, read_inputs
from tasksdocs.engine.quiet import once_quiet
from tasksdocs.mkdocs import browser, page_check, report
from tasksdocs.mkdocs.blocks import Block, inside, measures_time, read_blocks, text_block
from tasksdocs.mkdocs.options import BlockOptions
from tasksdocs.mkdocs.report import Timing
from tasksdocs.pictures import plots, replay, timeline

if TYPE_CHECKING:
    from markdown import Markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.tasksdocs")

SCALE_MARKER = "<!-- tasksdocs:scale -->"  # a page's placeholder for the measured scale report
FRESH_ENV = "TASKSDOCS_FRESH"
DEFAULT_OPTIONS = {"source": "tabbed-left", "tabs": ("Source", "Output")}
UNSET_OPTIONS = {"source": "", "tabs": markdown_exec.default_tabs}


class TasksDocsConfig(base.Config):  # type: ignore[no-untyped-call]
    timeout = c.Type((int, float), default=30)
    """Seconds a block may run before it is stopped and reported; per block: `timeout="5"`."""
    cache_dir = c.Type(str, default=".cache/tasksdocs")
    """Where results are kept between builds, relative to mkdocs.yml (keep it untracked)."""
    jobs = c.Type(int, default=16)
    """How many blocks run at once, ahead of rendering (they mostly sleep)."""
    execute = c.Type(bool, default=True)
    """False shows every block's source without running it (for benchmarks)."""
    report_page = c.Type(str, default="build-report.md")
    """A generated page listing every block's run; "" for none (the log always has it)."""
    expectations = c.Type(str, default="tests/unit/test_{name}.py")
    """The test module whose realclock test must accept a snippet's output; "" for none."""
    scale_budget = c.Type((int, float), default=5)
    """Seconds the scale page's measurement may take in all."""


@dataclass(frozen=True)
class Figure:
    """A timeline waiting for the rest of its page, whose figures of the same group share
    one time axis."""

    lanes: list[timeline.Lane]
    title: str
    group: str
    more_tasks: int


FIGURE_MARK = "<!--tasksdocs-timeline:{}-->"


@dataclass
class BuildState:
    """What the plugin knows during one build."""

    page: str = "?"
    page_url: str = ""
    blocks: dict[str, Block] = field(default_factory=dict)  # this page's, by id
    failures: list[str] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    started: dict[str, Future[Run]] = field(default_factory=dict)
    cache_writable: bool = True
    figures: dict[str, Figure] = field(default_factory=dict)  # this page's, drawn at its end


class TasksDocsPlugin(BasePlugin[TasksDocsConfig]):  # type: ignore[no-untyped-call]
    """Runs, checks, caches and reports every executed Python block."""

    checker: Checker | None = None  # started by the first check of a build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Called once; under `mkdocs serve` this instance then serves every rebuild."""
        self.command = command
        self.browser_python = False
        self.pool: ThreadPoolExecutor | None = None

    def on_shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.close_checker()

    def close_checker(self) -> None:
        if self.checker is not None:
            self.checker.close()
            self.checker = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path).parent
        fresh = os.environ.get(FRESH_ENV, "") not in ("", "0")
        self.cache = Cache(self.project_dir / self.config.cache_dir, fresh=fresh)
        pins = self.project_dir / "requirements.txt"
        self.environment = engine_digest() + hashlib.sha256(
            pins.read_bytes() if pins.is_file() else b"").hexdigest()
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max(1, self.config.jobs), "tasksdocs")
        self.state = BuildState()
        markdown_exec.formatters["python"] = self.format_python
        return config

    # -- one block -------------------------------------------------------------------------

    def fail(self, where: str, problem: str) -> None:
        log.warning("%s %s", where, problem)
        self.state.failures.append(where)

    def job(self, block: Block) -> Job | str:
        """What running the block means, or why it cannot run here."""
        found = pythons.interpreter_for(block.source)
        if isinstance(found, str):
            return found
        test = expectations.test_module_path(self.project_dir, block.label,
                                             self.config.expectations)
        expected = hashlib.sha256(test.read_bytes() if test else b"").hexdigest()
        return Job(block.source, block.label, found,
                   float(block.options.timeout or self.config.timeout),
                   block.options.expect_stderr, self.environment + expected,
                   read_inputs(self.project_dir, block.label))

    def start(self, job: Job, after: Collection[Future[Run]] = ()) -> Future[Run]:
        """Run the job in the pool; with `after`, once those runs no longer fill the CPU."""
        assert self.pool is not None, "on_config creates the pool"
        return self.pool.submit(once_quiet, after, execute, job, self.project_dir)

    def outcome(self, job: Job) -> tuple[Run, str]:
        """The block's verdict: from the cache, from a run started ahead, or run now."""
        if (entry := self.cache.get(job.key)) is not None:
            try:
                return Run(**{**entry, "notes": tuple(entry.get("notes", ()))}), "cache"
            except TypeError:
                log.info("Ignored the cache entry %s, written by another version",
                         self.cache.path(job.key))
        future = self.state.started.pop(job.key, None) or self.start(job)
        run = future.result()
        if run.clean:
            run = self.within_expectations(job, run)
        if run.clean and self.state.cache_writable:
            try:
                self.cache.put(job.key, dataclasses.asdict(run))
            except OSError as error:
                self.state.cache_writable = False
                log.warning("Cannot write the cache folder %s (%s); outputs are not reused",
                            self.cache.folder, error)
        return run, "ran"

    def within_expectations(self, job: Job, run: Run) -> Run:
        """`run`, or one fresh re-run, as long as the snippet's test accepts its output."""
        test = expectations.test_module_path(self.project_dir, job.label,
                                             self.config.expectations)
        if test is None:
            return run
        problem, why = self.check(test, run.stdout, run.stderr)
        if problem:
            return dataclasses.replace(run, problem=problem)
        if not why:
            return run
        log.info("%s: %s; running it once more", job.label, why)
        rerun = execute(job, self.project_dir)
        if rerun.clean:
            problem, why_again = self.check(test, rerun.stdout, rerun.stderr)
            if problem or why_again:
                rerun = dataclasses.replace(rerun, problem=problem or (
                    f"printed output that drifted twice: {why_again}"))
        return rerun

    def check(self, test: Path, stdout: str, stderr: str) -> tuple[str, str]:
        """The snippet's test on an output, in the build's checker process (never in the
        build itself: the test imports the snippet)."""
        if self.checker is None:
            self.checker = Checker(self.project_dir, self.config.timeout)
        return self.checker.check(test, stdout, stderr)

    def render_output(self, run: Run) -> str:
        """The Markdown of the Output tab."""
        parts = [text_block(run.stdout or "(this program printed nothing)")]
        parts += [f"*({note})*" for note in run.notes]
        if run.problem:
            reason, _, detail = run.problem.partition(":\n")
            parts.append(text_block(detail or reason, f"Error: this snippet {reason}"))
        elif run.stderr:
            parts.append(text_block(run.stderr, "stderr"))
        return "\n\n".join(parts)

    def format_python(self, code: str, md: Markdown, **options: Any) -> str:
        """markdown-exec's formatter for `python` blocks. It never raises: superfences would
        swallow the error and publish the raw fence."""
        block_id = options.get("id", "")
        where = f"page {self.state.page}, block '{block_id or '(no id)'}'"
        try:
            return self.format_block(code, md, where, **options)
        except Exception as error:  # noqa: BLE001 - see the docstring
            self.fail(where, f"could not be rendered, because of a bug in the tasksdocs "
                      f"plugin: {type(error).__name__}: {error}")
            return ('<div class="admonition failure"><p class="admonition-title">This '
                    f"block failed to render</p><p>{html.escape(where)}: "
                    f"{html.escape(type(error).__name__)}</p></div>")

    def format_block(self, code: str, md: Markdown, where: str, **options: Any) -> str:
        for name, default in DEFAULT_OPTIONS.items():
            if options.get(name) == UNSET_OPTIONS[name]:
                options[name] = default
        if options["source"] == "none":  # output only, e.g. beside another run
            options["source"] = ""
        extra = options["extra"]
        block_id = options.get("id", "")
        declared = self.state.blocks.get(block_id)
        label = declared.label if declared else f"{Path(self.state.page).stem}-block.py"
        try:  # every tasksdocs option leaves `extra`, which markdown-exec writes back
            taken = BlockOptions.take(extra)
        except ValueError:  # reported, with the page, by on_page_markdown
            taken = declared.options if declared else BlockOptions()
        block = Block(block_id, label, code.rstrip("\n") + "\n", taken)
        minimum = pythons.requires_python(block.source)
        job = self.job(block)
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
            run, origin = self.outcome(job)
            if run.problem:
                self.fail(where, run.problem)
            recording.update(run.recording)
            self.state.timings.append(Timing(self.state.page, block_id, job.interpreter.release,
                                             run.seconds, origin if run.clean else "failed"))
            return self.render_output(run)

        rendered = markdown_exec.base_format(
            language="python", run=run_block, code=code, md=md, **options
        )
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
            self.state.figures[block.block_id] = Figure(
                lanes, f"Task timeline of {block.label}",
                block.options.timeline_group or f"block {block.block_id}",
                int(recording.get("more_tasks", 0)))
            drawn = FIGURE_MARK.format(block.block_id)
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
        self.scale_report: Future[str] | None = None
        if self.config.execute:
            pages = {page.src_uri: Path(page.abs_src_path or "").read_text("utf-8")
                     for page in files.documentation_pages()}
            blocks = [block for uri, text in pages.items()
                      for block in read_blocks(text, uri, self.project_dir)[0]]
            # Blocks that measure time or CPU, and the scale measurement, start once the
            # others have finished or only sleep: then they do not share a saturated CPU
            others: list[Future[Run]] = []
            for block in sorted(blocks, key=measures_time):  # the pool starts them in order
                job = self.job(block)
                if (isinstance(job, Job) and job.key not in self.state.started
                        and not self.cache.has(job.key)):  # read once, when rendered
                    later = measures_time(block)
                    self.state.started[job.key] = self.start(job, tuple(others) if later else ())
                    if not later:
                        others.append(self.state.started[job.key])
            if any(SCALE_MARKER in text for text in pages.values()):
                self.scale_report = self.start_scale(tuple(others))
        if self.config.report_page:  # last, so that it renders after every block has run
            files.append(File.generated(config, self.config.report_page, content=""))
        return files

    def start_scale(self, after: Collection[Future[Run]]) -> Future[str]:
        """The scale page's report: from the cache, or measured within the budget once the
        runs `after` no longer fill the CPU."""
        key = hashlib.sha256(Path(scale.__file__).read_bytes() + sys.version.encode()
                             + str(self.config.scale_budget).encode()).hexdigest()[:32]
        if (entry := self.cache.get(f"scale-{key}")) is not None:
            cached: Future[str] = Future()
            cached.set_result(str(entry["report"]))
            return cached
        assert self.pool is not None, "on_config creates the pool"
        return self.pool.submit(once_quiet, after, self.measure_scale, f"scale-{key}")

    def measure_scale(self, key: str) -> str:
        start = time.perf_counter()
        measured = scale.measure_within(self.config.scale_budget)
        log.info("Scale measurement took %.1f s: %s", time.perf_counter() - start,
                 measured.stopped)
        report = plots.report(measured)
        complete = measured.reached("tasks", scale.TASK_COUNTS[-1]) and measured.reached(
            "threads", scale.THREAD_COUNTS[0])  # a loaded machine's partial result is not kept
        if complete and self.state.cache_writable:
            with contextlib.suppress(OSError):  # the blocks' runs report an unwritable cache
                self.cache.put(key, {"report": report})
        return report

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        self.state.page = page.file.src_uri
        self.state.page_url = page.url
        self.state.figures = {}
        blocks, problems = read_blocks(markdown, page.file.src_uri, self.project_dir)
        self.state.blocks = {b.block_id: b for b in blocks}
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
        figures = self.state.figures
        axes: dict[str, timeline.Axis] = {}
        for drawn in figures.values():
            known = axes.get(drawn.group, timeline.Axis(0.0, 0))
            axes[drawn.group] = timeline.Axis(
                max(known.span, timeline.span_of(drawn.lanes)),
                max(known.label_chars, timeline.label_chars_of(drawn.lanes, drawn.more_tasks)))
        for block_id, drawn in figures.items():
            content = content.replace(FIGURE_MARK.format(block_id), timeline.figure(
                drawn.lanes, drawn.title, axes[drawn.group], drawn.more_tasks))
        self.state.figures = {}
        return content

    def on_post_build(self, config: MkDocsConfig) -> None:
        for future in self.state.started.values():  # started ahead, never rendered
            future.cancel()
        self.close_checker()
        report.to_log(self.state.timings)
        if self.state.failures and self.command == "build":
            raise PluginError(
                f"{len(self.state.failures)} snippet block(s) failed: "
                + "; ".join(self.state.failures)
            )

    def on_build_error(self, error: Exception) -> None:
        """A failed `mkdocs build` publishes nothing: no site that looks like it worked."""
        self.close_checker()
        if self.command == "build":
            shutil.rmtree(self.site_dir, ignore_errors=True)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.site_dir = config.site_dir
