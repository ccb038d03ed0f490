"""The build report: how long each block's run took, on which Python, and whether its
output was reused, slowest first, in the log and as a page of the site."""

from __future__ import annotations

import logging
import posixpath
import sys
from dataclasses import dataclass

log = logging.getLogger("mkdocs.plugins.tasksdocs")
# Lines of each block's problem repeated in the build's last error (the whole problem is
# logged where it happens).
SUMMARY_LINES = 6


@dataclass
class Timing:
    page: str
    block: str
    python: str
    seconds: float
    origin: str  # "ran", "cache" or "failed"


def failure(where: str, problem: str) -> str:
    """A failed block in the build's last error: where, and its problem's first lines (a
    CI log cut short in the middle still shows why)."""
    lines = problem.strip().splitlines()
    more = len(lines) - SUMMARY_LINES
    if more > 0:
        lines[SUMMARY_LINES:] = [f"({more} more lines: see its warning above)"]
    return f"{where} " + "\n    ".join(lines)


def slowest_first(timings: list[Timing]) -> tuple[list[Timing], dict[str, int], float]:
    ordered = sorted(timings, key=lambda t: t.seconds, reverse=True)
    counts = {origin: sum(t.origin == origin for t in ordered)
              for origin in ("ran", "cache", "failed")}
    run_seconds = sum(t.seconds for t in ordered if t.origin != "cache")
    return ordered, counts, run_seconds


def to_log(timings: list[Timing]) -> None:
    """Each block's time and where its output came from, slowest first, in the log."""
    ordered, counts, run_seconds = slowest_first(timings)
    if not ordered:
        return
    rows = [f"{t.seconds:8.2f} s  {t.origin:6}  {t.page} #{t.block}" for t in ordered]
    log.info(
        "Snippet blocks: %d; %d ran, %d from cache, %d failed; %.1f s of runs.\n%s",
        len(ordered), counts["ran"], counts["cache"], counts["failed"], run_seconds,
        "\n".join(rows),
    )


def page(timings: list[Timing], report_page: str) -> str:
    """The same report as a page, for readers who wonder where the outputs come from."""
    ordered, counts, run_seconds = slowest_first(timings)
    base = posixpath.dirname(report_page)
    rows = [
        f"| {t.seconds:.2f} | [{t.page}]({posixpath.relpath(t.page, base or '.')}) "
        f"| `{t.block}` | {t.python} | {t.origin} |"
        for t in ordered
    ]
    return "\n".join([
        "# Build report",
        "",
        "Every output on this site is what its program printed when the site was built, "
        "run as `python snippets/<name>.py` with nothing added. This page lists each of "
        "those runs, slowest first: the wall time of the program (interpreter start "
        "included), the Python it ran on, and whether it ran in this build or its output "
        "was reused from an earlier run with the same source, options, Python version, "
        "dependencies and tests.",
        "",
        f"This build had {len(ordered)} blocks: {counts['ran']} ran, "
        f"{counts['cache']} came from the cache, {counts['failed']} failed; the runs took "
        f"{run_seconds:.1f} s in all, several at a time. MkDocs itself ran on Python "
        f"{sys.version.split()[0]}.",
        "",
        "| Seconds | Page | Block | Python | Output |",
        "|--:|---|---|---|---|",
        *rows,
        "",
    ])
