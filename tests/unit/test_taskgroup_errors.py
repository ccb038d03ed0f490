import asyncio

import pytest

from snippets import taskgroup_errors
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (0.0, "connection problems: ['b.invalid: no such host']"),
    (0.0, "bad host names: [\"'c d.example': a host name has no spaces\"]"),
]


async def test_each_except_star_clause_gets_its_own_failures(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await taskgroup_errors.main()
    assert prints == EXPECTED  # both failures at their first step, so both are collected
    assert looptime == 0.0  # and a.example's check was cancelled, not awaited for 1 s


async def test_a_healthy_host_is_ok() -> None:
    assert await taskgroup_errors.check("a.example") == "a.example: ok"


async def test_a_later_failure_is_cancelled_before_it_happens(looptime: float) -> None:
    async def fails_later() -> None:
        await asyncio.sleep(1)
        raise TimeoutError("never raised: the group cancels this task first")

    tasks: list[asyncio.Task[object]] = []

    async def run_group() -> None:
        async with asyncio.TaskGroup() as group:
            tasks.append(group.create_task(fails_later()))
            tasks.append(group.create_task(taskgroup_errors.check("b.invalid")))

    with pytest.raises(ExceptionGroup) as caught:
        await run_group()
    assert [type(e) for e in caught.value.exceptions] == [ConnectionError]
    assert tasks[0].cancelled()
    assert looptime == 0.0


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["taskgroup_errors"], texts(EXPECTED))
