"""What the tests expect of a real run, checked against the output a page is about to show.

Each snippet's test module has one `@pytest.mark.realclock` test that takes `real_runs`, a
mapping from snippet name to the real run of `python snippets/<name>.py`, and asserts what
that run printed: exact lines, a total within bounds, a heartbeat that kept ticking. The
build calls that same test function on the output it is about to publish, so an output that
timing drift (a loaded machine) has changed from what the tests accept is caught at build
time, run once more when the CPU is quiet, and never cached or published if it still drifts.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tasksdocs.engine.pythons import Interpreter

Check = Callable[[str, str], str]  # (stdout, stderr) -> "" if accepted, else why not
# The line debug mode logs for a step that held the loop over `slow_callback_duration`
# (0.1 s), which a loaded machine can stretch even a step that does not block to.
SLOW_STEP = re.compile(r"Executing <.*> took \d+\.\d{3} seconds")


@dataclass(frozen=True)
class RealRun:
    """A finished run of `python snippets/<name>.py`, as the realclock tests receive it."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def real_runs(python: Interpreter, names: list[str], project: Path, timeout: float = 60,
              parallel: int | None = None) -> dict[str, RealRun]:
    """Run `python snippets/<name>.py` for every name from `project`, `parallel` at a time
    (all at once if None)."""

    def run(name: str) -> RealRun:
        done = subprocess.run([*python.command, f"snippets/{name}.py"], cwd=project, text=True,
                              capture_output=True, timeout=timeout, check=False)
        return RealRun(done.returncode, done.stdout, done.stderr)

    with ThreadPoolExecutor(parallel or max(1, len(names))) as pool:
        return dict(zip(names, pool.map(run, names), strict=True))


def clear_runs(path: Path) -> None:
    """Remove what an earlier `save_runs` left at `path`, so that `load_runs` waits."""
    for stale in (path, path.with_name(f"{path.name}.failed")):
        stale.unlink(missing_ok=True)


def save_runs(make: Callable[[], dict[str, RealRun]], path: Path) -> None:
    """Write the runs that `make()` returns to `path` at once (a reader sees no file or all
    of it), or, if it raises, why to `<path>.failed`. Call `clear_runs(path)` first."""
    failed, partial = (path.with_name(f"{path.name}.{end}") for end in ("failed", "partial"))
    try:
        runs = make()
    except BaseException as error:
        failed.write_text(f"{type(error).__name__}: {error}", encoding="utf-8")
        raise
    partial.write_text(json.dumps({n: [r.returncode, r.stdout, r.stderr]
                                   for n, r in runs.items()}), encoding="utf-8")
    partial.replace(path)


def load_runs(path: Path, timeout: float = 0) -> dict[str, RealRun]:
    """The runs that `save_runs` wrote to `path`, waiting up to `timeout` seconds for them
    (they may still be running)."""
    failed = path.with_name(f"{path.name}.failed")
    deadline = time.monotonic() + timeout
    while not path.is_file() and not failed.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    if failed.is_file():
        raise RuntimeError(f"the real runs failed: {failed.read_text(encoding='utf-8')}")
    if not path.is_file():
        raise FileNotFoundError(f"no real runs at {path} after waiting {timeout:g} s")
    return {n: RealRun(*fields) for n, fields in json.loads(path.read_text("utf-8")).items()}


def test_module_path(project: Path, label: str, pattern: str) -> Path | None:
    """`tests/unit/test_<name>.py` for `snippets/<name>.py`, if the project has one."""
    if not pattern or not label.startswith("snippets/"):
        return None
    path = project / pattern.format(name=Path(label).stem)
    return path if path.is_file() else None


def load_check(project: Path, test_file: Path) -> Check:
    """The realclock test of `test_file`, as a function of a run's stdout and stderr."""
    root = str(project)
    if root not in sys.path:
        sys.path.insert(0, root)
    dotted = ".".join(test_file.relative_to(project).with_suffix("").parts)
    loaded = dotted in sys.modules
    module = importlib.import_module(dotted)
    if loaded:  # under `mkdocs serve` the test may have changed since
        module = importlib.reload(module)
    tests = [f for _, f in inspect.getmembers(module, inspect.isfunction)
             if any(m.name == "realclock" for m in getattr(f, "pytestmark", []))]
    if len(tests) != 1 or list(inspect.signature(tests[0]).parameters) != ["real_runs"]:
        raise LookupError(f"{test_file} should have exactly one @pytest.mark.realclock test "
                          "taking only `real_runs`")
    (test,) = tests
    name = dotted.rsplit(".", 1)[-1].removeprefix("test_")
    return lambda stdout, stderr: verdict(test, name, stdout, stderr)


def verdict(test: Callable[..., Any], name: str, stdout: str, stderr: str) -> str:
    try:
        test({name: RealRun(0, stdout, stderr)})
    except Exception as failed:  # noqa: BLE001 - an assertion, or a parse of the output
        frames = traceback.extract_tb(failed.__traceback__)[1:]
        where = "; ".join(f"{Path(f.filename).name}:{f.lineno}: {f.line}" for f in frames)
        return (f"differs from what {test.__module__}.{test.__name__} accepts "
                f"({type(failed).__name__} at {where})")
    return ""
