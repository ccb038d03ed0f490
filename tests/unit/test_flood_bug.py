import pytest

from snippets import flood_bug
from tests.helpers import RealRun, assert_real_run, texts

EXPECTED = [
    (1.0, "served 10, refused 20"),
    (1.0, "busiest moment: 10 requests at once"),
    (1.0, "took 1 s"),
]


async def test_all_at_once_a_server_with_room_for_ten_refuses_the_rest(
    prints: list[tuple[float, str]], looptime: float
) -> None:
    await flood_bug.main()
    assert prints == EXPECTED
    assert looptime == 1.0


async def test_the_refusals_come_at_once_and_the_ten_are_served(looptime: float) -> None:
    server = flood_bug.Server(capacity=10)
    outcomes = await flood_bug.fetch_all(server, 30)
    assert outcomes[:10] == [f"response {n}" for n in range(10)]
    assert all(isinstance(o, ConnectionRefusedError) for o in outcomes[10:])
    assert server.active == 0
    assert looptime == 1.0  # nobody waited for a turn: the refused failed at 0 s


async def test_a_thousand_at_once_are_ten_served_and_990_refused() -> None:
    outcomes = await flood_bug.fetch_all(flood_bug.Server(capacity=10), 1_000)
    assert sum(isinstance(o, ConnectionRefusedError) for o in outcomes) == 990
    assert str(outcomes[10]) == "request 10: server busy"


@pytest.mark.looptime(start=100)
async def test_the_same_on_a_loop_whose_clock_does_not_start_at_zero(
    prints: list[tuple[float, str]],
) -> None:
    """A real loop's clock starts anywhere: the times shown are differences."""
    await flood_bug.main()
    assert texts(prints) == texts(EXPECTED)


@pytest.mark.realclock
def test_real_run(real_runs: dict[str, RealRun]) -> None:
    assert_real_run(real_runs["flood_bug"], texts(EXPECTED))
