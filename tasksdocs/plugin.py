"""MkDocs plugin: every `python exec="on"` block runs as a real program, safely and once.

markdown-exec renders each block (Source and Output tabs); this plugin replaces only *how
the code runs*. markdown-exec runs code inside the MkDocs process, where the `__main__` guard
is skipped, only the global `print` is captured, and `sys.exit` or a hang takes MkDocs down.
Here each block runs in a child process (`tasksdocs/runner.py`), exactly as
`python snippets/<name>.py` would, and:

* **fails loudly:** an exception, `sys.exit`, an escaping `CancelledError`, a timeout (with
  the pending tasks and where they wait) or unexpected stderr (never-retrieved task errors,
  never-awaited coroutines, destroyed pending tasks) is a warning naming the page and the
  block, so `--strict` fails; a failed `mkdocs build` leaves no site behind;
* **runs once:** results are cached by what determines them (source, timeout, interpreter
  version, pinned dependencies, runner); set TASKSDOCS_FRESH=1 to ignore the cache;
* **runs ahead:** all blocks are started in parallel before pages render;
* **reports:** a table of each block's time, slowest first, ends every build.

    plugins:
      - markdown-exec: {languages: [python]}
      - tasksdocs: {timeout: 30}

A block names the snippet file it includes in its `id`:

    ```python exec="on" id="article_example"
    --8<-- "snippets/article_example.py"
    ```

Block options: `timeout="5"` (seconds); `expect_stderr="text"` for deliberate warning demos;
`timeline="on"` or `"off"` (by default a task timeline is drawn when two or more tasks were
alive at once); `source="none"` to show only the output.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown_exec
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from tasksdocs import pythons, scale, timeline
from tasksdocs.runner import TIMELINE_ENV

if TYPE_CHECKING:
    from markdown import Markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.tasksdocs")

RUNNER = Path(__file__).with_name("runner.py")
TIMELINE = Path(__file__).with_name("timeline.py")
SCALE_MARKER = "<!-- tasksdocs:scale -->"  # a page's placeholder for the measured scale report
FRESH_ENV = "TASKSDOCS_FRESH"
KILL_GRACE = 5.0
EXIT_REASONS = {1: "raised an exception", 2: "called sys.exit", 3: "timed out"}
DEFAULT_OPTIONS = {"source": "tabbed-left", "tabs": ("Source", "Output")}
UNSET_OPTIONS = {"source": "", "tabs": markdown_exec.default_tabs}
EXEC_BLOCK = re.compile(
    r'^(?P<indent>[ \t]*)```python exec="on"(?P<options>[^\n]*)\n(?P<body>.*?)\n(?P=indent)```',
    re.MULTILINE | re.DOTALL,
)
INCLUDE_LINE = re.compile(r'^--8<--\s+"([^"]+)"\s*$')
OPTION = re.compile(r'(\w+)="([^"]*)"')


class TasksDocsConfig(base.Config):  # type: ignore[no-untyped-call]
    timeout = c.Type((int, float), default=30)
    """Seconds a block may run before it is stopped and reported; per block: `timeout="5"`."""
    cache_dir = c.Type(str, default=".cache/tasksdocs")
    """Where results are kept between builds, relative to mkdocs.yml (keep it untracked)."""
    jobs = c.Type(int, default=8)
    """How many blocks run at once, ahead of rendering."""
    execute = c.Type(bool, default=True)
    """False shows every block's source without running it (for benchmarks)."""
    report_page = c.Type(str, default="build-report.md")
    """A generated page listing every block's run; "" for none (the log always has it)."""


@dataclass(frozen=True)
class Run:
    """What one run of a snippet produced."""

    stdout: str
    stderr: str
    returncode: int
    seconds: float
    lanes: list[dict[str, Any]] = field(default_factory=list)  # the tasks' timeline


@dataclass(frozen=True)
class Job:
    """Everything that determines a run's result; `key` names it in the cache."""

    source: str
    label: str
    python: str
    version: str
    timeout: float
    environment: str  # pinned dependencies and the runner itself

    @property
    def key(self) -> str:
        inputs = [self.source, self.label, self.version, str(self.timeout), self.environment]
        return hashlib.sha256("\0".join(inputs).encode()).hexdigest()[:32]


@dataclass
class Timing:
    page: str
    block: str
    python: str
    seconds: float
    origin: str  # "ran", "cache" or "failed"


