"""Every check the project runs. `make test` runs all of them; `nox -l` lists them."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nox

from tasksdocs.engine import expectations
from tasksdocs.engine.pythons import native, needs, pyenv_bin_dirs, pyodide, requires_python

# 3.14 is tested natively where installed, and always in Pyodide (snippets-3.14-pyodide)
PYTHONS = ["3.11", "3.12", "3.13", *(["3.14"] if native((3, 14)) else [])]
PYODIDE_WHEELS = Path(".nox/wheels-3.14")  # inside the project, which Pyodide can see
# what runs on the snippets' Python: the build engine's own tests need the build's Python
PYODIDE_PARALLEL = 12  # each start takes 0.45 s of CPU: not all at once, so no timing suffers
SNIPPET_TESTS = ["tests/unit", "tests/test_claims.py", "tests/test_timeline.py"]
SNIPPET_TOOLS = ["pytest", "pytest-asyncio", "looptime", "coverage"]  # all those tests need
SNIPPET_MARKS = "not build and not browser and not engine"  # those run in the site session
# CPython 3.11 drops the trace function once a coroutine swallows a cancellation inside
# asyncio.timeout (coverage warns "trace-changed"), so the lines after it read as unrun.
# The tests still assert those lines' output on 3.11; 3.12 and 3.13 measure them.
COVERAGE_BLIND_SPOTS = {"3.11": ["snippets/swallow_cancel_bug.py"]}
MUTATION_PYTHON = "3.13"  # the newest native CPython here: all but the 3.14-only snippets
MUTATION_SCORE = 0.90  # the share of mutants that must make a test fail (or hang)
LEDGER = Path("tests/ledger.md")  # every surviving mutant is accounted for there
# one after another: the real-clock checks of one session must not share the CPU with another
nox.options.sessions = ["lint", *(f"snippets-{v}" for v in PYTHONS), "snippets-3.14-pyodide",
                        "site"]
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "uv|virtualenv"  # uv (requirements.txt) when installed
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")  # only this machine's interpreters


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


def snippets_needing_threads() -> list[str]:
    return [str(path) for path in sorted(Path("snippets").glob("*.py"))
            if needs(path.read_text(encoding="utf-8"))]


add_pyenv_interpreters_to_path()


def pins(*names: str) -> list[str]:
    """The exact pins of these packages, from requirements.txt."""
    lines = [line.split()[0] for line in Path("requirements.txt").read_text("utf-8").splitlines()
             if line.split("==")[0] in names]
    assert len(lines) == len(names), f"requirements.txt pins {lines}, not all of {names}"
    return lines


def install_requirements(session: nox.Session, *names: str) -> None:
    """Install the project (editable) and the pins of `names`, or every pin if none, unless
    this session's environment already has exactly them."""
    wanted = "\n".join(pins(*names)) if names else Path("requirements.txt").read_text("utf-8")
    wanted += Path("pyproject.toml").read_text("utf-8")
    installed = Path(str(session.virtualenv.location), "tasksdocs-requirements.txt")
    if installed.is_file() and installed.read_text(encoding="utf-8") == wanted:
        return
    if names:
        session.install("--no-deps", "-e", ".")
        session.install(*pins(*names))
    else:
        session.install("-r", "requirements.txt")
    installed.write_text(wanted, encoding="utf-8")


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff (with the ASYNC and RUF rules), mypy --strict, and the publishing workflow
    (actionlint, zizmor)."""
    install_requirements(session)
    session.run("ruff", "check", ".")
    session.run("mypy")
    session.run("actionlint")
    session.run("zizmor", "--offline", ".github/workflows")


@nox.session(name="snippets", python=PYTHONS)
def snippets(session: nox.Session) -> None:
    """Every snippet on a virtual clock, then as a real program; 100% line coverage."""
    install_requirements(session, *SNIPPET_TOOLS)
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", "-m", SNIPPET_MARKS, *session.posargs,
                *SNIPPET_TESTS)
    session.run("coverage", "combine", "-q", success_codes=[0, 1])
    python = str(session.python)
    omit = snippets_newer_than(python) + COVERAGE_BLIND_SPOTS.get(python, [])
    session.run("coverage", "report", *([f"--omit={','.join(omit)}"] if omit else []))


@nox.session(name="snippets-3.14-pyodide", python=False)
def snippets_pyodide(session: nox.Session) -> None:
    """The same checks on CPython 3.14 in WebAssembly (Pyodide, under Node). Pyodide cannot
    start processes, so the real-clock runs are made outside it, by the same interpreter,
    while the tests run inside it (the tests of real runs come last and wait for
    them), and coverage measures the virtual-clock tests alone: each snippet's
    `if __name__ == "__main__":` block is asserted by its real-clock check but not
    measured. Snippets that need threads are skipped."""
    python = pyodide()
    if python is None:
        session.error("no Pyodide: run `npm ci` (make test does)")
    wheels = pins(*SNIPPET_TOOLS)
    downloaded = PYODIDE_WHEELS / "pins.txt"  # what the folder holds, once complete
    if not downloaded.is_file() or downloaded.read_text() != "\n".join(wheels):
        session.run(sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
                    "--platform", "any", "--python-version", "3.14", "--implementation", "py",
                    "--dest", str(PYODIDE_WHEELS), *wheels, external=True)
        downloaded.write_text("\n".join(wheels))
    runnable = [Path(p).stem for p in sorted(Path("snippets").glob("[!_]*.py"))
                if str(p) not in snippets_needing_threads()]
    saved = PYODIDE_WHEELS.parent / "real-runs-3.14.json"
    expectations.clear_runs(saved)  # the tests wait for this run's file
    inside = [*python.command, "tests/in_pyodide.py", str(PYODIDE_WHEELS)]
    rcfile = PYODIDE_WHEELS.parent / "coverage-3.14.ini"
    # one process and one data file: no subprocesses to combine, so no parallel data
    write_coverage_config(rcfile, also_excluded=['if __name__ == "__main__":'],
                          data_file=".coverage.pyodide", parallel=False)
    env = {"TASKSDOCS_REAL_RUNS": str(saved), "COVERAGE_RCFILE": str(rcfile)}
    with ThreadPoolExecutor(1) as background:  # the tests of real runs come last, and wait
        made = background.submit(expectations.save_runs, lambda: expectations.real_runs(
            python, runnable, Path.cwd(), parallel=PYODIDE_PARALLEL), saved)
        session.run(*inside, "coverage", "run", "-m", "pytest", "-m", SNIPPET_MARKS,
                    *session.posargs, *SNIPPET_TESTS, env=env, external=True)
        made.result()
    session.run(*inside, "coverage", "report", f"--omit={','.join(snippets_needing_threads())}",
                env=env, external=True)


def write_coverage_config(path: Path, also_excluded: list[str], **run: object) -> None:
    """pyproject.toml's coverage settings, with more lines to exclude and `run` settings, as
    a coverage rc file."""
    settings = tomllib.loads(Path("pyproject.toml").read_text("utf-8"))["tool"]["coverage"]
    settings["report"]["exclude_also"] = also_excluded
    settings["run"].update(run)
    config = configparser.ConfigParser(interpolation=None)
    for section, values in settings.items():
        config[section] = {key: "\n".join(value) if isinstance(value, list) else str(value)
                           for key, value in values.items()}
    with path.open("w", encoding="utf-8") as file:
        config.write(file)


@nox.session(python="3.11")
def site(session: nox.Session) -> None:
    """Four cold `mkdocs build --strict` runs at once (the project's own, which every later
    check reads, and three copies': tests/site/test_load.py); then the pages and outputs,
    bad input on scratch sites, and the built site in Chromium: pages, search, tabs, copy,
    downloads, phone menu, axe; and the build engine's own tests, once, on the build's
    Python. Two pytest workers: while one drives Chromium, the other runs builds that
    mostly wait."""
    install_requirements(session)
    session.run("pytest", "-m", "build or browser or engine", "-n", "2", "--dist", "loadfile",
                *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=MUTATION_PYTHON, default=False)
def mutation(session: nox.Session) -> None:
    """mutmut over snippets/ against the virtual-clock tests (`make mutation`; not part of
    `make test`). Fails below MUTATION_SCORE, or if a mutant that no test caught (survived,
    suspicious, or reached by no test) is not accounted for in tests/ledger.md."""
    install_requirements(session, *SNIPPET_TOOLS, "mutmut")
    shutil.rmtree("mutants", ignore_errors=True)
    session.run("mutmut", "run", "--max-children", str(os.cpu_count() or 1))
    listed = session.run("mutmut", "results", "--all", "true", silent=True)
    verdicts = dict(re.findall(r"^\s*(\S+): (.+)$", str(listed), re.M))
    counts = {verdict: list(verdicts.values()).count(verdict) for verdict in set(verdicts.values())}
    detected = counts.get("killed", 0) + counts.get("timeout", 0)
    undetected = [m for m, verdict in verdicts.items() if verdict not in ("killed", "timeout")]
    score = detected / len(verdicts) if verdicts else 0.0
    session.log(f"mutants: {counts}; {detected} of {len(verdicts)} made a test fail or hang: "
                f"{score:.1%}")
    accounted = LEDGER.read_text("utf-8")
    unaccounted = [m for m in undetected if f"`{m}`" not in accounted]
    if unaccounted:
        session.error(f"{len(unaccounted)} surviving mutants are not in {LEDGER}: "
                      + ", ".join(unaccounted))
    if score < MUTATION_SCORE:
        session.error(f"mutation score {score:.1%} is below {MUTATION_SCORE:.0%}")


@nox.session(python=MUTATION_PYTHON, default=False)
def counterfactuals(session: nox.Session) -> None:
    """The claims mutmut cannot reach (tests of Python itself, the engine's measurements and
    pictures, the 3.14 examples in Pyodide): each test must pass unchanged and fail against
    its counterfactual, in a scratch copy (`make mutation`; see tests/counterfactuals.py)."""
    install_requirements(session)
    if pyodide() is None:
        session.error("no Pyodide: run `npm ci` (make mutation does)")
    session.run("python", "tests/counterfactuals.py")
