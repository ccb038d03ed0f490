import asyncio
import logging

import pytest

from snippets import fire_and_forget_bug
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [(1.0, "main: the background task is gone, and nothing told us")]


async def test_the_unreferenced_task_is_destroyed_while_pending(
    prints: list[tuple[float, str]], looptime: float, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        await fire_and_forget_bug.main()
    assert prints == EXPECTED
    assert looptime == 1.0
    (record,) = caplog.records
    assert record.getMessage().startswith("Task was destroyed but it is pending!")
    assert "wait_for_signal()" in record.getMessage()


async def test_the_listener_works_when_it_lives(prints: list[tuple[float, str]]) -> None:
    signal = asyncio.Event()
    signal.set()
    await fire_and_forget_bug.wait_for_signal(signal)
    assert texts(prints) == ["background: got the signal"]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["fire_and_forget_bug"], texts(EXPECTED),
                    stderr_has="Task was destroyed but it is pending!")
