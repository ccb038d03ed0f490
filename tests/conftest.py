"""Shared fixtures: a virtual-clock print recorder and concurrent real runs of every snippet."""

from __future__ import annotations

import asyncio
import builtins
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
SNIPPET_NAMES = sorted(p.stem for p in SNIPPETS_DIR.glob("*.py") if p.stem != "__init__")
REAL_RUN_TIMEOUT = 60


@dataclass(frozen=True)
class RealRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


@pytest.fixture(autouse=True, scope="session")
def no_implicit_event_loop() -> None:
    """looptime asks for the current loop even in sync tests, and Python would create and leak
    one there. With "no current loop" declared, the answer is a clean RuntimeError instead."""
    asyncio.set_event_loop(None)


@pytest.fixture
def prints(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, str]]:
    """Every line the code under test prints, with the event loop's (virtual) time of printing.

    Times are relative to the loop's start, so `(3.0, "...")` means "printed at 3 s".
    """
    printed: list[tuple[float, str]] = []

    def record(*values: Any, sep: str = " ", end: str = "\n", **_: Any) -> None:
        loop = asyncio.get_running_loop()
        printed.append((round(loop.time(), 6), sep.join(map(str, values))))

    monkeypatch.setattr(builtins, "print", record)
    return printed


@pytest.fixture(scope="session")
def real_runs() -> dict[str, RealRun]:
    """Run every snippet as `python snippets/<name>.py`, all at once, on the real clock."""
    started = {
        name: subprocess.Popen(
            [sys.executable, f"snippets/{name}.py"], cwd=ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for name in SNIPPET_NAMES
    }
    runs = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=REAL_RUN_TIMEOUT)
        runs[name] = RealRun(process.returncode, stdout, stderr)
    return runs
