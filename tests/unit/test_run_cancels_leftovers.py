import asyncio

import pytest

from snippets import run_cancels_leftovers
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "heartbeat"),
    (2.0, "heartbeat"),
    (2.5, "main: returning, with the heartbeat still running"),
    (2.5, "heartbeat: cancelled at shutdown, closing cleanly"),
]


async def test_the_leftover_is_cancelled_and_cleans_up(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    beat = await run_cancels_leftovers.main()
    assert not beat.done()
    beat.cancel()  # what asyncio.run does with every leftover task
    with pytest.raises(asyncio.CancelledError):
        await beat
    assert prints == EXPECTED
    assert looptime == 2.5


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["run_cancels_leftovers"],
                    [*texts(EXPECTED), "after asyncio.run: every task has finished"])