@dataclass
class BuildState:
    """What the plugin knows during one build."""

    page: str = "?"
    page_url: str = ""
    failures: list[str] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    started: dict[str, Future[Run]] = field(default_factory=dict)


def run_snippet(source: str, label: str, *, cwd: Path, python: str, timeout: float) -> Run:
    """Run `source` as `python <label>` would, in a fresh interpreter, within `timeout`."""
    command = [python, str(RUNNER), label, str(timeout)]
    with tempfile.TemporaryDirectory() as scratch:
        recording = Path(scratch, "timeline.json")
        env = {**os.environ, TIMELINE_ENV: str(recording)}
        start = time.perf_counter()
        try:
            done = subprocess.run(
                command, input=source, capture_output=True, text=True, cwd=cwd, env=env,
                timeout=timeout + KILL_GRACE, check=False,
            )
        except subprocess.TimeoutExpired:
            seconds = time.perf_counter() - start
            return Run("", f"the runner did not stop after {seconds:.0f} s and was killed", 3,
                       seconds)
        seconds = time.perf_counter() - start
        lanes = json.loads(recording.read_text()) if recording.is_file() else []
    return Run(done.stdout, done.stderr, done.returncode, seconds, lanes)


def dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def text_block(text: str, title: str = "") -> str:
    options = {"title": title} if title else {}
    return str(markdown_exec.code_block("text", text.rstrip("\n"), **options))


