"""Starting work once the CPU is quiet: blocks that measure time, and the scale page,
wait until the other runs have finished or only sleep, and a run made again because load
changed its output waits for a quiet moment (Linux's /proc/stat)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from concurrent.futures import Future
from typing import Any, TypeVar

Result = TypeVar("Result")
SATURATED = 0.5  # the share of all cores' time busy at and above which the CPU is saturated
POLL = 0.25  # seconds


def cpu_busy(interval: float = POLL) -> float | None:
    """The share of all cores' time spent busy during the next `interval` seconds, from
    Linux's /proc/stat; None where that cannot be read."""

    def sample() -> list[int] | None:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                return [int(n) for n in stat.readline().split()[1:9]]
        except (OSError, ValueError):
            return None

    before = sample()
    time.sleep(interval)
    after = sample()
    if before is None or after is None or len(before) < 5 or len(after) != len(before):
        return None
    spent = [now - then for now, then in zip(after, before, strict=True)]
    idle = spent[3] + spent[4]  # idle and waiting for I/O
    return 1 - idle / sum(spent) if sum(spent) else None


def once_quiet(others: Collection[Future[Any]], work: Callable[..., Result],
               *args: Any) -> Result:
    """`work(*args)` once every future in `others` has finished, or sooner: once all of them
    have started and the CPU is no longer saturated (their start-up burst is over and they
    only sleep). On a machine that stays busy, that is when they have finished."""
    while not all(future.done() for future in others):
        started = all(future.running() or future.done() for future in others)
        busy = cpu_busy()
        if started and busy is not None and busy < SATURATED:
            break
    return work(*args)


def wait_until_quiet(patience: float) -> bool:
    """Wait until the CPU is no longer saturated, for at most `patience` seconds; whether it
    was (True where that cannot be read: there is nothing to wait for)."""
    deadline = time.monotonic() + patience
    while (busy := cpu_busy()) is not None and busy >= SATURATED:
        if time.monotonic() >= deadline:
            return False
    return True
