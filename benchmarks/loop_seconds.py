"""pytest plugin: adds up the event-loop (virtual) seconds that the async tests cover.

Use: `pytest -p benchmarks.loop_seconds`; the total is printed at the end of the session.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import looptime
import pytest
import pytest_asyncio

loop_seconds: list[float] = []


@pytest_asyncio.fixture(autouse=True)
async def measure_loop_seconds(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    loop = asyncio.get_running_loop()
    if asyncio.iscoroutinefunction(request.function) and isinstance(
        loop, looptime.LoopTimeEventLoop
    ):
        with loop.looptime_enabled():  # the virtual clock, which starts at 0 for each test
            loop_seconds.append(loop.time())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(
        f"simulated loop seconds: {sum(loop_seconds):.3f} over {len(loop_seconds)} async tests"
    )
