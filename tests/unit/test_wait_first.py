import asyncio

import pytest

from snippets import wait_first
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "first answer: package from us"),
    (1.0, "cancelled: ['asia', 'eu']"),
]


async def test_the_fastest_mirror_wins_and_the_rest_are_cancelled(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await wait_first.main() == "package from us"
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_the_others_are_cancelled_when_the_first_answer_is_a_failure(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = wait_first.ask

    async def ask(mirror: str, seconds: float) -> str:
        if mirror == "us":
            await asyncio.sleep(seconds)
            raise ConnectionError("us mirror is down")
        return await original(mirror, seconds)

    monkeypatch.setattr(wait_first, "ask", ask)
    with pytest.raises(ConnectionError):
        await wait_first.main()
    assert prints == [(1.0, "cancelled: ['asia', 'eu']")]
    assert len(asyncio.all_tasks()) == 1  # nothing left running: only this test


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["wait_first"], texts(EXPECTED))