class TasksDocsPlugin(BasePlugin[TasksDocsConfig]):  # type: ignore[no-untyped-call]
    """Runs, caches, checks and reports every executed Python block."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Called once; under `mkdocs serve` this instance then serves every rebuild."""
        self.command = command
        self.pool: ThreadPoolExecutor | None = None

    def on_shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path).parent
        self.cache_dir = self.project_dir / self.config.cache_dir
        self.fresh = os.environ.get(FRESH_ENV, "") not in ("", "0")
        pins = self.project_dir / "requirements.txt"
        self.environment = hashlib.sha256(
            (pins.read_bytes() if pins.is_file() else b"") + RUNNER.read_bytes()
            + TIMELINE.read_bytes()
        ).hexdigest()
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max(1, self.config.jobs), "tasksdocs")
        self.state = BuildState()
        markdown_exec.formatters["python"] = self.format_python
        return config

    # -- one block -------------------------------------------------------------------------

    def snippet_label(self, block_id: str) -> str:
        """The file a block shows, by our naming rule (id = snippet file stem)."""
        path = Path("snippets", f"{block_id}.py")
        if (self.project_dir / path).is_file():
            return path.as_posix()
        return f"<{self.state.page}#{block_id}>"

    def job(self, source: str, block_id: str, timeout: str) -> Job | None:
        source = source.rstrip("\n") + "\n"  # as superfences hands it over
        minimum = pythons.requires_python(source)
        found = pythons.interpreter_for(minimum)
        if found is None:
            return None
        python, version = found
        return Job(source, self.snippet_label(block_id), python, dotted(version),
                   float(timeout or self.config.timeout), self.environment)

    def cached(self, job: Job) -> Run | None:
        path = self.cache_dir / f"{job.key}.json"
        if self.fresh or not path.is_file():
            return None
        return Run(**json.loads(path.read_text(encoding="utf-8")))

    def store(self, job: Job, run: Run) -> None:
        if run.returncode == 0:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            (self.cache_dir / f"{job.key}.json").write_text(json.dumps(asdict(run)))

    def start(self, job: Job) -> Future[Run]:
        assert self.pool is not None, "on_config creates the pool"
        return self.pool.submit(run_snippet, job.source, job.label, cwd=self.project_dir,
                                python=job.python, timeout=job.timeout)

    def result(self, job: Job) -> tuple[Run, str]:
        """The block's run, from the cache, from a run started ahead, or run now."""
        if (run := self.cached(job)) is not None:
            return run, "cache"
        future = self.state.started.pop(job.key, None) or self.start(job)
        run = future.result()
        self.store(job, run)
        return run, "ran"

    def check(self, where: str, run: Run, expect_stderr: str) -> tuple[str, bool]:
        """The Markdown for the Output tab, and whether the run was clean (else a warning)."""
        stdout = text_block(run.stdout or "(this program printed nothing)")
        problem = ""
        if run.returncode != 0:
            reason = EXIT_REASONS.get(run.returncode, f"exited with code {run.returncode}")
            problem = f"{reason}:\n{run.stderr.rstrip()}"
            stdout += "\n\n" + text_block(run.stderr, f"Error: this snippet {reason}")
        elif expect_stderr and expect_stderr not in run.stderr:
            problem = (f"should have written {expect_stderr!r} to stderr, but wrote:\n"
                       f"{run.stderr.rstrip() or '(nothing)'}")
        elif run.stderr and not expect_stderr:
            problem = f"wrote to stderr:\n{run.stderr.rstrip()}"
        if problem:
            log.warning("%s %s", where, problem)
            self.state.failures.append(where)
        if run.stderr and run.returncode == 0:
            stdout += "\n\n" + text_block(run.stderr, "stderr")
        return stdout, not problem

    def format_python(self, code: str, md: Markdown, **options: Any) -> str:
        """markdown-exec's formatter for `python` blocks, with our runner and our defaults."""
        for name, default in DEFAULT_OPTIONS.items():
            if options.get(name) == UNSET_OPTIONS[name]:
                options[name] = default
        if options["source"] == "none":  # output only, e.g. beside another run
            options["source"] = ""
        extra = options["extra"]
        block_id = options.get("id", "")
        where = f"page {self.state.page}, block '{block_id or '(no id)'}'"
        expect_stderr = extra.pop("expect_stderr", "")
        timeline_option = extra.pop("timeline", "")
        lanes: list[timeline.Lane] = []
        job = self.job(code, block_id, extra.pop("timeout", ""))
        minimum = pythons.requires_python(code)
        label = self.snippet_label(block_id)
        if label.startswith("snippets/"):
            extra.setdefault("title", f"{label} · Python {minimum[0]}.{minimum[1]}+")
        if job is not None and job.version != dotted(sys.version_info[:2]):
            source_tab, output_tab = options["tabs"]
            options["tabs"] = (source_tab, f"{output_tab} (Python {job.version})")

        def run_block(code: str, **_: Any) -> str:
            if job is None:
                log.warning("%s needs Python %d.%d or newer, and none was found", where, *minimum)
                self.state.failures.append(where)
                return text_block(f"(needs Python {minimum[0]}.{minimum[1]}+ to run)")
            if not self.config.execute:
                return text_block("(not executed: the tasksdocs plugin has execute: false)")
            run, origin = self.result(job)
            output, clean = self.check(where, run, expect_stderr)
            lanes.extend(timeline.Lane(lane["label"], [(t, k) for t, k in lane["events"]])
                         for lane in run.lanes)
            self.state.timings.append(
                Timing(self.state.page, block_id, job.version, run.seconds,
                       origin if clean else "failed"))
            return output

        rendered = markdown_exec.base_format(
            language="python", run=run_block, code=code, md=md, **options
        )
        link = self.download_link(label) if label.startswith("snippets/") else ""
        drawn = ""
        if lanes and (timeline_option == "on"
                      or (timeline_option != "off" and timeline.concurrent(lanes))):
            drawn = timeline.figure(lanes, f"Task timeline of {label}")
        return str(rendered) + drawn + link

    def download_link(self, snippet: str) -> str:
        """A link that downloads the snippet file, which `on_files` publishes beside pages."""
        page_url = self.state.page_url
        page_dir = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
        href = posixpath.relpath(snippet, page_dir or ".")
        name = posixpath.basename(snippet)
        return (
            f'<p class="snippet-download"><a href="{html.escape(href)}" download="{name}">'
            f"Download {html.escape(snippet)}</a></p>"
        )

    # -- the whole build -------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Publish the snippets for download, and start every block that is not cached."""
        self.state = BuildState()
        for path in sorted((self.project_dir / "snippets").glob("[!_]*.py")):
            files.append(File.generated(config, f"snippets/{path.name}", abs_src_path=str(path)))
        pages = [Path(page.abs_src_path or "") for page in files.documentation_pages()]
        self.scale_results = None
        if self.config.execute and any(SCALE_MARKER in p.read_text("utf-8") for p in pages):
            self.scale_results = self.measure_scale()  # alone, before any snippet starts
        if self.config.execute:
            for page in files.documentation_pages():
                for job in self.jobs_on_page(Path(page.abs_src_path or "")):
                    if job.key not in self.state.started and self.cached(job) is None:
                        self.state.started[job.key] = self.start(job)
        if self.config.report_page:  # last, so that it renders after every block has run
            files.append(File.generated(config, self.config.report_page, content=""))
        return files

    def measure_scale(self) -> list[scale.Measurement]:
        key = hashlib.sha256(Path(scale.__file__).read_bytes()
                             + sys.version.encode()).hexdigest()[:32]
        path = self.cache_dir / f"scale-{key}.json"
        if not self.fresh and path.is_file():
            return [scale.Measurement(**m) for m in json.loads(path.read_text())]
        start = time.perf_counter()
        results = scale.measure_all()
        log.info("Scale measurement took %.1f s", time.perf_counter() - start)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([asdict(m) for m in results]))
        return results

    def jobs_on_page(self, page: Path) -> list[Job]:
        """The blocks of a page, read ahead of rendering (whole-file includes only)."""
        jobs = []
        for block in EXEC_BLOCK.finditer(page.read_text(encoding="utf-8")):
            body = textwrap.dedent(block["body"])
            include = INCLUDE_LINE.match(body.strip())
            source_path = self.project_dir / include[1] if include else None
            if source_path is not None and not source_path.is_file():
                continue  # pymdownx.snippets reports it, naming the page
            source = source_path.read_text(encoding="utf-8") if source_path else body
            options = dict(OPTION.findall(block["options"]))
            job = self.job(source, options.get("id", ""), options.get("timeout", ""))
            if job is not None:
                jobs.append(job)
        return jobs

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        self.state.page = page.file.src_uri
        self.state.page_url = page.url
        if SCALE_MARKER in markdown:
            report = (scale.report(self.scale_results) if self.scale_results
                      else "*(Not measured: the tasksdocs plugin has execute: false.)*")
            markdown = markdown.replace(SCALE_MARKER, report)
        if page.file.src_uri == self.config.report_page:
            page.meta["description"] = (
                "How long each example on this site took to run when the site was built, "
                "on which Python, and whether its output was reused."
            )
            return self.report_page()
        return markdown

    def on_post_build(self, config: MkDocsConfig) -> None:
        for future in self.state.started.values():  # started ahead, never rendered
            future.cancel()
        self.report()
        if self.state.failures and self.command == "build":
            raise PluginError(
                f"{len(self.state.failures)} snippet block(s) failed: "
                + "; ".join(self.state.failures)
            )

    def on_build_error(self, error: Exception) -> None:
        """A failed `mkdocs build` publishes nothing: no site that looks like it worked."""
        if self.command == "build":
            shutil.rmtree(self.site_dir, ignore_errors=True)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.site_dir = config.site_dir

    def slowest_first(self) -> tuple[list[Timing], dict[str, int], float]:
        timings = sorted(self.state.timings, key=lambda t: t.seconds, reverse=True)
        counts = {origin: sum(t.origin == origin for t in timings)
                  for origin in ("ran", "cache", "failed")}
        run_seconds = sum(t.seconds for t in timings if t.origin != "cache")
        return timings, counts, run_seconds

    def report(self) -> None:
        """Each block's time and where its output came from, slowest first, in the log."""
        timings, counts, run_seconds = self.slowest_first()
        if not timings:
            return
        rows = [f"{t.seconds:8.2f} s  {t.origin:6}  {t.page} #{t.block}" for t in timings]
        log.info(
            "Snippet blocks: %d; %d ran, %d from cache, %d failed; %.1f s of runs.\n%s",
            len(timings), counts["ran"], counts["cache"], counts["failed"], run_seconds,
            "\n".join(rows),
        )

    def report_page(self) -> str:
        """The same report as a page, for readers who wonder where the outputs come from."""
        timings, counts, run_seconds = self.slowest_first()
        base = posixpath.dirname(self.config.report_page)
        rows = [
            f"| {t.seconds:.2f} | [{t.page}]({posixpath.relpath(t.page, base or '.')}) "
            f"| `{t.block}` | {t.python} | {t.origin} |"
            for t in timings
        ]
        return "\n".join([
            "# Build report",
            "",
            "Every output on this site is what its program printed when the site was built. "
            "This page lists each of those runs, slowest first: the wall time of the program "
            "(interpreter start included), the Python it ran on, and whether it ran in this "
            "build or its output was reused from an earlier run with the same source, options, "
            "Python version and dependencies.",
            "",
            f"This build had {len(timings)} blocks: {counts['ran']} ran, "
            f"{counts['cache']} came from the cache, {counts['failed']} failed; the runs took "
            f"{run_seconds:.1f} s in all, several at a time. MkDocs itself ran on Python "
            f"{sys.version.split()[0]}.",
            "",
            "| Seconds | Page | Block | Python | Output |",
            "|--:|---|---|---|---|",
            *rows,
            "",
        ])
