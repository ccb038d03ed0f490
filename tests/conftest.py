"""Fixtures and hooks for every test: a virtual-clock print recorder, concurrent real runs
of every snippet, and the site built once per run (helpers are in tests/helpers.py)."""

from __future__ import annotations

import asyncio
import builtins
import os
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tasksdocs.engine import expectations
from tasksdocs.engine.expectations import RealRun
from tasksdocs.engine.pythons import native, needs, requires_python
from tests.helpers import (
    IN_PYODIDE,
    OFF_LOOP,
    REAL_RUN_TIMEOUT,
    ROOT,
    RUNNING,
    SNIPPET_NAMES,
    SNIPPETS_DIR,
    Build,
    ColdBuilds,
    builds_at_once,
)

if TYPE_CHECKING:
    from collections.abc import Generator
    from concurrent.futures import Future

REAL_RUNS_ENV = "TASKSDOCS_REAL_RUNS"
REAL_RUNS_WAIT = 180  # seconds: every run has a 60 s timeout, and they run 12 at a time


def snippet_requires(name: str) -> tuple[int, int]:
    return requires_python((SNIPPETS_DIR / f"{name}.py").read_text(encoding="utf-8"))


def snippet_of(test_file: Path) -> str | None:
    """`tests/unit/test_<name>.py` tests `snippets/<name>.py`."""
    name = test_file.stem.removeprefix("test_")
    return name if test_file.parent.name == "unit" and name in SNIPPET_NAMES else None


def too_new(name: str) -> str | None:
    """Why this snippet cannot run on the running Python, or None if it can."""
    minimum = snippet_requires(name)
    if minimum <= RUNNING:
        return None
    return f"snippets/{name}.py requires Python >={minimum[0]}.{minimum[1]}"


def cannot_run_here(name: str) -> str | None:
    """Why this snippet cannot run in this interpreter, or None if it can."""
    if reason := too_new(name):
        return reason
    wanted = needs((SNIPPETS_DIR / f"{name}.py").read_text(encoding="utf-8"))
    if wanted and IN_PYODIDE:
        return (f"snippets/{name}.py needs {' and '.join(sorted(wanted))}, which Pyodide "
                "(CPython in WebAssembly) does not have")
    return None


def runnable_here() -> list[str]:
    return [name for name in SNIPPET_NAMES if cannot_run_here(name) is None]


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Do not even import tests of snippets whose syntax this Python cannot parse."""
    name = snippet_of(collection_path)
    if name is None or too_new(name) is None:
        return None
    try:
        compile((SNIPPETS_DIR / f"{name}.py").read_bytes(), name, "exec")
    except SyntaxError:
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    """The snippets the tests run get Ctrl-C as from a terminal (ctrl_c.py sends itself one),
    even where pytest was started with it ignored, as a shell starts a background job: a
    child inherits an ignored signal, never a handled one."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip, with the reason, every test of a snippet that needs a newer Python. Tests of
    the real runs go last, so that the others run while the snippets do."""
    for item in items:
        name = snippet_of(item.path)
        if name is not None and (reason := cannot_run_here(name)):
            item.add_marker(pytest.mark.skip(reason=reason))
    items.sort(key=uses_real_runs)


def uses_real_runs(item: pytest.Item) -> bool:
    return "real_runs" in getattr(item, "fixturenames", ())


def pytest_report_header() -> str:
    ignored = [n for n in SNIPPET_NAMES if cannot_run_here(n)]
    return f"snippets that cannot run on this Python ({sys.version.split()[0]}, " \
           f"{sys.platform}): {ignored or 'none'}"


@pytest.fixture(autouse=True, scope="session")
def no_implicit_event_loop() -> None:
    """looptime asks for the current loop even in sync tests, and Python would create and leak
    one there. With "no current loop" declared, the answer is a clean RuntimeError instead."""
    asyncio.set_event_loop(None)


@pytest.fixture
def prints(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, str]]:
    """Every line the code under test prints, with the event loop's (virtual) time of printing.

    Times are relative to the loop's start, so `(3.0, "...")` means "printed at 3 s".
    A line printed by a thread with no event loop gets the time -1.0.
    """
    printed: list[tuple[float, str]] = []
    real_print = builtins.print

    def record(*values: Any, sep: str = " ", end: str = "\n", file: Any = None,
               **options: Any) -> None:
        if file not in (None, sys.stdout):  # e.g. traceback.print_exception(file=...)
            real_print(*values, sep=sep, end=end, file=file, **options)
            return
        try:
            now = round(asyncio.get_running_loop().time(), 6)
        except RuntimeError:  # a worker thread
            now = OFF_LOOP
        printed.append((now, sep.join(map(str, values))))

    monkeypatch.setattr(builtins, "print", record)
    return printed


REAL_RUNS: pytest.StashKey[Future[dict[str, RealRun]]] = pytest.StashKey()


def start_real_runs() -> Future[dict[str, RealRun]]:
    running = native(RUNNING)
    assert running is not None
    pool = ThreadPoolExecutor(1, "real-runs")
    started = pool.submit(expectations.real_runs, running, runnable_here(), ROOT,
                          REAL_RUN_TIMEOUT)
    pool.shutdown(wait=False)  # the run goes on; the pool takes no more
    return started


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the real runs as soon as the tests are known to need them: the snippets mostly
    sleep, so the virtual-clock tests run meanwhile."""
    if session.config.option.collectonly or os.environ.get(REAL_RUNS_ENV):
        return
    if any(map(uses_real_runs, session.items)):
        session.config.stash[REAL_RUNS] = start_real_runs()


