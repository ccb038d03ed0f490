"""One build's runs: every block started ahead of rendering, its verdict from the cache or
from its run, checked against the snippet's own test, and the scale page's measurement.

The engine (`tasksdocs.engine`) runs one block; this decides which blocks run, in what
order and when, and what is kept between builds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import platform
import sys
import time
from collections.abc import Collection, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tasksdocs.engine import expectations, pythons, scale
from tasksdocs.engine.cache import Cache
from tasksdocs.engine.checker import Checker
from tasksdocs.engine.execution import Job, Run, engine_digest, execute, read_inputs
from tasksdocs.engine.quiet import once_quiet, wait_until_quiet
from tasksdocs.mkdocs.blocks import Block, measures_time
from tasksdocs.pictures import plots

log = logging.getLogger("mkdocs.plugins.tasksdocs")
RERUN_PATIENCE = 120.0  # seconds runs made again may wait for a quiet CPU, in one build


@dataclass(frozen=True)
class Settings:
    """What the runs take from the plugin's configuration (see `TasksDocsConfig`)."""

    timeout: float
    expectations: str
    scale_budget: float


class Runs:
    """The runs of one build, in the plugin's pool of workers."""

    def __init__(self, project: Path, settings: Settings, cache: Cache,
                 pool: ThreadPoolExecutor) -> None:
        self.project = project
        self.settings = settings
        self.cache = cache
        self.pool = pool
        pins = project / "requirements.txt"
        self.environment = engine_digest() + hashlib.sha256(
            pins.read_bytes() if pins.is_file() else b"").hexdigest()
        self.started: dict[str, Future[Run]] = {}
        self.cache_writable = True
        self.checker: Checker | None = None  # started by the first check
        self.patience = RERUN_PATIENCE  # what is left of it in this build

    def close(self) -> None:
        """Forget runs started ahead and never asked for, and stop the checker."""
        for future in self.started.values():
            future.cancel()
        if self.checker is not None:
            self.checker.close()
            self.checker = None

    def job(self, block: Block) -> Job | str:
        """What running the block means, or why it cannot run here."""
        found = pythons.interpreter_for(block.source)
        if isinstance(found, str):
            return found
        test = self.test_of(block.label)
        expected = hashlib.sha256(test.read_bytes() if test else b"").hexdigest()
        return Job(block.source, block.label, found,
                   float(block.options.timeout or self.settings.timeout),
                   block.options.expect_stderr, self.environment + expected,
                   read_inputs(self.project, block.label))

    def test_of(self, label: str) -> Path | None:
        return expectations.test_module_path(self.project, label, self.settings.expectations)

    def start(self, job: Job, after: Collection[Future[Run]] = ()) -> Future[Run]:
        """Run the job in the pool; with `after`, once those runs no longer fill the CPU."""
        return self.pool.submit(once_quiet, after, execute, job, self.project)

    def start_ahead(self, blocks: Iterable[Block]) -> tuple[Future[Run], ...]:
        """Start every block that is not cached, and return the runs that do not measure
        time: blocks that measure time or CPU start once those have finished or only sleep,
        so that they do not share a saturated CPU."""
        others: list[Future[Run]] = []
        for block in sorted(blocks, key=measures_time):  # the pool starts them in order
            job = self.job(block)
            if (isinstance(job, Job) and job.key not in self.started
                    and not self.cache.has(job.key)):  # read once, when rendered
                later = measures_time(block)
                self.started[job.key] = self.start(job, tuple(others) if later else ())
                if not later:
                    others.append(self.started[job.key])
        return tuple(others)

    def outcome(self, job: Job) -> tuple[Run, str]:
        """The block's verdict: from the cache, from a run started ahead, or run now."""
        if (entry := self.cache.get(job.key)) is not None:
            try:
                return Run(**{**entry, "notes": tuple(entry.get("notes", ()))}), "cache"
            except TypeError:
                log.info("Ignored the cache entry %s, written by another version",
                         self.cache.path(job.key))
        future = self.started.pop(job.key, None) or self.start(job)
        run = future.result()
        if run.only_slow_steps:
            log.info("%s: debug mode reported a slow step (a loaded machine?); running it "
                     "once more, once the CPU is quiet", job.label)
            run = self.again(job)
            if run.only_slow_steps:
                run = dataclasses.replace(run, problem=(
                    "reported a step that held the loop over 0.1 s in two runs (blocking "
                    "code, or a very loaded machine):\n" + run.stderr.rstrip()))
        if run.clean:
            run = self.within_expectations(job, run)
        if run.clean and self.cache_writable:
            try:
                self.cache.put(job.key, dataclasses.asdict(run))
            except OSError as error:
                self.cache_writable = False
                log.warning("Cannot write the cache folder %s (%s); outputs are not reused",
                            self.cache.folder, error)
        return run, "ran"

    def within_expectations(self, job: Job, run: Run) -> Run:
        """`run`, or one fresh re-run, as long as the snippet's test accepts its output."""
        test = self.test_of(job.label)
        if test is None:
            return run
        problem, why = self.check(test, run.stdout, run.stderr)
        if problem:
            return dataclasses.replace(run, problem=problem)
        if not why:
            return run
        log.info("%s: %s; running it once more, once the CPU is quiet", job.label, why)
        rerun = self.again(job)
        if rerun.clean:
            problem, why_again = self.check(test, rerun.stdout, rerun.stderr)
            if problem or why_again:
                rerun = dataclasses.replace(rerun, problem=problem or (
                    f"printed output that drifted twice: {why_again}"))
        return rerun

    def again(self, job: Job) -> Run:
        """The job run once more, after load changed its output: once the CPU is no longer
        saturated, or at once when the build has spent its `RERUN_PATIENCE` waiting (a
        machine that stays busy must not make many drifted blocks wait one after another)."""
        started = time.monotonic()
        if not wait_until_quiet(self.patience):
            log.info("%s: the CPU is still busy; running it now", job.label)
        self.patience = max(0.0, self.patience - (time.monotonic() - started))
        return execute(job, self.project)

    def check(self, test: Path, stdout: str, stderr: str) -> tuple[str, str]:
        """The snippet's test on an output, in the build's checker process (never in the
        build itself: the test imports the snippet)."""
        if self.checker is None:
            self.checker = Checker(self.project, self.settings.timeout)
        return self.checker.check(test, stdout, stderr)

    def start_scale(self, after: Collection[Future[Run]]) -> Future[str]:
        """The scale page's report: measured once per interpreter and machine, within the
        budget, once the runs `after` no longer fill the CPU, and then kept like a block's
        output (a fresh build, TASKSDOCS_FRESH=1, measures it again)."""
        machine = f"{sys.version} {platform.platform()} {platform.node()} {os.cpu_count()}"
        key = "scale-" + hashlib.sha256(
            Path(scale.__file__).read_bytes() + Path(plots.__file__).read_bytes()
            + machine.encode() + str(self.settings.scale_budget).encode()).hexdigest()[:32]
        if (entry := self.cache.get(key)) is not None:
            cached: Future[str] = Future()
            cached.set_result(str(entry["report"]))
            return cached
        return self.pool.submit(once_quiet, after, self.measure_scale, key)

    def measure_scale(self, key: str) -> str:
        start = time.perf_counter()
        measured = scale.measure_within(self.settings.scale_budget)
        log.info("Scale measurement took %.1f s: %s", time.perf_counter() - start,
                 measured.stopped)
        report = plots.report(measured)
        if self.cache_writable:
            with contextlib.suppress(OSError):  # the blocks' runs report an unwritable cache
                self.cache.put(key, {"report": report})
        return report
