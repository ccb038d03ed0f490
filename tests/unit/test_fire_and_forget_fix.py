import logging

import pytest

from snippets import fire_and_forget_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "main: 1 background task alive after gc"),
    (1.0, "background: got the signal"),
    (1.0, "main: 0 background tasks left"),
]


async def test_the_set_keeps_the_task_alive_until_it_is_done(
    prints: list[tuple[float, str]], looptime: float, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        await fire_and_forget_fix.main()
    assert prints == EXPECTED
    assert looptime == 1.0
    assert caplog.records == []
    assert fire_and_forget_fix.background_tasks == set()


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["fire_and_forget_fix"], texts(EXPECTED))
