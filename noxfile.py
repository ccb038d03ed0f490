"""Every check the project runs. `make test` runs all of them; `nox -l` lists them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

PYTHONS = ["3.11", "3.12", "3.13"]
nox.options.sessions = ["lint", *(f"snippets-{v}" for v in PYTHONS), "docs"]
nox.options.reuse_venv = "yes"


def add_pyenv_interpreters_to_path() -> None:
    """Let nox find pyenv's pythons (pyenv shims only answer for the active version)."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return
    root = Path(subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True)
                .stdout.strip())
    for version in PYTHONS:
        candidates = sorted(root.glob(f"versions/{version}.*/bin"),
                            key=lambda p: int(p.parent.name.split(".")[2]))
        if candidates:
            os.environ["PATH"] = f"{candidates[-1]}{os.pathsep}{os.environ['PATH']}"


add_pyenv_interpreters_to_path()


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff (with the ASYNC and RUF rules) and mypy --strict."""
    session.install("-r", "requirements.txt")
    session.run("ruff", "check", ".")
    session.run("mypy")


@nox.session(name="snippets", python=PYTHONS)
def snippets(session: nox.Session) -> None:
    """Every snippet on a virtual clock, then as a real program; 100% line coverage."""
    session.install("-r", "requirements.txt")
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", "-m", "not build", *session.posargs)
    session.run("coverage", "combine", "-q", success_codes=[0, 1])
    session.run("coverage", "report")


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """The real `mkdocs build --strict`, its pages and outputs, and bad input."""
    session.install("-r", "requirements.txt")
    session.run("pytest", "-m", "build", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})
