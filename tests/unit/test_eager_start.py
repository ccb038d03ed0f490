import asyncio

import pytest

from snippets import eager_start
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "Starting to process item 2"),
    (0.0, "Both tasks created"),
    (0.0, "Eager price lookup done before any await: True"),
    (0.0, "Starting to process item 1"),
    (1.0, "Finished processing item 2 after 1 seconds"),
    (3.0, "Finished processing item 1 after 3 seconds"),
    (3.0, "Results: Result for item 1, Result for item 2, price 2"),
]


async def test_only_the_eager_task_starts_inside_create_task(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await eager_start.main()
    assert prints == EXPECTED
    assert looptime == 3.0


async def test_an_eager_task_that_never_waits_is_done_when_create_task_returns() -> None:
    eager = asyncio.create_task(eager_start.price_of("carrots"), eager_start=True)
    ordinary = asyncio.create_task(eager_start.price_of("carrots"))
    assert (eager.done(), ordinary.done()) == (True, False)
    assert (await eager, await ordinary) == (2, 2)


async def test_a_slow_lookup_waits_one_second(looptime: float) -> None:
    assert await eager_start.price_of("leeks") == 0
    assert looptime == 1.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["eager_start"], texts(EXPECTED))


async def test_eager_start_false_keeps_one_task_lazy_under_the_eager_factory() -> None:
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    try:
        eager = asyncio.create_task(eager_start.price_of("carrots"))
        lazy = asyncio.create_task(eager_start.price_of("carrots"), eager_start=False)
    finally:
        loop.set_task_factory(None)
    assert (eager.done(), lazy.done()) == (True, False)
    assert await lazy == 2
