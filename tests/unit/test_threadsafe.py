import asyncio

import pytest

from snippets import threadsafe
from tests.helpers import OFF_LOOP, RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "loop runs in the main thread: True"),
    (OFF_LOOP, "worker thread got: user 1 is ada"),
]


async def test_a_worker_thread_gets_an_answer_from_the_loop(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    assert await threadsafe.main() == "user 1 is ada"
    assert prints == EXPECTED
    assert looptime == 0.5  # the lookup's sleep ran on the loop's clock


async def test_unknown_users() -> None:
    assert await threadsafe.lookup(2) == "user 2 is unknown"


async def test_a_thread_that_gives_up_cancels_the_coroutine(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """future.result(timeout=...) only stops the thread's wait; the snippet then cancels
    the coroutine, which would otherwise run on, on the loop, for nobody."""
    ended = []

    async def never_answers(user_id: int) -> str:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            ended.append("cancelled")
            raise
        return "never"

    monkeypatch.setattr(threadsafe, "lookup", never_answers)
    monkeypatch.setattr(threadsafe, "ANSWER_WITHIN", 0.05)
    with pytest.raises(TimeoutError):
        await threadsafe.main()
    await asyncio.sleep(0)  # the cancellation was handed to the loop from the thread
    assert ended == ["cancelled"]


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["threadsafe"], texts(EXPECTED))
