import pytest

from snippets import semaphore_fix
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (3.0, "served 30, refused 0"),
    (3.0, "busiest moment: 10 requests at once"),
    (3.0, "took 3 s"),
]


async def test_ten_at_a_time_every_request_is_served_in_three_rounds(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await semaphore_fix.main()
    assert prints == EXPECTED
    assert looptime == 3.0  # 30 requests, 10 at a time, 1 s each


async def test_results_come_back_in_request_order(looptime: float) -> None:
    server = semaphore_fix.Server(capacity=10)
    responses = await semaphore_fix.fetch_all(server, 25, limit=10)
    assert responses == [f"response {n}" for n in range(25)]
    assert server.busiest == 10
    assert server.active == 0  # every request counted out as it ended
    assert looptime == 3.0  # rounds of 10, 10 and 5


async def test_a_limit_above_the_capacity_brings_the_refusals_back() -> None:
    server = semaphore_fix.Server(capacity=10)
    with pytest.raises(ExceptionGroup) as caught:
        await semaphore_fix.fetch_all(server, 30, limit=11)
    assert caught.group_contains(ConnectionRefusedError, match="^request 10: server busy$")


@pytest.mark.looptime(start=100)
async def test_the_same_on_a_loop_whose_clock_does_not_start_at_zero(
    prints: list[tuple[float, str]],
) -> None:
    """A real loop's clock starts anywhere: the times shown are differences."""
    await semaphore_fix.main()
    assert texts(prints) == texts(EXPECTED)


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["semaphore_fix"], texts(EXPECTED))
