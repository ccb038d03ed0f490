import asyncio

import pytest

from snippets import queue_shutdown
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.2, "worker 2: resize b.png"),
    (0.6, "worker 2: resize c.png"),
    (0.8, "worker 2: resize d.png"),
    (1.4, "worker 2: resize e.png"),
    (1.4, "worker 2: stops, the queue is shut down (jobs handled: 4)"),
    (2.0, "worker 1: resize a.png"),
    (2.0, "worker 1: stops, the queue is shut down (jobs handled: 1)"),
    (2.0, "all 5 jobs done by 2 workers"),
]


async def test_the_workers_empty_the_queue_then_return_by_themselves(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await queue_shutdown.main()
    assert prints == EXPECTED
    assert looptime == 2.0


async def test_an_error_in_a_worker_reaches_main_through_the_group(
    monkeypatch: pytest.MonkeyPatch, prints: list[tuple[float, str]], looptime: float
) -> None:
    """A job with no duration in JOBS fails its worker at 0 s: the group cancels the other
    worker, and main gets the KeyError in an ExceptionGroup, with nothing printed."""
    monkeypatch.setattr(queue_shutdown, "JOBS", {"resize a.png": 2.0})
    real_put = asyncio.Queue.put

    async def put(queue: asyncio.Queue[str], job: str) -> None:
        await real_put(queue, job)
        if job == "resize a.png":
            await real_put(queue, "resize z.png")  # not in JOBS

    monkeypatch.setattr(asyncio.Queue, "put", put)
    with pytest.raises(ExceptionGroup) as caught:
        await queue_shutdown.main()
    assert [type(e) for e in caught.value.exceptions] == [KeyError]
    assert prints == []
    assert looptime == 0


async def test_after_shutdown_put_fails_and_get_still_drains_the_queue() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait("last job")
    queue.shutdown()
    with pytest.raises(asyncio.QueueShutDown):
        await queue.put("too late")
    assert await queue.get() == "last job"
    with pytest.raises(asyncio.QueueShutDown):
        await queue.get()


async def test_shutdown_immediate_drops_what_is_left() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait("dropped")
    queue.shutdown(immediate=True)
    assert queue.empty()
    with pytest.raises(asyncio.QueueShutDown):
        await queue.get()


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["queue_shutdown"], texts(EXPECTED))
