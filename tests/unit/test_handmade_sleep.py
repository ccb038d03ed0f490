import asyncio

import pytest

from snippets import handmade_sleep
from tests.helpers import ARTICLE_LINES, RealRun, assert_total_between, texts

EXPECTED = [
    (0.0, "Starting to process item 1"),
    (0.0, "Starting to process item 2"),
    (1.0, "Finished processing item 2 after 1 seconds"),
    (3.0, "Finished processing item 1 after 3 seconds"),
    (3.0, "Results: Result for item 1, Result for item 2"),
]


async def test_two_handmade_sleeps_overlap_as_asyncio_sleep_does(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await handmade_sleep.main()
    assert prints == EXPECTED
    assert texts(EXPECTED[:4]) == texts(ARTICLE_LINES[1:5])  # the article's own timeline
    assert looptime == 3.0


async def test_a_cancelled_sleep_cancels_its_timer(looptime: float) -> None:
    """Without `timer.cancel()` the timer would later call set_result on a cancelled
    Future, and the loop would report InvalidStateError."""
    loop = asyncio.get_running_loop()
    sleeper = asyncio.create_task(handmade_sleep.handmade_sleep(5))
    await asyncio.sleep(1)
    sleeper.cancel()
    await asyncio.wait([sleeper])
    assert sleeper.cancelled()
    assert [h for h in loop._scheduled if not h.cancelled()] == []  # type: ignore[attr-defined]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_total_between(real_runs["handmade_sleep"], texts(EXPECTED), 2.9, 3.6)