class RealRuns(dict[str, RealRun]):
    """The real runs, noting which of them a test reads (see `pytest_runtest_call`)."""

    def __init__(self, runs: dict[str, RealRun]) -> None:
        super().__init__(runs)
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> RealRun:
        self.read.add(name)
        return super().__getitem__(name)


@pytest.fixture(scope="session")
def real_runs(pytestconfig: pytest.Config) -> RealRuns:
    """Every snippet run as `python snippets/<name>.py`, all at once, on the real clock,
    started when collection finished.

    Where this Python cannot start processes (Pyodide), the same interpreter makes the runs
    outside it, while these tests run, and `REAL_RUNS_ENV` names the file they will be in."""
    if saved := os.environ.get(REAL_RUNS_ENV):
        return RealRuns(expectations.load_runs(Path(saved), timeout=REAL_RUNS_WAIT))
    started = pytestconfig.stash.get(REAL_RUNS, None) or start_real_runs()
    return RealRuns(started.result())


MADE_AGAIN: pytest.StashKey[list[str]] = pytest.StashKey()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A test of real runs that fails is tried once more on runs of the snippets it read,
    made again one at a time, as the build runs a drifted block again: with every snippet
    running at once on a loaded machine, a sleep can end late enough to change what a
    program prints. Only a second failure fails; the summary names each test tried again.
    (Not in Pyodide, which cannot start processes.)"""
    runs = getattr(item, "funcargs", {}).get("real_runs")
    if isinstance(runs, RealRuns):
        runs.read.clear()
    try:
        return (yield)
    except AssertionError:
        running = native(RUNNING)
        if not isinstance(runs, RealRuns) or not runs.read or running is None or IN_PYODIDE:
            raise
        names = sorted(runs.read)
        runs.update(expectations.real_runs(running, names, ROOT, REAL_RUN_TIMEOUT, parallel=1))
        item.runtest()
        item.config.stash.setdefault(MADE_AGAIN, []).append(f"{item.nodeid} ({', '.join(names)})")
        return None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for test in config.stash.get(MADE_AGAIN, []):
        terminalreporter.write_line(f"passed on real runs made again alone: {test}")


@pytest.fixture(scope="session")
def cold_builds(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> ColdBuilds:
    """The real site built cold, at the same time as three cold builds of copies of it, as
    on a machine shared by several checkouts (tests/site/test_load.py checks all four).
    Made once per test run: with pytest-xdist, the first worker to ask builds, and the
    others wait for it and read what it recorded."""
    from filelock import FileLock  # the site session's; not in Pyodide

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # each worker's folder is inside the run's own
        shared = shared.parent
    record = shared / "cold-builds.json"
    with FileLock(f"{record}.lock"):
        if not record.is_file():
            record.write_text(builds_at_once(ROOT, shared / "builds", copies=3).to_json(),
                              encoding="utf-8")
        return ColdBuilds.from_json(record.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(cold_builds: ColdBuilds) -> Build:
    """The real site, built once per test run and shared by the build, HTML and browser
    checks (nox runs them in one pytest session)."""
    return cold_builds.builds[0]
