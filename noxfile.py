"""Every check the project runs. `make test` runs all of them; `nox -l` lists them."""

from __future__ import annotations

import os
from pathlib import Path

import nox

from tasksdocs.pythons import pyenv_bin_dirs, requires_python

PYTHONS = ["3.11", "3.12", "3.13"]
# CPython 3.11 drops the trace function once a coroutine swallows a cancellation inside
# asyncio.timeout (coverage warns "trace-changed"), so the lines after it read as unrun.
# The tests still assert those lines' output on 3.11; 3.12 and 3.13 measure them.
COVERAGE_BLIND_SPOTS = {"3.11": ["snippets/swallow_cancel_bug.py"]}
nox.options.sessions = ["lint", *(f"snippets-{v}" for v in PYTHONS), "site"]
nox.options.reuse_venv = "yes"


def add_pyenv_interpreters_to_path() -> None:
    """Let nox find pyenv's pythons (pyenv shims only answer for the active version)."""
    for bin_dir in pyenv_bin_dirs():
        if bin_dir.parent.name.rpartition(".")[0] in PYTHONS:
            os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


def snippets_newer_than(python: str) -> list[str]:
    version = tuple(int(part) for part in python.split("."))
    return [
        str(path) for path in sorted(Path("snippets").glob("*.py"))
        if requires_python(path.read_text(encoding="utf-8")) > version
    ]


add_pyenv_interpreters_to_path()


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff (with the ASYNC and RUF rules), mypy --strict, and the publishing workflow
    (actionlint, zizmor)."""
    session.install("-r", "requirements.txt")
    session.run("ruff", "check", ".")
    session.run("mypy")
    session.run("actionlint")
    session.run("zizmor", "--offline", ".github/workflows")


@nox.session(name="snippets", python=PYTHONS)
def snippets(session: nox.Session) -> None:
    """Every snippet on a virtual clock, then as a real program; 100% line coverage."""
    session.install("-r", "requirements.txt")
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", "-m", "not build and not browser",
                *session.posargs)
    session.run("coverage", "combine", "-q", success_codes=[0, 1])
    python = str(session.python)
    omit = snippets_newer_than(python) + COVERAGE_BLIND_SPOTS.get(python, [])
    session.run("coverage", "report", *([f"--omit={','.join(omit)}"] if omit else []))


@nox.session(python="3.11")
def site(session: nox.Session) -> None:
    """One real `mkdocs build --strict`, then its pages and outputs, bad input on scratch
    sites, and the built site in Chromium: pages, search, tabs, copy, downloads, phone menu,
    axe. One pytest run, so the site is built once."""
    session.install("-r", "requirements.txt")
    session.run("pytest", "-m", "build or browser", *session.posargs,
                env={"NO_MKDOCS_2_WARNING": "1"})
