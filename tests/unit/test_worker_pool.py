import asyncio

import pytest

from snippets import worker_pool
from tests.conftest import RealRun, assert_real_run, texts

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
