import asyncio
import signal

import pytest

from snippets import ctrl_c
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.1, "page 1: cleaned up"),
    (1.2, "page 2: cleaned up"),
    (1.2, "main: cancelled by Ctrl-C, after the group's tasks ended"),
]


async def test_ctrl_c_cancels_main_and_every_task_cleans_up_first(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What asyncio.run's SIGINT handler does (3.11+): it cancels the main task."""
    main = asyncio.create_task(ctrl_c.main())
    monkeypatch.setattr(signal, "raise_signal", lambda signum: main.cancel())
    await asyncio.wait([main])
    assert main.cancelled()
    assert prints == EXPECTED


async def test_without_ctrl_c_the_downloads_finish(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch, looptime: float
) -> None:
    monkeypatch.setattr(signal, "raise_signal", lambda signum: None)
    await ctrl_c.main()
    assert prints == [(10.1, "page 1: cleaned up"), (10.2, "page 2: cleaned up")]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    """A real SIGINT: asyncio.run raises KeyboardInterrupt only after main has ended."""
    assert_real_run(real_runs["ctrl_c"], [*texts(EXPECTED), (
        "asyncio.run raised KeyboardInterrupt once every task had ended")])
