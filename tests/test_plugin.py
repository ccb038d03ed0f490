"""The build engine's cache and runner, without a build."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from tasksdocs import runner
from tasksdocs.plugin import FRESH_ENV, Job, Run, TasksDocsPlugin, run_snippet
from tests.conftest import ROOT

JOB = Job(source="print(1)\n", label="snippets/x.py", python=sys.executable, version="3.11",
          timeout=30.0, environment="pins")


@pytest.mark.parametrize(
    "change",
    [{"source": "print(2)\n"}, {"timeout": 5.0}, {"version": "3.12"}, {"environment": "new pins"},
     {"label": "snippets/y.py"}],
    ids=["source", "timeout-option", "python-version", "dependencies", "file"],
)
def test_the_cache_key_changes_with_every_input_of_a_run(change: dict[str, object]) -> None:
    assert dataclasses.replace(JOB, **change).key != JOB.key  # type: ignore[arg-type]


def test_the_cache_key_ignores_where_the_interpreter_lives() -> None:
    assert dataclasses.replace(JOB, python="/elsewhere/python3.11").key == JOB.key


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TasksDocsPlugin:
    monkeypatch.delenv(FRESH_ENV, raising=False)
    plugin = TasksDocsPlugin()
    plugin.cache_dir = tmp_path / "cache"
    plugin.fresh = False
    return plugin


def test_a_clean_run_is_cached_and_a_failed_one_is_not(plugin: TasksDocsPlugin) -> None:
    clean, failed = Run("1\n", "", 0, 0.1), Run("", "boom", 1, 0.1)
    plugin.store(JOB, clean)
    plugin.store(dataclasses.replace(JOB, source="boom\n"), failed)
    assert plugin.cached(JOB) == clean
    assert plugin.cached(dataclasses.replace(JOB, source="boom\n")) is None


def test_fresh_mode_ignores_the_cache(plugin: TasksDocsPlugin) -> None:
    plugin.store(JOB, Run("1\n", "", 0, 0.1))
    plugin.fresh = True
    assert plugin.cached(JOB) is None


def test_the_cache_lives_outside_tracked_files() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", ".cache/tasksdocs/any.json"],
                             cwd=ROOT, check=False)
    assert ignored.returncode == 0


@pytest.mark.realclock
@pytest.mark.parametrize(
    ("source", "returncode"),
    [("print('ok')\n", runner.EXIT_OK), ("raise ValueError\n", runner.EXIT_RAISED),
     ("import sys\nsys.exit(0)\n", runner.EXIT_CALLED_EXIT),
     ("import time\ntime.sleep(30)\n", runner.EXIT_TIMED_OUT)],
    ids=["ok", "raises", "exits", "blocks"],
)
def test_the_runner_tells_how_a_snippet_ended(source: str, returncode: int) -> None:
    run = run_snippet(source, "snippets/x.py", cwd=ROOT, python=sys.executable, timeout=1)
    assert run.returncode == returncode, run.stderr


@pytest.mark.realclock
def test_the_runner_runs_the_main_guard_like_python_does() -> None:
    source = 'if __name__ == "__main__":\n    print(__name__, __file__)\n'
    run = run_snippet(source, "snippets/x.py", cwd=ROOT, python=sys.executable, timeout=5)
    assert run.stdout == "__main__ snippets/x.py\n"


@pytest.mark.realclock
def test_the_snippet_is_the_main_module_with_its_own_argv() -> None:
    source = (
        "import sys\nfrom dataclasses import dataclass\n\n"
        "@dataclass\nclass Point:\n    x: int\n\n"
        'print(sys.modules["__main__"].Point is Point, sys.argv, Point(1))\n'
    )
    run = run_snippet(source, "snippets/x.py", cwd=ROOT, python=sys.executable, timeout=5)
    assert run.stdout == "True ['snippets/x.py'] Point(x=1)\n", run.stderr
