"""Measure the build engine, side by side in one run, and print four ratios.

    make benchmark        (or: .venv/bin/python benchmarks/build_ratios.py)

(a) (cold build - exec-off build) / sum of each snippet run alone    target <= 1.1
(b) warm rebuild after a prose-only edit / exec-off build             target <= 1.3
(c) simulated asyncio seconds / wall seconds of the virtual-clock tests (tests/unit and
    tests/test_claims.py, one pytest process, start-up included)     target >= 100
(d) cold build / (slowest block alone + exec-off build + the scale measurement's budget)
    : how near the cold build is to its physical limit                 target <= 1.5

Builds run on a scratch copy of the site, so the project's own cache is never touched.
Absolute times on a shared machine are noisy; the ratios compare runs made minutes apart.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.config import load_config

from tasksdocs.engine.execution import Job, execute
from tasksdocs.mkdocs.blocks import read_blocks
from tasksdocs.mkdocs.plugin import FRESH_ENV, TasksDocsPlugin

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path, **env: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**ENV, **env}, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return seconds


def build(project: Path, **env: str) -> float:
    site = project / "site"
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                 project, **env)


def copy_site(into: Path, *, execute: bool = True) -> Path:
    shutil.copytree(ROOT, into, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".nox", ".cache", "site", "node_modules", "__pycache__"))
    # `python -m mkdocs` imports the copy's tasksdocs, which looks for Pyodide beside itself
    (into / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    if not execute:
        config = into / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        plugin = "  - tasksdocs:\n"
        config.write_text(text.replace(plugin, f"{plugin}      execute: false\n"))
    return into


def snippets_alone(project: Path) -> tuple[float, float, int]:
    """Each block of the site run on its own, one after another, as the build would run it."""
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["tasksdocs"]
    assert isinstance(plugin, TasksDocsPlugin)
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(config)
    assert plugin.runs is not None
    jobs = {job.key: job for page in sorted((project / "docs").rglob("*.md"))
            for block in read_blocks(page.read_text("utf-8"), page.name, project)[0]
            if isinstance(job := plugin.runs.job(block), Job)}
    seconds = [execute(job, project).seconds for job in jobs.values()]
    plugin.on_shutdown()
    return sum(seconds), max(seconds), len(jobs)


VIRTUAL_CLOCK_TESTS = ["tests/unit", "tests/test_claims.py"]


def unit_test_ratio(*paths: str) -> tuple[float, float]:
    """Simulated loop seconds, and wall seconds, of the tests in `paths` (all without a build
    if none) that run on the virtual clock, in one pytest process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not realclock and not build and not browser",
         "-p", "benchmarks.loop_seconds", *paths],
        cwd=ROOT, env=ENV, capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - start
    found = re.search(r"simulated loop seconds: ([\d.]+)", done.stdout)
    if done.returncode != 0 or found is None:
        sys.exit(f"unit tests failed:\n{done.stdout}{done.stderr}")
    return float(found[1]), wall


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        executed = copy_site(Path(scratch, "executed"))
        exec_off = copy_site(Path(scratch, "exec-off"), execute=False)

        build(exec_off)  # warm the OS file cache and Python's bytecode for both
        exec_off_seconds = build(exec_off)
        cold_seconds = build(executed, **{FRESH_ENV: "1"})
        page = executed / "docs" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence of prose.\n")
        warm_seconds = build(executed)
        alone_seconds, slowest_seconds, blocks = snippets_alone(executed)
        budget = load_config(str(executed / "mkdocs.yml")).plugins["tasksdocs"].config[
            "scale_budget"]
    simulated, unit_wall = unit_test_ratio(*VIRTUAL_CLOCK_TESTS)
    all_simulated, all_wall = unit_test_ratio()

    print(f"exec-off build:                  {exec_off_seconds:6.2f} s")
    print(f"cold build:                      {cold_seconds:6.2f} s")
    print(f"warm rebuild after prose edit:   {warm_seconds:6.2f} s")
    print(f"{blocks} snippets run alone, summed:  {alone_seconds:6.2f} s")
    print(f"slowest snippet alone:           {slowest_seconds:6.2f} s")
    print(f"scale measurement budget:        {budget:6.2f} s")
    print(f"virtual-clock tests ({', '.join(VIRTUAL_CLOCK_TESTS)}): {simulated:.1f} simulated s "
          f"in {unit_wall:.2f} wall s")
    print(f"every test without a build (engine and drift included): {all_simulated:.1f} "
          f"simulated s in {all_wall:.2f} wall s ({all_simulated / all_wall:.0f} per wall s)")
    print()
    a = (cold_seconds - exec_off_seconds) / alone_seconds
    b = warm_seconds / exec_off_seconds
    c = simulated / unit_wall
    print(f"(a) (cold - exec-off) / sum alone = {a:5.2f}   target <= 1.1  {verdict(a <= 1.1)}")
    print(f"(b) warm prose rebuild / exec-off = {b:5.2f}   target <= 1.3  {verdict(b <= 1.3)}")
    print(f"(c) simulated / wall, v-clock tests = {c:3.0f}   target >= 100  {verdict(c >= 100)}")
    d = cold_seconds / (slowest_seconds + exec_off_seconds + budget)
    print(f"(d) cold / physical limit         = {d:5.2f}   target <= 1.5  {verdict(d <= 1.5)}")


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


if __name__ == "__main__":
    main()
