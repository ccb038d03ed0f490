import asyncio

import pytest

from snippets import to_thread_cancel
from tests.helpers import OFF_LOOP, RealRun, assert_real_run, texts

EXPECTED = [
    (0.5, "main: the task is cancelled: True"),
    (0.5, "main: the thread has finished: False"),
    (OFF_LOOP, "thread: the report finished anyway"),
]


async def test_cancelling_the_wait_leaves_the_thread_running(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await to_thread_cancel.main()
    # as asyncio.run does before it returns: wait for the executor's threads
    await asyncio.get_running_loop().shutdown_default_executor()
    assert prints == EXPECTED


async def test_main_lets_its_own_cancellation_through(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled while it awaits the task it cancelled, main ends cancelled too."""

    async def slow_to_stop(*_: object) -> None:
        try:
            await asyncio.sleep(10)
        finally:
            await asyncio.sleep(1)

    monkeypatch.setattr(asyncio, "to_thread", slow_to_stop)
    main = asyncio.create_task(to_thread_cancel.main())
    await asyncio.sleep(1)  # main awaits the cancelled task, which is still stopping
    main.cancel()
    await asyncio.wait([main])
    assert main.cancelled()
    assert prints == []


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["to_thread_cancel"], [
        *texts(EXPECTED), "asyncio.run returned after the thread had finished"])
