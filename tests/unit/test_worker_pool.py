import asyncio

import pytest

from snippets import worker_pool
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.2, "worker 2: resize b.png"),
    (0.6, "worker 2: resize c.png"),
    (0.8, "worker 2: resize d.png"),
    (1.4, "worker 2: resize e.png"),
    (2.0, "worker 1: resize a.png"),
    (2.0, "all 5 jobs done by 2 workers"),
]


async def test_a_free_worker_takes_the_next_job_while_a_slow_one_is_busy(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await worker_pool.main()
    assert prints == EXPECTED
    assert looptime == 2.0  # 3.4 s of work on two workers
    assert len(asyncio.all_tasks()) == 1  # the workers were stopped: only this test remains


async def test_a_failed_job_is_reported_and_the_worker_goes_on(
    prints: list[tuple[float, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As many failing jobs as workers (enough to end both, if errors ended workers): both
    are reported, both workers take more jobs, and join() returns."""
    jobs = {"broken.png": -1.0, "resize b.png": 0.2, "missing.png": -1.0, "resize c.png": 0.4}

    async def work(seconds: float) -> None:
        if seconds < 0:
            raise OSError("cannot read the file")
        await original_sleep(seconds)

    original_sleep = asyncio.sleep
    monkeypatch.setattr(worker_pool, "JOBS", jobs)
    monkeypatch.setattr(asyncio, "sleep", work)  # the workers' only sleep is the work
    await asyncio.wait_for(worker_pool.main(), timeout=10)  # join() returned
    assert prints == [
        (0.0, "worker 1: broken.png failed: OSError('cannot read the file')"),
        (0.0, "worker 2: missing.png failed: OSError('cannot read the file')"),
        (0.2, "worker 1: resize b.png"),
        (0.4, "worker 2: resize c.png"),
        (0.4, "all 4 jobs done by 2 workers"),
    ]


async def test_put_waits_while_the_queue_is_full(looptime: float) -> None:
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
    await queue.put("first")
    waiting = asyncio.create_task(queue.put("second"))
    await asyncio.sleep(1)
    assert not waiting.done()
    assert queue.get_nowait() == "first"
    await waiting
    assert queue.get_nowait() == "second"


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["worker_pool"], texts(EXPECTED))
