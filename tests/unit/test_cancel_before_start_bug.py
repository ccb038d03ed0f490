import asyncio

import pytest

from snippets import cancel_before_start_bug
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "connection opened"),
    (0.0, "task cancelled: True; connection closed: False"),
]


async def test_the_body_and_its_finally_never_run(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await cancel_before_start_bug.main()
    assert prints == EXPECTED  # no "upload: started", no "connection closed"
    assert looptime == 0.0


async def test_cancelled_after_its_first_step_the_finally_runs(
    prints: list[tuple[float, str]],
) -> None:
    connection = cancel_before_start_bug.Connection()
    task = asyncio.create_task(cancel_before_start_bug.upload(connection))
    await asyncio.sleep(0)  # one step: the task runs up to its sleep
    task.cancel()
    await asyncio.wait([task])
    assert connection.closed
    assert texts(prints) == ["connection opened", "upload: started", "connection closed"]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["cancel_before_start_bug"], texts(EXPECTED))
