import asyncio

import pytest

from snippets import wait_for_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "main: not saved within 1 s; telling the user we will keep trying"),
    (1.0, "main: the save task was cancelled=False"),
    (3.0, "save_document: saved"),
    (3.0, "main: saved"),
]


async def test_the_shielded_save_outlives_the_timeout(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await wait_for_fix.main() == "saved"
    assert prints == EXPECTED
    assert looptime == 3.0


async def test_cancelling_the_save_itself_still_stops_it(prints: list[tuple[float, str]]) -> None:
    save = asyncio.create_task(wait_for_fix.save_document())
    await asyncio.sleep(1)
    save.cancel()
    with pytest.raises(asyncio.CancelledError):
        await save
    assert texts(prints) == ["save_document: cancelled halfway, nothing saved"]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["wait_for_fix"], texts(EXPECTED))
